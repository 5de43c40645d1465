// Persons linked by DuckDB are the default reader's persons: on generated customers full of what tells
// the two apart (keys in any case with blanks around them, accents, placeholder names, phones written
// every way, chains of records linked through different keys), every audience key finds the same
// records and the same person, with the same figures; and a history DuckDB cannot link alike is left
// to the default reader, which says why.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import type { EngineChoice } from '../../src/people/duckdb-digest.js';
import type { AudienceReach, People, Person, ProfileRequest } from '../../src/people/profiles.js';
import type { CsvSource, IdentityConfig } from '../../src/types.js';
import { temporaryFolders } from '../support/cli.js';
import { pick, random } from '../support/random.js';

const newFolder = temporaryFolders('cp-duckdb-persons-');

const DAY = 86_400_000;
const INSTANTS = [Date.parse('2026-12-01T09:00:00Z'), Date.parse('2026-12-08T09:00:00Z')];

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const PERSON_IDS = ['', '', '', 'p1', ' p1', 'p2', 'P2', 'p3\u00a0'];
const EMAILS = ['', '', 'ann@example.com', ' ANN@example.com ', 'bob@example.com', 'José@Example.com', 'josé@example.com', 'n/a'];
const PHONES = ['', '', '+1 (555) 010-2030', '555.010.2030', '0105550102030', '12345', '555 0199', '+44 20 7946 0958'];
const FIRST_NAMES = ['Ann', 'ANN ', 'José', 'Jose', 'Jose\u0301', 'Customer', 'J.', 'É', '', 'Ab', 'Mary Jo', 'İlker', 'N/A'];
const LAST_NAMES = ['Lee', 'lee', 'Müller', 'Muller', '', 'Unknown', 'O Brien', 'Ştefan'];
const POSTAL_CODES = ['12345', ' 12 345', 'AB1 2CD', 'ab12cd', '', '٣٤٥'];
const ADDRESSES = ['', '1 Main St', '1  MAIN st', ' 1 main st\t', 'Straße 1', 'STRASSE 1', 'Rue Été 2'];
const SURE_BOOLEANS = ['', 'true', 'FALSE', ' yes ', 'n', '1', 'opted_in', 'Unsubscribed'];
const CLEAN_DATES = ['', '1980-04-02', '2026-11-28T10:00:00Z', '2026-12-05 08:30:00'];

interface Shape {
  /** Share of records with a cell the default reader reports (DuckDB then leaves the customers to it). */
  odd: number;
  withoutId: boolean;
}

