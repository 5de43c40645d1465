import { describe, expect, it } from 'vitest';
import loyaltyInversion from '../../rules/loyalty-inversion/index.js';
import { LoyaltyScale } from '../../src/engine/loyalty.js';
import type { AudienceRow, OfferValue } from '../../src/engine/row.js';
import type { Person } from '../../src/people/profiles.js';
import { ruleTester } from '../support/rule-tester.js';
import { campaignRun, ruleFindingsOver } from '../support/rule-over-rows.js';

// Laura has 6 orders (one on a linked record with the same email), Mo 3, Sam and Ana none.
const customers = `customer_id,first_name,last_name,email
C-LAURA,Laura,Reyes,laura@example.com
C-LAURA-2,Laura,Reyes,LAURA@example.com
C-MO,Mo,Chen,mo@example.com
C-SAM,Sam,Ito,sam@example.com
C-ANA,Ana,Silva,ana@example.com
C-GROW,Gil,Moss,gil@example.com
`;
const orders = `order_id,customer_id,ordered_at,status,delivered_at
O1,C-LAURA,2026-01-05,delivered,2026-01-08
O2,C-LAURA,2026-02-05,delivered,2026-02-08
O3,C-LAURA,2026-03-05,delivered,2026-03-08
O4,C-LAURA,2026-04-05,delivered,2026-04-08
O5,C-LAURA,2026-05-05,delivered,2026-05-08
O6,C-LAURA-2,2026-06-05,delivered,2026-06-08
O7,C-MO,2026-01-05,delivered,2026-01-08
O8,C-MO,2026-02-05,shipped,
O9,C-MO,2026-03-05,placed,
O10,C-SAM,2026-03-05,cancelled,
O11,C-ANA,2026-12-20,delivered,
O12,C-GROW,2026-11-01,delivered,2026-11-03
O13,C-GROW,2026-11-20,delivered,2026-11-22
`;

// Twelve order bands (0, 1, …, 11+ orders) and one customer in each: L-i has i orders. The most
// loyal is offered 5%, every other 10%.
const twelveBands = {
  config: { loyalty: { bands: Array.from({ length: 11 }, (_, i) => i + 1) } },
  customers:
    'customer_id,first_name,last_name,email\n' +
    Array.from({ length: 12 }, (_, i) => `L-${i},${i === 11 ? 'Zed' : 'Lo'},Band${i},l${i}@example.com\n`).join(''),
  orders:
    'order_id,customer_id,ordered_at,status,delivered_at\n' +
    Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: i }, (_, o) => `O-${i}-${o},L-${i},2026-01-05,delivered,2026-01-08\n`).join(''),
    ).join(''),
  audience: `customer_id,discount_pct\n${Array.from({ length: 12 }, (_, i) => `L-${i},${i === 11 ? 5 : 10}\n`).join('')}`,
};

