import { z } from 'zod';
import { createRule } from '../create-rule.js';
import { formatInstant } from '../format.js';

const UNDELIVERABLE = new Set(['cancelled', 'returned', 'lost', 'refunded']);

export default createRule({
  id: 'review-before-delivery',
  meta: {
    severity: 'error',
    description: 'A review request for an order that is missing, not theirs, or not delivered by send time.',
    messages: {
      missingOrder: () => 'review request without an order_id: there is nothing to review',
      unknownOrder: (d: { orderId: string }) => `order ${d.orderId} is not in the order history`,
      otherPerson: (d: { orderId: string; owner: string }) => `order ${d.orderId} belongs to another customer (${d.owner})`,
      undeliverable: (d: { orderId: string; status: string }) => `asks for a review of order ${d.orderId}, which was ${d.status}`,
      notDelivered: (d: { orderId: string; status: string; assumed: string }) =>
        `asks for a review of order ${d.orderId} before it was delivered (status ${d.status}, no delivery date before send time)${d.assumed}`,
      deliveredLater: (d: { orderId: string; deliveredAt: string; assumed: string }) =>
        `asks for a review of order ${d.orderId}, delivered only at ${d.deliveredAt}, after send time${d.assumed}`,
    },
    suggestions: {
      fillOrder: () => 'fill in the order_id of the order to review, or remove the row',
      checkOrder: (d: { orderId: string }) => `check order id ${d.orderId} against the orders file, or remove the row`,
      remove: (d: { why: string }) => `remove: ${d.why}`,
      waitForDelivery: (d: { orderId: string }) => `remove, and ask for the review of order ${d.orderId} once it is delivered`,
      moveAfterDelivery: (d: { deliveredAt: string }) => `move to after delivery on ${d.deliveredAt}: remove the row here`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) =>
    campaign.type === 'review_request'
      ? {
          // A row without order_id is a finding of the rule itself: only the orders are required.
          // Without delivery dates every order would look undelivered: the rule is not checked then.
          data: [
            { file: 'orders', columns: ['delivered_at'], for: 'delivery dates' },
            { file: 'orders', columns: ['status'], otherwise: 'partial', for: 'cancelled, returned, lost and refunded orders' },
          ],
        }
      : { notApplicable: `only review requests are checked; this is a ${campaign.type}` },
  create(context) {
    // The audience has no send date of its own: the row can only be left out of this send.
    const fix = { action: 'remove' } as const;
    return {
      row(row) {
        const { campaign } = row.campaign;
        if (campaign.type !== 'review_request') return;
        const orderId = row.cell('order_id').trim();
        if (!orderId) {
          context.report({
            at: row,
            messageId: 'missingOrder',
            data: undefined,
            suggestion: { id: 'fillOrder', data: undefined },
            fix,
            column: 'order_id',
          });
          return;
        }
        const order = context.run.people.order(orderId);
        if (!order) {
          context.report({
            at: row,
            messageId: 'unknownOrder',
            data: { orderId },
            suggestion: { id: 'checkOrder', data: { orderId } },
            fix,
            evidence: { orderId },
            column: 'order_id',
          });
          return;
        }
        const person = row.person;
        const theirs = person ? order.person === person : order.customerId === row.customerId;
        if (!theirs) {
          context.report({
            at: row,
            messageId: 'otherPerson',
            data: { orderId, owner: order.customerId },
            suggestion: { id: 'remove', data: { why: `order ${orderId} is another customer's` } },
            fix,
            evidence: { orderId, orderCustomerId: order.customerId },
            column: 'order_id',
          });
          return;
        }
        const status = order.status ?? 'unknown';
        const evidence = {
          orderId,
          status,
          deliveredAt: order.deliveredAt === null ? null : new Date(order.deliveredAt).toISOString(),
          sendAt: new Date(campaign.sendAt).toISOString(),
          ...(order.deliveryAssumed ? { deliveryAssumed: order.deliveryAssumed } : {}),
        };
        // The export had no delivery date: the finding says what was assumed.
        const assumed = order.deliveryAssumed ? ` (delivery assumed ${order.deliveryAssumed})` : '';
        if (UNDELIVERABLE.has(status)) {
          context.report({
            at: row,
            messageId: 'undeliverable',
            data: { orderId, status },
            suggestion: { id: 'remove', data: { why: `order ${orderId} was ${status}, there is nothing to review` } },
            fix,
            evidence,
            column: 'order_id',
          });
        } else if (order.deliveredAt === null) {
          context.report({
            at: row,
            messageId: 'notDelivered',
            data: { orderId, status, assumed },
            suggestion: { id: 'waitForDelivery', data: { orderId } },
            fix,
            evidence,
            column: 'order_id',
          });
        } else if (order.deliveredAt > campaign.sendAt) {
          context.report({
            at: row,
            messageId: 'deliveredLater',
            data: { orderId, deliveredAt: formatInstant(order.deliveredAt), assumed },
            suggestion: { id: 'moveAfterDelivery', data: { deliveredAt: formatInstant(order.deliveredAt) } },
            fix,
            evidence,
            column: 'order_id',
          });
        }
      },
    };
  },
});
