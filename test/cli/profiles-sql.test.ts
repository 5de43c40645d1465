// profiles-sql and history.profiles through the command line (every story: test/slow/profiles-stories.test.ts):
// from Parquet history files, with the built command line, and with --cache, the profiles table
// gives the report the history files give; each dialect's SQL is the one stored beside this test (golden files: UPDATE_GOLDEN=1 rewrites them);
// what the SQL cannot follow, or a table beside history files, is refused with exit code 2.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SQL_DIALECTS } from '../../src/people/sql-dialects.js';
import { comparableReport, ROOT, runBuiltCli, runCli, temporaryFolders } from '../support/cli.js';
import { csvToParquet } from '../support/parquet-files.js';
import { findingsOf, useProfiles, writeProfilesTable } from '../support/profiles-table.js';

const newFolder = temporaryFolders('cp-profiles-sql-');

describe('history.profiles', () => {
  it('is made by DuckDB from Parquet history files, and reports what they report', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/yoga-mat'), folder, { recursive: true });
    const kinds = ['customers', 'orders', 'contacts'];
    await csvToParquet(
      kinds.map((kind) => ({ csv: path.join(folder, `data/${kind}.csv`), parquet: path.join(folder, `data/${kind}.parquet`) })),
    );
    const campaign = path.join(folder, 'campaign.yaml');
    const document = parseDocument(readFileSync(campaign, 'utf8'));
    document.set('history', Object.fromEntries(kinds.map((kind) => [kind, `data/${kind}.parquet`])));
    writeFileSync(campaign, document.toString());
    const byFiles = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
    const sql = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    expect(sql.stdout).toContain("read_parquet('");
    await writeProfilesTable(sql.stdout, path.join(folder, 'profiles.parquet'));
    useProfiles(folder, 'profiles.parquet');
    const byTable = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
    expect(byTable.status).toBe(1);
    expect(findingsOf(byTable.stdout)).toEqual(findingsOf(byFiles.stdout));
  });

  it('is made and read by the built command line, masked alike under --redact', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const sql = await runBuiltCli(['profiles-sql', 'campaign.yaml', '--dialect', 'duckdb'], { cwd: folder });
    expect(sql.status).toBe(0);
    await writeProfilesTable(sql.stdout, path.join(folder, 'profiles.parquet'));
    const byFiles = await runBuiltCli(['check', '.', '-f', 'json', '--redact'], { cwd: folder });
    useProfiles(folder, 'profiles.parquet');
    const byTable = await runBuiltCli(['check', '.', '-f', 'json', '--redact'], { cwd: folder });
    expect(byTable.status).toBe(1);
    expect(findingsOf(byTable.stdout)).toEqual(findingsOf(byFiles.stdout));
  });

  it('is read again with --cache when the table changes', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const sql = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    await writeProfilesTable(sql.stdout, path.join(folder, 'profiles.csv'));
    useProfiles(folder, 'profiles.csv');
    const cached = async () => {
      const result = await runCli(['--debug', 'check', '.', '--cache', '-f', 'json'], { cwd: folder });
      return { ...result, cache: result.stderr.match(/history read from [^\n]*/)?.[0] };
    };
    const first = await cached();
    expect(first.cache).toMatch(/read from its files/);
    expect((await cached()).cache).toMatch(/read from the cache/);
    // Laura's orders, summed up again in the warehouse, are fewer: the finding on her changes.
    const table = path.join(folder, 'profiles.csv');
    const [header, ...rows] = readFileSync(table, 'utf8').split('\n');
    const count = header.split(',').indexOf('order_count');
    const fewer = rows.map((row) => {
      const cells = row.split(',');
      if (cells[0] === 'orders' && cells.includes('C-001')) cells[count] = '1';
      return cells.join(',');
    });
    writeFileSync(table, [header, ...fewer].join('\n'));
    const changed = await cached();
    expect(changed.cache).toMatch(/read from its files.*profiles\.csv changed/);
    const uncached = await runCli(['check', '.', '-f', 'json'], { cwd: folder });
    expect(comparableReport(changed.stdout)).toEqual(comparableReport(uncached.stdout));
    expect(comparableReport(changed.stdout)).not.toEqual(comparableReport(first.stdout));
  });

  it('is refused beside history files, and when made for another send time', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const sql = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    await writeProfilesTable(sql.stdout, path.join(folder, 'profiles.csv'));
    const campaign = path.join(folder, 'campaign.yaml');
    const document = parseDocument(readFileSync(campaign, 'utf8'));
    document.setIn(['history', 'profiles'], 'profiles.csv');
    writeFileSync(campaign, document.toString());
    const both = await runCli(['check', '.'], { cwd: folder });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(
      'history.profiles stands for the customers, orders and contacts, and history.customers is named too',
    );
    useProfiles(folder, 'profiles.csv');
    document.set('send_at', '2026-10-01T09:00:00Z');
    document.set('history', { profiles: 'profiles.csv' });
    writeFileSync(campaign, document.toString());
    const later = await runCli(['check', '.'], { cwd: folder });
    expect(later.status).toBe(2);
    expect(later.stderr).toContain(
      'profiles.csv:2: the profiles table was made for another run: it lacks the send time 2026-10-01T09:00:00.000Z',
    );
    expect(later.stderr).toContain('campaign-preflight profiles-sql');
  });
});

