// The digest of orders and contacts (history-digest.ts) computed by DuckDB, for `history.engine:
// duckdb`: the files are read and aggregated by DuckDB's own threads, and only what persons need
// comes back. A Parquet file is read by read_parquet, its values as the default reader's text
// (duckdb-parquet.ts). It gives exactly what the default reader gives, or the file is left to that
// reader: a file DuckDB cannot read strictly (a stray quote, a record of another width, another
// encoding), a setting only the default reader has (a preset's derived columns or vocabularies, line
// items, a date format or time zone), or a cell DuckDB is not sure to read alike (a date in another
// shape, an unreadable value, a repeated order_id: what the default reader reports with its line; a
// Parquet value whose text it may write otherwise).

import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { open } from 'node:fs/promises';
import { forgetLeftover } from '../cleanup.js';
import { makeSpillFolder } from '../engine/spill-folder.js';
import { CONTACT_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import { columnsOf, readTable, type ColumnSpec, type CsvHeader } from '../csv/read.js';
import { InputError } from '../errors.js';
import { parquetColumns } from '../parquet/read.js';
import { isParquetFile } from '../places.js';
import type { CsvSource } from '../types.js';
import type * as DuckDBApi from '@duckdb/node-api';
import type { DuckDBConnection as Connection } from '@duckdb/node-api';
import { PARQUET_POSITION, parquetRelation, readParquetSql, type DuckDBColumn } from './duckdb-parquet.js';
import { MACROS, sqlString, UNSURE_VALUE } from './duckdb-sql.js';
import { digestHistory, textSharer, type DigestRequest, type HistoryDigest, type OrderDigest } from './history-digest.js';
import type { Contact, OrderStatus, SourceColumns } from './profiles.js';

type DuckDB = typeof DuckDBApi;

/** Who read a file, and why the default reader did when it did: for --debug. */
export interface EngineChoice {
  file: string;
  reader: 'duckdb' | 'default';
  reason?: string;
}

/** DuckDB's share of the run's memory: the persons the default reader builds meanwhile need the rest. */
const DUCKDB_MEMORY_LIMIT = '256MB';
/** DuckDB's share when it sums up the orders of the persons it kept (digestWithDuckDB's `keep`). */
const KEPT_DIGEST_MEMORY_LIMIT = '384MB';
/**
 * Every core but the one the customers are read on meanwhile: with all of them, DuckDB slowed the
 * customers of a 1M check down (84 s against 70 s with one thread of two).
 */
const DUCKDB_THREADS = Math.max(1, availableParallelism() - 1);

export const ORDER_SPEC: ColumnSpec = { canonical: ORDER_COLUMNS, required: ['order_id', 'customer_id', 'ordered_at'] };
const CONTACT_SPEC: ColumnSpec = { canonical: CONTACT_COLUMNS, required: ['customer_id', 'sent_at'] };

/** Loads the optional package, or says how to install it. */
async function loadDuckDB(): Promise<DuckDB> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new InputError(
      '--engine duckdb needs the package @duckdb/node-api, which is not installed: npm install @duckdb/node-api',
      {},
    );
  }
}

/** A DuckDB database of the run's own, in memory, and the connection to it. */
export interface DuckDBSession {
  connection: Connection;
  /** Another connection to the same database: to write while a result streams on the first. */
  connect(): Promise<Connection>;
  close(): void;
}

/** Opens DuckDB with the value macros, limited to `threads` threads and the run's share of memory. */
export async function openDuckDB(threads: number, memoryLimit = DUCKDB_MEMORY_LIMIT): Promise<DuckDBSession> {
  const { DuckDBInstance } = await loadDuckDB();
  // What DuckDB cannot hold within its memory limit it writes to a folder of its own, removed after.
  const spillFolder = makeSpillFolder();
  const instance = await DuckDBInstance.create(':memory:', {
    // Only the files the run names are read, and nothing is fetched.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    memory_limit: memoryLimit,
    threads: String(threads),
    temp_directory: spillFolder,
  });
  const close = () => {
    instance.closeSync();
    rmSync(spillFolder, { recursive: true, force: true });
    forgetLeftover(spillFolder);
  };
  try {
    const connection = await instance.connect();
    await connection.run(MACROS);
    return {
      connection,
      connect: () => instance.connect(),
      close: () => {
        connection.closeSync();
        close();
      },
    };
  } catch (error) {
    close();
    throw error;
  }
}

