import { describe, expect, it } from 'vitest';
import contactFatigue from '../../rules/contact-fatigue/index.js';
import type { AudienceRow } from '../../src/engine/row.js';
import type { Contact, Person } from '../../src/people/profiles.js';
import { DAY_MS } from '../../src/time.js';
import { ruleTester } from '../support/rule-tester.js';
import { campaignRun, ruleFindingsOver } from '../support/rule-over-rows.js';

// Dana has two linked records (same email); Eli is someone else. The campaign sends at
// 2026-11-15T09:00:00Z, so the default 7-day window starts at 2026-11-08T09:00:00Z.
const customers = `customer_id,first_name,last_name,email
C-DANA,Dana,Reyes,dana@example.com
C-DANA-2,Dana,Reyes,DANA@example.com
C-ELI,Eli,Chen,eli@example.com
`;
const header = 'customer_id,channel,sent_at,campaign_id,brand\n';
const contacts = (...lines: string[]): string => header + lines.map((l) => `${l}\n`).join('');

// The car dealer's week: ten emails and four calls before the weekend promotion.
const carDealerWeek = contacts(
  ...Array.from(
    { length: 10 },
    (_, i) => `C-DANA,email,2026-11-${String(8 + (i % 7)).padStart(2, '0')}T12:00:00Z,promo-${i + 1},cars`,
  ),
  'C-DANA,phone,2026-11-09T15:00:00Z,,cars',
  'C-DANA,phone,2026-11-11T15:00:00Z,,cars',
  'C-DANA,phone,2026-11-13T15:00:00Z,,cars',
  'C-DANA,phone,2026-11-14T15:00:00Z,,cars',
);

