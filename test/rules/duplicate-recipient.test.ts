import { describe, expect, it } from 'vitest';
import duplicateRecipient from '../../rules/duplicate-recipient/index.js';
import type { AudienceRow, CampaignRun } from '../../src/engine/row.js';
import type { Person } from '../../src/people/profiles.js';
import { ruleTester } from '../support/rule-tester.js';
import { ruleFindingsOver } from '../support/rule-over-rows.js';

// C-LAURA and C-LAURA-2 are one person (same first name, last name and postal code); Omar and Grace
// are people of their own.
const customers = `customer_id,first_name,last_name,email,phone,postal_address,postal_code
C-LAURA,Laura,Bennett,laura@example.com,+1 555 010 0001,1 Main St Springfield,10001
C-LAURA-2,Laura,Bennett,laura.b@example.com,,,10001
C-OMAR,Omar,Haddad,omar@example.com,555 010 0002,2 Elm St Springfield,10002
C-GRACE,Grace,Kim,grace@example.com,555 010 0003,3 Oak St Springfield,10003
`;

const control = { control_group: { column: 'group', control_values: ['control'] } };

ruleTester('duplicate-recipient', {
  valid: [
    {
      name: 'different people at different addresses',
      customers,
      audience: 'customer_id,email\nC-LAURA,laura@example.com\nC-OMAR,omar@example.com\nC-GRACE,grace@example.com\n',
    },
    {
      name: 'the same person in two campaigns of the run is not a duplicate',
      customers,
      audience: 'customer_id,email\nC-LAURA,laura@example.com\n',
      others: [{ campaign: { id: 'reminder' }, audience: 'customer_id,email\nC-LAURA,laura@example.com\n' }],
    },
    {
      name: 'rows with neither a person nor an address cannot be duplicates',
      customers,
      audience: 'customer_id,email\nC-404,\nC-404,\n',
    },
    {
      name: 'control rows are neither duplicates nor earlier occurrences',
      customers,
      campaign: control,
      audience:
        'customer_id,email,group\nC-LAURA,laura@example.com,control\nC-LAURA,laura@example.com,treatment\nC-OMAR,omar@example.com,treatment\nC-OMAR,omar@example.com,control\n',
    },
    {
      name: 'emails differing after trimming and lower-casing are different addresses',
      customers,
      audience: 'email\nlaura@example.org\nlaura@example.com.au\nlaura+news@example.com\n',
    },
    {
      name: 'phones sharing fewer than their last 10 digits are different addresses',
      customers,
      campaign: { channel: 'sms' },
      audience: 'phone\n+1 555 010 9999\n+1 556 010 9999\n',
    },
    {
      name: 'postal addresses are compared as written, only case and blanks folded',
      customers,
      campaign: { channel: 'direct_mail' },
      audience: 'postal_address\n9 Main St Springfield\n9 Main Street Springfield\n9 Main St. Springfield\n',
    },
    {
      name: 'push rows of unknown customers have no address to compare',
      customers,
      campaign: { channel: 'push' },
      audience: 'customer_id,email\nC-404,same@example.com\nC-405,same@example.com\n',
    },
    {
      name: "an address cell of another channel is not the row's address",
      customers,
      campaign: { channel: 'sms' },
      audience: 'customer_id,email,phone\nC-404,same@example.com,555 020 0001\nC-405,same@example.com,555 020 0002\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: remove the later duplicate',
      customers,
      audience: 'customer_id\nC-LAURA\nC-OMAR\nC-LAURA\n',
      errors: [{ line: 4, suggestion: 'remove this row: line 2 already sends the campaign', fix: { action: 'remove' } }],
    },
    {
      name: 'the same customer twice: only the later row is flagged',
      customers,
      audience: 'customer_id\nC-LAURA\nC-OMAR\nC-LAURA\n',
      errors: [
        {
          line: 4,
          customerId: 'C-LAURA',
          message: 'Laura already receives this campaign on line 2 (same person)',
          evidence: { matchedBy: 'person', earlierLine: 2, earlierCustomerId: 'C-LAURA' },
        },
      ],
    },
    {
      name: 'two customer records of one person',
      customers,
      audience: 'customer_id,email\nC-LAURA,laura@example.com\nC-LAURA-2,laura.b@example.com\n',
      errors: [
        {
          line: 3,
          customerId: 'C-LAURA-2',
          message: 'Laura already receives this campaign on line 2 (same person, customer C-LAURA)',
          evidence: { matchedBy: 'person', earlierLine: 2 },
        },
      ],
    },
    {
      name: 'the same email address, trimmed and lower case, for customers not in the history',
      customers,
      audience: 'customer_id,email\nC-404,new@example.com\nC-405,"  New@Example.COM "\n',
      errors: [
        {
          line: 3,
          customerId: 'C-405',
          message: 'new@example.com already receives this campaign on line 2 (same email address)',
          evidence: { matchedBy: 'address', earlierLine: 2, earlierCustomerId: 'C-404', address: 'new@example.com' },
        },
      ],
    },
    {
      name: 'person and address on the same earlier row',
      customers,
      audience: 'customer_id,email\nC-OMAR,omar@example.com\nC-OMAR,OMAR@example.com\n',
      errors: [
        {
          line: 3,
          message: 'Omar already receives this campaign on line 2 (same person and email address)',
          evidence: { matchedBy: 'person and address', earlierLine: 2 },
        },
      ],
    },
    {
      name: 'phones match on their last 10 digits (sms)',
      customers,
      campaign: { channel: 'sms' },
      audience: 'phone\n+1 (555) 020-1234\n555.020.1234\n0015550201234\n',
      errors: [
        { line: 3, customerId: null, message: '5550201234 already receives this campaign on line 2 (same phone number)' },
        { line: 4, evidence: { matchedBy: 'address', earlierLine: 2, address: '5550201234' } },
      ],
    },
    {
      name: 'a phone with fewer than 7 digits is still an address for this rule (phone channel)',
      customers,
      campaign: { channel: 'phone' },
      audience: 'customer_id,phone\nC-404,12-34\nC-405,1234\n',
      errors: [{ line: 3, evidence: { matchedBy: 'address', address: '1234' } }],
    },
    {
      name: 'postal addresses case-folded with runs of blanks collapsed (direct_mail)',
      customers,
      campaign: { channel: 'direct_mail' },
      audience: 'customer_id,postal_address\nC-404,"9 Main St   Springfield"\nC-405,"9 MAIN ST\tSPRINGFIELD"\n',
      errors: [{ line: 3, message: '9 main st springfield already receives this campaign on line 2 (same postal address)' }],
    },
    {
      name: 'a row without customer_id belongs to the person of its address',
      customers,
      audience: 'customer_id,email\nC-LAURA-2,laura.b@example.com\n,laura@example.com\n',
      errors: [
        {
          line: 3,
          customerId: null,
          message: /^Laura already receives this campaign on line 2 \(same person, customer C-LAURA-2\)$/,
        },
      ],
    },
    {
      name: 'every later occurrence is flagged and names the first',
      customers,
      audience: 'customer_id\nC-GRACE\nC-GRACE\nC-OMAR\nC-GRACE\n',
      errors: [
        { line: 3, evidence: { earlierLine: 2 } },
        { line: 5, evidence: { earlierLine: 2 } },
      ],
    },
    {
      name: 'an address first seen on a row that was itself a duplicate',
      customers,
      // Line 3 repeats Omar (person); line 4 is another customer at the address line 3 introduced.
      audience: 'customer_id,email\nC-OMAR,omar@example.com\nC-OMAR,shared@example.com\nC-404,shared@example.com\n',
      errors: [
        { line: 3, evidence: { matchedBy: 'person', earlierLine: 2 } },
        { line: 4, customerId: 'C-404', evidence: { matchedBy: 'address', earlierLine: 3, earlierCustomerId: 'C-OMAR' } },
      ],
    },
    {
      name: 'when person and address match different rows, the earlier line is named',
      customers,
      audience:
        'customer_id,email\nC-GRACE,grace@example.com\nC-404,x@example.com\nC-GRACE,x@example.com\nC-405,a@example.com\nC-OMAR,a@example.com\n',
      errors: [
        { line: 4, evidence: { matchedBy: 'person', earlierLine: 2 } },
        { line: 6, evidence: { matchedBy: 'address', earlierLine: 5, earlierCustomerId: 'C-405' } },
      ],
    },
    {
      name: 'push rows are compared by person',
      customers,
      campaign: { channel: 'push' },
      audience: 'customer_id\nC-LAURA\nC-LAURA-2\n',
      errors: [{ line: 3, evidence: { matchedBy: 'person', earlierLine: 2 } }],
    },
    {
      name: 'a control row between two sends does not hide the duplicate',
      customers,
      campaign: control,
      audience: 'customer_id,group\nC-OMAR,treatment\nC-OMAR,control\nC-OMAR,\n',
      errors: [{ line: 4, evidence: { earlierLine: 2 } }],
    },
    {
      name: 'each campaign of the run is checked on its own',
      customers,
      audience: 'customer_id\nC-OMAR\n',
      others: [{ campaign: { id: 'reminder' }, audience: 'customer_id\nC-GRACE\nC-OMAR\nC-GRACE\n' }],
      errors: [{ line: 4, campaignId: 'reminder', customerId: 'C-GRACE', evidence: { earlierLine: 2 } }],
    },
  ],
});

