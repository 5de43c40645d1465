// Typed reads of cells that report what cannot be read, instead of failing: a bad value is a
// finding of the `invalid-value` rule (docs/rules.md), so one run shows them all.

import type { CsvHeader } from './read.js';
import { compileDateParser, type DateParser } from './dates.js';
import { parseBoolean, parseNumber, parseYearList } from './values.js';
import type { CsvSource } from '../types.js';

export const VALUE_KINDS = ['date', 'number', 'boolean', 'percentage', 'list of years', 'order status'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** A cell that could not be read as its column's type. */
export interface InvalidValue {
  file: string;
  line: number;
  /** The column as the file names it. */
  column: string;
  value: string;
  expected: ValueKind;
  /** Why, when more than "not a <kind>" (e.g. "outside 0–100"). */
  reason?: string;
}

export type InvalidValueSink = (issue: InvalidValue) => void;

export class TypedCells {
  private readonly parseDate: DateParser;

  constructor(
    private readonly source: CsvSource,
    private readonly header: CsvHeader,
    private readonly report: InvalidValueSink,
  ) {
    this.parseDate = compileDateParser({ dateFormat: source.dateFormat, timezone: source.timezone });
  }

  /** Epoch ms; null when empty or unreadable. */
  date(cells: readonly string[], index: number, line: number): number | null {
    if (index < 0) return null;
    const value = this.parseDate(cells[index] ?? '');
    if (value === undefined) this.invalid(cells, index, line, 'date');
    return value ?? null;
  }

  boolean(cells: readonly string[], index: number, line: number): boolean | null {
    if (index < 0) return null;
    const value = parseBoolean(cells[index] ?? '');
    if (value === undefined) this.invalid(cells, index, line, 'boolean');
    return value ?? null;
  }

  number(cells: readonly string[], index: number, line: number): number | null {
    if (index < 0) return null;
    const value = parseNumber(cells[index] ?? '');
    if (value === undefined) this.invalid(cells, index, line, 'number');
    return value ?? null;
  }

  years(cells: readonly string[], index: number, line: number): number[] | null {
    if (index < 0) return null;
    const value = parseYearList(cells[index] ?? '');
    if (value === undefined) this.invalid(cells, index, line, 'list of years');
    return value ?? null;
  }

  invalid(cells: readonly string[], index: number, line: number, expected: ValueKind, reason?: string): void {
    this.report({
      file: this.source.displayPath,
      line,
      column: this.header.names[index] ?? String(index + 1),
      value: cells[index] ?? '',
      expected,
      ...(reason ? { reason } : {}),
    });
  }
}
