// Parquet files for the tests, written by DuckDB (a devDependency): a CSV file's cells exactly as our
// own reader reads them, as text columns; or the rows of a SELECT, with whatever types it gives them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readCsv } from '../../src/csv/read.js';

async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sqlText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Writes each CSV file's header and records, as readCsv reads them (every cell a string, an empty
 * cell an empty string, not null), to its Parquet file as VARCHAR columns. Resolves, per file, with
 * whether each record took one line of its own after the header: then row n of the Parquet file is
 * line n + 1 of the CSV file.
 */
export async function csvToParquet(files: ReadonlyArray<{ csv: string; parquet: string }>): Promise<boolean[]> {
  return withDuckDb(async (connection) => {
    const rowIsLineAfterHeader: boolean[] = [];
    for (const [index, { csv, parquet }] of files.entries()) {
      let names: string[] = [];
      const records: string[][] = [];
      let oneLineEach = true;
      await readCsv(
        { path: csv, displayPath: csv },
        { canonical: [], required: [] },
        (header) => {
          names = header.names;
        },
        (cells, line) => {
          records.push(cells);
          if (line !== records.length + 1) oneLineEach = false;
        },
      );
      const table = `history_${index}`;
      await connection.run(`CREATE TABLE ${table} (${names.map((name) => `${sqlName(name)} VARCHAR`).join(', ')})`);
      const appender = await connection.createAppender(table);
      for (const cells of records) {
        for (const cell of cells) appender.appendVarchar(cell);
        appender.endRow();
      }
      appender.closeSync();
      await connection.run(`COPY ${table} TO ${sqlText(parquet)} (FORMAT parquet)`);
      rowIsLineAfterHeader.push(oneLineEach);
    }
    return rowIsLineAfterHeader;
  });
}

/**
 * A story's history (data/customers.csv, orders.csv and contacts.csv) as Parquet files beside it,
 * which its campaign files then name instead: as text columns, or `typed` as DuckDB's CSV reader
 * takes each column (BOOLEAN, DATE, TIMESTAMP WITH TIME ZONE, DOUBLE, BIGINT, else text).
 */
export async function storyHistoryToParquet(folder: string, typed = false): Promise<void> {
  const files = ['customers', 'orders', 'contacts'].map((name) => ({
    csv: path.join(folder, `data/${name}.csv`),
    parquet: path.join(folder, `data/${name}.parquet`),
  }));
  if (typed) {
    for (const { csv, parquet } of files) await selectToParquet(`SELECT * FROM read_csv(${sqlText(csv)})`, parquet);
  } else {
    await csvToParquet(files);
  }
  for (const file of readdirSync(folder).filter((name) => /^(campaign|.+\.campaign)\.ya?ml$/.test(name))) {
    const campaign = path.join(folder, file);
    writeFileSync(campaign, readFileSync(campaign, 'utf8').replace(/(data\/(?:customers|orders|contacts))\.csv/g, '$1.parquet'));
  }
}

/** Writes the rows of `select` to `out` as Parquet; `options` go to COPY (a codec, a row group size). */
export async function selectToParquet(select: string, out: string, options = ''): Promise<void> {
  await withDuckDb((connection) =>
    connection.run(`COPY (${select}) TO ${sqlText(out)} (FORMAT parquet${options ? `, ${options}` : ''})`).then(() => undefined),
  );
}

/** One row of every type a history export holds, then one of nulls. */
export const TYPED_SELECT = `
  SELECT * FROM (VALUES
    ('text, "quoted"', 9007199254740993::BIGINT, 42::INTEGER, -7::SMALLINT, 4.25::DOUBLE, 0.1::FLOAT,
     -0.05::DECIMAL(10, 2), 12345678901234567890.12::DECIMAL(38, 2), 3::DECIMAL(4, 0), true,
     DATE '1990-05-17', TIMESTAMPTZ '2026-03-02 10:15:30.123456+00', TIMESTAMP '2026-01-10 09:30:00',
     TIMESTAMP_MS '2026-01-10 09:30:00.250', TIMESTAMP_NS '2026-01-10 09:30:00.123456789', TIME '07:05:09',
     ['2015', '2018'], [2015, NULL, 2018]),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, [], NULL)
  ) t(text, int64, int32, int16, float64, float32, decimal, wide_decimal, whole_decimal, bool, date,
      instant, local_time, local_ms, local_ns, time_of_day, words, years)`;

export const TYPED_NAMES = [
  'text',
  'int64',
  'int32',
  'int16',
  'float64',
  'float32',
  'decimal',
  'wide_decimal',
  'whole_decimal',
  'bool',
  'date',
  'instant',
  'local_time',
  'local_ms',
  'local_ns',
  'time_of_day',
  'words',
  'years',
];

export const TYPED_CELLS = [
  [
    'text, "quoted"',
    '9007199254740993',
    '42',
    '-7',
    '4.25',
    '0.1',
    '-0.05',
    '12345678901234567890.12',
    '3',
    'true',
    '1990-05-17',
    '2026-03-02T10:15:30.123456Z',
    '2026-01-10T09:30:00',
    '2026-01-10T09:30:00.25',
    '2026-01-10T09:30:00.123456789',
    '07:05:09',
    '2015;2018',
    '2015;;2018',
  ],
  Array.from(TYPED_NAMES, () => ''),
];

/** What tests compare of a report from Parquet history and one from CSV: findings' and notices' places. */
export type Report = {
  findings: Array<{ file: string | null; line: number | null }>;
  notices: Array<{ file: string | null; message: string }>;
};