// Rows made in the test: repeats by person and by address, and more rows than the rule's tables
// first hold.
describe('duplicate-recipient over many rows', () => {
  const campaign = { campaign: { id: 'c', channel: 'email', sendAt: 0 }, index: 0 } as unknown as CampaignRun;
  const laura = { index: 0, firstNames: ['Laura'] } as unknown as Person;
  const omar = { index: 1, firstNames: ['Omar'] } as unknown as Person;
  const row = (line: number, customerId: string | null, person: Person | undefined, address: string) =>
    ({ campaign, line, customerId, person, address }) as unknown as AudienceRow;
  const rows = [
    row(2, 'C-LAURA-2', laura, 'laura.b@example.com'),
    row(3, 'C-OMAR', omar, 'shared@example.com'),
    row(4, 'C-LAURA', laura, 'laura@example.com'),
    row(5, 'C-404', undefined, 'shared@example.com'),
    row(6, 'C-LAURA', laura, 'LAURA@example.com'),
    row(7, null, undefined, ' laura.b@example.com'),
  ];

  it('flags each row whose person or address came on an earlier row', () => {
    expect(ruleFindingsOver(duplicateRecipient, rows, { campaigns: [campaign] })).toHaveLength(4);
  });

  it('finds every repeat among more rows than the tables first hold', () => {
    // 150 rows: 40 people (every fifth row has none) and 55 addresses, repeating at different paces.
    const people = Array.from({ length: 40 }, (_, i) => ({ index: 3 * i, firstNames: [] }) as unknown as Person);
    const many = Array.from({ length: 150 }, (_, i) =>
      row(2 + i, `C-${i % 40}`, i % 5 === 0 ? undefined : people[i % 40], `a${i % 55}@example.com`),
    );
    const seenPeople = new Set<Person>();
    const seenAddresses = new Set<string>();
    let duplicates = 0;
    for (const r of many) {
      const again = (r.person !== undefined && seenPeople.has(r.person)) || seenAddresses.has(r.address);
      if (again) duplicates++;
      if (r.person) seenPeople.add(r.person);
      seenAddresses.add(r.address);
    }
    expect(ruleFindingsOver(duplicateRecipient, many, { campaigns: [campaign] })).toHaveLength(duplicates);
  });
});
