// A profiles table made by the DuckDB profile SQL gives the default reader's persons: on generated
// histories full of what tells the two apart, every audience key and named order finds the same
// records, persons and figures, from Parquet and from CSV; and a table that does not fit the run, or
// whose SQL normalised a key otherwise, is refused.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlForRequest } from '../../src/engine/profile-plan.js';
import { withPreset } from '../../src/csv/preset.js';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import type { AudienceReach, ProfileRequest } from '../../src/people/profiles.js';
import type { CsvSource, HistorySources, Notice } from '../../src/types.js';
import { temporaryFolders } from '../support/cli.js';
import {
  answers,
  contactsFile,
  customersFile,
  DAY,
  EXPORT_PRESETS,
  exportedCustomersFile,
  exportedOrdersFile,
  IDENTITY,
  INSTANTS,
  NAMED_ORDERS,
  ordersFile,
  reachOf,
  source,
} from '../support/generated-history.js';
import { writeProfilesTable } from '../support/profiles-table.js';

const newFolder = temporaryFolders('cp-profiles-table-');

function requestFor(history: HistorySources, reach?: AudienceReach, identity = IDENTITY): ProfileRequest {
  return {
    history,
    instants: INSTANTS,
    orderIds: new Set(NAMED_ORDERS),
    identity,
    contactLookbackMs: 14 * DAY,
    onInvalidValue: () => {},
    ...(reach ? { reach: { bytes: 0, read: async () => reach } } : {}),
  };
}

/** The history's profiles table, made by the DuckDB profile SQL for the request. */
async function profilesTable(request: ProfileRequest, file: string, rounds?: number): Promise<CsvSource> {
  const sql = await sqlForRequest(request, { dialect: 'duckdb', ...(rounds ? { linkRounds: rounds } : {}) });
  await writeProfilesTable(sql, file);
  return { path: file, displayPath: path.basename(file) };
}

function generatedHistory(folder: string, seed: number, customers: number): HistorySources {
  return {
    customers: [
      source(folder, 'customers.csv', customersFile(seed, { odd: 0, withoutId: false }, customers)),
      source(folder, 'customers-b.csv', customersFile(seed + 50, { odd: 0, withoutId: false }, 20, 'b')),
    ],
    orders: [source(folder, 'orders.csv', ordersFile(seed, customers, true))],
    contacts: [source(folder, 'contacts.csv', contactsFile(seed, customers))],
  };
}

