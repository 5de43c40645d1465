import { ruleTester } from '../support/rule-tester.js';

ruleTester('invalid-value', {
  valid: [
    {
      name: 'readable discounts and empty cells',
      audience: 'customer_id,discount_pct,discount_amount\nC-1,25,\nC-2,25%,10.5\nC-3,,\nC-4,0,\nC-5,100,\n',
    },
    {
      name: 'readable history values in every accepted spelling',
      customers:
        'customer_id,birth_date,children_birth_years,email_consent,sms_consent,do_not_contact,unsubscribed_at\n' +
        'C-1,1980-02-29,2010;2014,yes,opted_out,N,2026-01-01T10:00:00+02:00\nC-2,,,,,,\n',
      orders:
        'order_id,customer_id,ordered_at,status,delivered_at,total\nO-1,C-1,2026-01-01,Delivered,2026-01-03,19.90\nO-2,C-1,2026-02-01,,,\n',
      contacts: 'customer_id,channel,sent_at\nC-1,email,2026-11-10T08:00:00Z\n',
      audience: 'customer_id\nC-1\n',
    },
    {
      name: 'a status mapped with values:',
      orders: 'order_id,customer_id,ordered_at,status\nO-1,C-1,2026-01-01,canceled\n',
      campaign: {
        history: {
          customers: 'data/customers.csv',
          orders: { path: 'data/orders.csv', values: { status: { canceled: 'cancelled' } } },
        },
      },
      audience: 'customer_id\nC-1\n',
    },
    {
      name: 'a date in the format the source names',
      orders: 'order_id,customer_id,ordered_at\nO-1,C-1,12/31/2025\n',
      campaign: {
        history: { customers: 'data/customers.csv', orders: { path: 'data/orders.csv', date_format: 'MM/DD/YYYY' } },
      },
      audience: 'customer_id\nC-1\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: correct the cell',
      audience: 'customer_id,discount_pct\nC-1,lots\nC-2,120\n',
      errors: [
        { line: 2, suggestion: 'correct the discount_pct cell to a percentage, or empty it', fix: null },
        { line: 3, suggestion: 'correct the discount_pct cell to a percentage from 0 to 100', fix: null },
      ],
    },
    {
      name: 'unreadable and out-of-range discounts in the audience',
      audience: 'customer_id,discount_pct,discount_amount\nC-1,25 percent,\nC-2,140,\nC-3,-5,\nC-4,,ten\n',
      errors: [
        {
          line: 2,
          campaignId: 'test-campaign',
          column: 'discount_pct',
          message: 'discount_pct "25 percent" is not a valid percentage',
          evidence: { value: '25 percent' },
        },
        { line: 3, column: 'discount_pct', message: 'discount_pct "140" is outside 0–100' },
        { line: 4, column: 'discount_pct' },
        { line: 5, column: 'discount_amount', message: 'discount_amount "ten" is not a valid number' },
      ],
    },
    {
      name: 'bad values in the history belong to the run',
      customers: 'customer_id,birth_date,email_consent,children_birth_years\nC-1,31/12/1980,maybe,2010;20x4\n',
      orders:
        'order_id,customer_id,ordered_at,status,delivered_at,total\nO-1,C-1,yesterday,shipped,,\nO-2,C-1,2026-01-01,canceled,,12.50\n',
      audience: 'customer_id\nC-1\n',
      errors: [
        {
          line: 2,
          campaignId: null,
          customerId: null,
          column: 'email_consent',
          message: 'email_consent "maybe" is not a valid boolean',
        },
        { line: 2, column: 'birth_date', evidence: { value: '31/12/1980', expected: 'date' } },
        { line: 2, column: 'children_birth_years', evidence: { expected: 'list of years' } },
        { line: 2, column: 'ordered_at', message: 'ordered_at "yesterday" is not a valid date' },
        { line: 3, column: 'status', message: /status "canceled" is not an order status/ },
      ],
    },
  ],
});
