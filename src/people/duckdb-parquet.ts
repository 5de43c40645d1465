// Parquet history files read by DuckDB itself (read_parquet), for `history.engine: duckdb`: each
// column as the text the default reader gives its cells (src/parquet/cells.ts), so that the SQL of
// duckdb-digest.ts and duckdb-persons.ts reads a Parquet file's cells as it reads a CSV file's
// (c0, c1, … as text, NULL for an empty cell). A value whose text DuckDB is not sure to write alike
// (a 32-bit float, a time of day, a date past the year 9999, a double JavaScript writes with an
// exponent) stops the query that reads it with unsure_value(), and the file goes to the default reader.

import { quoteText } from '../errors.js';
import type { ScalarKind } from '../parquet/cells.js';
import type { ParquetColumn } from '../parquet/read.js';
import type { CsvSource } from '../types.js';
import { sqlString } from './duckdb-sql.js';
import { DIALECTS } from './sql-dialects.js';

/** A column of the file as DuckDB reads it: its name and type, from DESCRIBE. */
export interface DuckDBColumn {
  name: string;
  type: string;
}

/** The table function over the file, its columns by name; `options` of read_parquet after the path. */
export function readParquetSql(source: CsvSource, options?: string): string {
  return `read_parquet(${sqlString(source.path)}${options ? `, ${options}` : ''})`;
}

/** parquetRelation's column of a row's place in the file, from 0. */
export const PARQUET_POSITION = 'cp_row';

/**
 * The file as a relation of its columns c0, c1, … as text: `columns` as the default reader reads them,
 * `types` as DuckDB does (one for each, in the same order).
 */
export function parquetRelation(source: CsvSource, columns: readonly ParquetColumn[], types: readonly DuckDBColumn[]): string {
  const identifiers = types.map(({ name }) => DIALECTS.duckdb.identifier(name));
  const cells = columns.map((column, index) => {
    const { type } = types[index];
    const unsure = `unsure_value(${sqlString(`column ${quoteText(column.name)} holds a ${type} value`)})`;
    return `nullif(${columnText(column, type, identifiers[index], unsure)}, '') AS c${index}`;
  });
  // Every column is read, as the default reader reads every one: damage or bytes that are not UTF-8
  // text in a column no query names stop DuckDB too (the hash is never NULL).
  const everyColumn = types.map(({ type }, index) => {
    if (type === 'BLOB') return `decode(${identifiers[index]})`;
    return type === 'BLOB[]' ? `list_transform(${identifiers[index]}, lambda cp_item: decode(cp_item))` : identifiers[index];
  });
  return (
    `(SELECT ${cells.join(', ')}, file_row_number AS ${PARQUET_POSITION} ` +
    `FROM ${readParquetSql(source, 'file_row_number = true')} WHERE hash(${everyColumn.join(', ')}) IS NOT NULL)`
  );
}

/** The text of a cell of the column, as cells.ts writes it; `unsure` where DuckDB may not write it alike. */
function columnText(column: ParquetColumn, type: string, value: string, unsure: string): string {
  const list = type.endsWith('[]');
  // A list where the default reader reads a scalar, or the other way round: not written alike.
  if (list !== column.list) return orUnsure(undefined, value, unsure);
  if (!list) return orUnsure(scalarSql(column.kind, type, value), value, unsure);
  // listText: the items' texts joined with `;`, a null item an empty one.
  const item = orUnsure(scalarSql(column.kind, type.slice(0, -2), 'cp_item'), 'cp_item', unsure);
  return `array_to_string(list_transform(${value}, lambda cp_item: coalesce(${item}, '')), ';')`;
}

/** A value's text: NULL for NULL, `unsure` where it is not sure (or nothing is: `written` undefined). */
function orUnsure(written: WrittenText | undefined, value: string, unsure: string): string {
  if (written === undefined) return `CASE WHEN ${value} IS NULL THEN NULL ELSE ${unsure} END`;
  if (written.sure === undefined) return written.text;
  return `CASE WHEN ${value} IS NULL THEN NULL WHEN ${written.sure} THEN ${written.text} ELSE ${unsure} END`;
}

