// The SQL dialects the profile SQL is written in (profile-sql.ts): what differs between DuckDB,
// PostgreSQL, BigQuery, Snowflake and Spark SQL. The profile SQL uses only what they share besides
// these: CASE, window functions, joins, UNION ALL, GROUP BY, substr, length, lower, right, translate, LIKE.
// Regular expressions hold no backslash a string literal could take for its own (Spark's and
// Snowflake's literals do): character classes say [0-9], and blanks come from `blanks`.

export const SQL_DIALECTS = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'spark'] as const;
export type SqlDialectName = (typeof SQL_DIALECTS)[number];

export interface SqlDialect {
  name: SqlDialectName;
  /** Statements that set the session up: UTC, and what else the dialect needs. */
  preamble: string[];
  text: string;
  /** The type of IEEE 754 double numbers: JavaScript's. */
  double: string;
  /** Any value as text; a date or time as ISO 8601 where the dialect can tell. */
  asText(expression: string): string;
  /** Statements that make a temporary table of a query's rows. */
  createTable(name: string, query: string): string[];
  dropTable(name: string): string[];
  /** Every match of `pattern` replaced. */
  replaceAll(text: string, pattern: string, replacement: string): string;
  /** JavaScript's white space (String.prototype.trim, \s), as the body of a bracket expression. */
  blanks: string;
  /** Accents dropped (NFD without combining marks) where the dialect can; the key check finds the rest. */
  withoutAccents(text: string): string;
  /** The code point of the text's first character (0 or NULL for empty text). */
  firstCode(text: string): string;
  /** Whether the text is plain ASCII. */
  isAscii(text: string): string;
  /** Where `part` first starts in the text, from 1; 0 where it does not. */
  position(text: string, part: string): string;
  /** Whether the regular expression (no backslashes, no quotes) matches somewhere in the text. */
  matches(text: string, pattern: string): string;
  /** What the regular expression's one group matched; NULL or '' where it does not match. */
  group(text: string, pattern: string): string;
  /** Epoch milliseconds as ISO 8601 in UTC with milliseconds: 2026-03-01T09:00:00.000Z. */
  isoOfEpochMs(ms: string): string;
  /** Epoch milliseconds of an ISO 8601 date or date-time already known to be valid (UTC unless it says otherwise). */
  epochMs(iso: string): string;
  /** a / b rounded down, for non-negative integers. */
  div(a: string, b: string): string;
  /** A number for each row of a table as read, distinct and increasing (gaps allowed). */
  recordNumber: string;
  /** Statements around one that numbers rows by recordNumber, so that a table is read in the same order each time. */
  readOrder?: { before: string[]; after: string[] };
  /** The text of these code points, where the dialect can write any; undefined where it cannot. */
  chars?(codes: readonly number[]): string;
  /**
   * What ends a subquery to keep it from being flattened into the query that reads it, where the
   * database would then work out its expressions once for every time they are named.
   */
  fence: string;
  /** A column name as an identifier. */
  identifier(name: string): string;
  /** A table's dotted name (schema.table, project.dataset.table) as the dialect writes it. */
  tableName(name: string): string;
}

const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const backQuoted = (name: string) => `\`${name.replaceAll('`', '\\`')}\``;

/** The blanks JavaScript's trim() and \s know, but the space: what makes a cell's blanks need more than replace(). */
export const BLANKS_BUT_SPACE = [
  9,
  10,
  11,
  12,
  13,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];

