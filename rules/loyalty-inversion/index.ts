import { z } from 'zod';
import { groupRows } from '../../src/engine/columns.js';
import { createRule } from '../create-rule.js';
import type { OfferValue } from '../../src/engine/row.js';
import { cappedList, formatOffer, listWords, recipientName, setOffer } from '../format.js';
import { OfferLog } from '../offer-log.js';
import { offerNeed } from '../requirements.js';

/** Beside each offer of a row whose person has a loyalty band: the band and order count at the row's send. */
const LOYALTY_COLUMNS = { band: Int32Array, orders: Int32Array };

/** Offer value -> rows offered it. */
type ValueCounts = Map<number, number>;

/** Offers made to lower bands that beat a given offer. */
interface Better {
  count: number;
  highest: number;
  lowest: number;
  lowerBands: number[];
}

function summarize(above: Map<number, ValueCounts>): Better | null {
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
}

export default createRule({
  id: 'loyalty-inversion',
  meta: {
    severity: 'error',
    description: 'A more loyal person is offered less than a less loyal one in the same run.',
    messages: {
      inverted: (d: { name: string; loyalty: string; offer: string; count: number; lowerBands: string; better: string }) =>
        `${d.name} (${d.loyalty}) is offered ${d.offer} while ${d.count} ${d.count === 1 ? 'person' : 'people'} with ${d.lowerBands} ${d.count === 1 ? 'is' : 'are'} offered ${d.better}`,
    },
    suggestions: {
      raise: (d: { name: string; offer: string; lowerBands: string }) =>
        `raise the discount for ${d.name} to ${d.offer}, what customers with ${d.lowerBands} get`,
      raiseOwnOffer: (d: { name: string; offer: string; lowerBands: string; column: string }) =>
        `raise the discount for ${d.name} to ${d.offer}, what customers with ${d.lowerBands} get: the campaign's offer is everyone's, so give this row a ${d.column} of its own`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign, config }) => ({
    data: [
      ...offerNeed(campaign),
      config.loyalty.measure === 'tier'
        ? { file: 'customers', columns: ['loyalty_tier'], for: 'loyalty tiers' }
        : { file: 'orders', columns: [], for: 'loyalty is counted in orders' },
      ...(config.loyalty.measure === 'tier'
        ? []
        : [{ file: 'orders', columns: ['status'], otherwise: 'partial', for: 'cancelled orders are counted too' } as const]),
    ],
    perPerson: true,
  }),
  state: {
    init: () => new OfferLog(LOYALTY_COLUMNS),
  },
  create(context) {
    return {
      row(row, state) {
        const loyalty = row.loyalty;
        if (!loyalty || loyalty.band < 0) return;
        if (row.offers.length === 0) return;
        state.add(row, row.person!, ({ band, orders }, entry) => {
          band[entry] = loyalty.band;
          orders[entry] = loyalty.orders;
        });
      },
      end(log) {
        const { offers, kinds } = log;
        const { campaigns, inWindow, loyalty: scale } = context.run;
        const { campaign, line, person: personOf, band, orders, kind, value, fromCell } = offers.columns;
        const kindTexts = kinds.texts();
        let bandCount = 0;
        for (let entry = 0; entry < offers.length; entry++) bandCount = Math.max(bandCount, band[entry] + 1);
        /** Key of the offers of one kind that one campaign makes to one band. */
        const offeredKey = (campaignIndex: number, kindId: number, bandIndex: number): number =>
          (campaignIndex * kindTexts.length + kindId) * bandCount + bandIndex;
        // Few (campaign, kind, band) combinations and few values: small maps.
        const offered = new Map<number, ValueCounts>();
        for (let entry = 0; entry < offers.length; entry++) {
          const key = offeredKey(campaign[entry], kind[entry], band[entry]);
          let counts = offered.get(key);
          if (!counts) offered.set(key, (counts = new Map()));
          counts.set(value[entry], (counts.get(value[entry]) ?? 0) + 1);
        }
        /** Lower band -> value -> rows: offers to lower bands above `entry`'s, of its kind, in its campaign's run. */
        const offersAbove = (entry: number): Map<number, ValueCounts> => {
          const own = campaigns[campaign[entry]];
          const above = new Map<number, ValueCounts>();
          for (const peer of campaigns) {
            if (!inWindow(peer, own)) continue;
            for (let lower = 0; lower < band[entry]; lower++) {
              for (const [offeredValue, n] of offered.get(offeredKey(peer.index, kind[entry], lower)) ?? []) {
                if (offeredValue <= value[entry]) continue;
                const values = above.get(lower) ?? new Map<number, number>();
                values.set(offeredValue, (values.get(offeredValue) ?? 0) + n);
                above.set(lower, values);
              }
            }
          }
          return above;
        };
        // Entries share few (campaign, kind, band, value) combinations: judge each combination once.
        const verdicts = new Map<number, Map<number, Better | null>>();
        const betterOffers = (entry: number): Better | null => {
          const key = offeredKey(campaign[entry], kind[entry], band[entry]);
          let byValue = verdicts.get(key);
          if (!byValue) verdicts.set(key, (byValue = new Map()));
          let verdict = byValue.get(value[entry]);
          if (verdict === undefined) byValue.set(value[entry], (verdict = summarize(offersAbove(entry))));
          return verdict;
        };
        // Each person's own offers, to leave them out of its comparisons ("another person").
        const { order: ownOffers, starts: ownStarts } = groupRows(personOf, offers.length);
        /** Whether `own`, an offer to the same person, beats `entry` from a lower band in its run. */
        const ownBeats = (own: number, entry: number): boolean =>
          kind[own] === kind[entry] &&
          band[own] < band[entry] &&
          value[own] > value[entry] &&
          inWindow(campaigns[campaign[own]], campaigns[campaign[entry]]);
        /** `better` for `entry` without the offers its own person gets. */
        const withoutOwnOffers = (better: Better, entry: number): Better | null => {
          const from = ownStarts[personOf[entry]];
          const to = ownStarts[personOf[entry] + 1];
          let beaten = false;
          for (let i = from; i < to && !beaten; i++) beaten = ownBeats(ownOffers[i], entry);
          if (!beaten) return better;
          const above = offersAbove(entry);
          for (let i = from; i < to; i++) {
            const own = ownOffers[i];
            if (!ownBeats(own, entry)) continue;
            const values = above.get(band[own])!;
            values.set(value[own], values.get(value[own])! - 1);
          }
          return summarize(above);
        };
        let reportedCampaign = -1;
        let reportedLine = -1;
        for (let entry = 0; entry < offers.length; entry++) {
          // Only a row above the lowest band can be offered less than a lower one; one finding per
          // row, for its first inverted offer (a row's offers are adjacent).
          if (band[entry] === 0) continue;
          if (campaign[entry] === reportedCampaign && line[entry] === reportedLine) continue;
          let better = betterOffers(entry);
          // The person's own rows in lower bands (other campaigns, other send times) are not "another person".
          const ownOfferCount = ownStarts[personOf[entry] + 1] - ownStarts[personOf[entry]];
          if (better && ownOfferCount > 1) better = withoutOwnOffers(better, entry);
          if (!better) continue;
          reportedCampaign = campaign[entry];
          reportedLine = line[entry];
          const at = log.rowOf(entry, campaigns);
          const offer: OfferValue = { kind: kindTexts[kind[entry]], value: value[entry] };
          const bandLabel = scale.label(band[entry]);
          const { count, highest, lowest } = better;
          const bandLabels = better.lowerBands.map((lower) => scale.label(lower));
          const bestOffer = formatOffer({ kind: offer.kind, value: highest });
          const name = recipientName(offers.person(entry)!, at);
          // The row's offer raised to the most a lower band gets: then no lower band gets more.
          const fix = setOffer(offer.kind, highest);
          const raise = { name, offer: bestOffer, lowerBands: listWords(bandLabels) };
          context.report({
            at,
            messageId: 'inverted',
            data: {
              name,
              loyalty: scale.measure === 'tier' ? bandLabel : `${orders[entry]} orders`,
              offer: formatOffer(offer),
              count,
              lowerBands: listWords(bandLabels),
              better: lowest === highest ? bestOffer : `up to ${bestOffer}`,
            },
            ...(fromCell[entry] === 1
              ? { suggestion: { id: 'raise', data: raise }, fix }
              : { suggestion: { id: 'raiseOwnOffer', data: { ...raise, column: fix.column } } }),
            evidence: {
              offerKind: offer.kind,
              offered: offer.value,
              orders: orders[entry],
              band: bandLabel,
              lowerBandsOfferedMore: { people: count, ...cappedList('bands', bandLabels), highestOffer: highest },
            },
          });
        }
      },
    };
  },
});
