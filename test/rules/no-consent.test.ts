import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleTester, runCase } from '../support/rule-tester.js';

const customers = `customer_id,person_id,first_name,email,email_consent,sms_consent,phone_consent,mail_consent,push_consent,unsubscribed_at,do_not_contact
C-OK,,Ann,ann@example.com,true,true,true,true,true,,
C-REFUSED,,Bo,bo@example.com,false,yes,yes,yes,yes,,no
C-UNSUB,,Cy,cy@example.com,true,true,true,true,true,2026-11-01,
C-UNSUB-AT,,Di,di@example.com,true,true,true,true,true,2026-11-15T09:00:00Z,
C-UNSUB-LATER,,Ed,ed@example.com,true,true,true,true,true,2026-11-15T09:00:01Z,
C-UNKNOWN,,Flo,flo@example.com,,,,,,,
C-DNC,,Gus,gus@example.com,true,true,true,true,true,,yes
C-DNC-LINKED,,,GUS@example.com,true,true,true,true,true,,
C-CHANNELS,,Hal,hal@example.com,true,opted_out,0,n,unsubscribed,,
C-LINK-A,P-1,Ivy,ivy.a@example.com,false,,,,,,
C-LINK-B,P-1,Ivy,ivy.b@example.com,true,,,,,,
`;
const sms = { channel: 'sms' };

// One person (P-9) with twelve customer records, each marked do_not_contact.
const dozenDoNotContact =
  'customer_id,person_id,first_name,email,do_not_contact\n' +
  Array.from({ length: 12 }, (_, i) => `D-${String(i + 1).padStart(2, '0')},P-9,Jo,jo${i + 1}@example.com,yes\n`).join('');

