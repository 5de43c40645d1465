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
    return {
      row(row) {
        const { campaign } = row.campaign;
        if (campaign.type !== 'review_request') return;
        const orderId = row.cell('order_id').trim();
        if (!orderId) {
          context.report({ at: row, messageId: 'missingOrder', data: undefined, column: 'order_id' });
          return;
        }
        const order = context.run.people.order(orderId);
        if (!order) {
          context.report({ at: row, messageId: 'unknownOrder', data: { orderId }, evidence: { orderId }, column: 'order_id' });
          return;
        }
        const person = row.person;
        const theirs = person ? order.person === person : order.customerId === row.customerId;
        if (!theirs) {
          context.report({
            at: row,
            messageId: 'otherPerson',
            data: { orderId, owner: order.customerId },
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
          context.report({ at: row, messageId: 'undeliverable', data: { orderId, status }, evidence, column: 'order_id' });
        } else if (order.deliveredAt === null) {
          context.report({
            at: row,
            messageId: 'notDelivered',
            data: { orderId, status, assumed },
            evidence,
            column: 'order_id',
          });
        } else if (order.deliveredAt > campaign.sendAt) {
          context.report({
            at: row,
            messageId: 'deliveredLater',
            data: { orderId, deliveredAt: formatInstant(order.deliveredAt), assumed },
            evidence,
            column: 'order_id',
          });
        }
      },
    };
  },
});
