// Persons linked by DuckDB, for `history.engine: duckdb` (docs/cli.md#history-engine): the customers
// files are read and linked into persons (docs/inputs.md) in SQL, and only the records of persons
// the run's audiences reach come back, so that what the run holds grows with the audiences, not
// with the history. The records that come back are read by the same code as the default reader's,
// from their cells as written.
//
// DuckDB links only what it is sure to link alike, or says why it does not (the default reader then
// reads the customers): a setting only the default reader has, a cell the default reader would
// report, a record without a customer_id (its notice names lines) or with one that repeats or is an
// email. Keys of text beyond ASCII (lower case, accents) are worked out in JavaScript.

import { CUSTOMER_COLUMNS } from '../csv/columns.js';
import type { ColumnSpec, CsvHeader } from '../csv/read.js';
import { cell, fileForDuckDB, ORDER_SPEC, ordersRead, resultColumns, textTable, type DuckDBSession } from './duckdb-digest.js';
import { CUSTOMER_MACROS } from './duckdb-sql.js';
import { nameAndPostalParts, normalizeEmail, normalizePostalAddress } from './normalize.js';
import type { AudienceReach, ProfileRequest } from './profiles.js';

const CUSTOMER_SPEC: ColumnSpec = { canonical: CUSTOMER_COLUMNS, required: ['customer_id'] };

/** The customers files as linked by DuckDB: their headers, and the records of the persons the run reaches. */
export interface LinkedCustomers {
  headers: CsvHeader[];
  /**
   * Visits each reached record in file order: its file (an index into the request's customers), its
   * cells in the order of CUSTOMER_COLUMNS, and its person (the smallest record number of the person).
   */
  forEachRecord(visit: (file: number, cells: readonly string[], person: number) => void): Promise<void>;
}

/** The table the records are loaded into: each file's canonical columns, as text, in file order (rowid). */
const CUSTOMERS_TABLE = `customers (file INTEGER, ${CUSTOMER_COLUMNS.map((name) => `${name} VARCHAR`).join(', ')})`;

/**
 * Links the request's customers in the session, and keeps the records of the persons the run
 * reaches; or says why DuckDB does not link them. The reach is awaited last: the audiences may be
 * read meanwhile.
 */
