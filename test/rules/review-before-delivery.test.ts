import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,email
C-1,Ida,ida@example.com
C-1B,Ida,IDA@example.com
C-2,Raj,raj@example.com
`;
const orders = `order_id,customer_id,ordered_at,status,delivered_at
O-DELIVERED,C-1,2026-10-01,delivered,2026-10-04
O-LINKED,C-1B,2026-10-01,delivered,2026-10-04T10:00:00Z
O-SHIPPED,C-1,2026-11-01,shipped,
O-CANCELLED,C-1,2026-10-01,cancelled,
O-RETURNED,C-1,2026-10-01,returned,2026-10-04
O-LATE,C-1,2026-11-10,delivered,2026-11-16
O-RAJ,C-2,2026-10-01,delivered,2026-10-03
O-ONTIME,C-1,2026-11-10,delivered,2026-11-15T09:00:00Z
`;
const review = { type: 'review_request' };

ruleTester('review-before-delivery', {
  valid: [
    { name: 'a delivered order', customers, orders, campaign: review, audience: 'customer_id,order_id\nC-1,O-DELIVERED\n' },
    {
      name: "an order of the person's linked record",
      customers,
      orders,
      campaign: review,
      audience: 'customer_id,order_id\nC-1,O-LINKED\n',
    },
    {
      name: 'delivered exactly at send_at',
      customers,
      orders,
      campaign: review,
      audience: 'customer_id,order_id\nC-1,O-ONTIME\n',
    },
    { name: 'not a review request', customers, orders, audience: 'customer_id,order_id\nC-1,O-SHIPPED\n' },
  ],
  invalid: [
    {
      name: 'what to do: remove, or move the request to after delivery',
      customers,
      orders,
      campaign: review,
      audience: 'customer_id,order_id\nC-1,O-LATE\nC-1,O-CANCELLED\nC-1,\n',
      errors: [
        { line: 2, suggestion: 'move to after delivery on 2026-11-16: remove the row here', fix: { action: 'remove' } },
        {
          line: 3,
          suggestion: 'remove: order O-CANCELLED was cancelled, there is nothing to review',
          fix: { action: 'remove' },
        },
        { line: 4, suggestion: 'fill in the order_id of the order to review, or remove the row', fix: { action: 'remove' } },
      ],
    },
    {
      name: 'every reason a review request is premature',
      customers,
      orders,
      campaign: review,
      audience: [
        'customer_id,order_id',
        'C-1,O-SHIPPED',
        'C-1,O-CANCELLED',
        'C-1,O-RETURNED',
        'C-1,O-LATE',
        'C-1,O-RAJ',
        'C-1,O-NOPE',
        'C-1,',
      ].join('\n'),
      errors: [
        {
          line: 2,
          column: 'order_id',
          message: /O-SHIPPED before it was delivered \(status shipped/,
          evidence: { status: 'shipped', deliveredAt: null },
        },
        { line: 3, message: /O-CANCELLED, which was cancelled/ },
        { line: 4, message: /O-RETURNED, which was returned/ },
        { line: 5, message: /delivered only at 2026-11-16, after send time/ },
        { line: 6, message: 'order O-RAJ belongs to another customer (C-2)' },
        { line: 7, message: 'order O-NOPE is not in the order history' },
        { line: 8, message: /without an order_id/ },
      ],
    },
    {
      name: 'no order_id column at all',
      customers,
      orders,
      campaign: review,
      audience: 'customer_id\nC-1\n',
      errors: [{ line: 2 }],
    },
  ],
});
