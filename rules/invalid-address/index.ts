import { z } from 'zod';
import { createRule } from '../create-rule.js';
import type { AudienceRow } from '../../src/engine/row.js';
import type { CustomerRecord } from '../../src/people/profiles.js';
import type { Channel } from '../../src/types.js';
import { cappedList } from '../format.js';

type AddressKind = 'email' | 'phone' | 'postal_address';

/** The audience column (and record field) that holds the address for each channel; push has none. */
const ADDRESS_OF_CHANNEL: Record<Channel, AddressKind | undefined> = {
  email: 'email',
  sms: 'phone',
  phone: 'phone',
  direct_mail: 'postal_address',
  push: undefined,
};

const LABEL: Record<AddressKind, string> = {
  email: 'email address',
  phone: 'phone number',
  postal_address: 'postal address',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_CHARACTERS = /^[\d \t+\-().]+$/;

/** docs/rules.md invalid-address: whether a (trimmed) address is valid for its kind. */
export function isValidAddress(kind: AddressKind, address: string): boolean {
  switch (kind) {
    case 'email':
      return EMAIL.test(address);
    case 'phone': {
      if (!PHONE_CHARACTERS.test(address)) return false;
      const digits = address.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15;
    }
    case 'postal_address':
      return address !== '';
  }
}

function recordAddress(record: CustomerRecord, kind: AddressKind): string {
  return (kind === 'email' ? record.email : kind === 'phone' ? record.phone : record.postalAddress).trim();
}

export default createRule({
  id: 'invalid-address',
  meta: {
    severity: 'error',
    description: 'A recipient without a valid address for the channel.',
    messages: {
      invalidCell: (d: { label: string; value: string }) => `"${d.value}" is not a valid ${d.label}`,
      invalidRecord: (d: { label: string; value: string; customerId: string }) =>
        `no ${d.label} in the audience, and the one on customer record ${d.customerId} ("${d.value}") is not valid`,
      undeliverable: (d: { value: string; customerId: string }) =>
        `the email address "${d.value}" does not receive mail: customer record ${d.customerId} marks it undeliverable (a hard bounce, cleaned or held)`,
      missing: (d: { label: string; column: string }) =>
        `no ${d.label}: the ${d.column} cell is empty and the customer history holds none for this recipient`,
    },
    suggestions: {
      correct: (d: { label: string; column: string }) => `correct the ${d.label} in the ${d.column} cell, or remove the row`,
      fillIn: (d: { label: string; column: string }) => `fill in a valid ${d.label} in the ${d.column} cell, or remove the row`,
      remove: () => 'remove, and ask the customer for an address that receives mail',
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) =>
    campaign.channel === 'push' ? { notApplicable: 'push rows have no address to check' } : { data: [] },
  create(context) {
    /** A finding when a record holding this valid email address marks it undeliverable. */
    const reportUndeliverable = (row: AudienceRow, email: string, source: string): void => {
      const record = context.run.people.customersByAddress('email', email).find((r) => r.emailUndeliverable);
      if (!record) return;
      context.report({
        at: row,
        messageId: 'undeliverable',
        data: { value: email, customerId: record.customerId },
        suggestion: { id: 'remove', data: undefined },
        fix: { action: 'remove' },
        evidence: { channel: 'email', source, email, undeliverableOn: record.customerId },
        ...(source === 'audience' ? { column: 'email' } : {}),
      });
    };
    return {
      row(row) {
        const channel = row.campaign.campaign.channel;
        const kind = ADDRESS_OF_CHANNEL[channel];
        if (!kind) return;
        const label = LABEL[kind];

        // The audience cell, when non-empty, is the address the send uses.
        const cell = row.cell(kind).trim();
        if (cell !== '') {
          if (!isValidAddress(kind, cell)) {
            context.report({
              at: row,
              messageId: 'invalidCell',
              data: { label, value: cell },
              suggestion: { id: 'correct', data: { label, column: kind } },
              fix: { action: 'remove' },
              evidence: { channel, source: 'audience', [kind]: cell },
              column: kind,
            });
          } else if (kind === 'email') {
            reportUndeliverable(row, cell, 'audience');
          }
          return;
        }

        // Else the person's records: the row's own record first, then the person's other records.
        const own = row.customer;
        const records = [...(own ? [own] : []), ...(row.person?.records ?? []).filter((r) => r !== own)];
        const found = records
          .map((record) => ({ record, value: recordAddress(record, kind) }))
          .filter((candidate) => candidate.value !== '');
        const valid = found.find((candidate) => isValidAddress(kind, candidate.value));
        if (valid) {
          if (kind === 'email') reportUndeliverable(row, valid.value, 'customer history');
          return;
        }
        if (found.length > 0) {
          const { record, value } = found[0];
          context.report({
            at: row,
            messageId: 'invalidRecord',
            data: { label, value, customerId: record.customerId },
            suggestion: { id: 'fillIn', data: { label, column: kind } },
            fix: { action: 'remove' },
            evidence: {
              channel,
              source: 'customer history',
              ...cappedList('onRecord', found, (candidate) => ({
                customerId: candidate.record.customerId,
                [kind]: candidate.value,
              })),
            },
          });
          return;
        }
        context.report({
          at: row,
          messageId: 'missing',
          data: { label, column: kind },
          suggestion: { id: 'fillIn', data: { label, column: kind } },
          fix: { action: 'remove' },
          evidence: { channel, source: null, [kind]: null, personKnown: row.person !== undefined },
        });
      },
    };
  },
});