export async function linkCustomers(
  session: DuckDBSession,
  request: ProfileRequest,
  reach: Promise<AudienceReach>,
  recordsPerRange = RECORDS_PER_RANGE,
): Promise<LinkedCustomers | string> {
  const { connection } = session;
  const sources = request.history.customers ?? [];
  if (!request.identity.linkBy.includes('email')) {
    // Ids that are emails find the first record holding the email: without email links, it may be of another person.
    return 'identity.linkBy leaves out email';
  }
  await connection.run(CUSTOMER_MACROS);
  await connection.run(`CREATE OR REPLACE TABLE ${CUSTOMERS_TABLE}`);
  const headers: CsvHeader[] = [];
  for (const [file, source] of sources.entries()) {
    const read = await fileForDuckDB(connection, source, CUSTOMER_SPEC);
    if (typeof read === 'string') return `${source.displayPath}: ${read}`;
    const { header } = read;
    headers.push(header);
    const cells = CUSTOMER_COLUMNS.map((name) => cell(header, name)).join(', ');
    const loaded = await resultColumns(connection, `INSERT INTO customers SELECT ${file}, ${cells} FROM ${read.relation}`);
    if (typeof loaded === 'string') return `${source.displayPath}: ${loaded}`;
  }

  // Order is the file's only where records come back (ORDER BY there): elsewhere DuckDB may drop
  // it and hold less.
  await connection.run('SET preserve_insertion_order = false');
  // In stages, each a subquery: a macro's argument is copied wherever the macro names it, and the
  // name + postal code key nested in one expression took four times as long.
  await connection.run(
    `CREATE OR REPLACE TABLE record_keys AS SELECT rec, id, person_key, phone_key, ascii, email_key, postal_key, ` +
      `CASE WHEN ascii THEN name_postal_key_of(first, last, postal) END AS name_postal_key, sure FROM (` +
      `SELECT *, fold_text(known_trimmed_name(first_trimmed)) AS first, fold_text(known_trimmed_name(last_trimmed)) AS last, ` +
      `fold_text(coalesce(postal_code, '')) AS postal FROM (` +
      `SELECT rowid AS rec, js_trim(coalesce(customer_id, '')) AS id, js_trim(coalesce(person_id, '')) AS person_key, ` +
      `phone_key(phone) AS phone_key, ${ASCII_KEYS} AS ascii, ` +
      `CASE WHEN ascii THEN email_key(email) END AS email_key, CASE WHEN ascii THEN postal_key(postal_address) END AS postal_key, ` +
      `js_trim(coalesce(first_name, '')) AS first_trimmed, js_trim(coalesce(last_name, '')) AS last_trimmed, postal_code, ` +
      `${TYPED_CELLS_SURE} AS sure FROM customers))`,
  );
  const why = await unsureCustomers(session);
  if (why) return why;
  await keysBeyondAscii(session);
  await formPersons(session, request.identity.linkBy);

  const named = await reachNamedOrders(session, request);
  if (typeof named === 'string') return named;
  await fillReach(session, await reach, named);
  // The persons of every record an audience key finds, and all their records.
  await connection.run(
    `CREATE OR REPLACE TABLE kept AS WITH persons AS (SELECT k.*, coalesce(l.person, k.rec) AS person ` +
      `FROM record_keys k LEFT JOIN labels l USING (rec)), reached AS (SELECT DISTINCT person FROM persons ` +
      `WHERE id IN (SELECT key FROM reach_ids) OR email_key IN (SELECT key FROM reach_emails) ` +
      `OR phone_key IN (SELECT key FROM reach_phones) OR postal_key IN (SELECT key FROM reach_postal)) ` +
      `SELECT rec, person FROM persons SEMI JOIN reached USING (person)`,
  );
  return {
    headers,
    forEachRecord: async (visit) => {
      const columns = CUSTOMER_COLUMNS.map((name) => `coalesce(${name}, '')`).join(', ');
      const [[recordCount]] = (await resultColumns(connection, 'SELECT CAST(count(*) AS DOUBLE) FROM customers')) as number[][];
      // A range of records at a time, each sorted alone: the sort of all that are kept would not fit
      // DuckDB's memory.
      for (let from = 0; from < recordCount; from += recordsPerRange) {
        const range = `BETWEEN ${from} AND ${from + recordsPerRange - 1}`;
        // Each record's cells as one text, split here: they come over in a third of the time its
        // cells one by one take. A record with the separator in a cell comes as a list.
        const result = await connection.stream(
          `SELECT file, CAST(person AS DOUBLE), packed, CASE WHEN strlen(packed) - strlen(replace(packed, chr(31), '')) <> ` +
            `${CUSTOMER_COLUMNS.length - 1} THEN [${columns}] END FROM (SELECT file, person, c.rowid AS rec, ` +
            `concat_ws(chr(31), ${columns}) AS packed, ${CUSTOMER_COLUMNS.join(', ')} FROM customers c ` +
            `JOIN (SELECT * FROM kept WHERE rec ${range}) k ON k.rec = c.rowid WHERE c.rowid ${range}) ORDER BY rec`,
        );
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
          const [files, persons, packed, lists] = chunk.getColumns() as [
            number[],
            number[],
            string[],
            Array<{ items: readonly string[] } | null>,
          ];
          for (let row = 0; row < chunk.rowCount; row++) {
            visit(files[row], lists[row]?.items ?? packed[row].split(SEPARATOR), persons[row]);
          }
        }
      }
    },
  };
}

/** Records sorted at a time on their way back (lowered only by tests): a range's sort fits DuckDB's memory. */
export const RECORDS_PER_RANGE = 131_072;

/** What the cells of a record coming back are joined with (chr(31), the unit separator). */
const SEPARATOR = '\u001f';

/** Whether the cells identity keys are made of are plain ASCII (else normalize.ts makes the keys). */
const ASCII_KEYS = ['email', 'postal_address', 'first_name', 'last_name', 'postal_code']
  .map((name) => `is_ascii(${name})`)
  .join(' AND ');

