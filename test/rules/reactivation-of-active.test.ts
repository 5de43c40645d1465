import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleTester, runCase } from '../support/rule-tester.js';

// send_at 2026-11-15T09:00:00Z; 90 days before is 2026-08-17T09:00:00Z.
const customers = `customer_id,person_id,first_name,email,brand
C-RECENT,,Laura,laura@example.com,prints
C-OLD,,Olu,olu@example.com,prints
C-EDGE,,Eve,eve@example.com,prints
C-AT,,Ava,ava@example.com,prints
C-CANCELLED,,Cam,cam@example.com,prints
C-RETURNED,,Rex,rex@example.com,prints
C-LINK-A,P-1,Lin,lin@example.com,prints
C-LINK-B,P-1,Lin,lin.b@example.com,apparel
C-TODAY,,Tod,tod@example.com,prints
C-NONE,,Nia,nia@example.com,prints
`;
const orders = `order_id,customer_id,ordered_at,status,brand
O-1,C-RECENT,2026-06-01,delivered,prints
O-2,C-RECENT,2026-11-03,shipped,prints
O-3,C-OLD,2026-08-17T08:59:59Z,delivered,prints
O-4,C-EDGE,2026-08-17T09:00:00Z,delivered,prints
O-5,C-AT,2026-11-15T09:00:00Z,placed,prints
O-6,C-AT,2026-11-20,placed,prints
O-7,C-CANCELLED,2026-11-01,cancelled,prints
O-8,C-RETURNED,2026-11-01,returned,prints
O-9,C-LINK-B,2026-10-01,delivered,apparel
O-10,C-TODAY,2026-11-15T08:00:00Z,placed,prints
`;
const reactivation = { type: 'reactivation', brand: 'prints' };

ruleTester('reactivation-of-active', {
  valid: [
    { name: 'last order just before the window', customers, orders, campaign: reactivation, audience: 'customer_id\nC-OLD\n' },
    {
      name: 'orders at or after send_at do not count',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-AT\n',
    },
    { name: 'cancelled orders do not count', customers, orders, campaign: reactivation, audience: 'customer_id\nC-CANCELLED\n' },
    { name: 'no orders at all', customers, orders, campaign: reactivation, audience: 'customer_id\nC-NONE\n' },
    { name: 'a customer not in the history', customers, orders, campaign: reactivation, audience: 'customer_id\nC-404\n' },
    { name: 'not a reactivation campaign', customers, orders, audience: 'customer_id\nC-RECENT\nC-TODAY\n' },
    {
      name: 'active_days shorter than the time since the order',
      customers,
      orders,
      campaign: reactivation,
      options: { active_days: 12 },
      audience: 'customer_id\nC-RECENT\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: remove, with the date of the last order',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-RECENT\n',
      errors: [{ line: 2, suggestion: 'remove: Laura ordered on 2026-11-03 and needs no win-back', fix: { action: 'remove' } }],
    },
    {
      name: 'ordered 12 days ago',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-OLD\nC-RECENT\n',
      errors: [
        {
          line: 3,
          customerId: 'C-RECENT',
          message: 'Laura is asked to come back, but ordered 12 days ago (2026-11-03)',
          evidence: { lastOrderAt: '2026-11-03T00:00:00.000Z', daysSinceLastOrder: 12, activeDays: 90 },
        },
      ],
    },
    {
      name: 'an order exactly active_days before send_at is inside the window',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-EDGE\n',
      errors: [{ line: 2, message: 'Eve is asked to come back, but ordered 90 days ago (2026-08-17)' }],
    },
    {
      name: 'a returned order is not cancelled',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-RETURNED\n',
      errors: [{ line: 2, message: /Rex .* ordered 14 days ago \(2026-11-01\)/ }],
    },
    {
      name: 'an order of another brand on a linked record',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-LINK-A\n',
      errors: [{ line: 2, customerId: 'C-LINK-A', message: /Lin is asked to come back, but ordered 45 days ago \(2026-10-01\)/ }],
    },
    {
      name: 'ordered earlier the same day',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-TODAY\n',
      errors: [{ line: 2, message: /ordered less than a day ago \(2026-11-15\)/, evidence: { daysSinceLastOrder: 0 } }],
    },
    {
      name: 'a row without customer_id, found by its email',
      customers,
      orders,
      campaign: reactivation,
      audience: 'email\nLAURA@example.com\n',
      errors: [{ line: 2, customerId: null, message: /^Laura is asked to come back/ }],
    },
    {
      name: 'a longer active_days',
      customers,
      orders,
      campaign: reactivation,
      options: { active_days: 200 },
      audience: 'customer_id\nC-OLD\nC-NONE\n',
      errors: [{ line: 2, message: /Olu .* ordered 90 days ago \(2026-08-17\)/, evidence: { activeDays: 200 } }],
    },
    {
      name: 'active_days 13 reaches an order 12.4 days back',
      customers,
      orders,
      campaign: reactivation,
      options: { active_days: 13 },
      audience: 'customer_id\nC-RECENT\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'each campaign of a run uses its own send_at',
      customers,
      orders,
      campaign: reactivation,
      audience: 'customer_id\nC-AT\n',
      others: [{ campaign: { ...reactivation, send_at: '2026-11-25T09:00:00Z' }, audience: 'customer_id\nC-AT\n' }],
      errors: [{ line: 2, campaignId: 'other-0', message: /Ava .* ordered 5 days ago \(2026-11-20\)/ }],
    },
  ],
});

describe('reactivation-of-active options', () => {
  for (const active_days of [0, -5, 1.5, '90']) {
    it(`rejects active_days: ${JSON.stringify(active_days)}`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'preflight-reactivation-options-'));
      try {
        await expect(
          runCase('reactivation-of-active', { name: 'options', audience: 'customer_id\nC-1\n', options: { active_days } }, root),
        ).rejects.toThrow(/active_days/);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