/** SQL of a value's text, and of whether it is the text cells.ts writes (always, without `sure`). */
interface WrittenText {
  text: string;
  sure?: string;
}

/** DuckDB's types of integers and booleans, which it writes as JavaScript does. */
const EXACT_TYPES = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
]);

/** The largest integer a double holds exactly (2^53): JavaScript writes a larger one by its first digits. */
const EXACT_DOUBLE = 9_007_199_254_740_992;

/** Seconds from 1970 to 0001-01-01 and to 10000-01-01: a date-time between is written with a four-digit year. */
const FIRST_SECOND = -62_135_596_800n;
const PAST_LAST_SECOND = 253_402_300_800n;

/** A scalar's text as cells.ts writes one of `kind`, from DuckDB's `type`; undefined where DuckDB may not write it alike. */
function scalarSql(kind: ScalarKind, type: string, value: string): WrittenText | undefined {
  switch (kind.type) {
    case 'plain':
      if (type === 'VARCHAR') return { text: value };
      // Bytes as UTF-8 text: decode() stops on bytes that are not, as the default reader does.
      if (type === 'BLOB') return { text: `decode(${value})` };
      if (EXACT_TYPES.has(type)) return { text: `CAST(${value} AS VARCHAR)` };
      if (type !== 'DOUBLE') return undefined;
      // String(number): an integer up to 2^53 by its digits; else DuckDB's shortest digits where it
      // writes them as JavaScript does, without an exponent (JavaScript writes one below 1e-6).
      return {
        text: `CASE WHEN ${value} = trunc(${value}) THEN CAST(CAST(${value} AS BIGINT) AS VARCHAR) ELSE CAST(${value} AS VARCHAR) END`,
        sure:
          `CASE WHEN ${value} = trunc(${value}) THEN abs(${value}) <= ${EXACT_DOUBLE} ` +
          `ELSE abs(${value}) >= 1e-6 AND regexp_full_match(CAST(${value} AS VARCHAR), '-?[0-9]+\\.[0-9]+') END`,
      };
    case 'decimal':
      // Every digit of the scale, as decimalText: DuckDB reads a decimal of over 38 digits as a DOUBLE.
      return type.endsWith(`,${kind.scale})`) && type.startsWith('DECIMAL(') ? { text: `CAST(${value} AS VARCHAR)` } : undefined;
    case 'date':
      if (type !== 'DATE') return undefined;
      return { text: `strftime(${value}, '%Y-%m-%d')`, sure: `year(${value}) BETWEEN 1 AND 9999` };
    case 'date-time':
      return dateTimeSql(kind, type, value);
    case 'time':
    case 'float32':
      return undefined;
  }
}

/** dateTimeText from the instant DuckDB reads, in its own unit: the fraction without trailing zeros, `Z` for an instant. */
function dateTimeSql(kind: Extract<ScalarKind, { type: 'date-time' }>, type: string, value: string): WrittenText | undefined {
  const nanos = type === 'TIMESTAMP_NS';
  // DuckDB reads other units as microseconds: nanoseconds there would be cut off.
  if (!nanos && (kind.unitsPerSecond > 1_000_000n || !['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE'].includes(type))) {
    return undefined;
  }
  const units = nanos ? 1_000_000_000n : 1_000_000n;
  const raw = nanos ? `epoch_ns(${value})` : `epoch_us(${value})`;
  const fraction = `((${raw} % ${units}) + ${units}) % ${units}`;
  const seconds = `make_timestamp((${raw} - ${fraction}) // ${units / 1_000_000n})`;
  const width = units.toString().length - 1;
  return {
    text:
      `strftime(${seconds}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN ${fraction} = 0 THEN '' ` +
      `ELSE '.' || rtrim(lpad(CAST(${fraction} AS VARCHAR), ${width}, '0'), '0') END${kind.utc ? ` || 'Z'` : ''}`,
    sure: `${raw} >= ${FIRST_SECOND * units} AND ${raw} < ${PAST_LAST_SECOND * units}`,
  };
}
