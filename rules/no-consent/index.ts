import { z } from 'zod';
import { createRule } from '../create-rule.js';
import type { Channel } from '../../src/types.js';
import type { CustomerRecord } from '../../src/people/profiles.js';
import { cappedList, listWords, recipientName } from '../format.js';

/** The customers.csv column that holds a record's consent for each channel. */
export const CONSENT_COLUMN: Record<Channel, string> = {
  email: 'email_consent',
  sms: 'sms_consent',
  phone: 'phone_consent',
  direct_mail: 'mail_consent',
  push: 'push_consent',
};

type Reason = 'refused' | 'unsubscribed' | 'doNotContact' | 'suppressed' | 'unknownConsent';

const isoDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

export default createRule({
  id: 'no-consent',
  meta: {
    severity: 'error',
    description: 'A recipient who refused the channel, unsubscribed, or must not be contacted at all.',
    messages: {
      refused: (d: { name: string; channel: string; column: string; customerId: string }) =>
        `${d.name} refused ${d.channel} (${d.column} is false on customer record ${d.customerId})`,
      unsubscribed: (d: { name: string; date: string; customerId: string }) =>
        `${d.name} unsubscribed on ${d.date}, before this send (customer record ${d.customerId})`,
      doNotContact: (d: { name: string; records: string[] }) =>
        `${d.name} must not be contacted: do_not_contact is set on customer record${d.records.length === 1 ? '' : 's'} ${listWords(d.records)}`,
      suppressed: (d: { name: string; list: string }) => `${d.name} must not be contacted: on the suppression list ${d.list}`,
      unknownConsent: (d: { name: string; channel: string; column: string; customerId: string }) =>
        `${d.name} never opted in to ${d.channel} (${d.column} is empty on customer record ${d.customerId}) and require_opt_in is on`,
    },
    suggestions: {
      remove: (d: { why: string }) => `remove: ${d.why}`,
      removeUntilOptIn: (d: { channel: string }) => `remove, until the customer opts in to ${d.channel}`,
    },
  },
  options: z.object({ require_opt_in: z.boolean().default(false) }).strict(),
  requires: ({ campaign }) =>
    campaign.type === 'transactional'
      ? { notApplicable: 'transactional messages need no marketing consent' }
      : {
          data: [
            {
              file: 'customers',
              columns: [CONSENT_COLUMN[campaign.channel], 'unsubscribed_at', 'do_not_contact'],
              match: 'each',
              // A suppression list checks part of the rule without them.
              otherwise: campaign.history.suppressions ? 'partial' : 'not-checked',
              for: 'consent and opt-outs',
            },
          ],
          perPerson: true,
        },
  create(context) {
    return {
      row(row) {
        const { campaign } = row.campaign;
        if (campaign.type === 'transactional') return;
        const { require_opt_in: requireOptIn } = context.options(row.campaign);
        // A row without customer_id may match several records by its address: any of them counts.
        const own = row.ownRecords;
        const person = row.person;
        const channel = campaign.channel;
        const column = CONSENT_COLUMN[channel];
        const unsubscribed = (r: CustomerRecord): boolean => r.unsubscribedAt !== null && r.unsubscribedAt <= campaign.sendAt;
        const record =
          own.find((r) => r.consent[channel] === false) ??
          own.find(unsubscribed) ??
          own.find((r) => r.consent[channel] === true) ??
          own[0];
        const consent = record ? record.consent[channel] : undefined;
        const unsubscribedAt = record?.unsubscribedAt ?? null;
        const dncRecords = person?.records.filter((r) => r.doNotContact).map((r) => r.customerId) ?? [];

        const reasons: Reason[] = [];
        if (record && consent === false) reasons.push('refused');
        if (record && unsubscribed(record)) reasons.push('unsubscribed');
        // A suppression list names a record of the person, or the row's own address (docs/rules.md).
        const suppressedBy =
          person?.records.find((r) => r.suppressedBy !== undefined)?.suppressedBy ??
          (row.address ? context.run.people.suppressedAddress?.(channel, row.address) : undefined);
        if (dncRecords.length > 0) reasons.push('doNotContact');
        if (suppressedBy !== undefined) reasons.push('suppressed');
        if (record && requireOptIn && consent === null) reasons.push('unknownConsent');
        if (reasons.length === 0) return;

        const name = recipientName(person, row);
        const evidence: Record<string, unknown> = { reasons, channel };
        if (record) {
          evidence.customerRecord = record.customerId;
          evidence[column] = consent;
          evidence.unsubscribedAt = unsubscribedAt === null ? null : new Date(unsubscribedAt).toISOString();
        }
        if (dncRecords.length > 0) Object.assign(evidence, cappedList('doNotContactRecords', dncRecords));
        if (suppressedBy !== undefined) evidence.suppressionList = suppressedBy;
        evidence.sendAt = new Date(campaign.sendAt).toISOString();

        // Whatever the reason, the row must not be sent: leaving it out is the fix.
        const fix = { action: 'remove' } as const;
        const channelName = channel.replace('_', ' ');
        // One finding per row, worded after its first reason; evidence lists them all.
        switch (reasons[0]) {
          case 'refused':
            context.report({
              at: row,
              messageId: 'refused',
              data: { name, channel: channelName, column, customerId: record!.customerId },
              suggestion: { id: 'remove', data: { why: `refused ${channelName}` } },
              fix,
              evidence,
            });
            break;
          case 'unsubscribed':
            context.report({
              at: row,
              messageId: 'unsubscribed',
              data: { name, date: isoDate(unsubscribedAt!), customerId: record!.customerId },
              suggestion: { id: 'remove', data: { why: `unsubscribed on ${isoDate(unsubscribedAt!)}` } },
              fix,
              evidence,
            });
            break;
          case 'doNotContact':
            context.report({
              at: row,
              messageId: 'doNotContact',
              data: { name, records: dncRecords },
              suggestion: { id: 'remove', data: { why: 'marked do not contact' } },
              fix,
              evidence,
            });
            break;
          case 'suppressed':
            context.report({
              at: row,
              messageId: 'suppressed',
              data: { name, list: suppressedBy! },
              suggestion: { id: 'remove', data: { why: `on the suppression list ${suppressedBy!}` } },
              fix,
              evidence,
            });
            break;
          case 'unknownConsent':
            context.report({
              at: row,
              messageId: 'unknownConsent',
              data: { name, channel: channelName, column, customerId: record!.customerId },
              suggestion: { id: 'removeUntilOptIn', data: { channel: channelName } },
              fix,
              evidence,
            });
            break;
        }
      },
    };
  },
});