ruleTester('contact-fatigue', {
  valid: [
    {
      name: 'exactly max contacts including this send',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,sms,2026-11-12,b,'),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: 'a contact at send_at itself is not an earlier contact',
      customers,
      contacts: contacts(
        'C-DANA,email,2026-11-15T09:00:00Z,a,',
        'C-DANA,email,2026-11-15T09:00:00Z,b,',
        'C-DANA,email,2026-11-15T09:00:00Z,c,',
      ),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: 'contacts just before the window do not count',
      customers,
      contacts: contacts(
        'C-DANA,email,2026-11-08T08:59:59Z,a,',
        'C-DANA,email,2026-11-08T08:59:59Z,b,',
        'C-DANA,email,2026-11-01,c,',
      ),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: "another person's contacts do not count",
      customers,
      contacts: contacts('C-ELI,email,2026-11-10,a,', 'C-ELI,email,2026-11-11,b,', 'C-ELI,email,2026-11-12,c,'),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: 'control rows are not sends',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,'),
      campaign: { control_group: { column: 'group', control_values: ['control'] } },
      audience: 'customer_id,group\nC-DANA,control\nC-DANA,treatment\nC-DANA,control\n',
    },
    {
      name: 'rows without a person are not checked',
      customers,
      audience: 'customer_id\nC-NOBODY\nC-NOBODY\nC-NOBODY\nC-NOBODY\nC-NOBODY\n',
    },
    {
      name: 'max raises the limit',
      customers,
      options: { max: 5 },
      contacts: contacts(
        'C-DANA,email,2026-11-10,a,',
        'C-DANA,email,2026-11-11,b,',
        'C-DANA,phone,2026-11-12,,',
        'C-DANA,sms,2026-11-13,c,',
      ),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: 'window_days narrows the window',
      customers,
      options: { window_days: 2 },
      // Window [2026-11-13T09:00Z, send): only the contact of the 14th counts.
      contacts: contacts(
        'C-DANA,email,2026-11-10,a,',
        'C-DANA,email,2026-11-11,b,',
        'C-DANA,email,2026-11-13T08:59:59Z,c,',
        'C-DANA,email,2026-11-14,d,',
      ),
      audience: 'customer_id\nC-DANA\n',
    },
    {
      name: 'a later campaign of the run is not counted for an earlier send',
      customers,
      // For this send: 2 earlier contacts + itself; the send of the 16th comes after it. For that
      // send, the window [11-09T09:00Z, 11-16T09:00Z) holds only the contact of the 12th, plus the two sends.
      contacts: contacts('C-DANA,email,2026-11-09T08:00:00Z,a,', 'C-DANA,email,2026-11-12,b,'),
      audience: 'customer_id\nC-DANA\n',
      others: [{ campaign: { send_at: '2026-11-16T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' }],
    },
    {
      name: 'campaigns outside run.window_days are not the run',
      customers,
      config: { run: { window_days: 1 } },
      options: { window_days: 7 },
      contacts: contacts('C-DANA,email,2026-11-13,a,', 'C-DANA,email,2026-11-14,b,'),
      audience: 'customer_id\nC-DANA\n',
      others: [{ campaign: { send_at: '2026-11-12T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' }],
    },
    {
      name: 'sends of the run before the window do not count',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-12,b,'),
      audience: 'customer_id\nC-DANA\n',
      others: [{ campaign: { send_at: '2026-11-08T08:59:00Z' }, audience: 'customer_id\nC-DANA\n' }],
    },
    {
      name: 'no contacts history: only the run counts',
      customers,
      audience: 'customer_id\nC-DANA\nC-DANA-2\nC-ELI\n',
    },
    {
      name: "each campaign's own options apply to its rows",
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,'),
      campaign: { rules: { 'contact-fatigue': ['warning', { max: 10 }] } },
      audience: 'customer_id\nC-DANA\n',
      others: [{ campaign: { send_at: '2026-11-14T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' }],
      // test-campaign counts 4 but allows 10; other-0 counts 2 + its own send = 3, not more than 3.
    },
  ],
  invalid: [
    {
      name: 'what to do: leave out of this send, or send later',
      customers,
      contacts: carDealerWeek,
      options: { max: 3 },
      audience: 'customer_id\nC-DANA\n',
      errors: [{ line: 2, suggestion: 'leave Dana out of this send, or send it later: at most 3 contacts in 7 days', fix: null }],
    },
    {
      name: 'the car dealer: ten emails and four calls in a week',
      customers,
      contacts: carDealerWeek,
      audience: 'customer_id\nC-ELI\nC-DANA\n',
      errors: [
        {
          line: 3,
          customerId: 'C-DANA',
          message:
            'Dana would be contacted 15 times in the 7 days up to this send (max 3): 14 earlier contacts (10 email and 4 phone) ' +
            'and 1 send in this run (test-campaign line 3 at 2026-11-15 09:00 UTC)',
          evidence: { count: 15, max: 3, windowDays: 7 },
        },
      ],
    },
    {
      name: 'the finding lists each contact it counted',
      customers,
      contacts: contacts(
        'C-DANA,email,2026-11-10,spring,shop',
        'C-DANA,phone,2026-11-11T14:30:00Z,,shop',
        'C-DANA,push,2026-11-12,app-1,',
      ),
      audience: 'customer_id\nC-DANA\n',
      errors: [
        {
          line: 2,
          message:
            'Dana would be contacted 4 times in the 7 days up to this send (max 3): 3 earlier contacts ' +
            '(1 email, 1 phone and 1 push) and 1 send in this run ' +
            '(test-campaign line 2 at 2026-11-15 09:00 UTC)',
          evidence: {
            count: 4,
            history: [
              { channel: 'email', sentAt: '2026-11-10T00:00:00Z', campaignId: 'spring' },
              { channel: 'phone', sentAt: '2026-11-11T14:30:00Z', campaignId: null },
              { channel: 'push', sentAt: '2026-11-12T00:00:00Z', campaignId: 'app-1' },
            ],
            run: [{ campaignId: 'test-campaign', line: 2, sendAt: '2026-11-15T09:00:00Z' }],
          },
        },
      ],
    },
    {
      name: 'a contact exactly at send_at − window counts',
      customers,
      contacts: contacts(
        'C-DANA,email,2026-11-08T09:00:00Z,a,',
        'C-DANA,email,2026-11-10,b,',
        'C-DANA,email,2026-11-15T08:59:59Z,c,',
      ),
      audience: 'customer_id\nC-DANA\n',
      errors: [{ line: 2, evidence: { count: 4 } }],
    },
    {
      name: 'contacts of linked records count for the person',
      customers,
      contacts: contacts('C-DANA-2,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,', 'C-DANA-2,sms,2026-11-12,c,'),
      audience: 'customer_id\nC-ELI\nC-DANA\n',
      errors: [{ line: 3, customerId: 'C-DANA', evidence: { count: 4 } }],
    },
    {
      name: 'each row is one send: rows of the same person in one campaign add up',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,'),
      audience: 'customer_id\nC-DANA\nC-ELI\nC-DANA-2\n',
      errors: [
        { line: 2, customerId: 'C-DANA', evidence: { count: 4 } },
        { line: 4, customerId: 'C-DANA-2', evidence: { count: 4 } },
      ],
    },
    {
      name: 'sends of other campaigns in the run up to and including this send count',
      customers,
      contacts: contacts('C-DANA,email,2026-11-09T10:00:00Z,a,'),
      audience: 'customer_id\nC-DANA\n',
      others: [
        { campaign: { send_at: '2026-11-10T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' },
        { campaign: { send_at: '2026-11-15T09:00:00Z' }, audience: 'customer_id\nC-ELI\nC-DANA\n' },
        { campaign: { send_at: '2026-11-16T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' },
      ],
      // The send of the 10th sees 1 contact + itself; those of the 15th 1 + 3; that of the 16th 1 + 4.
      errors: [
        {
          line: 2,
          campaignId: 'test-campaign',
          evidence: {
            count: 4,
            run: [
              { campaignId: 'other-0', line: 2 },
              { campaignId: 'test-campaign', line: 2 },
              { campaignId: 'other-1', line: 3 },
            ],
          },
        },
        { line: 3, campaignId: 'other-1', evidence: { count: 4 } },
        { line: 2, campaignId: 'other-2', evidence: { count: 5 } },
      ],
    },
    {
      name: 'a send of the run exactly at send_at − window counts',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-12,b,'),
      audience: 'customer_id\nC-DANA\n',
      others: [{ campaign: { send_at: '2026-11-08T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' }],
      errors: [{ line: 2, campaignId: 'test-campaign', evidence: { count: 4 } }],
    },
    {
      name: 'max and window_days options',
      customers,
      options: { max: 1, window_days: 2 },
      contacts: contacts('C-DANA,email,2026-11-12,a,', 'C-DANA,email,2026-11-14,b,', 'C-ELI,email,2026-11-12,c,'),
      audience: 'customer_id\nC-DANA\nC-ELI\n',
      errors: [{ line: 2, message: /^Dana would be contacted 2 times in the 2 days up to this send \(max 1\)/ }],
    },
    {
      name: 'sends of a campaign where the rule is off still count for the others',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,'),
      audience: 'customer_id\nC-DANA\n',
      others: [
        {
          campaign: { send_at: '2026-11-14T09:00:00Z', rules: { 'contact-fatigue': 'off' } },
          audience: 'customer_id\nC-DANA\nC-DANA\n',
        },
      ],
      // other-0's rows would count 4 each, but the rule is off there.
      errors: [{ line: 2, campaignId: 'test-campaign', evidence: { count: 5 } }],
    },
    {
      name: 'a row without customer_id belongs to the person of its address',
      customers,
      contacts: contacts('C-DANA,email,2026-11-10,a,', 'C-DANA,email,2026-11-11,b,', 'C-DANA,email,2026-11-12,c,'),
      audience: 'email\n Dana@Example.com \n',
      errors: [{ line: 2, customerId: null, message: /^Dana would be contacted 4 times/ }],
    },
    {
      name: 'window_days longer than run.window_days: the run still bounds the sends',
      customers,
      options: { window_days: 60 },
      contacts: contacts('C-DANA,email,2026-10-06,a,', 'C-DANA,email,2026-10-07,b,', 'C-DANA,email,2026-10-08,c,'),
      audience: 'customer_id\nC-DANA\n',
      // The campaign of 2026-10-05 is 41 days earlier, outside the default run window of 31 days; its
      // own send has no earlier contact.
      others: [{ campaign: { send_at: '2026-10-05T09:00:00Z' }, audience: 'customer_id\nC-DANA\n' }],
      errors: [{ line: 2, campaignId: 'test-campaign', evidence: { count: 4, run: [{ campaignId: 'test-campaign' }] } }],
    },

    {
      name: 'a person on 50 rows: each finding names the first 10 sends and counts them all',
      customers,
      audience: `customer_id\n${'C-DANA\n'.repeat(50)}`,
      // Every row is a send at the same instant, so each counts all 50.
      errors: Array.from({ length: 50 }, (_, i) => ({
        line: i + 2,
        ...(i === 0 && {
          message:
            'Dana would be contacted 50 times in the 7 days up to this send (max 3): 50 sends in this run (' +
            `${Array.from({ length: 10 }, (_, s) => `test-campaign line ${s + 2} at 2026-11-15 09:00 UTC`).join(', ')} and 40 more)`,
          evidence: { count: 50, run: Array.from({ length: 10 }, (_, s) => ({ line: s + 2 })), runTotal: 50 },
        }),
      })),
    },
    {
      name: '50 earlier contacts: the evidence lists the first 10 in time order and counts them all',
      customers,
      // Written latest first; minutes 00 to 49 of 2026-11-10.
      contacts: contacts(
        ...Array.from({ length: 50 }, (_, i) => `C-DANA,email,2026-11-10T00:${String(49 - i).padStart(2, '0')}:00Z,promo,`),
      ),
      audience: 'customer_id\nC-DANA\n',
      errors: [
        {
          line: 2,
          message:
            'Dana would be contacted 51 times in the 7 days up to this send (max 3): 50 earlier contacts (50 email) ' +
            'and 1 send in this run (test-campaign line 2 at 2026-11-15 09:00 UTC)',
          evidence: {
            count: 51,
            history: Array.from({ length: 10 }, (_, i) => ({ sentAt: `2026-11-10T00:0${i}:00Z` })),
            historyTotal: 50,
            run: [{ line: 2 }],
            runTotal: 1,
          },
        },
      ],
    },
  ],
});

// Rows made in the test: a person under two customer ids, and more sends than the rule's tables
// first hold.
describe('contact-fatigue over many rows', () => {
  const campaigns = [campaignRun(0, 'friday', 14), campaignRun(1, 'monday', 10), campaignRun(2, 'wednesday', 12)];
  const email = (day: number): Contact => ({
    customerId: 'C-DANA',
    channel: 'email',
    sentAt: day * DAY_MS,
    campaignId: '',
    brand: '',
  });
  const dana = { index: 70, firstNames: ['Dana'], contacts: [email(8), email(9)] } as unknown as Person;
  const eli = { index: 2, firstNames: [], contacts: [] } as unknown as Person;
  const row = (campaign: number, line: number, customerId: string, person: Person) =>
    ({ campaign: campaigns[campaign], line, customerId, person }) as unknown as AudienceRow;
  // Dana under two customer ids (3 contacts by Monday, 5 by Wednesday, 6 by Friday); Eli 4 times on Monday;
  // then 150 people sent once each, past the tables' first capacity.
  const crowd = Array.from({ length: 150 }, (_, i) =>
    row(i % 3, 10 + i, `C-${i}`, { index: 100 + i, firstNames: [], contacts: [] } as unknown as Person),
  );
  const rows = [
    row(0, 2, 'C-DANA', dana),
    row(1, 2, 'C-DANA-2', dana),
    row(1, 3, 'C-ELI', eli),
    row(1, 4, 'C-ELI', eli),
    row(1, 5, 'C-ELI', eli),
    row(1, 6, 'C-ELI', eli),
    row(2, 2, 'C-DANA', dana),
    row(2, 3, 'C-DANA-2', dana),
    ...crowd,
  ];

  it("counts a person's sends under each of their customer ids", () => {
    const found = ruleFindingsOver(contactFatigue, rows, { campaigns, options: { max: 3, window_days: 7 } });
    expect(found.map((f) => f.split(' ', 2).join(' '))).toEqual([
      'friday:2 C-DANA',
      'monday:3 C-ELI',
      'monday:4 C-ELI',
      'monday:5 C-ELI',
      'monday:6 C-ELI',
      'wednesday:2 C-DANA',
      'wednesday:3 C-DANA-2',
    ]);
    expect(found[0]).toContain('"count":6');
  });
});
