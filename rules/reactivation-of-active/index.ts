import { z } from 'zod';
import { createRule } from '../create-rule.js';
import { DAY_MS } from '../../src/time.js';
import { recipientName } from '../format.js';

function ago(days: number): string {
  if (days === 0) return 'less than a day ago';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

export default createRule({
  id: 'reactivation-of-active',
  meta: {
    severity: 'error',
    description: 'A "come back" message to someone who ordered recently.',
    messages: {
      active: (d: { name: string; days: number; date: string }) =>
        `${d.name} is asked to come back, but ordered ${ago(d.days)} (${d.date})`,
    },
    suggestions: {
      remove: (d: { name: string; date: string }) => `remove: ${d.name} ordered on ${d.date} and needs no win-back`,
    },
  },
  options: z.object({ active_days: z.number().int().positive().default(90) }).strict(),
  requires: ({ campaign }) =>
    campaign.type === 'reactivation'
      ? {
          data: [
            { file: 'orders', columns: [], for: 'recent orders' },
            { file: 'orders', columns: ['status'], otherwise: 'partial', for: 'cancelled orders are counted too' },
          ],
          perPerson: true,
        }
      : { notApplicable: `only reactivations are checked; this is a ${campaign.type}` },
  create(context) {
    return {
      row(row) {
        const { campaign } = row.campaign;
        if (campaign.type !== 'reactivation') return;
        const person = row.person;
        if (!person) return;
        const { active_days: activeDays } = context.options(row.campaign);
        // The latest order not cancelled with ordered_at < send_at, over all records and brands.
        const lastOrder = person.lastOrderBefore[row.campaign.instant];
        if (lastOrder < campaign.sendAt - activeDays * DAY_MS) return;
        const days = Math.floor((campaign.sendAt - lastOrder) / DAY_MS);
        const date = new Date(lastOrder).toISOString().slice(0, 10);
        context.report({
          at: row,
          messageId: 'active',
          data: { name: recipientName(person, row), days, date },
          suggestion: { id: 'remove', data: { name: recipientName(person, row), date } },
          fix: { action: 'remove' },
          evidence: {
            lastOrderAt: new Date(lastOrder).toISOString(),
            daysSinceLastOrder: days,
            activeDays,
            sendAt: new Date(campaign.sendAt).toISOString(),
          },
        });
      },
    };
  },
});
