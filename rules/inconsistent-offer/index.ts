import { z } from 'zod';
import { defineRule } from '../../src/engine/rule.js';
import type { RowRef } from '../../src/engine/row.js';
import type { Person } from '../../src/people/profiles.js';
import { formatOffer, listWords, recipientName } from '../format.js';

/** One offer one row makes to a person. */
interface OfferEntry {
  campaignIndex: number;
  line: number;
  customerId: string | null;
  kind: string;
  value: number;
}

/**
 * Every offer made to one person, flat and compact: `STRIDE` slots per offer
 * (campaign index, line, customer id, kind, value), in the order the rows were seen.
 */
interface PersonOffers {
  person: Person;
  entries: Array<number | string | null>;
}

const STRIDE = 5;

interface InconsistentOfferState {
  /** Person index -> the offers made to that person. */
  byPerson: Map<number, PersonOffers>;
  /** One string per offer kind, so that entries share it instead of holding a copy each. */
  kinds: Map<string, string>;
}

function entriesOf(offers: PersonOffers): OfferEntry[] {
  const list: OfferEntry[] = [];
  const { entries } = offers;
  for (let i = 0; i < entries.length; i += STRIDE) {
    list.push({
      campaignIndex: entries[i] as number,
      line: entries[i + 1] as number,
      customerId: entries[i + 2] as string | null,
      kind: entries[i + 3] as string,
      value: entries[i + 4] as number,
    });
  }
  // Campaign order, then line; a row's kinds keep the order the row gave them (the sort is stable).
  return list.sort((a, b) => a.campaignIndex - b.campaignIndex || a.line - b.line);
}

export default defineRule({
  id: 'inconsistent-offer',
  meta: {
    severity: 'error',
    description: 'A person offered different values of the same offer kind in the run.',
    messages: {
      inconsistent: (d: { name: string; offers: string }) => `${d.name} is offered ${d.offers}`,
    },
  },
  options: z.object({}).strict(),
  state: {
    init: (): InconsistentOfferState => ({ byPerson: new Map(), kinds: new Map() }),
    // Splitting a run by customer may put a person's records in both parts: their offers join.
    merge(a, b) {
      for (const [kind] of b.kinds) if (!a.kinds.has(kind)) a.kinds.set(kind, kind);
      for (const [index, other] of b.byPerson) {
        const into = a.byPerson.get(index);
        if (!into) {
          a.byPerson.set(index, other);
        } else {
          for (const slot of other.entries) into.entries.push(slot);
        }
      }
      return a;
    },
  },
  create(context) {
    const { campaigns, inWindow } = context.run;
    return {
      row(row, state) {
        const person = row.person;
        if (!person) return;
        const offers = row.offers;
        if (offers.length === 0) return;
        let personOffers = state.byPerson.get(person.index);
        if (!personOffers) state.byPerson.set(person.index, (personOffers = { person, entries: [] }));
        for (const offer of offers) {
          let kind = state.kinds.get(offer.kind);
          if (kind === undefined) state.kinds.set(offer.kind, (kind = offer.kind));
          personOffers.entries.push(row.campaign.index, row.line, row.customerId, kind, offer.value);
        }
      },
      // Reported at the end: whether a row is flagged depends on rows of later campaigns too.
      end(state) {
        for (const personOffers of state.byPerson.values()) {
          if (personOffers.entries.length < 2 * STRIDE) continue;
          const entries = entriesOf(personOffers);
          // `kind|campaign index` -> the offers of that kind in that campaign's run, when they differ.
          const conflicts = new Map<string, OfferEntry[] | undefined>();
          const conflictsOf = (kind: string, campaignIndex: number): OfferEntry[] | undefined => {
            const key = `${kind}|${campaignIndex}`;
            if (!conflicts.has(key)) {
              const campaign = campaigns[campaignIndex];
              const inRun = entries.filter((e) => e.kind === kind && inWindow(campaign, campaigns[e.campaignIndex]));
              const values = new Set(inRun.map((e) => e.value));
              conflicts.set(key, values.size >= 2 ? inRun : undefined);
            }
            return conflicts.get(key);
          };
          const reported = new Set<string>();
          for (const entry of entries) {
            const rowKey = `${entry.campaignIndex}|${entry.line}`;
            if (reported.has(rowKey)) continue; // one finding per row, for its first inconsistent kind
            const inRun = conflictsOf(entry.kind, entry.campaignIndex);
            if (!inRun) continue;
            reported.add(rowKey);
            const at: RowRef = { campaign: campaigns[entry.campaignIndex], line: entry.line, customerId: entry.customerId };
            const offers = [`${formatOffer(entry)} on line ${entry.line}`];
            const named = new Set([entry.value]);
            for (const other of inRun) {
              if (named.has(other.value)) continue;
              named.add(other.value);
              const where =
                other.campaignIndex === entry.campaignIndex ? '' : ` (campaign ${campaigns[other.campaignIndex].campaign.id})`;
              offers.push(`${formatOffer(other)} on line ${other.line}${where}`);
            }
            context.report({
              at,
              messageId: 'inconsistent',
              data: {
                name: recipientName(personOffers.person, at),
                offers: listWords(offers),
              },
              evidence: {
                offerKind: entry.kind,
                offered: entry.value,
                offers: inRun.map((e) => ({
                  campaignId: campaigns[e.campaignIndex].campaign.id,
                  line: e.line,
                  customerId: e.customerId,
                  value: e.value,
                })),
              },
            });
          }
        }
      },
    };
  },
});
