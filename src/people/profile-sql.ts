// The profile SQL (docs/profiles-sql.md): the part of a check that grows with the history, written
// as SQL for the database or warehouse that holds it. It links customer records into persons (the
// identity keys of docs/inputs.md, linked transitively), sums up each customer's orders at the
// run's send times, and picks out the orders review requests name and the contacts in the rules'
// look-back. Its result is one table, the profiles table, which the tool reads (profiles-table.ts)
// as it reads the history files: each customer record's cells as written come back with its person
// and its identity keys, so the tool reads records with its own code and checks the keys against
// its own; orders and contacts it cannot be sure to read alike come back as written too.

import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, normalizeName, ORDER_COLUMNS } from '../csv/columns.js';
import { dateFormatParts, UNIX_SECONDS, type DateField } from '../csv/dates.js';
import type { Derivation } from '../csv/preset.js';
import type { IdentityConfig } from '../types.js';
import { PLACEHOLDER_NAMES } from './normalize.js';
import { LISTED_WITHOUT_ID } from './profiles.js';
import { BLANKS_BUT_SPACE, type SqlDialect } from './sql-dialects.js';

/** A table of the history as the SQL reads it. */
export interface HistoryTable {
  /** The relation: a table name, or a table function over a file. */
  relation: string;
  /** The table's column for each canonical column it has, as an SQL identifier. */
  columns: Partial<Record<string, string>>;
  /**
   * A platform export's (src/csv/preset.ts): canonical columns the table lacks, worked out from its
   * own columns, which `own` names (header name, trimmed and in lower case → SQL identifier).
   */
  derive?: Record<string, Derivation>;
  own?: Record<string, string>;
  /** `values:`: canonical column → { their value, trimmed and in lower case: ours }. */
  values?: Record<string, Record<string, string>>;
  /** The `date_format` of its date columns (one unfollowedDateFormat does not refuse). */
  dateFormat?: string;
  /**
   * A platform export of a line per item: the canonical column whose value, repeated on the rows
   * that follow one another, makes them one record, of which only the first row is read.
   */
  lineItemsOf?: string;
}

/** Canonical columns the tool reads as dates (TypedCells.date): those a `date_format` is for. */
const DATE_COLUMNS: ReadonlySet<string> = new Set(['birth_date', 'unsubscribed_at', 'ordered_at', 'delivered_at', 'sent_at']);

/**
 * Why the profile SQL cannot follow a date format, or undefined: it needs a year to place an
 * instant, and its literal characters must go into any dialect's regular expression as themselves.
 */
