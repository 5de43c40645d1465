// Persons linked by DuckDB are the default reader's persons: on generated customers full of what tells
// the two apart (keys in any case with blanks around them, accents, placeholder names, phones written
// every way, chains of records linked through different keys), every audience key finds the same
// records and the same person, with the same figures; and a history DuckDB cannot link alike is left
// to the default reader, which says why.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import type { EngineChoice } from '../../src/people/duckdb-digest.js';
import type { ProfileRequest } from '../../src/people/profiles.js';
import type { CsvSource } from '../../src/types.js';
import { temporaryFolders } from '../support/cli.js';
import { bothPeople, expectGeneratedPersonsAlike } from '../support/duckdb-people.js';
import { contactsFile, customersFile, IDENTITY, INSTANTS, ordersFile, reachOf, source } from '../support/generated-history.js';
import { csvToParquet, selectToParquet } from '../support/parquet-files.js';

const newFolder = temporaryFolders('cp-duckdb-persons-');

describe('persons linked by DuckDB', () => {
  // Three generated histories here, more in test/slow/duckdb-persons.test.ts.
  it.each([11, 12, 13])('are the default reader’s persons (history %i)', (seed) =>
    expectGeneratedPersonsAlike(newFolder(), seed),
  );

  it('are the default reader’s persons from Parquet files, of text and of typed columns', async () => {
    const folder = newFolder();
    const customers = 200;
    const textFiles = [
      ['customers.csv', customersFile(61, { odd: 0, withoutId: false }, customers)],
      ['orders.csv', ordersFile(61, customers)],
      ['contacts.csv', contactsFile(61, customers)],
    ].map(([name, text]) => source(folder, name, text));
    await csvToParquet(textFiles.map((file) => ({ csv: file.path, parquet: file.path.replace(/csv$/, 'parquet') })));
    const parquetOf = (file: CsvSource) => ({ path: file.path.replace(/csv$/, 'parquet'), displayPath: file.displayPath });
    // Customers of their own ids (t1…), each of a typed column: integers for phones and postal codes,
    // booleans, dates, instants with fractions of a second, lists with null items, nulls.
    const typed = path.join(folder, 'customers-typed.parquet');
    await selectToParquet(
      `SELECT 't' || i AS customer_id, 5550100000 + i // 2 AS phone, (10000 + i % 7)::INTEGER AS postal_code,
        CASE i % 3 WHEN 0 THEN NULL ELSE 'Pat' || (i % 5) END AS first_name, 'Lee' AS last_name,
        CASE WHEN i % 4 = 0 THEN NULL ELSE i % 4 = 1 END AS email_consent, i % 9 = 0 AS do_not_contact,
        DATE '1970-01-01' + (i * 97)::INTEGER AS birth_date,
        CASE WHEN i % 5 = 0 THEN TIMESTAMPTZ '2026-11-20 10:00:00.25+00' + to_days(i::INTEGER) END AS unsubscribed_at,
        CASE WHEN i % 6 = 0 THEN [2010 + i % 10, 2019]::INTEGER[] END AS children_birth_years,
        CASE WHEN i % 2 = 0 THEN ['yoga', NULL, 'EV'] ELSE [] END AS interests, 'gold' AS loyalty_tier
      FROM range(1, 60) r(i)`,
      typed,
    );
    const history = {
      customers: [parquetOf(textFiles[0]), { path: typed, displayPath: 'customers-typed.parquet' }],
      orders: [parquetOf(textFiles[1])],
      contacts: [parquetOf(textFiles[2])],
    };
    const reach = reachOf(61, customers);
    for (const id of ['t1', 't5', 't6', 't12', 't20', 't45']) reach.customerIds.add(id);
    reach.phones.add('5550100011');
    const result = await bothPeople(history, reach);
    expect(result.customersReader.map((choice) => choice.reader)).toEqual(['duckdb', 'duckdb']);
    expect(result.ordersReader.map((choice) => choice.reader)).toEqual(['duckdb']);
    expect(result.byDuckDB).toEqual(result.byDefault);
    expect(result.kept).toBeLessThan(result.all);
  });

  it('are the default reader’s persons with fewer keys linking', async () => {
    const folder = newFolder();
    const history = {
      customers: [source(folder, 'customers.csv', customersFile(21, { odd: 0, withoutId: false }, 200))],
      orders: [source(folder, 'orders.csv', ordersFile(21, 200))],
    };
    const result = await bothPeople(history, reachOf(21, 200), { linkBy: ['email', 'name_postal'] });
    expect(result.customersReader.map((choice) => choice.reader)).toEqual(['duckdb']);
    expect(result.byDuckDB).toEqual(result.byDefault);
  });

  it.each([
    [{ odd: 0.05, withoutId: false }, /hold a value DuckDB does not read as the default reader does$/],
    [{ odd: 0, withoutId: true }, /^1 record\(s\) have no customer_id$/],
  ])('leave customers DuckDB cannot link alike to the default reader (%o)', async (shape, reason) => {
    const folder = newFolder();
    const history = { customers: [source(folder, 'customers.csv', customersFile(31, shape, 120))] };
    const result = await bothPeople(history, reachOf(31, 120));
    expect(result.customersReader).toEqual([{ file: 'customers.csv', reader: 'default', reason: expect.stringMatching(reason) }]);
    expect(result.byDuckDB).toEqual(result.byDefault);
  });

  it('leave an orders file with a repeated order_id to the default reader, which reports it', async () => {
    const folder = newFolder();
    const orders = ordersFile(51, 100);
    const history = {
      customers: [source(folder, 'customers.csv', customersFile(51, { odd: 0, withoutId: false }, 100))],
      orders: [source(folder, 'orders.csv', `${orders}o7,c1,2026-11-28T10:00:00Z,,delivered\n`)],
    };
    const choices: EngineChoice[] = [];
    const builder = new CsvProfileBuilder({ engine: 'duckdb', onEngineChoice: (choice) => choices.push(choice), reachRatio: 0 });
    const request: ProfileRequest = {
      history,
      instants: INSTANTS,
      orderIds: new Set(),
      identity: IDENTITY,
      contactLookbackMs: 0,
      onInvalidValue: () => {},
      reach: { bytes: 0, read: async () => reachOf(51, 100) },
    };
    await expect(builder.build(request)).rejects.toThrow(/duplicate order_id "o7"/);
    expect(choices.filter((choice) => choice.file === 'orders.csv')).toEqual([
      { file: 'orders.csv', reader: 'default', reason: 'an order_id repeats (or two share a hash)' },
    ]);
    const clean = { ...history, orders: [source(folder, 'clean-orders.csv', orders)] };
    const result = await bothPeople(clean, reachOf(51, 100));
    expect(result.ordersReader).toEqual([{ file: 'clean-orders.csv', reader: 'duckdb' }]);
    expect(result.byDuckDB).toEqual(result.byDefault);
  });

  it('leave customers to the default reader when emails do not link records', async () => {
    const folder = newFolder();
    const history = { customers: [source(folder, 'customers.csv', customersFile(41, { odd: 0, withoutId: false }, 50))] };
    const result = await bothPeople(history, reachOf(41, 50), { linkBy: ['phone'] });
    expect(result.customersReader).toEqual([
      { file: 'customers.csv', reader: 'default', reason: 'identity.linkBy leaves out email' },
    ]);
    expect(result.byDuckDB).toEqual(result.byDefault);
  });
});
