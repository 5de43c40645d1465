// The history cache's file format and the checks on what it reads back: a cache file is input, so
// a damaged or foreign one must be refused as corrupt, never used and never crash the run.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCache, openCache } from '../../src/people/cache-file.js';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import { InMemoryPeople, type PeopleState } from '../../src/people/in-memory-people.js';
import { CorruptState } from '../../src/people/state-checks.js';
import { ROOT, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('cp-cache-unit-');

async function roundTrip(tree: unknown): Promise<unknown> {
  const file = path.join(newFolder(), 'x.cache');
  writeFileSync(file, Buffer.concat(encodeCache({ key: 'k', files: [] }, tree)));
  const cache = await openCache(file);
  try {
    expect(cache.header.key).toBe('k');
    return await cache.body();
  } finally {
    await cache.close();
  }
}

describe('cache file format', () => {
  it('gives back typed arrays, string lists in any script and plain values as written', async () => {
    const many = (prefix: string) => Array.from({ length: 40 }, (_, at) => `${prefix}${at}`);
    const tree = {
      ints: Int32Array.of(-1, 0, 2 ** 31 - 1),
      floats: Float64Array.of(NaN, -Infinity, 1.5),
      bytes: Uint8Array.of(0, 255),
      latin: [...many('café '), ''],
      wide: [...many('Łukasz 😀 '), '\ud800 lone', ''],
      short: ['a', 'b'],
      json: { n: 1, s: 'x', none: null, list: [1, { deep: true }] },
    };
    const back = (await roundTrip(tree)) as typeof tree;
    expect(back.ints).toEqual(tree.ints);
    expect(back.floats).toEqual(tree.floats);
    expect(back.bytes).toEqual(tree.bytes);
    expect(back.latin).toEqual(tree.latin);
    expect(back.wide).toEqual(tree.wide);
    expect(back).toMatchObject({ short: tree.short, json: tree.json });
  });

  it.each<[string, (bytes: Buffer) => Buffer]>([
    ['a changed byte of the body', (bytes) => (bytes.writeUInt8(bytes[bytes.length - 1] ^ 1, bytes.length - 1), bytes)],
    ['a cut body', (bytes) => bytes.subarray(0, bytes.length - 3)],
    ['another magic', (bytes) => (bytes.write('XXXX', 0), bytes)],
    ['a header length past the end', (bytes) => (bytes.writeUInt32LE(0xffffff, 4), bytes)],
  ])('refuses %s as corrupt', async (_, damage) => {
    const file = path.join(newFolder(), 'x.cache');
    const bytes = Buffer.concat(encodeCache({ key: 'k', files: [] }, { list: Array.from({ length: 20 }, () => 'text') }));
    writeFileSync(file, damage(bytes));
    const read = async () => {
      const cache = await openCache(file);
      try {
        return await cache.body();
      } finally {
        await cache.close();
      }
    };
    await expect(read()).rejects.toThrow(CorruptState);
  });
});

describe('people restored from a state', () => {
  async function printShopState(): Promise<PeopleState> {
    const folder = path.join(ROOT, 'fixtures/print-shop/data');
    const source = (name: string) => ({ path: path.join(folder, name), displayPath: name });
    const people = (await new CsvProfileBuilder().build({
      history: { customers: [source('customers.csv')], orders: [source('orders.csv')], contacts: [source('contacts.csv')] },
      instants: [Date.parse('2026-09-10T09:00:00Z')],
      orderIds: new Set(),
      identity: { linkBy: ['person_id', 'email', 'phone', 'name_postal'] },
      contactLookbackMs: 30 * 86_400_000,
      onInvalidValue: () => {},
    })) as InMemoryPeople;
    // Through the file format, so that each test changes a copy of its own.
    return (await roundTrip(people.state())) as PeopleState;
  }

  it('are the people the state was taken of', async () => {
    const folder = path.join(ROOT, 'fixtures/print-shop/data');
    const built = (await new CsvProfileBuilder().build({
      history: { customers: [{ path: path.join(folder, 'customers.csv'), displayPath: 'customers.csv' }] },
      instants: [0],
      orderIds: new Set(),
      identity: { linkBy: ['email'] },
      contactLookbackMs: 0,
      onInvalidValue: () => {},
    })) as InMemoryPeople;
    const restored = InMemoryPeople.restore((await roundTrip(built.state())) as PeopleState);
    expect(restored.personCount).toBe(built.personCount);
    // C-001 and C-002 share an email: one person, in both.
    expect(restored.customer('C-002')!.person.index).toBe(restored.customer('C-001')!.person.index);
    expect(restored.customer('C-002')!.person.records.map((record) => record.customerId)).toEqual(['C-001', 'C-002']);
    expect(restored.customersByAddress('email', 'LAURA.bennett@example.com').map((record) => record.customerId)).toEqual([
      'C-001',
      'C-002',
    ]);
  });

  it.each<[string, (state: PeopleState) => void]>([
    ['a name id past the names', (state) => (state.table.columns.firstName[0] = state.table.texts.length)],
    ['a record in no person', (state) => (state.groups.personOf[0] = state.groups.count)],
    ['a column of another length', (state) => (state.table.emails = state.table.emails.slice(1))],
    ['an address chain that loops', (state) => state.byAddress.email.next.fill(0)],
    ['a full address table', (state) => (state.byAddress.email.keys = state.byAddress.email.hashes.length)],
    [
      'an order of an unknown status',
      (state) => state.orders.push({ orderId: 'o', customerId: 'c', person: -1, status: 'gone' as never, deliveredAt: null }),
    ],
    ['contacts past their list', (state) => (state.contactStarts[state.contactStarts.length - 1] += 1)],
    ['a string where a column was', (state) => ((state.table.columns as unknown as Record<string, unknown>).flags = 'x')],
  ])('refuse %s as corrupt', async (_, damage) => {
    const state = await printShopState();
    damage(state);
    expect(() => InMemoryPeople.restore(state)).toThrow(CorruptState);
  });
});