ruleTester('loyalty-inversion', {
  valid: [
    {
      name: 'more loyal people are offered at least as much',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-LAURA,40\nC-MO,30\nC-SAM,25\n',
    },
    {
      name: 'equal offers are not an inversion',
      customers,
      orders,
      campaign: { offer: { discount_pct: 20 } },
      audience: 'customer_id\nC-LAURA\nC-SAM\n',
    },
    {
      name: 'percentages and amounts are not compared',
      customers,
      orders,
      audience: 'customer_id,discount_pct,discount_amount\nC-LAURA,10,\nC-SAM,,50\n',
      campaign: { offer: { currency: 'USD' } },
    },
    {
      name: 'amounts in different currencies are not compared',
      customers,
      orders,
      audience: 'customer_id,discount_amount,currency\nC-LAURA,5,USD\nC-SAM,50,EUR\n',
    },
    {
      name: 'people in the same band may be offered different values',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-SAM,10\nC-ANA,40\n',
    },
    {
      name: 'control rows and unknown customers are not compared',
      customers,
      orders,
      campaign: { control_group: { column: 'group', control_values: ['control'] } },
      audience: 'customer_id,discount_pct,group\nC-LAURA,10,treatment\nC-SAM,40,control\nC-NOBODY,50,treatment\n',
    },
    {
      name: 'campaigns further apart than window_days are not compared',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-LAURA,10\n',
      others: [{ campaign: { send_at: '2026-09-01T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-SAM,40\n' }],
    },
    {
      name: 'orders after send_at do not count',
      customers,
      orders,
      // Ana's only order comes after the send: she is in the lowest band like Sam.
      audience: 'customer_id,discount_pct\nC-ANA,10\nC-SAM,40\n',
    },
    {
      name: "a person's own earlier, better offer is not another person's",
      customers,
      orders,
      // Gil has 1 order at the first send (0–1 band, 40%) and 2 at the second (2–4 band, 25%).
      audience: 'customer_id,discount_pct\nC-GROW,40\n',
      others: [{ campaign: { send_at: '2026-11-25T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-GROW,25\n' }],
    },
  ],
  invalid: [
    {
      name: 'what to do: raise the discount cell to what newcomers get (a fix), or give the row its own offer',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-SAM,40\nC-LAURA,25\n',
      errors: [
        {
          line: 3,
          suggestion: 'raise the discount for Laura to 40%, what customers with 0–1 orders get',
          fix: { action: 'set', column: 'discount_pct', value: '40' },
        },
      ],
    },
    {
      name: "what to do when the offer is the campaign's: no fix, a row of its own",
      customers,
      orders,
      campaign: { offer: { discount_pct: 25 } },
      audience: 'customer_id\nC-LAURA\n',
      others: [{ campaign: { id: 'newcomers' }, audience: 'customer_id,discount_pct\nC-SAM,40\n' }],
      errors: [
        {
          line: 2,
          suggestion: /^raise the discount for Laura to 40%, what customers with 0–1 orders get: .* give this row a discount_pct/,
          fix: null,
        },
      ],
    },
    {
      name: 'another person in a lower band still counts when the person also has rows there',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-GROW,40\nC-SAM,30\n',
      others: [{ campaign: { send_at: '2026-11-25T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-GROW,25\n' }],
      errors: [
        {
          line: 2,
          campaignId: 'other-0',
          message: /Gil \(2 orders\) is offered 25% while 1 person with 0–1 orders is offered 30%/,
        },
      ],
    },
    {
      name: 'the loyal customer is offered less than lapsed ones',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-LAURA,25\nC-SAM,40\nC-ANA,40\nC-MO,25\n',
      errors: [
        {
          line: 2,
          customerId: 'C-LAURA',
          message: 'Laura (6 orders) is offered 25% while 2 people with 0–1 orders are offered 40%',
          evidence: { offered: 25, orders: 6, lowerBandsOfferedMore: { people: 2, highestOffer: 40 } },
        },
        { line: 5, customerId: 'C-MO', message: /Mo \(3 orders\) is offered 25% while 2 people/ },
      ],
    },
    {
      name: 'the campaign offer applies where the row has none',
      customers,
      orders,
      campaign: { offer: { discount_pct: 15 } },
      audience: 'customer_id,discount_pct\nC-LAURA,\nC-MO,20\n',
      errors: [{ line: 2, message: /offered 15% while 1 person with 2–4 orders is offered 20%/ }],
    },
    {
      name: 'amounts of the same currency compare',
      customers,
      orders,
      campaign: { offer: { currency: 'usd' } },
      audience: 'customer_id,discount_amount\nC-LAURA,5\nC-SAM,10\n',
      errors: [{ line: 2, message: /offered 5 USD while 1 person with 0–1 orders is offered 10 USD/ }],
    },
    {
      name: 'offers in other campaigns of the run within the window count',
      customers,
      orders,
      audience: 'customer_id,discount_pct\nC-LAURA,10\n',
      others: [{ campaign: { send_at: '2026-11-20T09:00:00Z' }, audience: 'customer_id,discount_pct\nC-SAM,40\n' }],
      errors: [{ line: 2, campaignId: 'test-campaign' }],
    },
    {
      name: 'configured bands',
      customers,
      orders,
      config: { loyalty: { bands: [4] } },
      audience: 'customer_id,discount_pct\nC-MO,20\nC-LAURA,10\n',
      errors: [{ line: 3, message: /Laura \(6 orders\) is offered 10% while 1 person with 0–3 orders is offered 20%/ }],
    },

    {
      name: 'twelve bands offered more: the first 10 are named and the rest counted',
      ...twelveBands,
      errors: [
        {
          line: 13,
          customerId: 'L-11',
          message:
            'Zed (11 orders) is offered 5% while 11 people with 0 orders, 1 orders, 2 orders, 3 orders, 4 orders, ' +
            '5 orders, 6 orders, 7 orders, 8 orders, 9 orders and 1 more are offered 10%',
          evidence: {
            lowerBandsOfferedMore: {
              people: 11,
              bands: Array.from({ length: 10 }, (_, i) => `${i} orders`),
              bandsTotal: 11,
              highestOffer: 10,
            },
          },
        },
      ],
    },
  ],
});

// Rows made in the test: a person whose band changes between campaigns, and more offers than the
// rule's tables first hold.
describe('loyalty-inversion over many rows', () => {
  // September sees October; October sees both; November sees only October.
  const campaigns = [campaignRun(0, 'september', 0), campaignRun(1, 'october', 5), campaignRun(2, 'november', 35)];
  const scale = new LoyaltyScale({ measure: 'orders', bands: [2, 5], tiers: [] });
  const personOf = (index: number, name?: string) => ({ index, firstNames: name ? [name] : [] }) as unknown as Person;
  const [gil, sam, mo, laura] = [personOf(5, 'Gil'), personOf(1, 'Sam'), personOf(3, 'Mo'), personOf(90, 'Laura')];
  const pct = (value: number): OfferValue => ({ kind: 'discount_pct', value });
  const usd = (value: number): OfferValue => ({ kind: 'discount_amount:USD', value });
  const row = (campaign: number, line: number, customerId: string, person: Person, orders: number, offers: OfferValue[]) =>
    ({
      campaign: campaigns[campaign],
      line,
      customerId,
      person,
      offers,
      loyalty: scale.of({ orderCounts: [orders] } as unknown as Person, 0),
    }) as unknown as AudienceRow;
  const rows = [
    // Gil grows from the 0–1 band (40%) to 2–4 (25%): his own better offer does not count, Sam's 30% does.
    row(0, 2, 'C-GIL', gil, 1, [pct(40)]),
    row(0, 3, 'C-SAM', sam, 0, [pct(30)]),
    row(1, 2, 'C-GIL-2', gil, 2, [pct(25)]),
    // Laura (5+) is offered no less than Gil and Mo (2–4) in percent, but less in amount: one finding.
    row(2, 2, 'C-LAURA', laura, 6, [pct(25), usd(5)]),
    row(2, 3, 'C-MO', mo, 3, [pct(20), usd(10)]),
    // 120 people in the lowest band offered little, past the tables' first capacity.
    ...Array.from({ length: 120 }, (_, i) => row(i % 3, 10 + i, `C-${i}`, personOf(200 + i), 0, [pct(5), usd(1)])),
  ];

  it("leaves a person's own offers out, and compares each offer kind on its own", () => {
    const found = ruleFindingsOver(loyaltyInversion, rows, { campaigns, loyalty: scale });
    expect(found.map((f) => f.split(' ', 2).join(' '))).toEqual(['november:2 C-LAURA', 'october:2 C-GIL-2']);
    expect(found[0]).toContain('"offer":"5 USD","count":1,"lowerBands":"2–4 orders","better":"10 USD"');
    expect(found[1]).toContain('"offer":"25%","count":1,"lowerBands":"0–1 orders","better":"30%"');
  });
});