ruleTester('no-consent', {
  valid: [
    { name: 'consent given', customers, audience: 'customer_id\nC-OK\n' },
    { name: 'unsubscribed after send_at', customers, audience: 'customer_id\nC-UNSUB-LATER\n' },
    { name: 'unknown consent is fine by default', customers, audience: 'customer_id\nC-UNKNOWN\n' },
    {
      name: 'refusals of other channels do not matter',
      customers,
      audience: 'customer_id\nC-CHANNELS\n',
      campaign: { channel: 'email' },
      others: [{ campaign: sms, audience: 'customer_id\nC-REFUSED\n' }],
    },
    {
      name: 'only the own record counts for consent: a linked record that refused does not',
      customers,
      audience: 'customer_id\nC-LINK-B\n',
    },
    {
      name: 'transactional campaigns are never checked',
      customers,
      campaign: { type: 'transactional' },
      audience: 'customer_id\nC-REFUSED\nC-UNSUB\nC-DNC\nC-DNC-LINKED\n',
    },
    {
      name: 'a customer not in the history has no record to refuse',
      customers,
      options: { require_opt_in: true },
      audience: 'customer_id\nC-404\n',
    },
    {
      name: 'a row without customer_id whose address matches no record has no own record',
      customers,
      options: { require_opt_in: true },
      audience: 'email\nnobody@example.com\n',
    },
    { name: 'require_opt_in with consent given', customers, options: { require_opt_in: true }, audience: 'customer_id\nC-OK\n' },
    {
      name: 'require_opt_in reads the channel of the campaign only',
      customers,
      options: { require_opt_in: true },
      audience: 'customer_id\nC-LINK-B\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: remove, saying why',
      customers,
      options: { require_opt_in: true },
      audience: 'customer_id\nC-REFUSED\nC-UNSUB\nC-DNC\nC-UNKNOWN\n',
      errors: [
        { line: 2, suggestion: 'remove: refused email', fix: { action: 'remove' } },
        { line: 3, suggestion: 'remove: unsubscribed on 2026-11-01', fix: { action: 'remove' } },
        { line: 4, suggestion: 'remove: marked do not contact', fix: { action: 'remove' } },
        { line: 5, suggestion: 'remove, until the customer opts in to email', fix: { action: 'remove' } },
      ],
    },
    {
      name: 'a row without customer_id: any record holding its address that refused counts, whatever the file order',
      customers: 'customer_id,email,first_name,email_consent\nC1,ann@example.com,Ann,true\nC2,Ann@Example.com,Ann,false\n',
      audience: 'email\nann@example.com\n',
      errors: [{ line: 2, customerId: null, message: /refused email \(email_consent is false on customer record C2\)/ }],
    },
    {
      name: 'a row without customer_id is read against the record holding its address',
      customers,
      options: { require_opt_in: true },
      audience: 'email\nbo@example.com\ncy@example.com\nflo@example.com\n',
      errors: [
        { line: 2, customerId: null, message: /refused email/ },
        { line: 3, customerId: null, message: /unsubscribed/ },
        { line: 4, customerId: null },
      ],
    },
    {
      name: 'email_consent false',
      customers,
      audience: 'customer_id\nC-OK\nC-REFUSED\n',
      errors: [
        {
          line: 3,
          customerId: 'C-REFUSED',
          message: 'Bo refused email (email_consent is false on customer record C-REFUSED)',
          evidence: { reasons: ['refused'], channel: 'email', email_consent: false, customerRecord: 'C-REFUSED' },
        },
      ],
    },
    {
      name: 'each channel reads its own consent column (sms, phone, direct_mail -> mail_consent, push)',
      customers,
      campaign: sms,
      audience: 'customer_id\nC-CHANNELS\n',
      others: [
        { campaign: { channel: 'phone' }, audience: 'customer_id\nC-CHANNELS\n' },
        { campaign: { channel: 'direct_mail' }, audience: 'customer_id\nC-CHANNELS\n' },
        { campaign: { channel: 'push' }, audience: 'customer_id\nC-CHANNELS\n' },
      ],
      errors: [
        { line: 2, campaignId: 'test-campaign', message: /refused sms \(sms_consent is false/, evidence: { sms_consent: false } },
        { line: 2, campaignId: 'other-0', message: /refused phone \(phone_consent is false/, evidence: { phone_consent: false } },
        {
          line: 2,
          campaignId: 'other-1',
          message: /refused direct mail \(mail_consent is false/,
          evidence: { mail_consent: false },
        },
        { line: 2, campaignId: 'other-2', message: /refused push \(push_consent is false/, evidence: { push_consent: false } },
      ],
    },
    {
      name: 'unsubscribed before send_at, and exactly at send_at, on any channel',
      customers,
      campaign: sms,
      audience: 'customer_id\nC-UNSUB\nC-UNSUB-AT\nC-UNSUB-LATER\n',
      errors: [
        {
          line: 2,
          message: 'Cy unsubscribed on 2026-11-01, before this send (customer record C-UNSUB)',
          evidence: { reasons: ['unsubscribed'], unsubscribedAt: '2026-11-01T00:00:00.000Z', sms_consent: true },
        },
        { line: 3, message: /Di unsubscribed on 2026-11-15/ },
      ],
    },
    {
      name: 'do_not_contact on the own record or on any linked record',
      customers,
      audience: 'customer_id\nC-DNC\nC-DNC-LINKED\n',
      errors: [
        {
          line: 2,
          message: 'Gus must not be contacted: do_not_contact is set on customer record C-DNC',
          evidence: { reasons: ['doNotContact'], doNotContactRecords: ['C-DNC'] },
        },
        { line: 3, customerId: 'C-DNC-LINKED', message: /do_not_contact is set on customer record C-DNC$/ },
      ],
    },
    {
      name: 'do_not_contact reaches a row without customer_id through its address',
      customers,
      audience: 'email\ngus@example.com\n',
      errors: [{ line: 2, customerId: null, message: /Gus must not be contacted/ }],
    },
    {
      name: 'the own record that refused is flagged although a linked record consents',
      customers,
      audience: 'customer_id\nC-LINK-A\n',
      errors: [{ line: 2, message: /Ivy refused email/ }],
    },
    {
      name: 'require_opt_in: unknown consent is flagged',
      customers,
      options: { require_opt_in: true },
      audience: 'customer_id\nC-OK\nC-UNKNOWN\nC-LINK-A\n',
      errors: [
        {
          line: 3,
          message: 'Flo never opted in to email (email_consent is empty on customer record C-UNKNOWN) and require_opt_in is on',
          evidence: { reasons: ['unknownConsent'], email_consent: null },
        },
        { line: 4, message: /Ivy refused email/ },
      ],
    },
    {
      name: 'require_opt_in on a channel whose consent is unknown',
      customers,
      campaign: sms,
      options: { require_opt_in: true },
      audience: 'customer_id\nC-LINK-B\n',
      errors: [{ line: 2, message: /never opted in to sms \(sms_consent is empty/ }],
    },
    {
      name: 'several reasons give one finding, worded after the first, all in evidence',
      customers: `customer_id,first_name,email_consent,unsubscribed_at,do_not_contact
C-ALL,Jo,false,2026-01-01,true
`,
      audience: 'customer_id\nC-ALL\n',
      errors: [
        {
          line: 2,
          message: /Jo refused email/,
          evidence: { reasons: ['refused', 'unsubscribed', 'doNotContact'], doNotContactRecords: ['C-ALL'] },
        },
      ],
    },

    {
      name: 'twelve records with do_not_contact: the first 10 are named and the rest counted',
      customers: dozenDoNotContact,
      audience: 'customer_id\nD-01\n',
      errors: [
        {
          line: 2,
          message:
            'Jo must not be contacted: do_not_contact is set on customer records ' +
            'D-01, D-02, D-03, D-04, D-05, D-06, D-07, D-08, D-09, D-10 and 2 more',
          evidence: {
            doNotContactRecords: ['D-01', 'D-02', 'D-03', 'D-04', 'D-05', 'D-06', 'D-07', 'D-08', 'D-09', 'D-10'],
            doNotContactRecordsTotal: 12,
          },
        },
      ],
    },
  ],
});

describe('no-consent options', () => {
  for (const options of [{ require_opt_in: 'yes' }, { require_optin: true }]) {
    it(`rejects ${JSON.stringify(options)}`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'preflight-no-consent-options-'));
      try {
        await expect(runCase('no-consent', { name: 'options', audience: 'customer_id\nC-1\n', options }, root)).rejects.toThrow(
          /require_opt/,
        );
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
