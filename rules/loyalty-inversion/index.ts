import { z } from 'zod';
import { defineRule } from '../../src/engine/rule.js';
import type { CampaignRun, OfferValue, RowRef } from '../../src/engine/row.js';
import { formatOffer, listWords, recipientName } from '../format.js';

/** A row that could be offered less than someone in a lower band: every row above the lowest band. */
interface Candidate {
  at: RowRef;
  person: number;
  name: string;
  band: number;
  bandLabel: string;
  orders: number;
  offers: OfferValue[];
}

/** Offers made to lower bands that beat a given offer. */
interface Better {
  count: number;
  highest: number;
  lowest: number;
  lowerBands: number[];
}

/** One offer a person gets in the run, to leave a person's own rows out of its comparison. */
interface OwnOffer {
  campaign: number;
  kind: string;
  band: number;
  value: number;
}

interface LoyaltyInversionState {
  /** `campaignIndex|offerKind|band` -> offer value -> rows offered it. */
  offered: Map<string, Map<number, number>>;
  /** Person index -> its offers in the run ("another person" excludes these). */
  ownOffers: Map<number, OwnOffer[]>;
  candidates: Candidate[];
}

const key = (campaignIndex: number, kind: string, band: number): string => `${campaignIndex}|${kind}|${band}`;

export default defineRule({
  id: 'loyalty-inversion',
  meta: {
    severity: 'error',
    description: 'A more loyal person is offered less than a less loyal one in the same run.',
    messages: {
      inverted: (d: { name: string; loyalty: string; offer: string; count: number; lowerBands: string; better: string }) =>
        `${d.name} (${d.loyalty}) is offered ${d.offer} while ${d.count} ${d.count === 1 ? 'person' : 'people'} with ${d.lowerBands} ${d.count === 1 ? 'is' : 'are'} offered ${d.better}`,
    },
  },
  options: z.object({}).strict(),
  state: {
    init: (): LoyaltyInversionState => ({ offered: new Map(), ownOffers: new Map(), candidates: [] }),
    merge(a, b) {
      for (const [k, counts] of b.offered) {
        const into = a.offered.get(k) ?? new Map<number, number>();
        for (const [value, n] of counts) into.set(value, (into.get(value) ?? 0) + n);
        a.offered.set(k, into);
      }
      for (const [person, offers] of b.ownOffers) a.ownOffers.set(person, [...(a.ownOffers.get(person) ?? []), ...offers]);
      for (const candidate of b.candidates) a.candidates.push(candidate);
      return a;
    },
  },
  create(context) {
    return {
      row(row, state) {
        const loyalty = row.loyalty;
        if (!loyalty || loyalty.band < 0) return;
        const offers = row.offers;
        if (offers.length === 0) return;
        const person = row.person!.index;
        let own = state.ownOffers.get(person);
        if (!own) state.ownOffers.set(person, (own = []));
        for (const offer of offers) {
          const k = key(row.campaign.index, offer.kind, loyalty.band);
          let counts = state.offered.get(k);
          if (!counts) state.offered.set(k, (counts = new Map()));
          counts.set(offer.value, (counts.get(offer.value) ?? 0) + 1);
          own.push({ campaign: row.campaign.index, kind: offer.kind, band: loyalty.band, value: offer.value });
        }
        if (loyalty.band > 0) {
          state.candidates.push({
            at: { campaign: row.campaign, line: row.line, customerId: row.customerId },
            person,
            name: recipientName(row.person, row),
            band: loyalty.band,
            bandLabel: loyalty.label,
            orders: loyalty.orders,
            offers,
          });
        }
      },
      end(state) {
        const { campaigns, loyalty: scale } = context.run;
        // Candidates share few (campaign, offer, band) combinations: judge each combination once.
        const verdicts = new Map<string, Better | null>();
        const offersAbove = (campaign: CampaignRun, offer: OfferValue, band: number): Map<number, Map<number, number>> => {
          // lower band -> value -> rows, over the peers within the window
          const above = new Map<number, Map<number, number>>();
          for (const peer of campaigns) {
            if (!context.run.inWindow(peer, campaign)) continue;
            for (let lower = 0; lower < band; lower++) {
              for (const [value, n] of state.offered.get(key(peer.index, offer.kind, lower)) ?? []) {
                if (value <= offer.value) continue;
                const values = above.get(lower) ?? new Map<number, number>();
                values.set(value, (values.get(value) ?? 0) + n);
                above.set(lower, values);
              }
            }
          }
          return above;
        };
        const summarize = (above: Map<number, Map<number, number>>): Better | null => {
          let count = 0;
          let highest = -Infinity;
          let lowest = Infinity;
          const lowerBands: number[] = [];
          for (const [band, values] of above) {
            let inBand = 0;
            for (const [value, n] of values) {
              if (n <= 0) continue;
              inBand += n;
              highest = Math.max(highest, value);
              lowest = Math.min(lowest, value);
            }
            if (inBand > 0) lowerBands.push(band);
            count += inBand;
          }
          return count === 0 ? null : { count, highest, lowest, lowerBands: lowerBands.sort((a, b) => a - b) };
        };
        const withoutOwnOffers = (better: Better, own: OwnOffer[], candidate: Candidate, offer: OfferValue): Better | null => {
          const mine = own.filter(
            (o) =>
              o.kind === offer.kind &&
              o.band < candidate.band &&
              o.value > offer.value &&
              context.run.inWindow(campaigns[o.campaign], candidate.at.campaign),
          );
          if (mine.length === 0) return better;
          const above = offersAbove(candidate.at.campaign, offer, candidate.band);
          for (const o of mine) above.get(o.band)!.set(o.value, above.get(o.band)!.get(o.value)! - 1);
          return summarize(above);
        };
        const betterOffers = (campaign: CampaignRun, offer: OfferValue, band: number): Better | null => {
          const memoKey = `${campaign.index}|${offer.kind}|${band}|${offer.value}`;
          let verdict = verdicts.get(memoKey);
          if (verdict !== undefined) return verdict;
          verdict = summarize(offersAbove(campaign, offer, band));
          verdicts.set(memoKey, verdict);
          return verdict;
        };
        for (const candidate of state.candidates) {
          const own = state.ownOffers.get(candidate.person)!;
          for (const offer of candidate.offers) {
            let better = betterOffers(candidate.at.campaign, offer, candidate.band);
            // The person's own rows in lower bands (other campaigns, other send times) are not "another person".
            if (better && own.length > 1) better = withoutOwnOffers(better, own, candidate, offer);
            if (!better) continue;
            const { count, highest, lowest } = better;
            const bandLabels = better.lowerBands.map((band) => scale.label(band));
            const bestOffer = formatOffer({ kind: offer.kind, value: highest });
            context.report({
              at: candidate.at,
              messageId: 'inverted',
              data: {
                name: candidate.name,
                loyalty: scale.measure === 'tier' ? candidate.bandLabel : `${candidate.orders} orders`,
                offer: formatOffer(offer),
                count,
                lowerBands: listWords(bandLabels),
                better: lowest === highest ? bestOffer : `up to ${bestOffer}`,
              },
              evidence: {
                offerKind: offer.kind,
                offered: offer.value,
                orders: candidate.orders,
                band: candidate.bandLabel,
                lowerBandsOfferedMore: { people: count, bands: bandLabels, highestOffer: highest },
              },
            });
            break; // one finding per row, for its first inverted offer
          }
        }
      },
    };
  },
});