function customersFile(seed: number, shape: Shape, rows: number, idPrefix = 'c'): string {
  const next = random(seed);
  const lines = [
    'customer_id,person_id,email,phone,first_name,last_name,postal_code,postal_address,email_consent,do_not_contact,' +
      'unsubscribed_at,birth_date,children_birth_years,interests,loyalty_tier',
  ];
  for (let row = 0; row < rows; row++) {
    const id = shape.withoutId && row === 7 ? 'guest' : `${next() < 0.1 ? ' ' : ''}${idPrefix}${row + 1}`;
    const consent = next() < shape.odd ? 'maybe' : pick(next, SURE_BOOLEANS);
    lines.push(
      [
        id,
        next() < 0.8 ? `p${Math.floor(next() * rows)}` : pick(next, PERSON_IDS),
        next() < 0.8 ? `${next() < 0.2 ? ' U' : 'u'}${Math.floor(next() * rows)}@example.com` : pick(next, EMAILS),
        next() < 0.8 ? `+1 555 ${String(Math.floor(next() * rows)).padStart(4, '0')}-00` : pick(next, PHONES),
        pick(next, FIRST_NAMES),
        pick(next, LAST_NAMES),
        pick(next, POSTAL_CODES),
        pick(next, ADDRESSES),
        consent,
        pick(next, SURE_BOOLEANS),
        pick(next, CLEAN_DATES),
        pick(next, CLEAN_DATES),
        pick(next, ['', '2010;2015', ' 2001 | 2004 ']),
        pick(next, ['', 'yoga; running', 'EV', 'unit\u001fseparator']),
        pick(next, ['', 'gold', 'silver']),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

function ordersFile(seed: number, customers: number): string {
  const next = random(seed);
  const lines = ['order_id,customer_id,ordered_at,delivered_at,status'];
  for (let row = 0; row < customers * 2; row++) {
    const customer = next() < 0.05 ? pick(next, EMAILS.filter(Boolean)) : `c${1 + Math.floor(next() * customers)}`;
    lines.push(
      [
        `o${row + 1}`,
        customer,
        pick(next, CLEAN_DATES.slice(2)),
        pick(next, ['', '2026-11-29']),
        pick(next, ['delivered', 'cancelled']),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

function contactsFile(seed: number, customers: number): string {
  const next = random(seed);
  const lines = ['customer_id,channel,sent_at,campaign_id'];
  for (let row = 0; row < customers; row++) {
    lines.push([`c${1 + Math.floor(next() * customers)}`, 'email', pick(next, CLEAN_DATES.slice(2)), 'spring'].join(','));
  }
  return lines.join('\n') + '\n';
}

function source(folder: string, name: string, text: string): CsvSource {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return { path: file, displayPath: name };
}

/** Audience keys drawn from the history's own values (and a few it does not hold). */
function reachOf(seed: number, customers: number): AudienceReach {
  const next = random(seed);
  const reach: AudienceReach = { customerIds: new Set(), emails: new Set(), phones: new Set(), postalAddresses: new Set() };
  for (let i = 0; i < customers / 8; i++) reach.customerIds.add(`c${1 + Math.floor(next() * customers * 1.1)}`);
  reach.emails.add('ann@example.com').add('josé@example.com');
  reach.phones.add('5550102030');
  reach.postalAddresses.add('straße 1').add('1 main st');
  return reach;
}

/** What the rules can ask People about each audience key and each named order, as plain data. */
function answers(people: People, reach: AudienceReach, orderIds: readonly string[]) {
  const personOf = (person: Person) => ({
    records: person.records.map((record) => record.customerId),
    firstNames: person.firstNames,
    lastNames: person.lastNames,
    birthDate: person.birthDate,
    childrenBirthYears: person.childrenBirthYears,
    interests: person.interests,
    loyaltyTiers: person.loyaltyTiers,
    doNotContact: person.doNotContact,
    orderCounts: person.orderCounts,
    lastOrderBefore: person.lastOrderBefore,
    contacts: person.contacts.map((contact) => `${contact.customerId} ${contact.sentAt}`),
  });
  const recordOf = (record: ReturnType<People['customer']>) =>
    record && {
      id: record.customerId,
      consent: record.consent,
      unsubscribedAt: record.unsubscribedAt,
      email: record.email,
      person: personOf(record.person),
    };
  return {
    ids: [...reach.customerIds].map((id) => recordOf(people.customer(id))),
    emails: [...reach.emails].map((email) => people.customersByAddress('email', email).map(recordOf)),
    phones: [...reach.phones].map((phone) => people.customersByAddress('sms', phone).map(recordOf)),
    postal: [...reach.postalAddresses].map((address) => people.customersByAddress('direct_mail', address).map(recordOf)),
    orders: orderIds.map((id) => {
      const order = people.order(id);
      return order && { ...order, person: order.person && personOf(order.person) };
    }),
  };
}

const IDENTITY: IdentityConfig = { linkBy: ['person_id', 'email', 'phone', 'name_postal'] };

async function bothPeople(history: ProfileRequest['history'], reach: AudienceReach, identity = IDENTITY) {
  const orderIds = ['o1', 'o2', 'o17', 'o40', 'o99'];
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

describe('persons linked by DuckDB', () => {
  it.each([11, 12, 13, 14, 15, 16])('are the default reader’s persons (history %i)', async (seed) => {
    const folder = newFolder();
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
