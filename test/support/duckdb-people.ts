// Persons built by DuckDB and by the default reader from one generated history, as plain data to
// compare (test/people/duckdb-persons.test.ts, and more histories in the slow suite).
import { expect } from 'vitest';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import type { EngineChoice } from '../../src/people/duckdb-digest.js';
import type { AudienceReach, ProfileRequest } from '../../src/people/profiles.js';
import {
  answers,
  contactsFile,
  customersFile,
  DAY,
  IDENTITY,
  INSTANTS,
  NAMED_ORDERS,
  ordersFile,
  reachOf,
  source,
} from './generated-history.js';

export async function bothPeople(history: ProfileRequest['history'], reach: AudienceReach, identity = IDENTITY) {
  const orderIds = NAMED_ORDERS;
  const request: ProfileRequest = {
    history,
    instants: INSTANTS,
    orderIds: new Set(orderIds),
    identity,
    contactLookbackMs: 14 * DAY,
    onInvalidValue: () => {},
  };
  const choices: EngineChoice[] = [];
  const byDefault = await new CsvProfileBuilder().build(request);
  // Records come back a few ranges at a time, as a large history's do.
  const builder = new CsvProfileBuilder({
    engine: 'duckdb',
    onEngineChoice: (choice) => choices.push(choice),
    recordsPerRange: 64,
  });
  const byDuckDB = await builder.build({
    ...request,
    reach: { bytes: 0, read: async () => reach },
  });
  return {
    byDefault: answers(byDefault, reach, orderIds),
    byDuckDB: answers(byDuckDB, reach, orderIds),
    customersReader: choices.filter((choice) => choice.file.startsWith('customers')),
    ordersReader: choices.filter((choice) => choice.file.includes('orders')),
    kept: byDuckDB.customerCount,
    all: byDefault.customerCount,
  };
}

/** Expects the persons of generated history `seed` (two customers files) linked by DuckDB to be the default reader's. */
export async function expectGeneratedPersonsAlike(folder: string, seed: number): Promise<void> {
  const customers = 240;
  const history = {
    customers: [
      source(folder, 'customers.csv', customersFile(seed, { odd: 0, withoutId: false }, customers)),
      source(folder, 'customers-b.csv', customersFile(seed + 50, { odd: 0, withoutId: false }, 20, 'b')),
    ],
    orders: [source(folder, 'orders.csv', ordersFile(seed, customers))],
    contacts: [source(folder, 'contacts.csv', contactsFile(seed, customers))],
  };
  const result = await bothPeople(history, reachOf(seed, customers));
  expect(result.customersReader.map((choice) => choice.reader)).toEqual(['duckdb', 'duckdb']);
  expect(result.byDuckDB).toEqual(result.byDefault);
  // Only the persons the audience reaches are kept.
  expect(result.kept).toBeLessThan(result.all);
}