export function unfollowedDateFormat(format: string): string | undefined {
  if (format === UNIX_SECONDS) return undefined;
  const parts = dateFormatParts(format);
  if (!parts.some((part) => 'field' in part && part.field === 'year')) return 'has no year';
  if (parts.some((part) => 'literal' in part && /[[\]\\^'"]/.test(part.literal)))
    return 'holds a bracket, backslash, caret or quote';
  return undefined;
}

export interface ProfileSqlPlan {
  dialect: SqlDialect;
  customers: HistoryTable[];
  orders: HistoryTable[];
  contacts: HistoryTable[];
  /** The run's send instants (epoch ms). */
  instants: readonly number[];
  /** The orders the run's review requests name. */
  orderIds: readonly string[];
  contactLookbackMs: number;
  linkBy: readonly LinkKey[];
  /** Rounds of label propagation; the table says whether they were enough (the `unlinked` check). */
  rounds: number;
  /** What the table was made for, as JSON: the tool holds a run against it (profiles-table.ts). */
  build: string;
}

/** The profiles table's columns, in order. */
export const PROFILE_COLUMNS = [
  'kind',
  'rec',
  'person',
  'source',
  'position',
  ...CUSTOMER_COLUMNS,
  ...ORDER_COLUMNS.filter((name) => name !== 'customer_id' && name !== 'brand'),
  ...CONTACT_COLUMNS.filter((name) => name !== 'customer_id' && name !== 'brand'),
  'instant_ms',
  'order_count',
  'last_order_ms',
  'person_key',
  'email_key',
  'phone_key',
  'postal_key',
  'name_postal_key',
  'check_count',
  'detail',
] as const;

export type ProfileColumn = (typeof PROFILE_COLUMNS)[number];

const NUMBER_COLUMNS: ReadonlySet<string> = new Set([
  'rec',
  'person',
  'source',
  'position',
  'instant_ms',
  'order_count',
  'last_order_ms',
  'check_count',
]);

/**
 * The kinds of row of the profiles table, in the order they come: the orders review requests name
 * before the records of their customers. `without_id`: the first records of each customers table
 * that have no customer_id, with how many it has (the tool's notice of them).
 */
export const PROFILE_KINDS = ['build', 'check', 'without_id', 'order', 'customer', 'orders', 'contact'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** The checks the SQL makes of what it read: each row's check_count must be 0. */
export const PROFILE_CHECKS = ['unlinked', 'repeated customer_id', 'repeated order_id'] as const;

type LinkKey = IdentityConfig['linkBy'][number];

const LINK_KEY_COLUMNS: Record<LinkKey, string> = {
  person_id: 'person_key',
  email: 'email_key',
  phone: 'phone_key',
  name_postal: 'name_postal_key',
};

/** A string literal of text the tool holds (never a value read from a table). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The whole script: statements separated by blank lines, the last a SELECT of the profiles table. */
export function profileSql(plan: ProfileSqlPlan): string {
  const script = profileScript(plan);
  return `${[...script.statements, `${script.select()};`].join('\n\n')}\n`;
}

/**
 * The tables of the audience's keys a run fills in before `reached` (each a column `v` of keys
 * normalized as docs/inputs.md says): ids, emails, phones, postal addresses.
 */
export const REACH_TABLES = ['cp_reach_ids', 'cp_reach_emails', 'cp_reach_phones', 'cp_reach_postal'] as const;

export interface ProfileScript {
  /** The statements that make the tables the profiles table is selected from: `setup`, every round, then `finish`. */
  statements: string[];
  /** Up to the links between records, and every record its own label (cp_label_0). */
  setup: string[];
  /** A round of linking: cp_label_<round> from cp_label_<round − 1>, which is dropped. */
  round(round: number): string[];
  /** A query whose one row says whether cp_label_<round> leaves records that share a key apart (`unlinked`). */
  unlinked(round: number): string;
  /** The persons once `rounds` rounds are done, and every table the profiles table is selected from. */
  finish(rounds: number): string[];
  /**
   * Statements that keep the persons the REACH_TABLES reach, once they are filled: those of a record
   * with an id, email, phone or postal address in them, or a customer of a named order.
   */
  reached: string[];
  /** The SELECT of the profiles table, without its semicolon; with `kept`, of the persons `reached` kept only. */
  select(kept?: 'kept'): string;
}

/** The profile SQL as its parts, for a run that executes it itself (postgres-profiles.ts). */
export function profileScript(plan: ProfileSqlPlan): ProfileScript {
  const { dialect: d } = plan;
  const nullText = `CAST(NULL AS ${d.text})`;
  const nullNumber = 'CAST(NULL AS BIGINT)';
  const blanks = `[${d.blanks}]`;
  // String.prototype.trim(). Its blanks are below 33 or from 160 on: a cell that starts and ends with
  // neither (most cells) is as it is, without the regular expression.
  const jsTrim = (s: string) =>
    `CASE WHEN ${d.firstCode(`coalesce(${s}, '')`)} BETWEEN 33 AND 159 AND ${d.firstCode(`right(${s}, 1)`)} BETWEEN 33 AND 159 ` +
    `THEN ${s} WHEN coalesce(${s}, '') = '' THEN '' ELSE ${d.replaceAll(`coalesce(${s}, '')`, `^${blanks}+|${blanks}+$`, '')} END`;
  // Blanks other than single spaces, where the dialect can tell without a regular expression.
  const otherBlanks = d.chars?.(BLANKS_BUT_SPACE);
  const onlySpaces = (s: string) => `translate(${s}, ${otherBlanks}, '') = ${s}`;
  // Runs of blanks as one space (normalizePostalAddress); most text has none but single spaces.
  const collapseBlanks = (s: string) =>
    otherBlanks
      ? `CASE WHEN ${s} NOT LIKE '%  %' AND ${onlySpaces(s)} THEN ${s} ELSE ${d.replaceAll(s, `${blanks}+`, ' ')} END`
      : d.replaceAll(s, `${blanks}+`, ' ');
  // Every blank removed (foldText); most text has spaces at most.
  const removeBlanks = (s: string) =>
    otherBlanks
      ? `CASE WHEN ${onlySpaces(s)} THEN replace(${s}, ' ', '') ELSE ${d.replaceAll(s, `${blanks}+`, '')} END`
      : d.replaceAll(s, `${blanks}+`, '');
  // trimCell (history-digest.ts): only a cell that starts or ends with an ASCII blank or control character is trimmed.
  const trimCell = (s: string) =>
    `CASE WHEN ascii(coalesce(${s}, '')) <= 32 OR ascii(right(coalesce(${s}, ''), 1)) <= 32 THEN ${jsTrim(s)} ELSE ${s} END`;
  // isNoCustomerId: empty, 0 or guest.
  const noId = (id: string) => `(${id} IN ('', '0') OR lower(${id}) = 'guest')`;
  const setup: string[] = [...d.preamble];
  // Where table() and drop() write: the setup, then what follows the rounds.
  let statements = setup;
  const table = (name: string, query: string) => statements.push(...d.createTable(name, query));
  const drop = (name: string) => statements.push(...d.dropTable(name));

  // A derived column as the default reader works it out (src/csv/derive.ts): from the table's own
  // columns' cells, trimmed; a column the table lacks reads ''.
  const ownCell = (source: HistoryTable, header: string) => {
    const column = source.own?.[normalizeName(header)];
    return column === undefined ? "''" : jsTrim(d.asText(column));
  };
  const derived = (source: HistoryTable, derivation: Derivation): string => {
    if ('split_name' in derivation) {
      // Words are what runs of blanks part: the first, and the rest with a space between each.
      const words = collapseBlanks(ownCell(source, derivation.split_name));
      const space = d.position(words, "' '");
      return derivation.part === 'first'
        ? `CASE WHEN ${space} > 0 THEN substr(${words}, 1, ${space} - 1) ELSE ${words} END`
        : `CASE WHEN ${space} > 0 THEN substr(${words}, ${space} + 1) ELSE '' END`;
    }
    if ('cases' in derivation) {
      const tests = derivation.cases.map((entry) => {
        const text = `lower(${ownCell(source, entry.column)})`;
        const test = entry.in
          ? `${text} IN (${entry.in.map((value) => sqlLiteral(value.toLowerCase())).join(', ')})`
          : entry.contains
            ? `(${entry.contains.map((word) => `${d.position(text, sqlLiteral(word.toLowerCase()))} > 0`).join(' OR ')})`
            : `${ownCell(source, entry.column)} <> ''`;
        return `WHEN ${test} THEN ${sqlLiteral(entry.value)}`;
      });
      return `CASE ${tests.join(' ')} ELSE ${sqlLiteral(derivation.otherwise ?? '')} END`;
    }
    if ('first_id_of' in derivation) {
      // The first cell that holds an id: not empty, 0 or guest (isNoCustomerId).
      const ids = derivation.first_id_of.map((header) => ownCell(source, header));
      return `CASE ${ids.map((id) => `WHEN NOT ${noId(id)} THEN ${id}`).join(' ')} ELSE '' END`;
    }
    // A date some days after another: the other, trimmed, which the tool moves on (the build row's `addDays`).
    return ownCell(source, derivation.add_days.column);
  };
  // A cell in the table's date_format (src/csv/dates.ts) as the ISO 8601 date-time in UTC it stands
  // for; any other cell as written, which the tool then reads as ISO 8601, as it does after the format.
  const isoText = (ms: string) => `replace(${d.isoOfEpochMs(ms)}, '.000Z', 'Z')`;
  const formattedDate = (cell: string, format: string): string => {
    const text = jsTrim(cell);
    if (format === UNIX_SECONDS) {
      const ms = `CAST(round(CAST(${text} AS ${d.double}) * 1000) AS BIGINT)`;
      return `CASE WHEN ${d.matches(text, '^[0-9]{1,11}([.][0-9]+)?$')} THEN ${isoText(ms)} ELSE ${cell} END`;
    }
    const parts = dateFormatParts(format);
    // The whole format, with only `captured` in a group: each field is read by a pattern of its own.
    const pattern = (captured?: DateField) =>
      `^${parts
        .map((part) =>
          'literal' in part
            ? /[A-Za-z0-9 ]/.test(part.literal)
              ? part.literal
              : `[${part.literal}]`
            : part.field === captured
              ? `(${part.pattern})`
              : part.pattern,
        )
        .join('')}$`;
    const has = (field: DateField) => parts.some((part) => 'field' in part && part.field === field);
    const number = (field: DateField) => (has(field) ? `CAST(${d.group(text, pattern(field))} AS BIGINT)` : '0');
    const [year, month, day, minute, second] = (['year', 'month', 'day', 'minute', 'second'] as const).map(number);
    // A 12-hour clock: 12 AM is 0, 12 PM is 12.
    const hour = has('hour12')
      ? `(CASE WHEN ${number('hour12')} = 12 THEN 0 ELSE ${number('hour12')} END + CASE WHEN lower(${d.group(text, pattern('meridiem'))}) = 'pm' THEN 12 ELSE 0 END)`
      : number('hour');
    const valid = [
      `${month} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${monthDays(d, year, month)}`,
      has('hour12') ? `${number('hour12')} BETWEEN 1 AND 12` : `${hour} <= 23`,
      `${minute} <= 59 AND ${second} <= 59`,
    ].join(' AND ');
    const padded = (value: string, width: number) => `lpad(CAST(${value} AS ${d.text}), ${width}, '0')`;
    const iso = `${padded(year, 4)} || '-' || ${padded(month, 2)} || '-' || ${padded(day, 2)} || 'T' || ${padded(hour, 2)} || ':' || ${padded(minute, 2)} || ':' || ${padded(second, 2)} || 'Z'`;
    return `CASE WHEN ${d.matches(text, pattern())} THEN CASE WHEN ${valid} THEN ${iso} ELSE ${cell} END ELSE ${cell} END`;
  };
  // A canonical column's cell: the table's own, or derived; then the export's vocabulary mapped to
  // ours; then a date in the table's format as ISO 8601.
  const cellOf = (source: HistoryTable, name: string): string => {
    const column = source.columns[name];
    const derivation = source.derive?.[name];
    let cell = column !== undefined ? d.asText(column) : derivation ? derived(source, derivation) : undefined;
    if (cell === undefined) return nullText;
    const mapping = Object.entries(source.values?.[name] ?? {});
    if (mapping.length > 0) {
      const ours = mapping.map(([theirs, value]) => `WHEN ${sqlLiteral(theirs)} THEN ${sqlLiteral(value)}`).join(' ');
      cell = `CASE lower(${jsTrim(cell)}) ${ours} ELSE ${cell} END`;
    }
    return source.dateFormat && DATE_COLUMNS.has(name) ? formattedDate(cell, source.dateFormat) : cell;
  };
  // A table of line items: only the first row of those that follow one another with the same key
  // (trimmed, not empty), in the order read. DuckDB numbers a table's rows as read (rowid); a table
  // function's only once it is a table.
  const firstLines = (source: HistoryTable, name: string): string => {
    const key = jsTrim(d.asText(source.columns[source.lineItemsOf!]!));
    let numbered = `(SELECT ${d.recordNumber} AS cp_line, r.* FROM ${source.relation} r)`;
    if (d.name === 'duckdb') {
      table(name, `SELECT * FROM ${source.relation}`);
      numbered = `(SELECT rowid AS cp_line, * FROM ${name})`;
    }
    return `(SELECT * FROM (SELECT n.*, lag(${key}) OVER (ORDER BY cp_line) AS cp_previous FROM ${numbered} n) l
  WHERE ${key} = '' OR cp_previous IS NULL OR ${key} <> cp_previous) f`;
  };
  // Statements that number rows as a table is read (recordNumber), in the dialect's read order.
  const inReadOrder = (make: () => void) => {
    statements.push(...(d.readOrder?.before ?? []));
    make();
    statements.push(...(d.readOrder?.after ?? []));
  };
  // A statement reading tables of line items numbers their rows (firstLines): in read order.
  const withLineItems = (tables: readonly HistoryTable[], make: () => void) =>
    tables.some((source) => source.lineItemsOf) ? inReadOrder(make) : make();
  // The tables of each kind, one after the other, as text in canonical columns; `file` numbers them.
  const union = (tables: readonly HistoryTable[], canonical: readonly string[], kind: string) =>
    tables
      .map((source, file) => {
        const relation = source.lineItemsOf ? firstLines(source, `cp_lines_${kind}_${file}`) : source.relation;
        return `SELECT ${file} AS file, ${canonical.map((name) => `${cellOf(source, name)} AS ${name}`).join(', ')} FROM ${relation}`;
      })
      .join('\nUNION ALL\n');

  // Customer records, numbered in the order read (rec), with their identity keys.
  if (d.name === 'duckdb') {
    // A table's rowid is the order its rows were read in.
    table('cp_records_in', union(plan.customers, CUSTOMER_COLUMNS, 'customers'));
    table('cp_records', `SELECT ${d.recordNumber} AS rec, * FROM cp_records_in`);
    drop('cp_records_in');
  } else {
    inReadOrder(() =>
      table(
        'cp_records',
        `SELECT ${d.recordNumber} AS rec, u.* FROM (${union(plan.customers, CUSTOMER_COLUMNS, 'customers')}) u`,
      ),
    );
  }
  const withoutFullStop = (t: string) => `CASE WHEN ${t} LIKE '%.' THEN substr(${t}, 1, length(${t}) - 1) ELSE ${t} END`;
  const placeholders = [...PLACEHOLDER_NAMES].map(sqlLiteral).join(', ');
  const knownName = (t: string) =>
    `CASE WHEN length(${withoutFullStop(t)}) <= 1 OR ${withoutFullStop(`lower(${t})`)} IN (${placeholders}) THEN NULL ELSE ${t} END`;
  // foldText, without its removal of white space: accents dropped (only text beyond ASCII has any), lower case.
  const lowerWithoutAccents = (s: string) => `lower(CASE WHEN ${d.isAscii(s)} THEN ${s} ELSE ${d.withoutAccents(s)} END)`;
  table(
    'cp_keys',
    // Stage by stage, each value worked out once: a stage reads its values by name, and \`fence\`
    // keeps a database from writing a stage's expressions into the next wherever it names them.
    `SELECT rec, file, position, no_id, person_key, email_key, phone_key, postal_key,
  CASE WHEN first_fold <> '' AND last_fold <> '' AND postal_fold <> '' THEN first_fold || ' ' || last_fold || ' ' || postal_fold ELSE '' END AS name_postal_key
FROM (
  SELECT rec, file, position, no_id, person_key, email_key, phone_key, postal_key,
    coalesce(${removeBlanks('first_lower')}, '') AS first_fold,
    coalesce(${removeBlanks('last_lower')}, '') AS last_fold,
    CASE WHEN known_first IS NULL OR known_last IS NULL THEN '' ELSE ${removeBlanks('postal_lower')} END AS postal_fold
  FROM (
    SELECT rec, file, position, no_id, person_key, email_key, phone_key, known_first, known_last, ${collapseBlanks('address_lower')} AS postal_key,
      ${lowerWithoutAccents('known_first')} AS first_lower,
      ${lowerWithoutAccents('known_last')} AS last_lower,
      ${lowerWithoutAccents("coalesce(postal_code, '')")} AS postal_lower
    FROM (
      SELECT rec, file, position, no_id, postal_code, person_key, email_key, address_lower,
        CASE WHEN length(phone_digits) >= 7 THEN right(phone_digits, 10) ELSE '' END AS phone_key,
        ${knownName('first_trimmed')} AS known_first,
        ${knownName('last_trimmed')} AS known_last
      FROM (SELECT rec, file, postal_code,
        row_number() OVER (PARTITION BY file ORDER BY rec) AS position,
        ${noId(jsTrim('customer_id'))} AS no_id,
        ${jsTrim('person_id')} AS person_key,
        lower(${jsTrim('email')}) AS email_key,
        ${d.replaceAll(`coalesce(phone, '')`, '[^0-9]', '')} AS phone_digits,
        lower(${jsTrim('postal_address')}) AS address_lower,
        ${jsTrim('first_name')} AS first_trimmed, ${jsTrim('last_name')} AS last_trimmed FROM cp_records${d.fence}) t${d.fence}
    ) k${d.fence}
  ) l${d.fence}
) f`,
  );

  // Each record linked to the first record holding a key it has; persons are the connected records,
  // each labelled with its first record: labels spread over links, then jump to their label's label.
  const links = plan.linkBy.map(
    (key) =>
      `SELECT rec, first_rec FROM (SELECT rec, min(rec) OVER (PARTITION BY ${LINK_KEY_COLUMNS[key]}) AS first_rec ` +
      `FROM cp_keys WHERE ${LINK_KEY_COLUMNS[key]} <> '') t WHERE rec <> first_rec`,
  );
  table('cp_links', links.length > 0 ? links.join('\nUNION ALL\n') : `SELECT rec, rec AS first_rec FROM cp_keys WHERE 1 = 0`);
  table('cp_label_0', 'SELECT rec, rec AS label FROM cp_records');
  const round = (number: number): string[] => {
    const before = `cp_label_${number - 1}`;
    return [
      ...d.createTable(
        `cp_spread_${number}`,
        `SELECT rec, min(label) AS label FROM (
  SELECT rec, label FROM ${before}
  UNION ALL SELECT l.rec, b.label FROM cp_links l JOIN ${before} b ON b.rec = l.first_rec
  UNION ALL SELECT l.first_rec AS rec, b.label FROM cp_links l JOIN ${before} b ON b.rec = l.rec
) t GROUP BY rec`,
      ),
      ...d.dropTable(before),
      ...d.createTable(
        `cp_label_${number}`,
        `SELECT s.rec, j.label FROM cp_spread_${number} s JOIN cp_spread_${number} j ON j.rec = s.label`,
      ),
      ...d.dropTable(`cp_spread_${number}`),
    ];
  };
  const unlinkedWith = (labels: string) =>
    `SELECT count(*) AS n FROM cp_links l JOIN ${labels} a ON a.rec = l.rec JOIN ${labels} b ON b.rec = l.first_rec WHERE a.label <> b.label`;
  // The persons: each record's label once the rounds are done.
  const labels = 'cp_persons';
  const rest: string[] = [];
  statements = rest;

  const checks = [
    `SELECT 'unlinked' AS name, n, ${nullText} AS example FROM (${unlinkedWith(labels)}) u`,
    // An id that is an email is the same id in any case (docs/inputs.md).
    `SELECT 'repeated customer_id' AS name, count(*) AS n, min(id) AS example FROM (SELECT id FROM (` +
      `SELECT CASE WHEN id LIKE '%@%' THEN lower(id) ELSE id END AS id FROM (SELECT ${jsTrim('customer_id')} AS id FROM cp_records) t ` +
      `WHERE NOT ${noId('id')}) i GROUP BY id HAVING count(*) > 1) r`,
  ];

  const instants = plan.instants.map((instant) => `SELECT CAST(${instant} AS BIGINT) AS instant_ms`).join(' UNION ALL ');
  const named = plan.orderIds.length > 0 ? `order_key IN (${plan.orderIds.map(sqlLiteral).join(', ')})` : '1 = 0';
  const isoMs = isoMilliseconds(d);
  const hasOrders = plan.orders.length > 0;
  if (hasOrders) {
    const statusWords = `'placed', 'shipped', 'delivered', 'cancelled', 'returned', 'lost', 'refunded'`;
    // Each order row with what the sums need, whether it is named, and whether the SQL reads it as the tool would.
    const orderFacts = `SELECT *, ${named} AS named,
  (ordered_at IS NULL OR ordered_at = '' OR ordered_ms IS NOT NULL)
  AND (delivered_at IS NULL OR delivered_at = '' OR ${isoMs('delivered_at')} IS NOT NULL)
  AND (status IS NULL OR status_word IS NOT NULL OR ${jsTrim('status')} = '')
  AND (total IS NULL OR translate(total, '0123456789', '') = '' OR (translate(total, '0123456789', '') = '.' AND total NOT LIKE '%.')) AS sure
FROM (SELECT o.*, ${trimCell('order_id')} AS order_key, ${trimCell('customer_id')} AS customer_key,
  ${isoMs('ordered_at')} AS ordered_ms,
  CASE WHEN status IN (${statusWords}) THEN status WHEN lower(${jsTrim('status')}) IN (${statusWords}) THEN lower(${jsTrim('status')}) END AS status_word
  FROM (${union(plan.orders, ORDER_COLUMNS, 'orders')}) o${d.fence}) t`;
    // One read of the orders: the facts every row gives, and the cells as written only of the few rows the tool reads itself.
    const keepsCells = 'named OR NOT sure';
    withLineItems(plan.orders, () =>
      table(
        'cp_orders',
        `SELECT file, order_key, customer_key, ordered_ms, status_word, named, sure, ${ORDER_COLUMNS.map(
          (name) => `CASE WHEN ${keepsCells} THEN ${name} END AS ${name}`,
        ).join(', ')} FROM (${orderFacts}${d.fence}) f`,
      ),
    );
    checks.push(
      `SELECT 'repeated order_id' AS name, count(*) AS n, min(order_key) AS example FROM ` +
        `(SELECT order_key FROM cp_orders WHERE order_key <> '' GROUP BY order_key HAVING count(*) > 1) r`,
    );
    if (plan.instants.length > 0) {
      // The orders the tool reads itself (named, or not sure to read alike) are left out of the sums.
      table(
        'cp_figures',
        `SELECT customer_key, i.instant_ms,
  sum(CASE WHEN ordered_ms <= i.instant_ms THEN 1 ELSE 0 END) AS order_count,
  max(CASE WHEN ordered_ms < i.instant_ms THEN ordered_ms END) AS last_order_ms
FROM cp_orders CROSS JOIN (${instants}) i
WHERE sure AND NOT named AND coalesce(status_word, '') <> 'cancelled' AND ordered_ms IS NOT NULL AND customer_key <> ''
GROUP BY customer_key, i.instant_ms`,
      );
    }
  } else {
    checks.push(`SELECT 'repeated order_id' AS name, CAST(0 AS BIGINT) AS n, ${nullText} AS example`);
  }
  const readsContacts = plan.contacts.length > 0 && plan.contactLookbackMs > 0 && plan.instants.length > 0;
  if (readsContacts) {
    const from = Math.min(...plan.instants) - plan.contactLookbackMs;
    const until = Math.max(...plan.instants);
    // Every contact in the look-back of some send, and those not sure to read alike: the tool reads each again.
    withLineItems(plan.contacts, () =>
      table(
        'cp_contacts',
        `SELECT * FROM (SELECT c.*, ${isoMs('sent_at')} AS sent_ms FROM (${union(plan.contacts, CONTACT_COLUMNS, 'contacts')}) c${d.fence}) t
WHERE (sent_ms >= ${from} AND sent_ms < ${until}) OR (sent_ms IS NULL AND coalesce(sent_at, '') <> '')`,
      ),
    );
  }

  // The profiles table: every row has every column, NULL where its kind has none.
  const row = (kind: ProfileKind, values: Partial<Record<ProfileColumn, string>>, from: string) =>
    `SELECT ${PROFILE_COLUMNS.map((name) => {
      const value = name === 'kind' ? sqlLiteral(kind) : values[name];
      const empty = NUMBER_COLUMNS.has(name) ? nullNumber : nullText;
      return `${value ?? empty} AS ${name}`;
    }).join(', ')}${from}`;
  const same = (names: readonly string[], alias: string) => Object.fromEntries(names.map((name) => [name, `${alias}.${name}`]));
  const parts = [
    row('build', { detail: sqlLiteral(plan.build) }, ''),
    row(
      'check',
      { detail: 'c.name', check_count: 'CAST(c.n AS BIGINT)', customer_id: 'c.example' },
      ` FROM (${checks.join('\nUNION ALL\n')}) c`,
    ),
    // The first records without an id of each customers table (the `file` of the union), and how many it has.
    row(
      'without_id',
      { source: 'w.file', position: 'w.position', check_count: 'CAST(w.n AS BIGINT)' },
      ` FROM (SELECT file, position, count(*) OVER (PARTITION BY file) AS n, row_number() OVER (PARTITION BY file ORDER BY position) AS nth FROM cp_keys WHERE no_id) w WHERE nth <= ${LISTED_WITHOUT_ID}`,
    ),
    row(
      'customer',
      {
        rec: 'r.rec',
        person: `p.label`,
        source: 'r.file',
        position: 'k.position',
        ...same(CUSTOMER_COLUMNS, 'r'),
        ...same(['person_key', 'email_key', 'phone_key', 'postal_key', 'name_postal_key'], 'k'),
      },
      ` FROM cp_records r JOIN cp_keys k ON k.rec = r.rec JOIN ${labels} p ON p.rec = r.rec`,
    ),
  ];
  if (hasOrders) {
    if (plan.instants.length > 0) {
      parts.push(
        row(
          'orders',
          {
            customer_id: 'f.customer_key',
            instant_ms: 'f.instant_ms',
            order_count: 'CAST(f.order_count AS BIGINT)',
            last_order_ms: 'f.last_order_ms',
          },
          ' FROM cp_figures f',
        ),
      );
    }
    parts.push(row('order', { ...same(ORDER_COLUMNS, 'o'), source: 'o.file' }, ' FROM cp_orders o WHERE o.named OR NOT o.sure'));
  }
  if (readsContacts) parts.push(row('contact', { ...same(CONTACT_COLUMNS, 'c'), source: 'c.file' }, ' FROM cp_contacts c'));
  const rank = PROFILE_KINDS.map((kind, index) => `WHEN ${sqlLiteral(kind)} THEN ${index}`).join(' ');
  const trimmedId = jsTrim('customer_id');
  const reached: string[] = [];
  // A named order's customer: by id, or, for an id that is an email, by the email (InMemoryPeople.recordIndex).
  const namedEmails = `SELECT lower(${jsTrim('customer_key')}) FROM cp_orders WHERE named AND customer_key LIKE '%@%'`;
  const namedCustomers = `
  OR ${trimmedId} IN (SELECT customer_key FROM cp_orders WHERE named)
  OR lower(${trimmedId}) IN (${namedEmails})
  OR k.email_key IN (${namedEmails})`;
  const pushReached = (name: string, query: string) => reached.push(...d.createTable(name, query));
  pushReached(
    'cp_reached',
    `SELECT DISTINCT p.label FROM cp_records r JOIN cp_keys k ON k.rec = r.rec JOIN ${labels} p ON p.rec = r.rec
WHERE ${trimmedId} IN (SELECT v FROM cp_reach_ids)
  OR (${trimmedId} LIKE '%@%' AND lower(${trimmedId}) IN (SELECT v FROM cp_reach_emails))
  OR k.email_key IN (SELECT v FROM cp_reach_emails)
  OR k.phone_key IN (SELECT v FROM cp_reach_phones)
  OR k.postal_key IN (SELECT v FROM cp_reach_postal)${hasOrders ? namedCustomers : ''}`,
  );
  // The kept records' ids, an id that is an email in lower case too, and their emails: an orders or
  // contacts row finds a record by its id, or by an email id as the record's id or email (InMemoryPeople.recordIndex).
  const keptRecords = `FROM cp_records r JOIN cp_keys k ON k.rec = r.rec JOIN ${labels} p ON p.rec = r.rec WHERE p.label IN (SELECT label FROM cp_reached)`;
  pushReached(
    'cp_kept_ids',
    `SELECT ${trimmedId} AS id ${keptRecords}
UNION SELECT lower(${trimmedId}) ${keptRecords} AND ${trimmedId} LIKE '%@%'
UNION SELECT k.email_key ${keptRecords} AND k.email_key <> ''`,
  );
  const keptOnly = `
WHERE kind NOT IN ('customer', 'orders', 'contact')
  OR (kind = 'customer' AND person IN (SELECT label FROM cp_reached))
  OR (kind IN ('orders', 'contact') AND (${trimmedId} IN (SELECT id FROM cp_kept_ids) OR lower(${trimmedId}) IN (SELECT id FROM cp_kept_ids)))`;
  const finish = (rounds: number) => [
    ...d.createTable(labels, `SELECT rec, label FROM cp_label_${rounds}`),
    ...d.dropTable(`cp_label_${rounds}`),
    ...rest,
  ];
  return {
    statements: [...setup, ...Array.from({ length: plan.rounds }, (_, index) => round(index + 1)).flat(), ...finish(plan.rounds)],
    setup,
    round,
    unlinked: (number) => unlinkedWith(`cp_label_${number}`),
    finish,
    reached,
    select: (kept) =>
      `SELECT * FROM (\n${parts.join('\nUNION ALL\n')}\n) profiles${kept ? keptOnly : ''}\nORDER BY CASE kind ${rank} END, rec, source, position`,
  };
}

/** The days of the month `m` (1–12) of the year `y`. */
function monthDays(d: SqlDialect, y: string, m: string): string {
  const leap = `((${y}) - 4 * ${d.div(y, '4')} = 0 AND ((${y}) - 100 * ${d.div(y, '100')} <> 0 OR (${y}) - 400 * ${d.div(y, '400')} = 0))`;
  return `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
}

/**
 * Epoch ms of the ISO 8601 shapes the tool reads on its fast path (src/csv/dates.ts) and a few it
 * reads on its slow one: YYYY-MM-DD, then THH:mm:ss or a blank and HH:mm:ss, then Z, ±HH:MM, or
 * ±HHMM with or without a blank before it; NULL for anything else (the tool then
 * reads the row itself). Told by translate() and ranges, so that an impossible date (2026-02-30) is
 * NULL rather than an error, and only a valid one is handed to the database's own parsing.
 */
function isoMilliseconds(d: SqlDialect): (cell: string) => string {
  // Each shape with its digits as 0, which translate() makes of a cell without a regular expression.
  // Offsets as ±HH:MM, and as ±HHMM with a blank before it or none (Shopify's 2026-11-12 08:41:19 -0800).
  const shapes = [
    '0000-00-00',
    ...['T', ' '].flatMap((t) =>
      ['', 'Z', '+00:00', '-00:00', '+0000', '-0000', ' +0000', ' -0000'].map((end) => `0000-00-00${t}00:00:00${end}`),
    ),
  ];
  const part = (cell: string, from: number, length: number) => `CAST(substr(${cell}, ${from}, ${length}) AS BIGINT)`;
  return (cell) => {
    const y = part(cell, 1, 4);
    const m = part(cell, 6, 2);
    const day = part(cell, 9, 2);
    const field = (from: number, most: number) => `${part(cell, from, 2)} > ${most}`;
    // The offset's hours start at 21, after ±; at 22 after a blank and ±.
    const blankOffset = `substr(${cell}, 20, 1) = ' '`;
    const canonical = `CASE WHEN length(${cell}) = 24 THEN substr(${cell}, 1, 22) || ':' || substr(${cell}, 23, 2)
      WHEN length(${cell}) = 25 AND ${blankOffset} THEN substr(${cell}, 1, 19) || substr(${cell}, 21, 3) || ':' || substr(${cell}, 24, 2)
      ELSE ${cell} END`;
    // Each WHEN only for the rows the ones before leave: the casts read digits only.
    return `CASE
    WHEN translate(coalesce(${cell}, ''), '123456789', '000000000') NOT IN (${shapes.map(sqlLiteral).join(', ')}) THEN NULL
    WHEN substr(${cell}, 1, 1) = '0' OR ${m} NOT BETWEEN 1 AND 12 OR ${day} = 0 OR ${day} > ${monthDays(d, y, m)} THEN NULL
    WHEN length(${cell}) > 10 AND (${field(12, 23)} OR ${field(15, 59)} OR ${field(18, 59)}) THEN NULL
    WHEN length(${cell}) = 24 AND (${field(21, 23)} OR ${field(23, 59)}) THEN NULL
    WHEN length(${cell}) = 25 AND ${blankOffset} AND (${field(22, 23)} OR ${field(24, 59)}) THEN NULL
    WHEN length(${cell}) = 25 AND NOT ${blankOffset} AND (${field(21, 23)} OR ${field(24, 59)}) THEN NULL
    ELSE ${d.epochMs(canonical)}
  END`;
  };
}