describe('a profiles table made by the DuckDB profile SQL', () => {
  it.each([
    [11, 'parquet'],
    [12, 'csv'],
  ])('gives the default reader’s persons (history %i, %s)', async (seed, format) => {
    const folder = newFolder();
    const history = generatedHistory(folder, seed, 240);
    const reach = reachOf(seed, 240);
    const byDefault = await new CsvProfileBuilder().build(requestFor(history));
    const profiles = await profilesTable(requestFor(history), path.join(folder, `profiles.${format}`));
    const fromTable = await new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }, reach));
    expect(answers(fromTable, reach, NAMED_ORDERS)).toEqual(answers(byDefault, reach, NAMED_ORDERS));
    // Only the persons the audience reaches are kept.
    expect(fromTable.customerCount).toBeLessThan(byDefault.customerCount);
    // Without the audiences, every person.
    const everyone = await new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }));
    expect(everyone.customerCount).toBe(byDefault.customerCount);
    expect(answers(everyone, reach, NAMED_ORDERS)).toEqual(answers(byDefault, reach, NAMED_ORDERS));
  });

  it('gives the default reader’s persons from platform exports read with presets (derived columns, value maps)', async () => {
    const folder = newFolder();
    const history: HistorySources = {
      customers: [
        await withPreset(source(folder, 'export.csv', exportedCustomersFile(13, 240)), 'customers', EXPORT_PRESETS, {}),
      ],
      orders: [await withPreset(source(folder, 'orders-export.csv', exportedOrdersFile(13, 240)), 'orders', EXPORT_PRESETS, {})],
    };
    expect(history.customers?.[0].preset).toBe('generated-customers');
    const reach = reachOf(13, 240);
    // What a build says besides its persons: its notices, and the cells it could not read (by value, since the places differ).
    const noticesOf = async (request: ProfileRequest) => {
      const notices: Notice[] = [];
      const unread: string[] = [];
      const people = await new CsvProfileBuilder().build({
        ...request,
        onNotice: (notice) => notices.push(notice),
        onInvalidValue: (value) => unread.push(`${value.expected}: ${value.value}`),
      });
      return { people, notices, unread: unread.sort() };
    };
    const byDefault = await noticesOf(requestFor(history));
    const profiles = await profilesTable(requestFor(history), path.join(folder, 'profiles.parquet'));
    const fromTable = await noticesOf(requestFor({ profiles: [profiles] }, reach));
    // A record without an id is named by where it is: the SQL numbers a CSV file's records, not its lines.
    const byRecord = JSON.parse(
      JSON.stringify(answers(byDefault.people, reach, NAMED_ORDERS)).replace(
        /\(no customer_id, line (\d+) of/g,
        (_, line: string) => `(no customer_id, record ${Number(line) - 1} of`,
      ),
    ) as unknown;
    expect(JSON.parse(JSON.stringify(answers(fromTable.people, reach, NAMED_ORDERS)))).toEqual(byRecord);
    // Read whole, the table gives every cell the files give that the tool cannot read, as written.
    const everyone = await noticesOf(requestFor({ profiles: [profiles] }));
    expect(everyone.unread).toEqual(byDefault.unread);
    expect(everyone.unread).toContain('date: 2/30/2026 1:00:00 PM');
    // Records without an id: all of the history's counted, though only the reached are kept; a CSV file's by record, not line.
    const [notice] = byDefault.notices;
    expect(notice.message).toMatch(
      /^\d+ records have no customer_id \(empty, 0 or guest; lines (\d+), (\d+), (\d+), (\d+), (\d+), … \(\d+ more\)\)/,
    );
    const lines = /lines ([\d, ]+), …/.exec(notice.message)![1].split(', ');
    expect(fromTable.notices).toEqual([
      {
        ...notice,
        message: notice.message.replace(/lines [\d, ]+, …/, `records ${lines.map((line) => Number(line) - 1).join(', ')}, …`),
      },
    ]);
  });

  it('gives the default reader’s persons with fewer keys linking', async () => {
    const folder = newFolder();
    const history = generatedHistory(folder, 21, 200);
    const identity = { linkBy: ['email', 'name_postal'] as Array<'email' | 'name_postal'> };
    const reach = reachOf(21, 200);
    const byDefault = await new CsvProfileBuilder().build(requestFor(history, undefined, identity));
    const profiles = await profilesTable(requestFor(history, undefined, identity), path.join(folder, 'profiles.parquet'));
    const fromTable = await new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }, reach, identity));
    expect(answers(fromTable, reach, NAMED_ORDERS)).toEqual(answers(byDefault, reach, NAMED_ORDERS));
  });

  it('keeps every person when emails do not link records (an email id then finds the first record holding it)', async () => {
    const folder = newFolder();
    const history = generatedHistory(folder, 22, 200);
    const identity = { linkBy: ['person_id', 'phone'] as Array<'person_id' | 'phone'> };
    const reach = reachOf(22, 200);
    const byDefault = await new CsvProfileBuilder().build(requestFor(history, undefined, identity));
    const profiles = await profilesTable(requestFor(history, undefined, identity), path.join(folder, 'profiles.parquet'));
    const fromTable = await new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }, reach, identity));
    expect(fromTable.customerCount).toBe(byDefault.customerCount);
    expect(answers(fromTable, reach, NAMED_ORDERS)).toEqual(answers(byDefault, reach, NAMED_ORDERS));
  });

  it('says when it was made for another run, and what to do', async () => {
    const folder = newFolder();
    const history = generatedHistory(folder, 31, 60);
    const profiles = await profilesTable(requestFor(history), path.join(folder, 'profiles.parquet'));
    const later = { ...requestFor({ profiles: [profiles] }), instants: [INSTANTS[0], Date.parse('2027-01-05T09:00:00Z')] };
    await expect(new CsvProfileBuilder().build(later)).rejects.toThrow(
      /made for another run: it lacks the send time 2027-01-05T09:00:00\.000Z/,
    );
    const moreOrders = { ...requestFor({ profiles: [profiles] }), orderIds: new Set([...NAMED_ORDERS, 'o5']) };
    await expect(new CsvProfileBuilder().build(moreOrders)).rejects.toThrow(/1 of the orders review requests name \("o5", …\)/);
    const longer = { ...requestFor({ profiles: [profiles] }), contactLookbackMs: 30 * DAY };
    await expect(new CsvProfileBuilder().build(longer)).rejects.toThrow(/contacts of the last 30 days \(it holds 14\)/);
  });

  it('is refused when the SQL found a key otherwise than the tool', async () => {
    const folder = newFolder();
    const history = generatedHistory(folder, 41, 60);
    const profiles = await profilesTable(requestFor(history), path.join(folder, 'profiles.csv'));
    const text = readFileSync(profiles.path, 'utf8');
    const lines = text.split('\n');
    const header = lines[0].split(',');
    const at = lines.findIndex((line) => line.startsWith('customer,'));
    const cells = lines[at].split(',');
    cells[header.indexOf('email_key')] = 'someone.else@example.com';
    lines[at] = cells.join(',');
    writeFileSync(profiles.path, lines.join('\n'));
    const error = await new CsvProfileBuilder()
      .build(requestFor({ profiles: [profiles] }, reachOf(41, 60)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      file: 'profiles.csv',
      line: at + 1,
      message: expect.stringMatching(
        /^customer "c\d+": its email key is "someone.else@example.com" in the table, and ".+" to campaign-preflight$/,
      ),
      details: [expect.stringMatching(/^the duckdb SQL normalised these keys otherwise/)],
    });
  });

  it('is refused when the rounds did not link every record, with what to do', async () => {
    const folder = newFolder();
    // A chain: each record shares its email with the one before and its phone with the one after.
    const rows = Array.from(
      { length: 12 },
      (_, i) => `c${i},e${Math.floor((i + 1) / 2)}@example.com,555000${Math.floor(i / 2)}0`,
    );
    const history = { customers: [source(folder, 'customers.csv', ['customer_id,email,phone', ...rows].join('\n') + '\n')] };
    const profiles = await profilesTable(requestFor(history), path.join(folder, 'profiles.parquet'), 1);
    await expect(new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }))).rejects.toThrow(
      /has \d+ links not followed/,
    );
    const enough = await profilesTable(requestFor(history), path.join(folder, 'enough.parquet'), 4);
    const people = await new CsvProfileBuilder().build(requestFor({ profiles: [enough] }));
    expect(people.personCount).toBe(1);
  });

  it('is refused when the history repeats a customer_id', async () => {
    const folder = newFolder();
    const history = {
      customers: [source(folder, 'customers.csv', 'customer_id,email\nc1,a@example.com\nc2,b@example.com\n c1,c@example.com\n')],
    };
    const profiles = await profilesTable(requestFor(history), path.join(folder, 'profiles.parquet'));
    await expect(new CsvProfileBuilder().build(requestFor({ profiles: [profiles] }))).rejects.toThrow(
      /has 1 repeated customer_id \("c1" among them\)/,
    );
  });
});