/** Whether a record's typed cells read as the default reader reads them, without a finding. */
const TYPED_CELLS_SURE = [
  ...[
    'email_consent',
    'sms_consent',
    'phone_consent',
    'mail_consent',
    'push_consent',
    'do_not_contact',
    'email_undeliverable',
  ].map((name) => `boolean_sure(${name})`),
  'date_sure(unsubscribed_at)',
  'date_sure(birth_date)',
  'years_sure(children_birth_years)',
].join(' AND ');

/** Why the default reader must read the customers, or undefined when DuckDB reads every record alike. */
async function unsureCustomers(session: DuckDBSession): Promise<string | undefined> {
  const columns = await resultColumns(
    session.connection,
    `SELECT CAST(count(*) FILTER (WHERE NOT sure) AS DOUBLE), ` +
      `CAST(count(*) FILTER (WHERE id IN ('', '0') OR lower(id) = 'guest') AS DOUBLE), ` +
      `CAST(count(*) FILTER (WHERE contains(id, '@')) AS DOUBLE), ` +
      `CAST((SELECT count(*) FROM (SELECT hash(id) FROM record_keys GROUP BY hash(id) HAVING count(*) > 1)) AS DOUBLE) FROM record_keys`,
  );
  if (typeof columns === 'string') return columns;
  const [[unsure], [withoutId], [emailIds], [repeated]] = columns as number[][];
  if (unsure > 0) return `${unsure} record(s) hold a value DuckDB does not read as the default reader does`;
  if (withoutId > 0) return `${withoutId} record(s) have no customer_id`;
  if (emailIds > 0) return 'some customer_id values are emails';
  // Grouped by a hash of the id, as DuckDB spills to disk: two ids that share one count as a repeat.
  if (repeated > 0) return 'a customer_id repeats (or two share a hash)';
  return undefined;
}

/** The keys of records with text beyond ASCII, worked out by normalize.ts into the table `record_keys`. */
async function keysBeyondAscii(session: DuckDBSession): Promise<void> {
  const { connection } = session;
  await connection.run(
    'CREATE OR REPLACE TABLE js_keys (rec BIGINT, email_key VARCHAR, postal_key VARCHAR, name_postal_key VARCHAR)',
  );
  const result = await connection.stream(
    `SELECT CAST(rowid AS DOUBLE), coalesce(email, ''), coalesce(postal_address, ''), coalesce(first_name, ''), ` +
      `coalesce(last_name, ''), coalesce(postal_code, '') FROM customers SEMI JOIN ` +
      `(SELECT rec FROM record_keys WHERE NOT ascii) beyond ON beyond.rec = customers.rowid`,
  );
  // Written through a connection of its own: an appender writing on the streaming connection ends
  // its result, and with it the records not yet read.
  const writer = await session.connect();
  try {
    const appender = await writer.createAppender('js_keys');
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const [recs, emails, postalAddresses, firstNames, lastNames, postalCodes] = chunk.getColumns() as [number[], ...string[][]];
      for (let row = 0; row < chunk.rowCount; row++) {
        appender.appendBigInt(BigInt(recs[row]));
        appender.appendVarchar(normalizeEmail(emails[row]));
        appender.appendVarchar(normalizePostalAddress(postalAddresses[row]));
        appender.appendVarchar(nameAndPostalParts(firstNames[row], lastNames[row], postalCodes[row])?.join(' ') ?? '');
        appender.endRow();
      }
    }
    appender.closeSync();
  } finally {
    writer.closeSync();
  }
  // A new table rather than an update: DuckDB spills a join that outgrows its memory, not an update.
  await connection.run(
    'CREATE OR REPLACE TABLE record_keys AS SELECT k.rec, k.id, k.person_key, k.phone_key, k.ascii, ' +
      'CASE WHEN k.ascii THEN k.email_key ELSE j.email_key END AS email_key, ' +
      'CASE WHEN k.ascii THEN k.postal_key ELSE j.postal_key END AS postal_key, ' +
      'CASE WHEN k.ascii THEN k.name_postal_key ELSE j.name_postal_key END AS name_postal_key, k.sure ' +
      'FROM record_keys k LEFT JOIN js_keys j ON j.rec = k.rec',
  );
  await connection.run('DROP TABLE js_keys');
}

