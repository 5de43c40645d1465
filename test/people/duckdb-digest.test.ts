// The duckdb history engine gives exactly the digest the default reader gives: on generated files
// full of what tells the two apart (blanks around ids, statuses in any case, every date shape,
// impossible dates, quoted line breaks, CRLF, blank lines, a BOM, repeated order ids), either DuckDB
// reads a file alike or the file is left to the default reader.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestWithDuckDB, type EngineChoice } from '../../src/people/duckdb-digest.js';
import { digestHistory, type DigestRequest, type HistoryDigest } from '../../src/people/history-digest.js';
import type { CsvSource } from '../../src/types.js';
import { temporaryFolders } from '../support/cli.js';
import { selectToParquet } from '../support/parquet-files.js';
import { pick, random } from '../support/random.js';

const newFolder = temporaryFolders('cp-duckdb-digest-');

const DAY = 86_400_000;
const INSTANTS = [Date.parse('2026-12-01T09:00:00Z'), Date.parse('2026-12-08T09:00:00Z')];

/** A CSV cell, quoted when it must be (or sometimes when it need not be). */
function csvCell(next: () => number, text: string): string {
  return /[",\r\n]/.test(text) || next() < 0.05 ? `"${text.replaceAll('"', '""')}"` : text;
}

const CLEAN_DATES = [
  '2026-11-20',
  '2026-11-28T10:00:00Z',
  '2026-12-05 08:30:00',
  '2026-11-30T23:00:00+02:00',
  '2026-12-07T12:00:00-05:30',
];
const ODD_DATES = [
  ' 2026-11-20',
  '2026-11-20T10:00Z',
  '2026-02-30',
  '2026-11-20T25:00:00Z',
  'yesterday',
  '2026-11-20T10:00:00.5Z',
  '20261120',
  '   ',
];
const CLEAN_STATUSES = ['delivered', 'shipped', 'cancelled', 'Cancelled', ' DELIVERED ', '', 'placed\u00a0'];
const ODD_STATUSES = ['gone', 'cancelled?'];
const IDS = ['c1', 'c2', ' c3', 'c4\u2003', 'c5', '', '0', 'guest', 'a@b.example'];

interface FileShape {
  odd: number;
  crlf: boolean;
  bom: boolean;
  blankLines: boolean;
  repeatIds: boolean;
}

function ordersFile(seed: number, shape: FileShape): string {
  const next = random(seed);
  const lines = ['order_id,customer_id,ordered_at,delivered_at,status,total'];
  for (let row = 0; row < 60; row++) {
    const orderId = shape.repeatIds && row === 30 ? 'o1' : `o${row + 1}${next() < 0.1 ? ' ' : ''}`;
    const date = () => (next() < shape.odd ? pick(next, ODD_DATES) : pick(next, CLEAN_DATES));
    const status = next() < shape.odd ? pick(next, ODD_STATUSES) : pick(next, CLEAN_STATUSES);
    const total = next() < shape.odd ? 'lots' : pick(next, ['19.90', '', ' 5 ', '12%']);
    const customer = next() < 0.05 ? 'c1,\nsecond line' : pick(next, IDS);
    lines.push(
      [orderId, customer, date(), next() < 0.5 ? '' : date(), status, total].map((cell) => csvCell(next, cell)).join(','),
    );
    if (shape.blankLines && next() < 0.05) lines.push('');
  }
  return (shape.bom ? '\uFEFF' : '') + lines.join(shape.crlf ? '\r\n' : '\n') + '\n';
}

function contactsFile(seed: number, shape: FileShape): string {
  const next = random(seed);
  const lines = ['customer_id,channel,sent_at,campaign_id,brand'];
  for (let row = 0; row < 60; row++) {
    const sent = next() < shape.odd ? pick(next, ODD_DATES) : pick(next, CLEAN_DATES);
    const channel = pick(next, ['email', ' Email ', 'SMS', 'push', '']);
    lines.push(
      [pick(next, IDS), channel, sent, pick(next, ['spring', ' winter ', '']), pick(next, ['acme', ''])]
        .map((cell) => csvCell(next, cell))
        .join(','),
    );
  }
  return (shape.bom ? '\uFEFF' : '') + lines.join(shape.crlf ? '\r\n' : '\n') + '\n';
}

function source(folder: string, name: string, text: string): CsvSource {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return { path: file, displayPath: name };
}

/**
 * The digest, its customers' figures in order of customer id (the engine does not keep the order in
 * which customers first appear, which nothing depends on), or the message of the error it stops with.
 */
async function outcome(work: Promise<HistoryDigest>): Promise<HistoryDigest | { error: string }> {
  try {
    const digest = await work;
    const width = INSTANTS.length;
    const rows = digest.customerIds.map((id, row) => ({ id, row })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const figures = (table: Float64Array) =>
      Float64Array.from(rows.flatMap(({ row }) => [...table.subarray(row * width, row * width + width)]));
    return {
      ...digest,
      customerIds: rows.map(({ id }) => id),
      orderCounts: figures(digest.orderCounts),
      lastOrderBefore: figures(digest.lastOrderBefore),
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function bothDigests(request: DigestRequest) {
  const choices: EngineChoice[] = [];
  const byDefault = await outcome(digestHistory(request));
  const byDuckDB = await outcome(digestWithDuckDB(request, (choice) => choices.push(choice)));
  // The files left to the default reader, and why.
  const fallbacks = choices.filter((choice) => choice.reader === 'default').map(({ file, reason }) => ({ file, reason }));
  return { byDefault, byDuckDB, fallbacks, choices };
}

const SHAPES: FileShape[] = [
  { odd: 0, crlf: false, bom: false, blankLines: false, repeatIds: false },
  { odd: 0, crlf: true, bom: true, blankLines: true, repeatIds: false },
  { odd: 0.05, crlf: false, bom: false, blankLines: false, repeatIds: false },
  { odd: 0, crlf: false, bom: false, blankLines: false, repeatIds: true },
  { odd: 0.3, crlf: true, bom: false, blankLines: true, repeatIds: false },
];

describe('digestWithDuckDB', () => {
  it.each(SHAPES.flatMap((shape, index) => [1, 2, 3].map((seed) => ({ shape, seed: seed * 100 + index }))))(
    'gives what the default reader gives (files $seed)',
    async ({ shape, seed }) => {
      const folder = newFolder();
      const request: DigestRequest = {
        orders: [
          source(folder, 'orders.csv', ordersFile(seed, shape)),
          source(folder, 'more-orders.csv', ordersFile(seed + 7, SHAPES[0])),
        ],
        contacts: [source(folder, 'contacts.csv', contactsFile(seed, shape))],
        instants: INSTANTS,
        orderIds: new Set(['o2', 'o3', 'o40', 'o1']),
        contactLookbackMs: 14 * DAY,
      };
      const { byDefault, byDuckDB, fallbacks } = await bothDigests(request);
      expect(byDuckDB).toEqual(byDefault);
      // A plain clean file is DuckDB's; one with something only the default reader reads alike is
      // not. (Whether DuckDB's strict reading takes the other shapes varies with the rows drawn.)
      if (shape === SHAPES[0]) expect(fallbacks).toEqual([]);
      if (shape.odd > 0 || shape.repeatIds) expect(fallbacks.map((f) => f.file)).toContain('orders.csv');
    },
  );

  it('reads a clean file itself, and says why it leaves another to the default reader', async () => {
    const folder = newFolder();
    const clean = source(folder, 'clean.csv', 'order_id,customer_id,ordered_at,status\no1,c1,2026-11-20T10:00:00Z,delivered\n');
    const impossible = source(folder, 'impossible.csv', 'order_id,customer_id,ordered_at,status\no2,c1,2026-02-30,delivered\n');
    const strayQuote = source(folder, 'stray.csv', 'order_id,customer_id,ordered_at,status\no3,"c1"x",2026-11-20,delivered\n');
    const request: DigestRequest = {
      orders: [clean, impossible, strayQuote],
      instants: INSTANTS,
      orderIds: new Set(),
      contactLookbackMs: 0,
    };
    const { byDefault, byDuckDB, fallbacks, choices } = await bothDigests(request);
    expect(choices.map(({ file, reader }) => `${file}: ${reader}`)).toEqual([
      'clean.csv: duckdb',
      'impossible.csv: default',
      'stray.csv: default',
    ]);
    expect(byDuckDB).toEqual(byDefault);
    expect(byDuckDB).toMatchObject({ invalidValues: [{ file: 'impossible.csv', line: 2, value: '2026-02-30' }] });
    expect(fallbacks).toEqual([
      { file: 'impossible.csv', reason: '1 row(s) hold a value DuckDB does not read as the default reader does' },
      { file: 'stray.csv', reason: expect.stringMatching(/^DuckDB cannot read it strictly/) },
    ]);
  });

  it('leaves a file with a setting only the default reader has to it', async () => {
    const folder = newFolder();
    const dated = {
      ...source(folder, 'dated.csv', 'order_id,customer_id,ordered_at\no1,c1,20.11.2026\n'),
      dateFormat: 'DD.MM.YYYY',
    };
    const zoned = {
      ...source(folder, 'zoned.csv', 'order_id,customer_id,ordered_at\no1,c1,2026-11-20\n'),
      timezone: 'Europe/Berlin',
    };
    const request: DigestRequest = { orders: [dated, zoned], instants: INSTANTS, orderIds: new Set(), contactLookbackMs: 0 };
    const { byDefault, byDuckDB, fallbacks } = await bothDigests(request);
    expect(byDuckDB).toEqual(byDefault);
    expect(byDuckDB).toMatchObject({ customerIds: ['c1'] });
    expect(fallbacks).toEqual([
      { file: 'dated.csv', reason: 'it has a date_format' },
      { file: 'zoned.csv', reason: 'it has a timezone' },
    ]);
  });

  it('gives empty results where nothing is kept: no contact in the look-back, no order a review names', async () => {
    const folder = newFolder();
    const request: DigestRequest = {
      orders: [source(folder, 'orders.csv', 'order_id,customer_id,ordered_at\no1,c1,2026-11-20\n')],
      contacts: [source(folder, 'contacts.csv', 'customer_id,channel,sent_at\nc1,email,2020-01-01\n')],
      instants: INSTANTS,
      orderIds: new Set(['o9']),
      contactLookbackMs: 7 * DAY,
    };
    const { byDefault, byDuckDB, fallbacks } = await bothDigests(request);
    expect(byDuckDB).toEqual(byDefault);
    expect(byDuckDB).toMatchObject({ customerIds: ['c1'], orders: [], contacts: [] });
    expect(fallbacks).toEqual([]);
  });

  it('stops on a file the default reader stops on', async () => {
    const folder = newFolder();
    const repeated = source(folder, 'orders.csv', 'order_id,customer_id,ordered_at\no1,c1,2026-11-20\no1,c2,2026-11-21\n');
    const request: DigestRequest = { orders: [repeated], instants: INSTANTS, orderIds: new Set(), contactLookbackMs: 0 };
    await expect(digestWithDuckDB(request)).rejects.toThrow(/order_id/);
    await expect(digestHistory(request)).rejects.toThrow(/order_id/);
  });
});

describe('digestWithDuckDB on Parquet files', () => {
  /** The rows of `select` as a Parquet file of the folder; `options` go to COPY. */
  async function parquet(folder: string, name: string, select: string, options?: string): Promise<CsvSource> {
    const file = path.join(folder, name);
    await selectToParquet(select, file, options);
    return { path: file, displayPath: name };
  }

  /** A digest of one orders file, for none of the request's instants. */
  function ordersOnly(orders: CsvSource): DigestRequest {
    return { orders: [orders], instants: INSTANTS, orderIds: new Set(), contactLookbackMs: 0 };
  }

  it('gives what the default reader gives on typed columns, each read by DuckDB', async () => {
    const folder = newFolder();
    // Date-times of every unit, with and without fractions and UTC; doubles JavaScript writes
    // plainly; decimals, integers, nulls; columns no query names, of types DuckDB does not write alike.
    const micros = await parquet(
      folder,
      'micros.parquet',
      `SELECT * FROM (VALUES
        (1::BIGINT, 'c1', TIMESTAMP '2026-11-20 10:00:00.123456', NULL::TIMESTAMPTZ, 19.9::DOUBLE, 'delivered', 0.5::FLOAT, TIME '10:00:00'),
        (2, 'c2', TIMESTAMP '2026-11-28 23:59:59.9995', TIMESTAMPTZ '2026-11-30 10:00:00+00', 0.1 + 0.2, 'Cancelled', NULL, NULL),
        (3, 'c1', TIMESTAMP '2026-12-05 08:30:00', NULL, -0.0, NULL, NULL, NULL),
        (4, 'c3', NULL, NULL, NULL, 'shipped', NULL, NULL),
        (5, 'c3', TIMESTAMP '2026-12-07 12:00:00.5', TIMESTAMPTZ '2026-12-07 13:00:00.25+00', 1e15 + 0.5, ' DELIVERED ', NULL, NULL),
        (6, 'c2', TIMESTAMP '2026-12-01 09:00:00', TIMESTAMPTZ '2026-12-01 09:00:00.000001+00', 9007199254740992::DOUBLE, 'returned', NULL, NULL)
      ) t(order_id, customer_id, ordered_at, delivered_at, total, status, weight, slot)`,
    );
    const others = await parquet(
      folder,
      'others.parquet',
      `SELECT * FROM (VALUES
        ('o7', 17::INTEGER, TIMESTAMP_MS '2026-11-30 22:00:00.25', DATE '2026-12-02', 12.50::DECIMAL(10, 2), true),
        ('o8', 18, TIMESTAMP_MS '2026-12-08 09:00:00', NULL, -0.05::DECIMAL(10, 2), false),
        ('o9', NULL, NULL, DATE '1990-05-17', NULL, NULL)
      ) t(order_id, customer_id, ordered_at, delivered_at, total, gift)`,
    );
    const nanos = await parquet(
      folder,
      'nanos.parquet',
      `SELECT 'n' || i AS order_id, 'c' || (i % 4) AS customer_id,
        make_timestamp_ns(epoch_ns(TIMESTAMP '2026-11-25 00:00:00') + i * 7919001234567) AS ordered_at,
        DATE '2026-11-20' + i::INTEGER AS delivered_at, (i * 1.25)::DOUBLE AS total FROM range(40) r(i)`,
    );
    const contacts = await parquet(
      folder,
      'contacts.parquet',
      `SELECT * FROM (VALUES
        (1::BIGINT, 'email', TIMESTAMPTZ '2026-11-28 10:00:00.75+00', 42::INTEGER, NULL::VARCHAR),
        (2, 'SMS', TIMESTAMPTZ '2026-12-05 08:30:00+00', NULL, 'acme'),
        (17, ' Push ', TIMESTAMPTZ '2026-12-07 23:59:59.999999+00', 7, ''),
        (NULL, 'email', NULL, NULL, NULL)
      ) t(customer_id, channel, sent_at, campaign_id, brand)`,
    );
    const request: DigestRequest = {
      orders: [micros, others, nanos],
      contacts: [contacts],
      instants: INSTANTS,
      orderIds: new Set(['2', '5', '6', 'o7', 'o9', 'n3']),
      contactLookbackMs: 14 * DAY,
    };
    const { byDefault, byDuckDB, choices } = await bothDigests(request);
    expect(choices.map(({ file, reader }) => `${file}: ${reader}`)).toEqual([
      'micros.parquet: duckdb',
      'others.parquet: duckdb',
      'nanos.parquet: duckdb',
      'contacts.parquet: duckdb',
    ]);
    expect(byDuckDB).toEqual(byDefault);
    // The comparison compared something: figures, named orders and contacts in the look-back.
    expect(byDuckDB).toMatchObject({ customerIds: expect.arrayContaining(['c1', '17']) });
    expect((byDuckDB as HistoryDigest).orders).toHaveLength(6);
    expect((byDuckDB as HistoryDigest).contacts).toHaveLength(3);
  });

  it.each([
    ['a 32-bit float', `0.1::FLOAT`, 'column "total" holds a FLOAT value'],
    ['a double JavaScript writes with an exponent', `1e-7::DOUBLE`, 'column "total" holds a DOUBLE value'],
    ['a double past 2^53', `9007199254740994::DOUBLE`, 'column "total" holds a DOUBLE value'],
    ['a time of day', `TIME '10:00:00'`, 'column "total" holds a TIME value'],
    ['a date past the year 9999', `DATE '10000-01-01'`, 'column "total" holds a DATE value'],
  ])('leaves %s to the default reader, which says the same', async (_, total, reason) => {
    const orders = await parquet(
      newFolder(),
      'orders.parquet',
      `SELECT 'o' || i AS order_id, 'c1' AS customer_id, DATE '2026-11-20' AS ordered_at, CASE WHEN i = 1 THEN ${total} END AS total FROM range(3) r(i)`,
    );
    const { byDefault, byDuckDB, fallbacks } = await bothDigests(ordersOnly(orders));
    expect(fallbacks).toEqual([{ file: 'orders.parquet', reason: `${reason} DuckDB may not write as the default reader does` }]);
    expect(byDuckDB).toEqual(byDefault);
  });

  it('stops, as the default reader does, on text that is not UTF-8 in a column no query names', async () => {
    const orders = await parquet(
      newFolder(),
      'orders.parquet',
      `SELECT 'o1' AS order_id, 'c1' AS customer_id, '2026-11-20' AS ordered_at, 'aÿb' AS note`,
      'COMPRESSION uncompressed',
    );
    // ÿ's two bytes (C3 BF), wherever the file holds them (the page, the statistics), made bytes no UTF-8 text has.
    const bytes = readFileSync(orders.path);
    for (let at = bytes.indexOf('aÿb'); at >= 0; at = bytes.indexOf('aÿb', at + 1)) bytes.set([0xff, 0xfe], at + 1);
    writeFileSync(orders.path, bytes);
    const { byDefault, byDuckDB, fallbacks } = await bothDigests(ordersOnly(orders));
    expect(byDefault).toEqual({ error: 'column "note" holds bytes that are not UTF-8 text' });
    expect(byDuckDB).toEqual(byDefault);
    expect(fallbacks).toEqual([{ file: 'orders.parquet', reason: expect.stringMatching(/^DuckDB cannot read it strictly/) }]);
  });
});
