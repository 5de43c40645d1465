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
import type { DuckDBAppender } from '@duckdb/node-api';
import { cell, headerForDuckDB, ORDER_SPEC, ordersRead, resultColumns, scan, type DuckDBSession } from './duckdb-digest.js';
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
  forEachRecord(visit: (file: number, cells: string[], person: number) => void): Promise<void>;
}

/** The table the records are loaded into: each file's canonical columns, as text, in file order (rowid). */
const CUSTOMERS_TABLE = `customers (file INTEGER, ${CUSTOMER_COLUMNS.map((name) => `${name} VARCHAR`).join(', ')})`;

/**
 * Links the request's customers in the session, and keeps in its table `kept_ids` the customer ids
 * of the persons the run reaches; or says why DuckDB does not link them.
 */
export async function linkCustomers(
  session: DuckDBSession,
  request: ProfileRequest,
  reach: AudienceReach,
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
    const header = await headerForDuckDB(source, CUSTOMER_SPEC);
    if (typeof header === 'string') return `${source.displayPath}: ${header}`;
    headers.push(header);
    const cells = CUSTOMER_COLUMNS.map((name) => cell(header, name)).join(', ');
    const loaded = await resultColumns(connection, `INSERT INTO customers SELECT ${file}, ${cells} FROM ${scan(source, header)}`);
    if (typeof loaded === 'string') return `${source.displayPath}: ${loaded}`;
  }

  const why = await unsureCustomers(session);
  if (why) return why;
  await keysBeyondAscii(session);
  await connection.run(
    `CREATE OR REPLACE TABLE record_keys AS SELECT c.rowid AS rec, js_trim(coalesce(customer_id, '')) AS id, ` +
      `js_trim(coalesce(person_id, '')) AS person_key, phone_key(phone) AS phone_key, ` +
      `CASE WHEN j.rec IS NULL THEN email_key(email) ELSE j.email_key END AS email_key, ` +
      `CASE WHEN j.rec IS NULL THEN postal_key(postal_address) ELSE j.postal_key END AS postal_key, ` +
      `CASE WHEN j.rec IS NULL THEN name_postal_key(first_name, last_name, postal_code) ELSE j.name_postal_key END AS name_postal_key ` +
      `FROM customers c LEFT JOIN js_keys j ON j.rec = c.rowid`,
  );
  await formPersons(session, request.identity.linkBy);

  const named = await reachNamedOrders(session, request);
  if (typeof named === 'string') return named;
  await fillReach(session, reach, named);
  // The persons of every record an audience key finds, and all their records.
  await connection.run(
    `CREATE OR REPLACE TABLE kept AS WITH persons AS (SELECT rec, coalesce(l.person, rec) AS person ` +
      `FROM record_keys LEFT JOIN labels l USING (rec)), reached AS (SELECT DISTINCT person FROM persons JOIN record_keys USING (rec) ` +
      `WHERE id IN (SELECT key FROM reach_ids) OR email_key IN (SELECT key FROM reach_emails) ` +
      `OR phone_key IN (SELECT key FROM reach_phones) OR postal_key IN (SELECT key FROM reach_postal)) ` +
      `SELECT rec, person FROM persons SEMI JOIN reached USING (person)`,
  );
  await connection.run(
    `CREATE OR REPLACE TABLE kept_ids AS SELECT DISTINCT id AS customer_id FROM record_keys SEMI JOIN kept USING (rec)`,
  );
  return {
    headers,
    forEachRecord: async (visit) => {
      const columns = CUSTOMER_COLUMNS.map((name) => `coalesce(${name}, '')`).join(', ');
      const result = await connection.stream(
        `SELECT file, CAST(person AS DOUBLE), ${columns} FROM customers c JOIN kept ON kept.rec = c.rowid ORDER BY c.rowid`,
      );
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const [files, persons, ...cells] = chunk.getColumns() as [number[], number[], ...string[][]];
        for (let row = 0; row < chunk.rowCount; row++) {
          visit(
            files[row],
            cells.map((column) => column[row]),
            persons[row],
          );
        }
      }
    },
  };
}

