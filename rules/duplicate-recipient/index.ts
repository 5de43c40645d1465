import { z } from 'zod';
import { defineRule } from '../../src/engine/rule.js';
import type { RowRef } from '../../src/engine/row.js';
import { normalizeEmail, normalizePostalAddress } from '../../src/people/normalize.js';
import type { Person } from '../../src/people/profiles.js';
import type { Channel } from '../../src/types.js';
import { recipientName } from '../format.js';

/** One row that has a person or an address, as the rule remembers it (its campaign is the map key). */
interface Occurrence {
  line: number;
  customerId: string | null;
  person: Person | undefined;
  /** The normalized address for the channel; '' when none. */
  address: string;
}

/** What one campaign's rows have shown so far. */
interface CampaignSeen {
  /** Person index -> the row where the person first appeared. */
  byPerson: Map<number, Occurrence>;
  /** Normalized address -> the row where the address first appeared. */
  byAddress: Map<string, Occurrence>;
  /** Rows that lost to an earlier row on at least one key (a row may be listed twice). */
  later: Occurrence[];
}

/** Per campaign index. */
type DuplicateState = Map<number, CampaignSeen>;

const ADDRESS_LABEL: Record<Channel, string> = {
  email: 'email address',
  sms: 'phone number',
  phone: 'phone number',
  direct_mail: 'postal address',
  push: 'address',
};

/** SPEC §3: email trimmed and lower case; phone's last 10 digits; postal case-folded, blanks collapsed. */
export function normalizeAddress(channel: Channel, address: string): string {
  switch (channel) {
    case 'email':
      return normalizeEmail(address);
    case 'sms':
    case 'phone':
      return address.replace(/\D/g, '').slice(-10);
    case 'direct_mail':
      return normalizePostalAddress(address);
    case 'push':
      return '';
  }
}

/** Keeps `occurrence` as the first for `key` unless an earlier row holds it; the loser goes to `later`. */
function keepFirst<K>(firsts: Map<K, Occurrence>, key: K, occurrence: Occurrence, later: Occurrence[]): void {
  const first = firsts.get(key);
  if (!first) {
    firsts.set(key, occurrence);
  } else if (occurrence.line < first.line) {
    firsts.set(key, occurrence);
    later.push(first);
  } else {
    later.push(occurrence);
  }
}

function seenOf(state: DuplicateState, campaignIndex: number): CampaignSeen {
  let seen = state.get(campaignIndex);
  if (!seen) state.set(campaignIndex, (seen = { byPerson: new Map(), byAddress: new Map(), later: [] }));
  return seen;
}

// Findings are reported at the end, from the merged state, not in the row hook: a run split by
// customer sees a person's or an address's first row in whichever part holds it, so only after
// `merge` keeps the earliest row per key does every part agree on which rows came later (and on
// the earlier line the evidence names). A split run thus reports exactly what an unsplit one does.
export default defineRule({
  id: 'duplicate-recipient',
  meta: {
    severity: 'error',
    description: 'A person or an address that already received the campaign on an earlier row.',
    messages: {
      samePerson: (d: { name: string; earlierLine: number; customerNote: string }) =>
        `${d.name} already receives this campaign on line ${d.earlierLine} (same person${d.customerNote})`,
      sameAddress: (d: { address: string; earlierLine: number; label: string }) =>
        `${d.address} already receives this campaign on line ${d.earlierLine} (same ${d.label})`,
      samePersonAndAddress: (d: { name: string; earlierLine: number; label: string }) =>
        `${d.name} already receives this campaign on line ${d.earlierLine} (same person and ${d.label})`,
    },
  },
  options: z.object({}).strict(),
  state: {
    init: (): DuplicateState => new Map(),
    merge(a, b) {
      for (const [campaignIndex, other] of b) {
        const into = seenOf(a, campaignIndex);
        for (const occurrence of other.later) into.later.push(occurrence);
        for (const [key, occurrence] of other.byPerson) keepFirst(into.byPerson, key, occurrence, into.later);
        for (const [key, occurrence] of other.byAddress) keepFirst(into.byAddress, key, occurrence, into.later);
      }
      return a;
    },
  },
  create(context) {
    return {
      row(row, state) {
        const person = row.person;
        const address = normalizeAddress(row.campaign.campaign.channel, row.address);
        if (!person && !address) return;
        const occurrence: Occurrence = { line: row.line, customerId: row.customerId, person, address };
        const seen = seenOf(state, row.campaign.index);
        if (person) keepFirst(seen.byPerson, person.index, occurrence, seen.later);
        if (address) keepFirst(seen.byAddress, address, occurrence, seen.later);
      },
      end(state) {
        for (const [campaignIndex, seen] of state) {
          const campaign = context.run.campaigns[campaignIndex];
          const reported = new Set<number>();
          for (const { line, customerId, person, address } of seen.later) {
            if (reported.has(line)) continue;
            const at: RowRef = { campaign, line, customerId };
            const byPerson = person ? seen.byPerson.get(person.index) : undefined;
            const byAddress = address ? seen.byAddress.get(address) : undefined;
            const personLine = byPerson && byPerson.line < line ? byPerson.line : Infinity;
            const addressLine = byAddress && byAddress.line < line ? byAddress.line : Infinity;
            const earlierLine = Math.min(personLine, addressLine);
            if (earlierLine === Infinity) continue;
            reported.add(line);
            const earlier = (personLine <= addressLine ? byPerson : byAddress)!;
            const label = ADDRESS_LABEL[campaign.campaign.channel];
            const name = recipientName(person, at);
            const evidence = {
              matchedBy: personLine === addressLine ? 'person and address' : personLine < addressLine ? 'person' : 'address',
              earlierLine,
              earlierCustomerId: earlier.customerId,
              ...(addressLine === earlierLine ? { address } : {}),
            };
            if (personLine === addressLine) {
              context.report({ at, messageId: 'samePersonAndAddress', data: { name, earlierLine, label }, evidence });
            } else if (personLine < addressLine) {
              const other = earlier.customerId;
              const suffix = other !== null && other !== customerId ? `, customer ${other}` : '';
              context.report({ at, messageId: 'samePerson', data: { name, earlierLine, customerNote: suffix }, evidence });
            } else {
              context.report({ at, messageId: 'sameAddress', data: { address, earlierLine, label }, evidence });
            }
          }
        }
      },
    };
  },
});
