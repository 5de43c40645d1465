// A Parquet column's values as the text a CSV cell would hold (docs/inputs.md, Parquet files), so
// that everything after the reader (typed cells, value mappings, presets) reads them as it reads a
// CSV file: exact decimal text for integers and decimals, ISO 8601 for dates and times, `;` between
// the items of a list, an empty cell for null.

import type { SchemaElement } from 'hyparquet';

/** A value as hyparquet decodes it (with the parsers of read.ts), to its text; throws UnreadableValue for one that has none. */
export type CellText = (value: unknown) => string;

/** A value no cell text stands for; the reader names its row and column. */
export class UnreadableValue extends Error {}

/** The most bytes a DECIMAL's unscaled value is read from: 38 digits take 16. */
const MAX_DECIMAL_BYTES = 64;
/** The largest DECIMAL scale written out: a cell of a few hundred digits at most. */
export const MAX_DECIMAL_SCALE = 1000;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What the values of a scalar column are, by the file's schema: how scalarText writes them, and how
 * the duckdb engine writes the same text in SQL (src/people/duckdb-parquet.ts).
 */
export type ScalarKind =
  | { type: 'decimal'; scale: number }
  | { type: 'date' }
  | { type: 'date-time'; unitsPerSecond: bigint; utc: boolean }
  | { type: 'time'; unitsPerSecond: bigint }
  | { type: 'float32' }
  /** Text, bytes as UTF-8, integers, doubles and booleans: as JavaScript writes them. */
  | { type: 'plain' };

export function scalarKind(element: SchemaElement): ScalarKind {
  const logical = element.logical_type;
  if (element.converted_type === 'DECIMAL' || logical?.type === 'DECIMAL') {
    return { type: 'decimal', scale: logical?.type === 'DECIMAL' ? logical.scale : (element.scale ?? 0) };
  }
  if (element.converted_type === 'DATE' || logical?.type === 'DATE') return { type: 'date' };
  if (logical?.type === 'TIMESTAMP') {
    return { type: 'date-time', unitsPerSecond: UNITS_PER_SECOND[logical.unit], utc: logical.isAdjustedToUTC };
  }
  // The older annotations, and INT96 (Spark, Impala), are instants: adjusted to UTC.
  if (element.converted_type === 'TIMESTAMP_MILLIS') return { type: 'date-time', unitsPerSecond: 1000n, utc: true };
  if (element.converted_type === 'TIMESTAMP_MICROS') return { type: 'date-time', unitsPerSecond: 1_000_000n, utc: true };
  if (element.type === 'INT96') return { type: 'date-time', unitsPerSecond: 1_000_000_000n, utc: true };
  if (logical?.type === 'TIME') return { type: 'time', unitsPerSecond: UNITS_PER_SECOND[logical.unit] };
  if (element.converted_type === 'TIME_MILLIS') return { type: 'time', unitsPerSecond: 1000n };
  if (element.converted_type === 'TIME_MICROS') return { type: 'time', unitsPerSecond: 1_000_000n };
  if (element.type === 'FLOAT') return { type: 'float32' };
  return { type: 'plain' };
}

/** The text of one value of a column whose leaf is `element`, as the file's schema describes it. */
export function scalarText(element: SchemaElement): CellText {
  const kind = scalarKind(element);
  switch (kind.type) {
    case 'decimal':
      return nullable((value) => decimalText(unscaled(value), kind.scale));
    case 'date':
      return nullable((value) => dateText(Number(value)));
    case 'date-time':
      return nullable((value) => dateTimeText(BigInt(value as bigint), kind.unitsPerSecond, kind.utc));
    case 'time':
      return nullable((value) => timeText(BigInt(value as bigint), kind.unitsPerSecond));
    case 'float32':
      return nullable((value) => float32Text(value as number));
    case 'plain':
      return nullable(plainText);
  }
}

/** A list's items joined with `;`, the list syntax of a CSV cell; null items are empty ones, which a list drops. */
export function listText(item: CellText): CellText {
  return (value) => {
    if (value === null || value === undefined) return '';
    return (value as unknown[]).map(item).join(';');
  };
}

function nullable(text: (value: unknown) => string): CellText {
  return (value) => (value === null || value === undefined ? '' : text(value));
}

/** Strings as they are, numbers and booleans as JavaScript writes them, bytes as UTF-8 text. */
function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return UTF8.decode(value);
    } catch {
      throw new UnreadableValue('bytes that are not UTF-8 text');
    }
  }
  // -0 is written 0, as String does; an integer column may come as a number or a bigint.
  return String(value);
}

const UNITS_PER_SECOND = { MILLIS: 1000n, MICROS: 1_000_000n, NANOS: 1_000_000_000n } as const;

/** The shortest decimal text that reads back as the same 32-bit float (0.1, not 0.10000000149011612). */
function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(value);
}

/** A DECIMAL's unscaled integer: INT32, INT64, or big-endian two's complement bytes. */
function unscaled(value: unknown): bigint {
  if (!(value instanceof Uint8Array)) return BigInt(value as number | bigint);
  if (value.length > MAX_DECIMAL_BYTES) throw new UnreadableValue(`a decimal of more than ${MAX_DECIMAL_BYTES} bytes`);
  let result = 0n;
  for (const byte of value) result = (result << 8n) | BigInt(byte);
  const negative = value.length > 0 && value[0] >= 0x80;
  return negative ? result - (1n << BigInt(8 * value.length)) : result;
}

/** `-12.30` for unscaled -1230 at scale 2: every digit the file holds. */
function decimalText(unscaledValue: bigint, scale: number): string {
  const negative = unscaledValue < 0n;
  const digits = (negative ? -unscaledValue : unscaledValue).toString();
  if (scale === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** The most days from 1970 a JavaScript date can be (±100,000,000). */
const MAX_EPOCH_DAYS = 1e8;

/** `2026-10-03`; a day no date can hold is written as its number, which then reads as an invalid date. */
function dateText(days: number): string {
  if (!Number.isInteger(days) || Math.abs(days) > MAX_EPOCH_DAYS) return String(days);
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `2026-10-03T10:00:00Z`, with the fraction of a second the value has (`.123`, `.123456`), and `Z`
 * only for an instant (adjusted to UTC): a local date-time is read in the source's time zone, as the
 * same text in a CSV file is.
 */
function dateTimeText(value: bigint, unitsPerSecond: bigint, utc: boolean): string {
  let seconds = value / unitsPerSecond;
  let fraction = value % unitsPerSecond;
  if (fraction < 0n) {
    seconds -= 1n;
    fraction += unitsPerSecond;
  }
  if (seconds > BigInt(MAX_EPOCH_DAYS * 86_400) || seconds < -BigInt(MAX_EPOCH_DAYS * 86_400)) return value.toString();
  const date = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${date}${fractionText(fraction, unitsPerSecond)}${utc ? 'Z' : ''}`;
}

/** `10:00:00`, `10:00:00.5`: a time of day. */
function timeText(value: bigint, unitsPerSecond: bigint): string {
  const seconds = Number(value / unitsPerSecond);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}${fractionText(value % unitsPerSecond, unitsPerSecond)}`;
}

/** `.123` for 123 ms, `.5` for 500 ms, '' for none. */
function fractionText(fraction: bigint, unitsPerSecond: bigint): string {
  if (fraction === 0n) return '';
  const width = unitsPerSecond.toString().length - 1;
  return `.${fraction.toString().padStart(width, '0').replace(/0+$/, '')}`;
}