/** Why the default reader must read the customers, or undefined when DuckDB reads every record alike. */
async function unsureCustomers(session: DuckDBSession): Promise<string | undefined> {
  const typed = [
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
  const columns = await resultColumns(
    session.connection,
    `SELECT CAST(count(*) FILTER (WHERE NOT (${typed})) AS DOUBLE), CAST(count(*) FILTER (WHERE no_customer_id(customer_id)) AS DOUBLE), ` +
      `CAST(count(*) FILTER (WHERE contains(customer_id, '@')) AS DOUBLE), ` +
      `CAST(count(*) - count(DISTINCT js_trim(customer_id)) AS DOUBLE) FROM customers`,
  );
  if (typeof columns === 'string') return columns;
  const [[unsure], [withoutId], [emailIds], [repeated]] = columns as number[][];
  if (unsure > 0) return `${unsure} record(s) hold a value DuckDB does not read as the default reader does`;
  if (withoutId > 0) return `${withoutId} record(s) have no customer_id`;
  if (emailIds > 0) return 'some customer_id values are emails';
  if (repeated > 0) return 'a customer_id repeats';
  return undefined;
}

/** The keys of records with text beyond ASCII, worked out by normalize.ts into the table `js_keys`. */
async function keysBeyondAscii(session: DuckDBSession): Promise<void> {
  const { connection } = session;
  await connection.run(
    'CREATE OR REPLACE TABLE js_keys (rec BIGINT, email_key VARCHAR, postal_key VARCHAR, name_postal_key VARCHAR)',
  );
  const result = await connection.stream(
    `SELECT CAST(rowid AS DOUBLE), coalesce(email, ''), coalesce(postal_address, ''), coalesce(first_name, ''), ` +
      `coalesce(last_name, ''), coalesce(postal_code, '') FROM customers ` +
      `WHERE NOT (is_ascii(email) AND is_ascii(postal_address) AND is_ascii(first_name) AND is_ascii(last_name) AND is_ascii(postal_code))`,
  );
  const appender = await connection.createAppender('js_keys');
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
 * chain of keys. Each round gives a record the smallest person among the records that share a key with
 * it, then its person's person; rounds go on until none changes.
 */
async function formPersons(session: DuckDBSession, linkBy: ProfileRequest['identity']['linkBy']): Promise<void> {
  const { connection } = session;
  const keys = linkBy
    .map((by) => LINK_KEYS[by])
    .map(({ kind, column }) => `SELECT rec, '${kind}' || ${column} AS key FROM record_keys WHERE ${column} <> ''`);
  // Only keys that two records share link anything.
  await connection.run(
    `CREATE OR REPLACE TABLE links AS WITH all_keys AS (${keys.join(' UNION ALL ')}) ` +
      `SELECT rec, key FROM all_keys WHERE key IN (SELECT key FROM all_keys GROUP BY key HAVING count(*) > 1)`,
  );
  await connection.run('CREATE OR REPLACE TABLE labels AS SELECT DISTINCT rec, rec AS person FROM links');
  for (;;) {
    const hooked = await connection.run(
      `UPDATE labels SET person = lowest.person FROM (SELECT links.rec, min(k.person) AS person FROM links ` +
        `JOIN (SELECT key, min(person) AS person FROM links JOIN labels USING (rec) GROUP BY key) k USING (key) ` +
        `GROUP BY links.rec) lowest WHERE labels.rec = lowest.rec AND lowest.person < labels.person`,
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
  await connection.run('CREATE OR REPLACE TABLE wanted (order_id VARCHAR)');
  const appender = await connection.createAppender('wanted');
  for (const id of request.orderIds) {
    appender.appendVarchar(id);
    appender.endRow();
  }
  appender.closeSync();
  const customerIds: string[] = [];
  for (const source of request.history.orders ?? []) {
    const header = await headerForDuckDB(source, ORDER_SPEC);
    if (typeof header === 'string') return `${source.displayPath}: ${header}`;
    const named = await resultColumns(
      connection,
      `SELECT DISTINCT customer_id FROM (${ordersRead(source, header)}) SEMI JOIN wanted USING (order_id)`,
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
  for (const [table, keys] of tables) {
    await connection.run(`CREATE OR REPLACE TABLE ${table} (key VARCHAR)`);
    const appender: DuckDBAppender = await connection.createAppender(table);
    for (const key of keys) {
      appender.appendVarchar(key);
      appender.endRow();
    }
    appender.closeSync();
  }
}
