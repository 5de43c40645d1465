import { describe, expect, it } from 'vitest';
import inconsistentOffer from '../../rules/inconsistent-offer/index.js';
import type { AudienceRow, OfferValue } from '../../src/engine/row.js';
import type { Person } from '../../src/people/profiles.js';
import { ruleTester } from '../support/rule-tester.js';
import { campaignRun, ruleFindingsOver } from '../support/rule-over-rows.js';

// C-LAURA and C-LAURA-2 are one person with two addresses (same name and postal code); C-LAURA-3
// joins her by phone. Omar is a person of his own.
const customers = `customer_id,first_name,last_name,email,phone,postal_code
C-LAURA,Laura,Bennett,laura@example.com,,10001
C-LAURA-2,Laura,Bennett,laura.b@example.com,555 010 0001,10001
C-LAURA-3,,,l.bennett@example.com,(555) 010-0001,
C-OMAR,Omar,Haddad,omar@example.com,,10002
`;

const control = { control_group: { column: 'group', control_values: ['control'] } };
const sameWeek = (id: string, extra: Record<string, unknown> = {}) => ({ id, send_at: '2026-11-18T09:00:00Z', ...extra });

ruleTester('inconsistent-offer', {
  valid: [
    {
      name: 'the same value in two campaigns of the run',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [{ campaign: sameWeek('reactivation-fall'), audience: 'customer_id,discount_pct\nC-LAURA-2,25\n' }],
    },
    {
      name: 'different people may be offered different values',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\nC-OMAR,40\n',
    },
    {
      name: 'a percentage and an amount are different kinds',
      customers,
      campaign: { offer: { currency: 'USD' } },
      audience: 'customer_id,discount_pct,discount_amount\nC-LAURA,25,\nC-LAURA-2,,40\n',
    },
    {
      name: 'amounts in different currencies are different kinds',
      customers,
      audience: 'customer_id,discount_amount,currency\nC-LAURA,10,USD\nC-LAURA-2,15,EUR\n',
    },
    {
      name: 'campaigns further apart than window_days are not in the run',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [
        { campaign: { id: 'spring', send_at: '2026-10-15T08:59:59Z' }, audience: 'customer_id,discount_pct\nC-LAURA-2,40\n' },
      ],
    },
    {
      name: 'window_days from the config',
      customers,
      config: { run: { window_days: 2 } },
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [{ campaign: sameWeek('reactivation-fall'), audience: 'customer_id,discount_pct\nC-LAURA-2,40\n' }],
    },
    {
      name: 'rows without a person are skipped',
      customers,
      audience: 'customer_id,discount_pct\nC-404,25\nC-404,40\n',
    },
    {
      name: 'control rows are never seen',
      customers,
      campaign: control,
      audience: 'customer_id,discount_pct,group\nC-LAURA,25,treatment\nC-LAURA-2,40,control\n',
    },
    {
      name: 'a row without an offer offers nothing',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [{ campaign: sameWeek('newsletter', { type: 'newsletter' }), audience: 'customer_id\nC-LAURA-2\n' }],
    },
    {
      name: 'the same campaign offer for every row of a person',
      customers,
      campaign: { offer: { discount_pct: 20 } },
      audience: 'customer_id,discount_pct\nC-LAURA,\nC-LAURA-2,20\nC-OMAR,\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: later rows take the first offer (a fix where the cell holds it)',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\nC-OMAR,10\nC-LAURA-2,40\n',
      errors: [
        { line: 2, suggestion: 'offer Laura 25% on every row, as this one does', fix: null },
        { line: 4, suggestion: 'offer 25%, as line 2 does', fix: { action: 'set', column: 'discount_pct', value: '25' } },
      ],
    },
    {
      name: 'the print shop: one person, two records, 25% and 40% the same week',
      customers,
      campaign: { id: 'loyalty-fall' },
      audience: 'customer_id,discount_pct\nC-LAURA,25\nC-OMAR,25\n',
      others: [
        {
          campaign: sameWeek('reactivation-fall', { type: 'reactivation' }),
          audience: 'customer_id,discount_pct\nC-OMAR,25\nC-LAURA-2,40\n',
        },
      ],
      errors: [
        {
          line: 2,
          campaignId: 'loyalty-fall',
          customerId: 'C-LAURA',
          message: 'Laura is offered 25% on line 2 and 40% on line 3 (campaign reactivation-fall)',
          evidence: {
            offerKind: 'discount_pct',
            offered: 25,
            offers: [
              { campaignId: 'loyalty-fall', line: 2, customerId: 'C-LAURA', value: 25 },
              { campaignId: 'reactivation-fall', line: 3, customerId: 'C-LAURA-2', value: 40 },
            ],
          },
        },
        {
          line: 3,
          campaignId: 'reactivation-fall',
          customerId: 'C-LAURA-2',
          message: 'Laura is offered 40% on line 3 and 25% on line 2 (campaign loyalty-fall)',
        },
      ],
    },
    {
      name: 'two values in one campaign: every row of the person, the first included',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\nC-OMAR,10\nC-LAURA-2,25\nC-LAURA-3,40\n',
      errors: [
        { line: 2, message: 'Laura is offered 25% on line 2 and 40% on line 5' },
        { line: 4, message: 'Laura is offered 25% on line 4 and 40% on line 5' },
        { line: 5, customerId: 'C-LAURA-3', message: 'Laura is offered 40% on line 5 and 25% on line 2' },
      ],
    },
    {
      name: 'three different values are all named',
      customers,
      audience: 'customer_id,discount_pct\nC-OMAR,10\nC-OMAR,15\nC-OMAR,20\n',
      errors: [{ line: 2, message: 'Omar is offered 10% on line 2, 15% on line 3 and 20% on line 4' }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'the campaign offer against a row cell',
      customers,
      campaign: { offer: { discount_pct: 20 } },
      audience: 'customer_id,discount_pct\nC-LAURA,\nC-OMAR,\nC-LAURA-2,30\n',
      errors: [{ line: 2, message: /offered 20% on line 2 and 30% on line 4/ }, { line: 4 }],
    },
    {
      name: 'amounts of the same currency',
      customers,
      campaign: { offer: { currency: 'usd' } },
      audience: 'customer_id,discount_amount,currency\nC-LAURA,10,\nC-LAURA-2,15,USD\n',
      errors: [
        {
          line: 2,
          message: 'Laura is offered 10 USD on line 2 and 15 USD on line 3',
          evidence: { offerKind: 'discount_amount:USD' },
        },
        { line: 3 },
      ],
    },
    {
      name: 'only rows with an offer of the inconsistent kind are flagged, once each',
      customers,
      campaign: { offer: { currency: 'USD' } },
      audience:
        'customer_id,discount_pct,discount_amount\nC-LAURA,25,10\nC-LAURA-2,25,15\nC-LAURA-3,25,\nC-OMAR,10,5\nC-OMAR,20,7\n',
      errors: [
        { line: 2, evidence: { offerKind: 'discount_amount:USD' } },
        { line: 3, evidence: { offerKind: 'discount_amount:USD' } },
        { line: 5, evidence: { offerKind: 'discount_pct' } },
        { line: 6, message: 'Omar is offered 20% on line 6 and 10% on line 5' },
      ],
    },
    {
      name: 'a row without customer_id belongs to the person of its address',
      customers,
      audience: 'customer_id,email,discount_pct\nC-LAURA,,25\n,laura.b@example.com,40\n',
      errors: [{ line: 2 }, { line: 3, customerId: null, message: 'Laura is offered 40% on line 3 and 25% on line 2' }],
    },
    {
      name: "the run is each row's own: campaigns 20 days apart, the ends 40 apart",
      customers,
      // This campaign (Nov 15) sees both others; Oct 26 does not see Dec 5.
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [
        { campaign: { id: 'october', send_at: '2026-10-26T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-LAURA-2,25\n' },
        { campaign: { id: 'december', send_at: '2026-12-05T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-LAURA-3,40\n' },
      ],
      errors: [
        { line: 2, campaignId: 'test-campaign', message: 'Laura is offered 25% on line 2 and 40% on line 2 (campaign december)' },
        { line: 2, campaignId: 'december', customerId: 'C-LAURA-3' },
      ],
    },
    {
      name: 'a campaign exactly window_days away is in the run',
      customers,
      audience: 'customer_id,discount_pct\nC-LAURA,25\n',
      others: [
        { campaign: { id: 'spring', send_at: '2026-10-15T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-LAURA-2,40\n' },
      ],
      errors: [
        { line: 2, campaignId: 'test-campaign' },
        { line: 2, campaignId: 'spring' },
      ],
    },

    {
      name: 'a person on 15 rows with 15 values: the first 10 are named and the rest counted',
      customers,
      audience: `customer_id,discount_pct\n${Array.from({ length: 15 }, (_, i) => `C-OMAR,${i + 1}\n`).join('')}`,
      errors: Array.from({ length: 15 }, (_, i) => ({
        line: i + 2,
        ...(i === 0 && {
          message: `Omar is offered ${Array.from({ length: 10 }, (_, o) => `${o + 1}% on line ${o + 2}`).join(', ')} and 5 more`,
          evidence: {
            offered: 1,
            offers: Array.from({ length: 10 }, (_, o) => ({ line: o + 2, value: o + 1 })),
            offersTotal: 15,
          },
        }),
      })),
    },
  ],
});

// Rows made in the test: a person under three customer ids, and more offers than the rule's tables
// first hold.
describe('inconsistent-offer over many rows', () => {
  const campaigns = [campaignRun(0, 'october', 0), campaignRun(1, 'november', 20), campaignRun(2, 'december', 40)];
  const laura = { index: 0, firstNames: ['Laura'] } as unknown as Person;
  const omar = { index: 1, firstNames: ['Omar'] } as unknown as Person;
  const row = (campaign: number, line: number, customerId: string, person: Person, offers: OfferValue[]) =>
    ({ campaign: campaigns[campaign], line, customerId, person, offers }) as unknown as AudienceRow;
  const pct = (value: number): OfferValue => ({ kind: 'discount_pct', value });
  const rows = [
    row(0, 2, 'C-LAURA', laura, [pct(25)]),
    row(0, 3, 'C-OMAR', omar, [pct(10), { kind: 'discount_amount:USD', value: 5 }]),
    row(1, 2, 'C-LAURA-2', laura, [pct(25)]),
    row(1, 3, 'C-OMAR', omar, [pct(10), { kind: 'discount_amount:USD', value: 7 }]),
    row(2, 2, 'C-LAURA-3', laura, [pct(40)]),
  ];

  it("compares a person's offers under each of their customer ids, within each campaign's run", () => {
    const found = ruleFindingsOver(inconsistentOffer, rows, { campaigns });
    // November and December for Laura (October does not see December); both of Omar's rows (amounts).
    expect(found.map((f) => f.split(' ')[0])).toEqual(['december:2', 'november:2', 'november:3', 'october:3']);
  });

  it('finds every inconsistent person among more rows than the tables first hold', () => {
    // 40 people, each offered in every campaign; every seventh person gets a different amount in November.
    const people = Array.from({ length: 40 }, (_, i) => ({ index: 40 - i, firstNames: [] }) as unknown as Person);
    const many = people.flatMap((person, i) =>
      [0, 1, 2].map((campaign) =>
        row(campaign, 10 + i, `C-${i}-${campaign}`, person, [
          { kind: 'discount_amount:EUR', value: campaign === 1 && i % 7 === 0 ? 15 : 10 },
          pct(20),
        ]),
      ),
    );
    // 6 such people, each flagged in all three campaigns (October and December both see November).
    expect(ruleFindingsOver(inconsistentOffer, many, { campaigns })).toHaveLength(18);
  });
});
