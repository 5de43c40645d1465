import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { presetSchema, type Derivation } from '../../src/csv/preset.js';
import { readCsv } from '../../src/csv/read.js';
import type { CsvSource } from '../../src/types.js';

const folder = mkdtempSync(join(tmpdir(), 'derive-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function read(text: string, derive: Record<string, Derivation>, extra: Partial<CsvSource> = {}) {
  const path = join(folder, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const rows: Array<Record<string, string>> = [];
  const wanted = Object.keys(derive);
  await readCsv(
    { path, displayPath: 'f.csv', derive, ...extra },
    { canonical: ['customer_id', 'first_name', 'last_name', 'status', 'delivered_at'], required: [] },
    () => {},
    (cells) => rows.push(Object.fromEntries(wanted.map((name, i) => [name, cells[cells.length - wanted.length + i]]))),
  );
  return rows;
}

it('splits a full name into first and last name', async () => {
  const split = {
    first_name: { split_name: 'Billing Name', part: 'first' },
    last_name: { split_name: 'Billing Name', part: 'last' },
  } as const;
  expect(await read('Billing Name,x\nAnn Marie Lee,1\n  Bo  ,2\n,3\n', split)).toEqual([
    { first_name: 'Ann', last_name: 'Marie Lee' },
    { first_name: 'Bo', last_name: '' },
    { first_name: '', last_name: '' },
  ]);
});

it('takes the value of the first case that holds, else otherwise', async () => {
  const status: Derivation = {
    cases: [
      { column: 'Cancelled at', present: true, value: 'cancelled' },
      { column: 'Financial Status', in: ['Refunded'], value: 'refunded' },
    ],
    otherwise: 'placed',
  };
  expect(await read('Cancelled at,Financial Status\n2026-01-02,refunded\n,REFUNDED\n,paid\n', { status })).toEqual([
    { status: 'cancelled' },
    { status: 'refunded' },
    { status: 'placed' },
  ]);
});

it('finds a word in a list written in one cell', async () => {
  const suppressed: Derivation = {
    cases: [{ column: 'Email Suppressions', contains: ['hard_bounce', 'UNSUBSCRIBE'], value: 'true' }],
  };
  expect(await read('Email Suppressions\n[]\n"[HARD_BOUNCE,SPAM]"\n[unsubscribe]\n', { do_not_contact: suppressed })).toEqual([
    { do_not_contact: '' },
    { do_not_contact: 'true' },
    { do_not_contact: 'true' },
  ]);
});

it("adds days to a date, in the file's own format, as ISO; nothing for no date", async () => {
  const delivered: Derivation = { add_days: { column: 'Fulfilled at', days: 7 } };
  expect(await read('Fulfilled at\n2026-11-04 10:12:38 -0800\n\n', { delivered_at: delivered })).toEqual([
    { delivered_at: '2026-11-11T18:12:38.000Z' },
  ]);
  expect(await read('Fulfilled at\n11/04/2026\nx\n', { delivered_at: delivered }, { dateFormat: 'MM/DD/YYYY' })).toEqual([
    { delivered_at: '2026-11-11T00:00:00.000Z' },
    { delivered_at: '' },
  ]);
});

it('takes the first column holding an id, over a header of the same name', async () => {
  const customer: Record<string, Derivation> = { customer_id: { first_id_of: ['customer_id', 'billing_email'] } };
  expect(await read('customer_id,billing_email\n17,a@example.com\n0,b@example.com\nguest,\n', customer)).toEqual([
    { customer_id: '17' },
    { customer_id: 'b@example.com' },
    { customer_id: '' },
  ]);
});

it('a preset may not both map and derive a column, nor derive one its file kind lacks', () => {
  const preset = { name: 'x', platform: 'X', file: 'orders', detect: ['a'], source: 's' } as const;
  expect(
    presetSchema.safeParse({
      ...preset,
      columns: { status: 'S' },
      derive: { status: { cases: [{ column: 'S', present: true, value: 'placed' }] } },
    }).success,
  ).toBe(false);
  expect(
    presetSchema.safeParse({ ...preset, columns: {}, derive: { first_name: { split_name: 'N', part: 'first' } } }).success,
  ).toBe(false);
  expect(
    presetSchema.safeParse({ ...preset, columns: {}, derive: { delivered_at: { add_days: { column: 'F', days: 7 } } } }).success,
  ).toBe(true);
});
