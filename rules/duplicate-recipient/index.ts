import { z } from 'zod';
import { ColumnTable, DenseInt32Map, StringIds } from '../../src/engine/columns.js';
import { createRule } from '../create-rule.js';
import type { RowRef } from '../../src/engine/row.js';
import { normalizeEmail, normalizePostalAddress } from '../../src/people/normalize.js';
import type { People } from '../../src/people/profiles.js';
import type { Channel } from '../../src/types.js';
import { recipientName } from '../format.js';

/** Every row that has a person or an address: its line, person index and address id (-1 when none). */
const OCCURRENCE_COLUMNS = { line: Int32Array, person: Int32Array, address: Int32Array };

/** What one campaign's rows have shown. */
interface CampaignSeen {
  rows: ColumnTable<typeof OCCURRENCE_COLUMNS>;
  /** Person index -> the row (in `rows`) where the person first appeared. */
  firstByPerson: DenseInt32Map;
  /** Address id -> the row where the address first appeared. */
  firstByAddress: DenseInt32Map;
}

interface DuplicateState {
  /** Per campaign index. */
  campaigns: Map<number, CampaignSeen>;
  /** Normalized addresses no customer record holds, numbered after the history's (see `addressNumber`): one set for the run. */
  addresses: StringIds;
}

const ADDRESS_LABEL: Record<Channel, string> = {
  email: 'email address',
  sms: 'phone number',
  phone: 'phone number',
  direct_mail: 'postal address',
  push: 'address',
};

/** docs/rules.md: email trimmed and lower case; phone's last 10 digits; postal case-folded, blanks collapsed. */
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

/**
 * A number per normalized address: the history's for an address a customer record holds (no string
 * kept, see People.addressNumber), else one past the records', interned here.
 */
function addressNumber(people: People, addresses: StringIds, channel: Channel, cell: string, normalized: string): number {
  const known = people.addressNumber?.(channel, cell) ?? -1;
  return known >= 0 ? known : people.customerCount + addresses.id(normalized);
}

/** Keeps row `row` as the first for `key` unless an earlier line holds it. */
function keepFirst(firsts: DenseInt32Map, key: number, row: number, lines: Int32Array): void {
  const first = firsts.get(key);
  if (first < 0 || lines[row] < lines[first]) firsts.set(key, row);
}

/** Records row `row` of `seen` as the first of its person and of its address where no earlier line is. */
function noteFirsts(seen: CampaignSeen, row: number): void {
  const { line, person, address } = seen.rows.columns;
  if (person[row] >= 0) keepFirst(seen.firstByPerson, person[row], row, line);
  if (address[row] >= 0) keepFirst(seen.firstByAddress, address[row], row, line);
}

function seenOf(state: DuplicateState, campaignIndex: number): CampaignSeen {
  let seen = state.campaigns.get(campaignIndex);
  if (!seen) {
    seen = {
      rows: new ColumnTable(OCCURRENCE_COLUMNS),
      firstByPerson: new DenseInt32Map(),
      firstByAddress: new DenseInt32Map(),
    };
    state.campaigns.set(campaignIndex, seen);
  }
  return seen;
}

export default createRule({
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
    suggestions: {
      remove: (d: { earlierLine: number }) => `remove this row: line ${d.earlierLine} already sends the campaign`,
    },
  },
  options: z.object({}).strict(),
  state: {
    init: (): DuplicateState => ({ campaigns: new Map(), addresses: new StringIds() }),
  },
  create(context) {
    return {
      row(row, state) {
        const person = row.person;
        const channel = row.campaign.campaign.channel;
        const address = normalizeAddress(channel, row.address);
        if (!person && !address) return;
        const seen = seenOf(state, row.campaign.index);
        const occurrence = seen.rows.append(row);
        const columns = seen.rows.columns;
        columns.line[occurrence] = row.line;
        columns.person[occurrence] = person ? person.index : -1;
        columns.address[occurrence] = -1;
        if (address)
          columns.address[occurrence] = addressNumber(context.run.people, state.addresses, channel, row.address, address);
        noteFirsts(seen, occurrence);
      },
      end({ campaigns }) {
        for (const [campaignIndex, seen] of campaigns) {
          const campaign = context.run.campaigns[campaignIndex];
          const label = ADDRESS_LABEL[campaign.campaign.channel];
          const { rows, firstByPerson, firstByAddress } = seen;
          const { line: lineOf, person: personOf, address: addressOf } = rows.columns;
          /** The line of `first` when it comes before `line`, else Infinity. */
          const earlierLineOf = (first: number, line: number): number =>
            first >= 0 && lineOf[first] < line ? lineOf[first] : Infinity;
          for (let row = 0; row < rows.length; row++) {
            const line = lineOf[row];
            const personFirst = personOf[row] >= 0 ? firstByPerson.get(personOf[row]) : -1;
            const addressFirst = addressOf[row] >= 0 ? firstByAddress.get(addressOf[row]) : -1;
            const personLine = earlierLineOf(personFirst, line);
            const addressLine = earlierLineOf(addressFirst, line);
            const earlierLine = Math.min(personLine, addressLine);
            if (earlierLine === Infinity) continue;
            const customerId = rows.customerId(row);
            const at: RowRef = { campaign, line, customerId, address: rows.address(row) };
            const earlierCustomerId = rows.customerId(personLine <= addressLine ? personFirst : addressFirst);
            const address =
              addressLine === earlierLine ? normalizeAddress(campaign.campaign.channel, rows.address(row)) : undefined;
            const name = recipientName(rows.person(row), at);
            const evidence = {
              matchedBy: personLine === addressLine ? 'person and address' : personLine < addressLine ? 'person' : 'address',
              earlierLine,
              earlierCustomerId,
              ...(address !== undefined ? { address } : {}),
            };
            // The first occurrence stays; each later one goes.
            const resolution = { suggestion: { id: 'remove', data: { earlierLine } }, fix: { action: 'remove' } } as const;
            if (personLine === addressLine) {
              context.report({
                at,
                messageId: 'samePersonAndAddress',
                data: { name, earlierLine, label },
                evidence,
                ...resolution,
              });
            } else if (personLine < addressLine) {
              const suffix =
                earlierCustomerId !== null && earlierCustomerId !== customerId ? `, customer ${earlierCustomerId}` : '';
              context.report({
                at,
                messageId: 'samePerson',
                data: { name, earlierLine, customerNote: suffix },
                evidence,
                ...resolution,
              });
            } else {
              context.report({
                at,
                messageId: 'sameAddress',
                data: { address: address!, earlierLine, label },
                evidence,
                ...resolution,
              });
            }
          }
        }
      },
    };
  },
});