/** The blanks JavaScript's trim() and \s know, beyond ASCII. */
const UNICODE_BLANKS = [0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/** `\x{A0}…` ranges as RE2 (DuckDB, BigQuery) writes them. */
const RE2_BLANKS = `\\t\\n\\x0B\\f\\r ${UNICODE_BLANKS.map((code, index) => `${index === 3 ? '-' : ''}\\x{${hex(code, 2)}}`).join('')}`;

/** The same with the characters themselves beyond ASCII: for engines whose escapes differ. */
function literalBlanks(asciiBlanks: string): string {
  return `${asciiBlanks}${UNICODE_BLANKS.map((code, index) => `${index === 3 ? '-' : ''}${String.fromCodePoint(code)}`).join('')}`;
}

function standard(
  name: SqlDialectName,
  text: string,
  double = 'DOUBLE',
): Pick<SqlDialect, 'name' | 'text' | 'double' | 'dropTable' | 'identifier' | 'tableName'> {
  return {
    name,
    text,
    double,
    dropTable: (table) => [`DROP TABLE IF EXISTS ${table};`],
    identifier: doubleQuoted,
    tableName: (table) => table,
  };
}

const duckdb: SqlDialect = {
  ...standard('duckdb', 'VARCHAR'),
  recordNumber: 'rowid + 1',
  preamble: ["SET TimeZone = 'UTC';"],
  asText: (expression) => `CAST(${expression} AS VARCHAR)`,
  createTable: (name, query) => [`CREATE OR REPLACE TEMP TABLE ${name} AS\n${query};`],
  replaceAll: (text, pattern, replacement) => `regexp_replace(${text}, '${pattern}', '${replacement}', 'g')`,
  blanks: RE2_BLANKS,
  withoutAccents: (text) => `strip_accents(${text})`,
  firstCode: (text) => `unicode(${text})`,
  isAscii: (text) => `(strlen(${text}) = length(${text}))`,
  position: (text, part) => `strpos(${text}, ${part})`,
  matches: (text, pattern) => `regexp_matches(${text}, '${pattern}')`,
  group: (text, pattern) => `regexp_extract(${text}, '${pattern}', 1)`,
  isoOfEpochMs: (ms) => `strftime(epoch_ms(${ms}), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  chars: (codes) => codes.map((code) => `chr(${code})`).join(' || '),
  fence: '',
  epochMs: (iso) => `epoch_ms(CAST(${iso} AS TIMESTAMPTZ))`,
  div: (a, b) => `((${a}) // (${b}))`,
};

const postgres: SqlDialect = {
  ...standard('postgres', 'TEXT', 'DOUBLE PRECISION'),
  recordNumber: 'row_number() OVER ()',
  preamble: ["SET TIME ZONE 'UTC';"],
  // A parallel scan, or one joining another scan under way, reads a table's rows in another order each time.
  readOrder: {
    before: ['SET max_parallel_workers_per_gather = 0;', 'SET synchronize_seqscans = off;'],
    after: ['RESET max_parallel_workers_per_gather;', 'RESET synchronize_seqscans;'],
  },
  // A timestamp as JSON is ISO 8601 (2026-03-01T09:00:00+00:00), text as itself.
  asText: (expression) => `(to_jsonb(${expression}) #>> '{}')`,
  createTable: (name, query) => [`DROP TABLE IF EXISTS ${name};`, `CREATE TEMP TABLE ${name} AS\n${query};`, `ANALYZE ${name};`],
  replaceAll: (text, pattern, replacement) => `regexp_replace(${text}, '${pattern}', '${replacement}', 'g')`,
  blanks: `\\t\\n\\v\\f\\r ${UNICODE_BLANKS.map((code, index) => `${index === 3 ? '-' : ''}\\u${hex(code, 4)}`).join('')}`,
  withoutAccents: (text) => `regexp_replace(normalize(${text}, NFD), '[\\u0300-\\u036F]', '', 'g')`,
  firstCode: (text) => `ascii(${text})`,
  isAscii: (text) => `(octet_length(${text}) = length(${text}))`,
  position: (text, part) => `strpos(${text}, ${part})`,
  matches: (text, pattern) => `(${text} ~ '${pattern}')`,
  group: (text, pattern) => `substring(${text} from '${pattern}')`,
  isoOfEpochMs: (ms) => `to_char(TIMESTAMP 'epoch' + (${ms}) * INTERVAL '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  chars: (codes) => codes.map((code) => `chr(${code})`).join(' || '),
  // OFFSET 0 is PostgreSQL's fence: a subquery with one is planned on its own.
  fence: ' OFFSET 0',
  epochMs: (iso) => `CAST(extract(epoch FROM CAST(${iso} AS TIMESTAMPTZ)) * 1000 AS BIGINT)`,
  div: (a, b) => `((${a}) / (${b}))`,
};

const bigquery: SqlDialect = {
  ...standard('bigquery', 'STRING', 'FLOAT64'),
  recordNumber: 'row_number() OVER ()',
  preamble: [],
  // A TIMESTAMP is written 2026-03-01 09:00:00+00, which the tool reads as UTC.
  asText: (expression) => `CAST(${expression} AS STRING)`,
  createTable: (name, query) => [`CREATE OR REPLACE TEMP TABLE ${name} AS\n${query};`],
  replaceAll: (text, pattern, replacement) => `REGEXP_REPLACE(${text}, r'${pattern}', '${replacement}')`,
  blanks: RE2_BLANKS,
  withoutAccents: (text) => `REGEXP_REPLACE(NORMALIZE(${text}, NFD), r'\\pM', '')`,
  firstCode: (text) => `UNICODE(${text})`,
  isAscii: (text) => `(BYTE_LENGTH(${text}) = CHAR_LENGTH(${text}))`,
  position: (text, part) => `STRPOS(${text}, ${part})`,
  matches: (text, pattern) => `REGEXP_CONTAINS(${text}, r'${pattern}')`,
  group: (text, pattern) => `REGEXP_EXTRACT(${text}, r'${pattern}')`,
  isoOfEpochMs: (ms) => `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', TIMESTAMP_MILLIS(${ms}), 'UTC')`,
  chars: (codes) => `CODE_POINTS_TO_STRING([${codes.join(', ')}])`,
  fence: '',
  epochMs: (iso) => `UNIX_MILLIS(TIMESTAMP(${iso}))`,
  div: (a, b) => `DIV(${a}, ${b})`,
  identifier: backQuoted,
  // A project id may hold a hyphen: the whole path in backquotes.
  tableName: backQuoted,
};

const snowflake: SqlDialect = {
  ...standard('snowflake', 'VARCHAR'),
  // ROW_NUMBER needs an order; SEQ8 numbers rows as they come.
  recordNumber: 'SEQ8()',
  preamble: [
    "ALTER SESSION SET TIMEZONE = 'UTC';",
    `ALTER SESSION SET TIMESTAMP_OUTPUT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM';`,
  ],
  asText: (expression) => `TO_VARCHAR(${expression})`,
  createTable: (name, query) => [`CREATE OR REPLACE TEMPORARY TABLE ${name} AS\n${query};`],
  replaceAll: (text, pattern, replacement) => `REGEXP_REPLACE(${text}, '${pattern}', '${replacement}')`,
  // Snowflake's string literals read backslash escapes: \\s is \s (the ASCII blanks), the rest as themselves.
  blanks: literalBlanks('\\\\s'),
  // Snowflake has no Unicode normalisation: names with accents fail the key check.
  withoutAccents: (text) => text,
  firstCode: (text) => `UNICODE(${text})`,
  isAscii: (text) => `(OCTET_LENGTH(${text}) = LENGTH(${text}))`,
  position: (text, part) => `POSITION(${part}, ${text})`,
  // REGEXP_LIKE matches the whole text; the patterns given are anchored at both ends.
  matches: (text, pattern) => `REGEXP_LIKE(${text}, '${pattern}')`,
  group: (text, pattern) => `REGEXP_SUBSTR(${text}, '${pattern}', 1, 1, 'e', 1)`,
  isoOfEpochMs: (ms) => `TO_VARCHAR(TO_TIMESTAMP_NTZ(${ms}, 3), 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`,
  chars: (codes) => codes.map((code) => `CHR(${code})`).join(' || '),
  fence: '',
  epochMs: (iso) => `DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_TZ(${iso}))`,
  div: (a, b) => `FLOOR((${a}) / (${b}))`,
  // A name created unquoted is stored in upper case and found by any case unquoted: quoted only when it must be.
  identifier: (name) => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : doubleQuoted(name)),
};

const spark: SqlDialect = {
  ...standard('spark', 'STRING'),
  // row_number needs an order; this numbers rows as they come.
  recordNumber: 'monotonically_increasing_id()',
  preamble: ['SET spark.sql.session.timeZone = UTC;'],
  asText: (expression) => `CAST(${expression} AS STRING)`,
  // A temporary view is a query, run again wherever it is read: cached, it is a table.
  createTable: (name, query) => [`CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${query};`, `CACHE TABLE ${name};`],
  dropTable: (name) => [`UNCACHE TABLE IF EXISTS ${name};`, `DROP VIEW IF EXISTS ${name};`],
  replaceAll: (text, pattern, replacement) => `regexp_replace(${text}, '${pattern}', '${replacement}')`,
  // Spark's string literals read backslash escapes: \\t is \t for Java's regular expressions.
  blanks: `\\\\t\\\\n\\\\x0B\\\\f\\\\r ${UNICODE_BLANKS.map((code, index) => `${index === 3 ? '-' : ''}\\\\u${hex(code, 4)}`).join('')}`,
  // Spark SQL has no Unicode normalisation: names with accents fail the key check.
  withoutAccents: (text) => text,
  firstCode: (text) => `ascii(${text})`,
  isAscii: (text) => `(octet_length(${text}) = length(${text}))`,
  position: (text, part) => `instr(${text}, ${part})`,
  matches: (text, pattern) => `(${text} RLIKE '${pattern}')`,
  group: (text, pattern) => `regexp_extract(${text}, '${pattern}', 1)`,
  isoOfEpochMs: (ms) => `date_format(timestamp_millis(${ms}), "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")`,
  fence: '',
  epochMs: (iso) => `unix_millis(CAST(${iso} AS TIMESTAMP))`,
  div: (a, b) => `((${a}) DIV (${b}))`,
  identifier: backQuoted,
};

export const DIALECTS: Record<SqlDialectName, SqlDialect> = { duckdb, postgres, bigquery, snowflake, spark };