/** A new table of one text column holding `values`, which never enter the SQL text. */
export async function textTable(connection: Connection, table: string, column: string, values: Iterable<string>): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${table} (${column} VARCHAR)`);
  const appender = await connection.createAppender(table);
  for (const value of values) {
    appender.appendVarchar(value);
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * The digest of the request's orders and contacts, each file by DuckDB where it reads it alike. With
 * `keep`, only for those customer ids (and ids that are emails, which the kept records may hold as
 * addresses), on every core: nothing else runs meanwhile.
 */
export async function digestWithDuckDB(
  request: DigestRequest,
  onChoice: (choice: EngineChoice) => void = () => {},
  keep?: Iterable<string>,
): Promise<HistoryDigest> {
  // With `keep`, the history may hold tens of millions of orders: their ids are grouped to find
  // repeats, which at 50M ran 256 MB out now and then.
  const session = await (keep ? openDuckDB(availableParallelism(), KEPT_DIGEST_MEMORY_LIMIT) : openDuckDB(DUCKDB_THREADS));
  const { connection } = session;
  const kept = keep ? `(customer_id IN (SELECT customer_id FROM kept_ids) OR contains(customer_id, '@'))` : undefined;
  try {
    if (keep) await textTable(connection, 'kept_ids', 'customer_id', keep);
    const parts: HistoryDigest[] = [];
    for (const source of request.orders ?? []) {
      const digest = await digestOrdersFile(connection, source, request, kept);
      if (typeof digest === 'string') {
        onChoice({ file: source.displayPath, reader: 'default', reason: digest });
        parts.push(await digestHistory({ ...request, orders: [source], contacts: undefined }));
      } else {
        onChoice({ file: source.displayPath, reader: 'duckdb' });
        parts.push(digest);
      }
    }
    if (request.contacts && request.contactLookbackMs > 0 && request.instants.length > 0) {
      for (const source of request.contacts) {
        const digest = await digestContactsFile(connection, source, request, kept);
        if (typeof digest === 'string') {
          onChoice({ file: source.displayPath, reader: 'default', reason: digest });
          parts.push(await digestHistory({ ...request, orders: undefined, contacts: [source] }));
        } else {
          onChoice({ file: source.displayPath, reader: 'duckdb' });
          parts.push(digest);
        }
      }
    }
    return mergeDigests(parts, request.instants.length);
  } finally {
    session.close();
  }
}

/** The file's header as the default reader resolves it (a Parquet file's columns); only its start is read. */
export async function readHeader(source: CsvSource, spec: ColumnSpec): Promise<CsvHeader> {
  const stop = new Error('header read');
  let found: CsvHeader | undefined;
  try {
    await readTable(
      source,
      spec,
      (header) => {
        found = header;
        throw stop;
      },
      () => {},
    );
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (found === undefined) throw new InputError('empty file: a header row is required', { file: source.displayPath });
  return found;
}

/** Why the default reader must read this source, or undefined when DuckDB may. */
async function settingOnlyTheDefaultReaderHas(source: CsvSource): Promise<string | undefined> {
  if (source.derive && Object.keys(source.derive).length > 0) return 'its preset derives columns';
  if (source.values && Object.keys(source.values).length > 0) return 'it maps values (values:)';
  if (source.lineItemsOf) return 'its rows are line items';
  if (source.dateFormat) return 'it has a date_format';
  if (source.timezone) return 'it has a timezone';
  if (source.encoding && !/^utf-?8$/i.test(source.encoding)) return `it is read as ${source.encoding}`;
  if (isParquetFile(source.path)) return undefined;
  // A UTF-16 byte order mark, or blank lines before the header: DuckDB would read them otherwise.
  const file = await open(source.path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'it is UTF-16';
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    const firstLine = text.split(/\r\n|\n|\r/, 1)[0];
    if (firstLine.trim() === '') return 'it starts with a blank line';
  } finally {
    await file.close();
  }
  return undefined;
}

/** The file's header, or why the default reader must read the file. */
export async function headerForDuckDB(source: CsvSource, spec: ColumnSpec): Promise<CsvHeader | string> {
  return (await settingOnlyTheDefaultReaderHas(source)) ?? readHeader(source, spec);
}

/** A history file as DuckDB reads it: its header, and a relation of its columns c0, c1, … as text. */
export interface DuckDBFile {
  header: CsvHeader;
  relation: string;
  /**
   * The relation's column of each row's place in the file, where a join may not keep the order of
   * the scan (a Parquet file's: DuckDB knows its rows, and builds its hash table of a small one).
   */
  position?: string;
}

/** The file as DuckDB reads it, or why the default reader must read it. */
export async function fileForDuckDB(connection: Connection, source: CsvSource, spec: ColumnSpec): Promise<DuckDBFile | string> {
  const header = await headerForDuckDB(source, spec);
  if (typeof header === 'string') return header;
  if (!isParquetFile(source.path)) return { header, relation: scan(source, header) };
  const described = await resultColumns(connection, `DESCRIBE SELECT * FROM ${readParquetSql(source)}`);
  if (typeof described === 'string') return described;
  const [names, types] = described as [string[], string[]];
  const columns = await parquetColumns(source);
  if (names.length !== columns.length) return `DuckDB reads ${names.length} columns, the default reader ${columns.length}`;
  const read: DuckDBColumn[] = names.map((name, index) => ({ name, type: types[index] }));
  return { header, relation: parquetRelation(source, columns, read), position: PARQUET_POSITION };
}

/**
 * What DuckDB reads a CSV file as: a table function over it, its columns c0, c1, … as text. Its buffer
 * is 8 MiB a thread, not 32: with 50M orders, the grouping took the rest of DuckDB's 256 MB and the
 * reader could not have its next buffer.
 */
export function scan(source: CsvSource, header: CsvHeader): string {
  const columns = header.names.map((_, index) => `'c${index}': 'VARCHAR'`).join(', ');
  return (
    `read_csv(${sqlString(source.path)}, header = true, auto_detect = false, delim = ${sqlString(header.delimiter)}, ` +
    `quote = '"', escape = '"', strict_mode = true, buffer_size = 8388608, columns = {${columns}})`
  );
}

/**
 * The columns of a query's result, or the reason DuckDB could not read the file strictly. (Columns,
 * and numbers as DOUBLE, come to JavaScript faster than rows and BIGINTs.)
 */
export async function resultColumns(connection: Connection, sql: string): Promise<unknown[][] | string> {
  try {
    const reader = await connection.runAndReadAll(sql);
    // A result without rows comes without columns: each is an empty one.
    const columns = reader.getColumns();
    return Array.from({ length: reader.columnCount }, (_, index) => columns[index] ?? []);
  } catch (error) {
    const message = (error as Error).message.split('\n', 1)[0];
    const unsure = message.indexOf(UNSURE_VALUE);
    if (unsure >= 0) return `${message.slice(unsure + UNSURE_VALUE.length)} DuckDB may not write as the default reader does`;
    return `DuckDB cannot read it strictly (${message})`;
  }
}

/** A column of the file, or NULL when it has none. */
export function cell(header: CsvHeader, canonical: string): string {
  const index = header.indexOf(canonical);
  return index < 0 ? 'CAST(NULL AS VARCHAR)' : `c${index}`;
}

/** Each order row as the digest reads it, and whether DuckDB reads all its cells as the default reader does. */
export function ordersRead({ header, relation, position }: DuckDBFile): string {
  const orderedAt = cell(header, 'ordered_at');
  const deliveredAt = cell(header, 'delivered_at');
  const status = cell(header, 'status');
  return (
    `SELECT *, (ordered_cell IS NULL OR ordered_at IS NOT NULL) AND (delivered_cell IS NULL OR delivered_at IS NOT NULL) ` +
    `AND cells_sure AS sure FROM (SELECT coalesce(trim_cell(${cell(header, 'order_id')}), '') AS order_id, ` +
    `coalesce(trim_cell(${cell(header, 'customer_id')}), '') AS customer_id, ` +
    `${orderedAt} AS ordered_cell, iso_ms(${orderedAt}) AS ordered_at, ` +
    `${deliveredAt} AS delivered_cell, iso_ms(${deliveredAt}) AS delivered_at, order_status(${status}) AS status, ` +
    `status_sure(${status}) AND number_sure(${cell(header, 'total')}) AS cells_sure, ${position ?? 'NULL'} AS position ` +
    `FROM ${relation})`
  );
}

async function digestOrdersFile(
  connection: Connection,
  source: CsvSource,
  request: DigestRequest,
  kept: string | undefined,
): Promise<HistoryDigest | string> {
  const file = await fileForDuckDB(connection, source, ORDER_SPEC);
  if (typeof file === 'string') return file;
  const { header } = file;
  const width = request.instants.length;
  const perInstant = request.instants.flatMap((instant) => [
    `CAST(count(*) FILTER (WHERE counted AND ordered_at <= ${instant}) AS DOUBLE)`,
    `CAST(max(ordered_at) FILTER (WHERE counted AND ordered_at < ${instant}) AS DOUBLE)`,
  ]);
  const columns = await (kept === undefined
    ? figuresInOnePass(connection, ordersRead(file), perInstant)
    : figuresInTwoPasses(connection, ordersRead(file), perInstant, kept));
  if (typeof columns === 'string') return columns;
  const customerIds = columns[0] as string[];
  const length = customerIds.length;
  const orderCounts = new Float64Array(length * width);
  const lastOrderBefore = new Float64Array(length * width);
  for (let row = 0; row < length; row++) {
    for (let i = 0; i < width; i++) {
      orderCounts[row * width + i] = (columns[1 + 2 * i] as number[])[row];
      lastOrderBefore[row * width + i] = (columns[2 + 2 * i] as (number | null)[])[row] ?? -Infinity;
    }
  }

  const orders: OrderDigest[] = [];
  if (request.orderIds.size > 0) {
    await textTable(connection, 'wanted', 'order_id', request.orderIds);
    // In file order: DuckDB keeps the order of a scan that is not sorted (preserve_insertion_order)
    // where the file is not the join's hash table.
    const named = await resultColumns(
      connection,
      `SELECT order_id, customer_id, status, CAST(delivered_at AS DOUBLE) ` +
        `FROM (${ordersRead(file)}) SEMI JOIN wanted USING (order_id)${file.position ? ' ORDER BY position' : ''}`,
    );
    if (typeof named === 'string') return named;
    const [orderIds, customers, statuses, delivered] = named as [string[], string[], (OrderStatus | null)[], (number | null)[]];
    orderIds.forEach((orderId, row) => {
      orders.push({ orderId, customerId: customers[row], status: statuses[row], deliveredAt: delivered[row] });
    });
  }
  return {
    customerIds,
    orderCounts,
    lastOrderBefore,
    orders,
    contacts: [],
    invalidValues: [],
    sources: { orders: [columnsOf(header, ORDER_COLUMNS)] },
  };
}

/** The order columns the figures per customer are worked out from. */
const COUNTED = `SELECT *, status IS DISTINCT FROM 'cancelled' AND ordered_at IS NOT NULL AND customer_id <> '' AS counted`;

/**
 * Per customer id, the `perInstant` figures of its orders (customer ids first, then a column per
 * figure); or why the default reader must read the file: a row DuckDB is not sure of, or an
 * order_id that repeats. One pass: the row of the empty grouping set holds the file's checks.
 */
async function figuresInOnePass(connection: Connection, rows: string, perInstant: string[]): Promise<unknown[][] | string> {
  const columns = await resultColumns(
    connection,
    `SELECT CAST(grouping(customer_id) AS DOUBLE) AS overall, customer_id, CAST(count(*) FILTER (WHERE NOT sure) AS DOUBLE), ` +
      `CAST(count(order_id) FILTER (WHERE order_id <> '') - count(DISTINCT order_id) FILTER (WHERE order_id <> '') AS DOUBLE)` +
      perInstant.map((column) => `, ${column}`).join('') +
      ` FROM (${COUNTED} FROM (${rows})) GROUP BY GROUPING SETS ((customer_id), ()) ` +
      `HAVING grouping(customer_id) = 1 OR count(*) FILTER (WHERE counted) > 0`,
  );
  if (typeof columns === 'string') return columns;
  const [overall, , unsureRows, repeatedIds] = columns as number[][];
  const total = overall.indexOf(1);
  if (unsureRows[total] > 0) return `${unsureRows[total]} row(s) hold a value DuckDB does not read as the default reader does`;
  if (repeatedIds[total] > 0) return 'an order_id repeats';
  return [columns[1], ...columns.slice(4)].map((column) => column.filter((_, row) => row !== total));
}

/**
 * figuresInOnePass for a history far larger than the customers kept, whose ids are `kept`: two
 * passes. First the checks over every order, grouped by a 64-bit hash of the id: DuckDB spills that
 * to disk within its memory, and could not the distinct count of 50M ids as text (two ids that
 * share a hash leave the file to the default reader, as a repeat does). Then the figures of the
 * customers kept.
 */
async function figuresInTwoPasses(
  connection: Connection,
  rows: string,
  perInstant: string[],
  kept: string,
): Promise<unknown[][] | string> {
  const checks = await resultColumns(
    connection,
    `SELECT CAST(coalesce(sum(unsure), 0) AS DOUBLE), CAST(count(*) FILTER (WHERE rows > 1 AND id_hash IS NOT NULL) AS DOUBLE) ` +
      `FROM (SELECT CASE WHEN order_id <> '' THEN hash(order_id) END AS id_hash, count(*) AS rows, ` +
      `count(*) FILTER (WHERE NOT sure) AS unsure FROM (${rows}) GROUP BY id_hash)`,
  );
  if (typeof checks === 'string') return checks;
  const [[unsureRows], [repeatedIds]] = checks as number[][];
  if (unsureRows > 0) return `${unsureRows} row(s) hold a value DuckDB does not read as the default reader does`;
  if (repeatedIds > 0) return 'an order_id repeats (or two share a hash)';
  return resultColumns(
    connection,
    `SELECT customer_id${perInstant.map((column) => `, ${column}`).join('')} ` +
      `FROM (${COUNTED} FROM (${rows})) WHERE counted AND ${kept} GROUP BY customer_id`,
  );
}

async function digestContactsFile(
  connection: Connection,
  source: CsvSource,
  request: DigestRequest,
  kept: string | undefined,
): Promise<HistoryDigest | string> {
  const file = await fileForDuckDB(connection, source, CONTACT_SPEC);
  if (typeof file === 'string') return file;
  const { header } = file;
  const lookback = request.contactLookbackMs;
  const windows = request.instants.map((instant) => `(sent_at < ${instant} AND sent_at >= ${instant - lookback})`).join(' OR ');
  const sentAt = cell(header, 'sent_at');
  const channel = cell(header, 'channel');
  // One pass, in file order: the contacts within a look-back, and any row DuckDB is not sure of.
  const columns = await resultColumns(
    connection,
    `SELECT customer_id, channel, CAST(sent_at AS DOUBLE), campaign_id, brand, sure FROM (SELECT ` +
      `coalesce(trim_cell(${cell(header, 'customer_id')}), '') AS customer_id, lower(js_trim(${channel})) AS channel, ` +
      `iso_ms(${sentAt}) AS sent_at, js_trim(${cell(header, 'campaign_id')}) AS campaign_id, ` +
      `js_trim(${cell(header, 'brand')}) AS brand, ${sentAt} IS NULL OR iso_ms(${sentAt}) IS NOT NULL AS date_sure, ` +
      // Lower case beyond ASCII is JavaScript's own (toLowerCase): such a channel is left to the default reader.
      `NOT regexp_matches(coalesce(${channel}, ''), '[^\\x00-\\x7F]') AS channel_sure, date_sure AND channel_sure AS sure ` +
      `FROM ${file.relation}) WHERE NOT date_sure OR ((${windows}) AND ${kept ?? 'true'})`,
  );
  if (typeof columns === 'string') return columns;
  const [customerIds, channels, sentAtMs, campaignIds, brands, sure] = columns as [
    string[],
    string[],
    number[],
    string[],
    string[],
    boolean[],
  ];
  if (sure.includes(false)) return 'a sent_at or channel DuckDB does not read as the default reader does';
  const shared = textSharer();
  const contacts: Contact[] = customerIds.map((customerId, row) => ({
    customerId,
    channel: shared(channels[row]),
    sentAt: sentAtMs[row],
    campaignId: shared(campaignIds[row]),
    brand: shared(brands[row]),
  }));
  return {
    customerIds: [],
    orderCounts: new Float64Array(0),
    lastOrderBefore: new Float64Array(0),
    orders: [],
    contacts,
    invalidValues: [],
    sources: { contacts: [columnsOf(header, CONTACT_COLUMNS)] },
  };
}

/** The digests of single files as one, in file order: figures of one customer id added up. */
function mergeDigests(parts: readonly HistoryDigest[], width: number): HistoryDigest {
  if (parts.length === 1) return parts[0];
  const rowOf = new Map<string, number>();
  const customerIds: string[] = [];
  const counts: number[] = [];
  const lastBefore: number[] = [];
  const merged: HistoryDigest = {
    customerIds,
    orderCounts: new Float64Array(0),
    lastOrderBefore: new Float64Array(0),
    orders: [],
    contacts: [],
    invalidValues: [],
    sources: {},
  };
  for (const part of parts) {
    part.customerIds.forEach((customerId, row) => {
      let into = rowOf.get(customerId);
      if (into === undefined) {
        into = customerIds.length;
        rowOf.set(customerId, into);
        customerIds.push(customerId);
        for (let i = 0; i < width; i++) {
          counts.push(0);
          lastBefore.push(-Infinity);
        }
      }
      for (let i = 0; i < width; i++) {
        counts[into * width + i] += part.orderCounts[row * width + i];
        lastBefore[into * width + i] = Math.max(lastBefore[into * width + i], part.lastOrderBefore[row * width + i]);
      }
    });
    // One at a time: a spread of a million contacts would overflow the stack.
    for (const order of part.orders) merged.orders.push(order);
    for (const contact of part.contacts) merged.contacts.push(contact);
    for (const issue of part.invalidValues) merged.invalidValues.push(issue);
    for (const kind of ['orders', 'contacts'] as const) {
      const columns: SourceColumns[] | undefined = part.sources[kind];
      if (columns) merged.sources[kind] = [...(merged.sources[kind] ?? []), ...columns];
    }
  }
  merged.orderCounts = Float64Array.from(counts);
  merged.lastOrderBefore = Float64Array.from(lastBefore);
  return merged;
}
