import { z } from 'zod';
import { defineRule } from '../../src/engine/rule.js';
import type { CampaignRun, OfferValue, RowRef } from '../../src/engine/row.js';
import { formatOffer, listWords, recipientName } from '../format.js';

/** A row that could be offered less than someone in a lower band: every row above the lowest band. */
interface Candidate {
  at: RowRef;
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

interface LoyaltyInversionState {
  /** `campaignIndex|offerKind|band` -> offer value -> rows offered it. */
  offered: Map<string, Map<number, number>>;
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
    init: (): LoyaltyInversionState => ({ offered: new Map(), candidates: [] }),
    merge(a, b) {
      for (const [k, counts] of b.offered) {
        const into = a.offered.get(k) ?? new Map<number, number>();
        for (const [value, n] of counts) into.set(value, (into.get(value) ?? 0) + n);
        a.offered.set(k, into);
      }
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
        for (const offer of offers) {
          const k = key(row.campaign.index, offer.kind, loyalty.band);
          let counts = state.offered.get(k);
          if (!counts) state.offered.set(k, (counts = new Map()));
          counts.set(offer.value, (counts.get(offer.value) ?? 0) + 1);
        }
        if (loyalty.band > 0) {
          state.candidates.push({
            at: { campaign: row.campaign, line: row.line, customerId: row.customerId },
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
        const betterOffers = (campaign: CampaignRun, offer: OfferValue, band: number): Better | null => {
          const memoKey = `${campaign.index}|${offer.kind}|${band}|${offer.value}`;
          let verdict = verdicts.get(memoKey);
          if (verdict !== undefined) return verdict;
          let count = 0;
          let highest = -Infinity;
          let lowest = Infinity;
          const lowerBands = new Set<number>();
          for (const peer of campaigns) {
            if (!context.run.inWindow(peer, campaign)) continue;
            for (let lower = 0; lower < band; lower++) {
              for (const [value, n] of state.offered.get(key(peer.index, offer.kind, lower)) ?? []) {
                if (value <= offer.value) continue;
                count += n;
                highest = Math.max(highest, value);
                lowest = Math.min(lowest, value);
                lowerBands.add(lower);
              }
            }
          }
          verdict = count === 0 ? null : { count, highest, lowest, lowerBands: [...lowerBands].sort((a, b) => a - b) };
          verdicts.set(memoKey, verdict);
          return verdict;
        };
        for (const candidate of state.candidates) {
          for (const offer of candidate.offers) {
            const better = betterOffers(candidate.at.campaign, offer, candidate.band);
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