/** The kind letter of each identity key in the table `links`. */
const LINK_KEYS: Record<ProfileRequest['identity']['linkBy'][number], { kind: string; column: string }> = {
  person_id: { kind: 'p', column: 'person_key' },
  email: { kind: 'e', column: 'email_key' },
  phone: { kind: 'h', column: 'phone_key' },
  name_postal: { kind: 'n', column: 'name_postal_key' },
};

/**
 * Connected records (docs/inputs.md), in the table `labels`: each record that shares a key with
 * another, and its person, the smallest record number among the records it is linked to through any
 * chain of keys. As the default reader does, each record is linked to the first record with a key it
 * has (the table `edges`); each round then gives a record the smallest person of the records it is
 * linked to, then its person's person, until none changes.
 */
async function formPersons(session: DuckDBSession, linkBy: ProfileRequest['identity']['linkBy']): Promise<void> {
  const { connection } = session;
  const keys = linkBy
    .map((by) => LINK_KEYS[by])
    .map(({ kind, column }) => `SELECT rec, '${kind}' || ${column} AS key FROM record_keys WHERE ${column} <> ''`);
  await connection.run(
    `CREATE OR REPLACE TABLE edges AS WITH all_keys AS (${keys.join(' UNION ALL ')}), ` +
      `firsts AS (SELECT key, min(rec) AS first FROM all_keys GROUP BY key HAVING count(*) > 1) ` +
      `SELECT rec, first FROM all_keys JOIN firsts USING (key) WHERE rec <> first`,
  );
  await connection.run(
    'CREATE OR REPLACE TABLE labels AS SELECT rec, min(person) AS person FROM ' +
      '(SELECT rec, first AS person FROM edges UNION ALL SELECT first, first FROM edges) GROUP BY rec',
  );
  for (;;) {
    const hooked = await connection.run(
      `UPDATE labels SET person = lowest.person FROM (SELECT end_rec, min(person) AS person FROM ` +
        `(SELECT e.rec AS end_rec, l.person FROM edges e JOIN labels l ON l.rec = e.first ` +
        `UNION ALL SELECT e.first, l.person FROM edges e JOIN labels l ON l.rec = e.rec) GROUP BY end_rec) lowest ` +
        `WHERE labels.rec = lowest.end_rec AND lowest.person < labels.person`,
    );
    const jumped = await connection.run(
      `UPDATE labels SET person = up.person FROM labels up WHERE labels.person = up.rec AND up.person < labels.person`,
    );
    if (hooked.rowsChanged === 0 && jumped.rowsChanged === 0) return;
  }
}

/** The customer ids of the orders the run's review requests name, read by DuckDB; or why it cannot read an orders file. */
async function reachNamedOrders(session: DuckDBSession, request: ProfileRequest): Promise<string[] | string> {
  if (request.orderIds.size === 0) return [];
  const { connection } = session;
  await textTable(connection, 'wanted', 'order_id', request.orderIds);
  const customerIds: string[] = [];
  for (const source of request.history.orders ?? []) {
    const read = await fileForDuckDB(connection, source, ORDER_SPEC);
    if (typeof read === 'string') return `${source.displayPath}: ${read}`;
    const named = await resultColumns(
      connection,
      `SELECT DISTINCT customer_id FROM (${ordersRead(read)}) SEMI JOIN wanted USING (order_id)`,
    );
    if (typeof named === 'string') return `${source.displayPath}: ${named}`;
    for (const id of named[0] as string[]) customerIds.push(id);
  }
  return customerIds;
}

/** The audience keys, and the customers of the orders review requests name, as tables `reach_*`. */
async function fillReach(session: DuckDBSession, reach: AudienceReach, orderCustomers: readonly string[]): Promise<void> {
  const { connection } = session;
  const ids = new Set([...reach.customerIds, ...orderCustomers]);
  const emails = new Set(reach.emails);
  // An order's customer_id that is an email finds the records holding it.
  for (const id of orderCustomers) if (id.includes('@')) emails.add(normalizeEmail(id));
  const tables: Array<[string, Set<string>]> = [
    ['reach_ids', ids],
    ['reach_emails', emails],
    ['reach_phones', reach.phones],
    ['reach_postal', reach.postalAddresses],
  ];
  for (const [table, keys] of tables) await textTable(connection, table, 'key', keys);
}
