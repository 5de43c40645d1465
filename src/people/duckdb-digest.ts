// The digest of orders and contacts (history-digest.ts) computed by DuckDB, for `history.engine:
// duckdb`: the files are read and aggregated by DuckDB's own threads, and only what persons need
// comes back. It gives exactly what the default reader gives, or the file is left to that reader:
// a file DuckDB cannot read strictly (a stray quote, a record of another width, another encoding),
// a setting only the default reader has (a preset's derived columns or vocabularies, line items, a
// date format or time zone), or a cell DuckDB is not sure to read alike (a date in another shape, an
// unreadable value, a repeated order_id: what the default reader reports with its line).

import { open } from 'node:fs/promises';
import { CONTACT_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import { columnsOf, readCsv, type ColumnSpec, type CsvHeader } from '../csv/read.js';
import { InputError } from '../errors.js';
import type { CsvSource } from '../types.js';
import type * as DuckDBApi from '@duckdb/node-api';
import type { DuckDBConnection as Connection } from '@duckdb/node-api';
import { MACROS, sqlString } from './duckdb-sql.js';
import { digestHistory, type DigestRequest, type HistoryDigest, type OrderDigest } from './history-digest.js';
import type { Contact, OrderStatus, SourceColumns } from './profiles.js';

type DuckDB = typeof DuckDBApi;

/** Why a file was read by the default reader instead, for --debug. */
export interface DigestFallback {
  file: string;
  reason: string;
}

const ORDER_SPEC: ColumnSpec = { canonical: ORDER_COLUMNS, required: ['order_id', 'customer_id', 'ordered_at'] };
const CONTACT_SPEC: ColumnSpec = { canonical: CONTACT_COLUMNS, required: ['customer_id', 'sent_at'] };

/** Loads the optional package, or says how to install it. */
export async function loadDuckDB(): Promise<DuckDB> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new InputError('history.engine duckdb needs the package @duckdb/node-api: npm install @duckdb/node-api', {});
  }
}

