// readParquet (docs/inputs.md, Parquet files): each type's values as the text a CSV cell holds, every
// codec alike, rows numbered across row groups, and what a file may not claim or hold refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { InputError } from '../../src/errors.js';
import { PARQUET_LIMITS, readParquet, type ParquetLimits } from '../../src/parquet/read.js';
import { TYPED_CELLS, TYPED_NAMES, TYPED_SELECT, selectToParquet } from '../support/parquet-files.js';

const folder = mkdtempSync(path.join(tmpdir(), 'preflight-read-parquet-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** The rows of `select` written as Parquet (`options` to DuckDB's COPY), read back as names and cells. */
async function roundTrip(select: string, options = '', limits: ParquetLimits = PARQUET_LIMITS) {
  const file = path.join(folder, `file-${++files}.parquet`);
  await selectToParquet(select, file, options);
  let names: string[] = [];
  const rows: Array<{ row: number; cells: string[] }> = [];
  await readParquet(
    { path: file, displayPath: 'data/history.parquet' },
    (found) => {
      names = found;
    },
    (cells, row) => rows.push({ row, cells }),
    limits,
  );
  return { names, rows };
}

async function refusal(select: string, options = '', limits: ParquetLimits = PARQUET_LIMITS): Promise<InputError> {
  const error: unknown = await roundTrip(select, options, limits).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).file).toBe('data/history.parquet');
  return error as InputError;
}

describe('readParquet', () => {
  it('writes each type as the text a CSV cell holds, null as an empty cell', async () => {
    const { names, rows } = await roundTrip(TYPED_SELECT);
    expect(names).toEqual(TYPED_NAMES);
    expect(rows).toEqual(TYPED_CELLS.map((cells, index) => ({ row: index + 1, cells })));
  });

  it('reads every codec alike', async () => {
    const select = `SELECT 'C-' || i AS customer_id, repeat('ab', i % 7) AS note FROM range(300) r(i)`;
    const plain = await roundTrip(select, 'COMPRESSION uncompressed');
    expect(plain.rows).toHaveLength(300);
    for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4_raw']) {
      expect(await roundTrip(select, `COMPRESSION ${codec}`), codec).toEqual(plain);
    }
  });

  it('numbers rows across row groups, bounding each group rather than the file', async () => {
    const select = `SELECT 'C-' || i AS customer_id FROM range(5000) r(i)`;
    // DuckDB writes groups of 2,048 rows here: the file's 5,000 cells exceed the bound, no group does.
    const { rows } = await roundTrip(select, 'ROW_GROUP_SIZE 2048', { ...PARQUET_LIMITS, rowGroupCells: 2048 });
    expect(rows.map(({ row }) => row)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(rows.map(({ cells }) => cells[0])).toEqual(Array.from({ length: 5000 }, (_, i) => `C-${i}`));
    const error = await refusal(select, 'ROW_GROUP_SIZE 2048', { ...PARQUET_LIMITS, rowGroupCells: 2047 });
    expect(error.message).toMatch(
      /^cannot read this Parquet file: row group 1 holds 2048 rows of 1 columns, 2048 cells, more than the 2047 cells it may/,
    );
    expect(error.details.join('\n')).toMatch(/smaller row groups/);
  });

  it('refuses a page or a row group that claims more than its bound, before decoding it', async () => {
    const select = `SELECT repeat('x', 5000) AS note FROM range(3)`;
    const page = await refusal(select, '', { ...PARQUET_LIMITS, pageBytes: 1000 });
    expect(page.message).toMatch(
      /^cannot read this Parquet file: a page of column "note" in row group 1 claims \d+ bytes, more than the 1000 bytes it may$/,
    );
    const bytes = await refusal(select, '', { ...PARQUET_LIMITS, rowGroupBytes: 1000 });
    expect(bytes.message).toMatch(/row group 1 takes \d+ bytes uncompressed, more than the 1000 bytes it may/);
    const values = await refusal(select, '', { ...PARQUET_LIMITS, values: 2 });
    expect(values.message).toMatch(/the pages of row group 1 claim 3 values, more than the 2 values it may/);
  });

  it('refuses a column of structs or maps, naming it', async () => {
    const struct = await refusal(`SELECT 'C-1' AS customer_id, {'street': 'Main St', 'city': 'Leeds'} AS address`);
    expect(struct.message).toBe('column "address" is a struct, which a history file cannot hold');
    const map = await refusal(`SELECT MAP {'a': 1} AS attributes`);
    expect(map.message).toBe('column "attributes" is a map, which a history file cannot hold');
    const lists = await refusal(`SELECT [[1, 2], [3]] AS nested`);
    expect(lists.message).toBe('column "nested" is a list of lists or structs, which a history file cannot hold');
  });

  it('refuses text that is not UTF-8, naming its row', async () => {
    const error = await refusal(`SELECT * FROM (VALUES ('ok'::BLOB), ('\\xFF\\xFE'::BLOB)) t(raw)`);
    expect(error.message).toBe('column "raw" holds bytes that are not UTF-8 text');
    expect(error.line).toBe(2);
    expect(error.format()).toMatch(/^data\/history\.parquet row 2: column "raw"/);
  });
});

describe('readParquet on damaged bytes', () => {
  // Every byte of the list column's chunk (levels and dictionary indexes, whose runs hyparquet
  // follows: a damaged one there once ended the process), and every eighth byte elsewhere.
  it('ends every read with its rows or an InputError, whichever byte is damaged', async () => {
    const file = path.join(folder, 'damaged-base.parquet');
    await selectToParquet(
      `SELECT 'C-' || i AS customer_id, i::BIGINT AS orders, i * 1.5 AS total, DATE '2026-01-01' + i::INTEGER AS first_order,
              ['a', 'b'] AS tags FROM range(20) r(i)`,
      file,
    );
    const bytes = readFileSync(file);
    const tags = parquetMetadata(bytes).row_groups[0].columns.find(
      (column) => column.meta_data?.path_in_schema[0] === 'tags',
    )!.meta_data!;
    const tagsStart = Number(tags.dictionary_page_offset || tags.data_page_offset);
    const tagsEnd = tagsStart + Number(tags.total_compressed_size);
    const damaged = path.join(folder, 'damaged.parquet');
    const outcomes = new Map<string, number>();
    for (let at = 0; at < bytes.length; at++) {
      if (at % 8 !== 0 && (at < tagsStart || at >= tagsEnd)) continue;
      const copy = Buffer.from(bytes);
      copy[at] ^= 0xff;
      writeFileSync(damaged, copy);
      const outcome = await readParquet(
        { path: damaged, displayPath: 'data/history.parquet' },
        () => {},
        () => {},
      ).then(
        () => 'read',
        (error: unknown) => (error instanceof InputError ? 'refused' : `${(error as Error).name}: ${(error as Error).message}`),
      );
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect([...outcomes.keys()].sort()).toEqual(['read', 'refused']);
  });
});
