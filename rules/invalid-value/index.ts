import { z } from 'zod';
import { createRule } from '../create-rule.js';
import type { ValueKind } from '../../src/csv/typed-cells.js';
import { parseNumber } from '../../src/csv/values.js';

/** Audience columns with a type; the history's typed columns are read by the profile builder. */
const AUDIENCE_NUMBERS: ReadonlyArray<{ column: string; expected: ValueKind }> = [
  { column: 'discount_pct', expected: 'percentage' },
  { column: 'discount_amount', expected: 'number' },
];

export default createRule({
  id: 'invalid-value',
  meta: {
    severity: 'error',
    description: 'A cell that cannot be read as its column’s type, or a discount outside 0–100.',
    messages: {
      unreadable: (d: { column: string; value: string; expected: string }) =>
        `${d.column} "${d.value}" is not a valid ${d.expected}`,
      outOfRange: (d: { column: string; value: string }) => `${d.column} "${d.value}" is outside 0–100`,
      unknownStatus: (d: { column: string; value: string; statuses: string }) =>
        `${d.column} "${d.value}" is not an order status (${d.statuses}); map it with values: in the source`,
    },
    suggestions: {
      writeAs: (d: { column: string; expected: string }) => `correct the ${d.column} cell to a ${d.expected}, or empty it`,
      inRange: (d: { column: string }) => `correct the ${d.column} cell to a percentage from 0 to 100`,
      mapStatus: (d: { value: string }) =>
        `map "${d.value}" to one of the statuses under values: status: in the orders source of the config, or correct the cell`,
    },
  },
  options: z.object({}).strict(),
  create(context) {
    return {
      row(row) {
        for (const { column, expected } of AUDIENCE_NUMBERS) {
          const cell = row.cell(column);
          if (cell === '') continue;
          const value = parseNumber(cell);
          if (value === undefined) {
            context.report({
              at: row,
              messageId: 'unreadable',
              data: { column, value: cell, expected },
              suggestion: { id: 'writeAs', data: { column, expected } },
              evidence: { value: cell, expected },
              column,
            });
          } else if (column === 'discount_pct' && value !== null && (value < 0 || value > 100)) {
            context.report({
              at: row,
              messageId: 'outOfRange',
              data: { column, value: cell },
              suggestion: { id: 'inRange', data: { column } },
              evidence: { value: cell },
              column,
            });
          }
        }
      },
      end() {
        for (const issue of context.run.invalidHistoryValues) {
          const at = { file: issue.file, line: issue.line };
          const evidence = { value: issue.value, expected: issue.expected };
          if (issue.expected === 'order status') {
            context.report({
              at,
              messageId: 'unknownStatus',
              data: {
                column: issue.column,
                value: issue.value,
                statuses: 'placed, shipped, delivered, cancelled, returned, lost, refunded',
              },
              suggestion: { id: 'mapStatus', data: { value: issue.value } },
              evidence,
              column: issue.column,
            });
          } else {
            context.report({
              at,
              messageId: 'unreadable',
              data: { column: issue.column, value: issue.value, expected: issue.expected },
              suggestion: { id: 'writeAs', data: { column: issue.column, expected: issue.expected } },
              evidence,
              column: issue.column,
            });
          }
        }
      },
    };
  },
});