/** The digest of the request's orders and contacts, each file by DuckDB where it reads it alike. */
export async function digestWithDuckDB(
  request: DigestRequest,
  onFallback: (fallback: DigestFallback) => void = () => {},
): Promise<HistoryDigest> {
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:', {
    // Only the files the run names are read, and nothing is fetched.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  try {
    await connection.run(MACROS);
    const parts: HistoryDigest[] = [];
    for (const source of request.orders ?? []) {
      const digest = await digestOrdersFile(connection, source, request);
      if (typeof digest === 'string') {
        onFallback({ file: source.displayPath, reason: digest });
        parts.push(await digestHistory({ ...request, orders: [source], contacts: undefined }));
      } else parts.push(digest);
    }
    if (request.contacts && request.contactLookbackMs > 0 && request.instants.length > 0) {
      for (const source of request.contacts) {
        const digest = await digestContactsFile(connection, source, request);
        if (typeof digest === 'string') {
          onFallback({ file: source.displayPath, reason: digest });
          parts.push(await digestHistory({ ...request, orders: undefined, contacts: [source] }));
        } else parts.push(digest);
      }
    }
    return mergeDigests(parts, request.instants.length);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The file's header as the default reader resolves it; only its start is read. */
async function readHeader(source: CsvSource, spec: ColumnSpec): Promise<CsvHeader> {
  const stop = new Error('header read');
  let found: CsvHeader | undefined;
  try {
    await readCsv(
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

/** Loads the file into table `name`, its columns c0, c1, … as text; a message when DuckDB cannot read it strictly. */
async function load(connection: Connection, source: CsvSource, header: CsvHeader, name: string): Promise<string | undefined> {
  const columns = header.names.map((_, index) => `'c${index}': 'VARCHAR'`).join(', ');
  try {
    await connection.run(
      `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_csv(${sqlString(source.path)}, header = true, ` +
        `auto_detect = false, delim = ${sqlString(header.delimiter)}, quote = '"', escape = '"', ` +
        `strict_mode = true, columns = {${columns}})`,
    );
    return undefined;
  } catch (error) {
    return `DuckDB cannot read it strictly (${(error as Error).message.split('\n', 1)[0]})`;
  }
}

/** A column of the loaded table, or NULL when the file has none. */
function cell(header: CsvHeader, canonical: string): string {
  const index = header.indexOf(canonical);
  return index < 0 ? 'CAST(NULL AS VARCHAR)' : `c${index}`;
}

async function digestOrdersFile(
  connection: Connection,
  source: CsvSource,
  request: DigestRequest,
): Promise<HistoryDigest | string> {
  const setting = await settingOnlyTheDefaultReaderHas(source);
  if (setting) return setting;
  const header = await readHeader(source, ORDER_SPEC);
  const unreadable = await load(connection, source, header, 'orders_file');
  if (unreadable) return unreadable;
  const orderedAt = cell(header, 'ordered_at');
  const deliveredAt = cell(header, 'delivered_at');
  const status = cell(header, 'status');
  await connection.run(
    `CREATE OR REPLACE TABLE orders_read AS SELECT rowid AS rec, ` +
      `coalesce(trim_cell(${cell(header, 'order_id')}), '') AS order_id, ` +
      `coalesce(trim_cell(${cell(header, 'customer_id')}), '') AS customer_id, ` +
      `iso_ms(${orderedAt}) AS ordered_at, iso_ms(${deliveredAt}) AS delivered_at, order_status(${status}) AS status, ` +
      `date_sure(${orderedAt}) AND date_sure(${deliveredAt}) AND number_sure(${cell(header, 'total')}) ` +
      `AND status_sure(${status}) AS sure FROM orders_file`,
  );
  const checks = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM orders_read WHERE NOT sure), ` +
      `(SELECT count(*) FROM (SELECT order_id FROM orders_read WHERE order_id <> '' GROUP BY order_id HAVING count(*) > 1))`,
  );
  const [unsure, repeated] = checks.getRows()[0].map(Number);
  if (unsure > 0) return `${unsure} row(s) hold a value DuckDB does not read as the default reader does`;
  if (repeated > 0) return 'an order_id repeats';

  const width = request.instants.length;
  const perInstant = request.instants.flatMap((instant, i) => [
    `count(*) FILTER (WHERE ordered_at <= ${instant}) AS count_${i}`,
    `max(ordered_at) FILTER (WHERE ordered_at < ${instant}) AS last_${i}`,
  ]);
  const counted = await connection.runAndReadAll(
    `SELECT customer_id${perInstant.map((column) => `, ${column}`).join('')} FROM orders_read ` +
      `WHERE status IS DISTINCT FROM 'cancelled' AND ordered_at IS NOT NULL AND customer_id <> '' ` +
      `GROUP BY customer_id ORDER BY min(rec)`,
  );
  const rows = counted.getRows();
  const customerIds: string[] = new Array(rows.length);
  const orderCounts = new Float64Array(rows.length * width);
  const lastOrderBefore = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    customerIds[r] = String(row[0]);
    for (let i = 0; i < width; i++) {
      orderCounts[r * width + i] = Number(row[1 + 2 * i]);
      const last = row[2 + 2 * i];
      lastOrderBefore[r * width + i] = last === null ? -Infinity : Number(last);
    }
  });

  const orders: OrderDigest[] = [];
  if (request.orderIds.size > 0) {
    await connection.run('CREATE OR REPLACE TABLE wanted (order_id VARCHAR)');
    const appender = await connection.createAppender('wanted');
    for (const id of request.orderIds) {
      appender.appendVarchar(id);
      appender.endRow();
    }
    appender.closeSync();
    const named = await connection.runAndReadAll(
      'SELECT order_id, customer_id, status, delivered_at FROM orders_read SEMI JOIN wanted USING (order_id) ORDER BY rec',
    );
    for (const [orderId, customerId, orderStatus, delivered] of named.getRows()) {
      orders.push({
        orderId: String(orderId),
        customerId: String(customerId),
        status: orderStatus === null ? null : (String(orderStatus) as OrderStatus),
        deliveredAt: delivered === null ? null : Number(delivered),
      });
    }
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

async function digestContactsFile(
  connection: Connection,
  source: CsvSource,
  request: DigestRequest,
): Promise<HistoryDigest | string> {
  const setting = await settingOnlyTheDefaultReaderHas(source);
  if (setting) return setting;
  const header = await readHeader(source, CONTACT_SPEC);
  const unreadable = await load(connection, source, header, 'contacts_file');
  if (unreadable) return unreadable;
  const sentAt = cell(header, 'sent_at');
  const unsure = await connection.runAndReadAll(`SELECT count(*) FROM contacts_file WHERE NOT date_sure(${sentAt})`);
  if (Number(unsure.getRows()[0][0]) > 0) return 'a sent_at DuckDB does not read as the default reader does';

  const lookback = request.contactLookbackMs;
  const windows = request.instants.map((instant) => `(sent_at < ${instant} AND sent_at >= ${instant - lookback})`).join(' OR ');
  const channel = cell(header, 'channel');
  const kept = await connection.runAndReadAll(
    `SELECT customer_id, channel, sent_at, campaign_id, brand, channel_sure FROM (SELECT rowid AS rec, ` +
      `coalesce(trim_cell(${cell(header, 'customer_id')}), '') AS customer_id, lower(js_trim(${channel})) AS channel, ` +
      // Lower case beyond ASCII is JavaScript's own (toLowerCase): such a channel is left to the default reader.
      `NOT regexp_matches(coalesce(${channel}, ''), '[^\\x00-\\x7F]') AS channel_sure, ` +
      `iso_ms(${sentAt}) AS sent_at, js_trim(${cell(header, 'campaign_id')}) AS campaign_id, ` +
      `js_trim(${cell(header, 'brand')}) AS brand FROM contacts_file) WHERE ${windows} ORDER BY rec`,
  );
  const texts = new Map<string, string>();
  const shared = (text: string): string => {
    const held = texts.get(text);
    if (held !== undefined) return held;
    texts.set(text, text);
    return text;
  };
  const contacts: Contact[] = [];
  for (const [customerId, channelText, sent, campaignId, brand, channelSure] of kept.getRows()) {
    if (channelSure !== true) return 'a channel beyond ASCII';
    contacts.push({
      customerId: String(customerId),
      channel: shared(String(channelText)),
      sentAt: Number(sent),
      campaignId: shared(String(campaignId)),
      brand: shared(String(brand)),
    });
  }
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