describe('profiles-sql', () => {
  const tables = ['customers=crm.customers', 'orders=sales.orders', 'contacts=crm.sends'].flatMap((table) => ['--table', table]);

  it.each(SQL_DIALECTS)('prints the %s SQL stored beside this test for the print-shop story', async (dialect) => {
    const result = await runCli(['profiles-sql', 'fixtures/print-shop', '--dialect', dialect, ...tables]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const golden = path.join(ROOT, `test/cli/golden/profiles-sql.${dialect}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, result.stdout);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('names the columns of a table with --columns, their own names where they differ', async () => {
    const result = await runCli([
      'profiles-sql',
      'fixtures/print-shop',
      '--dialect',
      'snowflake',
      '--table',
      'customers=CRM.PEOPLE',
      '--columns',
      'customers=customer_id=ID,email=Email Address',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('TO_VARCHAR(ID) AS customer_id');
    expect(result.stdout).toContain('TO_VARCHAR("Email Address") AS email');
    expect(result.stdout).toContain('FROM CRM.PEOPLE');
  });

  it.each([
    [['--dialect', 'oracle'], '--dialect takes duckdb, postgres, bigquery, snowflake, spark; got "oracle"'],
    [['--dialect', 'postgres', '--table', 'customers=crm.customers; DROP TABLE x'], '--table customers= takes a table name'],
    [['--dialect', 'postgres', '--table', 'people=crm.people'], '--table takes customers, orders, contacts and a value'],
    [['--dialect', 'postgres', '--link-rounds', '0'], '--link-rounds takes 1 to 64; got 0'],
  ])('refuses %o', async (args, message) => {
    const result = await runCli(['profiles-sql', 'fixtures/print-shop', ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('refuses a history file whose settings the SQL does not follow, naming the file and the setting', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const campaign = path.join(folder, 'campaign.yaml');
    const text = readFileSync(campaign, 'utf8');
    writeFileSync(
      campaign,
      text.replace('orders: data/orders.csv', 'orders: { path: data/orders.csv, timezone: Europe/Berlin }'),
    );
    const zoned = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    expect(zoned.status).toBe(2);
    expect(zoned.stderr).toContain('data/orders.csv: the profile SQL does not read it as the tool does (it has a timezone)');
    writeFileSync(campaign, text.replace('orders: data/orders.csv', 'orders: { path: data/orders.csv, date_format: DD.MM }'));
    const yearless = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    expect(yearless.status).toBe(2);
    expect(yearless.stderr).toContain('(its date_format DD.MM has no year)');
  });

  it('needs the columns of a table the run has no file for', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const sql = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
    await writeProfilesTable(sql.stdout, path.join(folder, 'profiles.parquet'));
    useProfiles(folder, 'profiles.parquet');
    const result = await runCli(['profiles-sql', '.', '--dialect', 'postgres', '--table', 'customers=crm.customers'], {
      cwd: folder,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('name the columns of crm.customers with --columns customers=');
  });
});
