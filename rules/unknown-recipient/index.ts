import { z } from 'zod';
import { createRule } from '../create-rule.js';
import { ADDRESS_COLUMN } from '../../src/types.js';

export default createRule({
  id: 'unknown-recipient',
  meta: {
    severity: 'warning',
    description: 'A recipient who is not in the customer history, so nothing about them can be checked.',
    messages: {
      unknownCustomer: (d: { customerId: string }) => `customer ${d.customerId} is not in the customer history`,
      unknownAddress: (d: { column: string; address: string }) =>
        `no customer in the history has the ${d.column.replace('_', ' ')} ${d.address}`,
      noIdentity: (d: { wanted: string }) => `the row has no ${d.wanted}, so no customer in the history can be found for it`,
    },
    suggestions: {
      checkId: (d: { customerId: string }) =>
        `check customer id ${d.customerId} against the customers file, or add the customer to it, so the other rules can check this recipient`,
      checkAddress: (d: { column: string; address: string }) =>
        `give the row the customer_id of ${d.address}, or add the customer to the customers file with this ${d.column.replace('_', ' ')}`,
      identify: (d: { wanted: string }) => `fill in the ${d.wanted} of the customer this row is for, or remove the row`,
    },
  },
  options: z.object({}).strict(),
  requires: () => ({ data: [{ file: 'customers', columns: [], for: 'the customer history' }] }),
  create(context) {
    return {
      row(row) {
        if (row.person) return;
        const column = ADDRESS_COLUMN[row.campaign.campaign.channel];
        if (row.customerId !== null) {
          context.report({
            at: row,
            messageId: 'unknownCustomer',
            data: { customerId: row.customerId },
            suggestion: { id: 'checkId', data: { customerId: row.customerId } },
            evidence: { customerId: row.customerId },
            column: 'customer_id',
          });
        } else if (column && row.address) {
          context.report({
            at: row,
            messageId: 'unknownAddress',
            data: { column, address: row.address },
            suggestion: { id: 'checkAddress', data: { column, address: row.address } },
            evidence: { [column]: row.address },
            column,
          });
        } else {
          context.report({
            at: row,
            messageId: 'noIdentity',
            data: { wanted: column ? `customer_id and no ${column.replace('_', ' ')}` : 'customer_id' },
            suggestion: {
              id: 'identify',
              data: { wanted: column ? `customer_id or ${column.replace('_', ' ')}` : 'customer_id' },
            },
            evidence: { customerId: null, ...(column ? { [column]: null } : {}) },
          });
        }
      },
    };
  },
});
