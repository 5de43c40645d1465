import { z } from 'zod';
import { groupRows } from '../../src/engine/columns.js';
import { createRule } from '../create-rule.js';
import type { OfferValue } from '../../src/engine/row.js';
import { cappedList, formatOffer, LIST_LIMIT, listWords, recipientName, setOffer } from '../format.js';
import { OfferLog } from '../offer-log.js';
import { offerNeed } from '../requirements.js';

export default createRule({
  id: 'inconsistent-offer',
  meta: {
    severity: 'error',
    description: 'A person offered different values of the same offer kind in the run.',
    messages: {
      inconsistent: (d: { name: string; offers: string }) => `${d.name} is offered ${d.offers}`,
    },
    suggestions: {
      matchFirst: (d: { offer: string; where: string }) => `offer ${d.offer}, as ${d.where} does`,
      matchThis: (d: { name: string; offer: string }) => `offer ${d.name} ${d.offer} on every row, as this one does`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) => ({ data: offerNeed(campaign), perPerson: true }),
  state: {
    init: () => new OfferLog(),
  },
  create(context) {
    const { campaigns, inWindow } = context.run;
    return {
      row(row, state) {
        const person = row.person;
        if (person && row.offers.length > 0) state.add(row, person);
      },
      // Reported at the end: whether a row is flagged depends on rows of later campaigns too.
      end(log) {
        const { offers, kinds } = log;
        const { campaign, line, person: personOf, kind, value, fromCell } = offers.columns;
        const kindTexts = kinds.texts();
        const offerOf = (entry: number): OfferValue => ({ kind: kindTexts[kind[entry]], value: value[entry] });
        // Campaign order, then line; a row's kinds keep the order the row gave them.
        const byRow = (a: number, b: number): number => campaign[a] - campaign[b] || line[a] - line[b] || a - b;
        /** Whether `other` is an offer of `entry`'s kind in the run of `entry`'s campaign. */
        const inRunOf = (entry: number, other: number): boolean =>
          kind[other] === kind[entry] && inWindow(campaigns[campaign[entry]], campaigns[campaign[other]]);
        /** Among a person's `entries`, the offers in `entry`'s run of its kind when their values differ; else null. */
        const conflictOf = (entries: Int32Array, entry: number): number[] | null => {
          let differs = false;
          for (let i = 0; i < entries.length && !differs; i++) {
            differs = value[entries[i]] !== value[entry] && inRunOf(entry, entries[i]);
          }
          if (!differs) return null;
          const offersInRun: number[] = [];
          for (let i = 0; i < entries.length; i++) if (inRunOf(entry, entries[i])) offersInRun.push(entries[i]);
          return offersInRun;
        };
        // A person's `kind × campaign count + campaign` -> conflictOf; reused from person to person.
        const conflicts = new Map<number, number[] | null>();
        const { order, starts } = groupRows(personOf, offers.length);
        for (let personIndex = 0; personIndex + 1 < starts.length; personIndex++) {
          if (starts[personIndex + 1] - starts[personIndex] < 2) continue;
          const entries = order.subarray(starts[personIndex], starts[personIndex + 1]).sort(byRow);
          conflicts.clear();
          // A row's entries are adjacent: one finding per row, for its first inconsistent kind.
          let reportedCampaign = -1;
          let reportedLine = -1;
          for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            if (campaign[entry] === reportedCampaign && line[entry] === reportedLine) continue;
            const conflictKey = kind[entry] * campaigns.length + campaign[entry];
            let inRun = conflicts.get(conflictKey);
            if (inRun === undefined) conflicts.set(conflictKey, (inRun = conflictOf(entries, entry)));
            if (inRun === null) continue;
            reportedCampaign = campaign[entry];
            reportedLine = line[entry];
            const at = log.rowOf(entry, campaigns);
            // Each distinct value once; only the first ones are written out, the rest counted.
            const described = [`${formatOffer(offerOf(entry))} on line ${line[entry]}`];
            const named = new Set([value[entry]]);
            for (const other of inRun) {
              if (named.has(value[other])) continue;
              named.add(value[other]);
              if (described.length >= LIST_LIMIT) continue;
              const where = campaign[other] === campaign[entry] ? '' : ` (campaign ${campaigns[campaign[other]].campaign.id})`;
              described.push(`${formatOffer(offerOf(other))} on line ${line[other]}${where}`);
            }
            const name = recipientName(offers.person(entry)!, at);
            // The person's first offer in the run stands; every later row is brought to it.
            const first = inRun[0];
            const isFirst = campaign[first] === campaign[entry] && line[first] === line[entry];
            const firstWhere =
              campaign[first] === campaign[entry]
                ? `line ${line[first]}`
                : `line ${line[first]} of campaign ${campaigns[campaign[first]].campaign.id}`;
            context.report({
              at,
              messageId: 'inconsistent',
              data: { name, offers: listWords(described, named.size) },
              ...(isFirst
                ? { suggestion: { id: 'matchThis', data: { name, offer: formatOffer(offerOf(entry)) } } }
                : {
                    suggestion: { id: 'matchFirst', data: { offer: formatOffer(offerOf(first)), where: firstWhere } },
                    ...(fromCell[entry] === 1 ? { fix: setOffer(kindTexts[kind[entry]], value[first]) } : {}),
                  }),
              evidence: {
                offerKind: kindTexts[kind[entry]],
                offered: value[entry],
                ...cappedList('offers', inRun, (other) => ({
                  campaignId: campaigns[campaign[other]].campaign.id,
                  line: line[other],
                  customerId: offers.customerId(other),
                  value: value[other],
                })),
              },
            });
          }
        }
      },
    };
  },
});
