// history.postgres: the profile SQL runs in a PostgreSQL server (started here, on a free port) that
// holds each story's history as tables, and the check reports what the history files report; the
// connection URL comes from the environment and is never printed.

import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { comparableReport, FIXTURE_TARGETS, ROOT, runBuiltCli, runCli, temporaryFolders } from '../../support/cli.js';
import { withPreset } from '../../../src/csv/preset.js';
import { CsvProfileBuilder } from '../../../src/people/csv-profiles.js';
import type { AudienceReach, ProfileRequest } from '../../../src/people/profiles.js';
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
} from '../../support/generated-history.js';
import { createDatabase, loadCsvTable, startPostgres, type PostgresServer } from '../../support/postgres.js';

const newFolder = temporaryFolders('cp-history-postgres-');

interface CampaignHistory {
  history: Record<string, string | string[]>;
}
const STORIES = FIXTURE_TARGETS.filter((target) => !target.includes('platforms'));
const VARIABLE = 'PREFLIGHT_TEST_DATABASE';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** A database of its own holding each CSV file of `folder` as a table named after it. */
async function databaseOf(name: string, folder: string): Promise<string> {
  const url = await createDatabase(server, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of readdirSync(folder).filter((entry) => entry.endsWith('.csv'))) {
      await loadCsvTable(client, path.basename(file, '.csv'), path.join(folder, file));
    }
  } finally {
    await client.end();
  }
  return url;
}

/** The folder's config names the database as the history; its campaign files name none of their own. */
function usePostgres(folder: string, tables: Record<string, string | string[]>): void {
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.yaml'))) {
    const file = path.join(folder, name);
    const document = parseDocument(readFileSync(file, 'utf8'));
    document.delete('history');
    writeFileSync(file, document.toString());
  }
  writeFileSync(
    path.join(folder, 'campaign-preflight.config.yaml'),
    stringify({ history: { postgres: { url: `env:${VARIABLE}`, tables } } }),
  );
}

/**
 * The report as history.postgres gives it, where each history file is a table named after its kind
 * (`tableOf`): notices name the table, a table's records without an id by their rows (the exports'
 * records are one line each), and its columns are mapped in history.postgres.
 */
function asTables(json: string, tableOf: Record<string, string>): string {
  const report = JSON.parse(json) as { notices: Array<{ file: string | null; kind: string; message: string }> };
  for (const notice of report.notices) {
    const table = notice.file === null ? undefined : tableOf[notice.file];
    if (table === undefined) continue;
    notice.file = table;
    notice.message = notice.message
      .replace(/(no customer_id \(empty, 0 or guest; )line(s?) ([\d, ]+)/, (_, start: string, plural: string, lines: string) => {
        const rows = lines.split(', ').map((line) => Number(line) - 1);
        return `${start}row${plural} ${rows.join(', ')}`;
      })
      .replace(
        /in campaign\.yaml: history\.(\w+): \{ path: …, columns: \{ (.*) \} \}$/,
        (_, kind: string, mapping: string) =>
          `in campaign-preflight.config.yaml: history.postgres: { columns: { ${kind}: { ${mapping} } } }`,
      );
  }
  return JSON.stringify(report);
}

/** What the generated histories' runs ask of the history; with `reach`, of the persons it reaches only. */
function requestOf(history: ProfileRequest['history'], reach?: AudienceReach): ProfileRequest {
  return {
    history,
    instants: INSTANTS,
    orderIds: new Set(NAMED_ORDERS),
    identity: IDENTITY,
    contactLookbackMs: 14 * DAY,
    onInvalidValue: () => {},
    ...(reach ? { reach: { bytes: 0, read: async () => reach } } : {}),
  };
}

/** The report's findings and verdicts: `sources` and coverage's reasons name the tables instead of the files. */
function verdictsOf(json: string): unknown {
  const report = comparableReport(json) as { campaigns: Array<Record<string, unknown>> };
  for (const campaign of report.campaigns) {
    delete campaign.sources;
    campaign.coverage = (campaign.coverage as Array<Record<string, unknown>>).map(({ reason: _reason, ...entry }) => entry);
  }
  return report;
}

describe('history.postgres', () => {
  it.each(STORIES.map((target, index) => [target, index] as const))(
    'reports on %s what the history files report',
    async (target, index) => {
      const folder = newFolder();
      cpSync(path.join(ROOT, target), folder, { recursive: true });
      const url = await databaseOf(`story_${index}`, path.join(folder, 'data'));
      const byFiles = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
      const tables = Object.fromEntries(
        readdirSync(path.join(folder, 'data')).map((file) => [path.basename(file, '.csv'), path.basename(file, '.csv')]),
      );
      usePostgres(folder, tables);
      const byDatabase = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder, env: { [VARIABLE]: url } });
      expect(byDatabase.stderr).toBe(byFiles.stderr);
      expect(byDatabase.status).toBe(byFiles.status);
      expect(verdictsOf(byDatabase.stdout)).toEqual(verdictsOf(byFiles.stdout));
    },
    30_000,
  );

  // Platform exports loaded as they were, a table each: the preset is found by the table's columns.
  it.each(
    ['braze', 'brevo', 'hubspot', 'klaviyo', 'sfmc', 'shopify', 'woocommerce'].map((name, index) => [name, index] as const),
  )(
    'reports on the %s export what the export files report',
    async (name, index) => {
      const folder = newFolder();
      cpSync(path.join(ROOT, 'fixtures/platforms', name), folder, { recursive: true });
      const history = (parseDocument(readFileSync(path.join(folder, 'campaign.yaml'), 'utf8')).toJS() as CampaignHistory).history;
      // Each export a table: named after its kind, or, of a kind's several exports, numbered.
      const tableOf: Record<string, string> = {};
      for (const [kind, files] of Object.entries(history)) {
        [files].flat().forEach((file, i, all) => (tableOf[file] = all.length > 1 ? `${kind}_${i}` : kind));
      }
      const tablesFolder = newFolder();
      for (const [file, table] of Object.entries(tableOf))
        cpSync(path.join(folder, file), path.join(tablesFolder, `${table}.csv`));
      const url = await databaseOf(`platform_${index}`, tablesFolder);
      const byFiles = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
      usePostgres(
        folder,
        Object.fromEntries(
          Object.entries(history).map(([kind, files]) => [
            kind,
            Array.isArray(files) ? files.map((file) => tableOf[file]) : tableOf[files],
          ]),
        ),
      );
      const byDatabase = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder, env: { [VARIABLE]: url } });
      expect(byDatabase.stderr).toBe(byFiles.stderr);
      expect(byDatabase.status).toBe(byFiles.status);
      expect(verdictsOf(byDatabase.stdout)).toEqual(verdictsOf(asTables(byFiles.stdout, tableOf)));
    },
    30_000,
  );

  it('never prints the connection URL, and says which variable is missing', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    usePostgres(folder, { customers: 'customers' });
    const missing = await runBuiltCli(['check', '.'], { cwd: folder });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`the environment variable ${VARIABLE} is not set`);
    const secret = 'postgres://preflight:hunter2@127.0.0.1:1/nowhere';
    const refused = await runBuiltCli(['check', '.'], { cwd: folder, env: { [VARIABLE]: secret } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`cannot connect to the database ${VARIABLE} names (ECONNREFUSED)`);
    expect(refused.stderr).not.toContain('hunter2');
    expect(refused.stderr).not.toContain('127.0.0.1');
  });

  it('refuses a URL written in the file, and a table name that is not one', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    usePostgres(folder, { customers: 'crm.customers; DROP TABLE x' });
    const config = path.join(folder, 'campaign-preflight.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(`env:${VARIABLE}`, 'postgres://u:p@db/x'));
    const result = await runCli(['check', '.'], { cwd: folder });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected env:NAME, the environment variable that holds the connection URL');
    expect(result.stderr).toContain('expected a table name such as crm.customers');
  });

  it('connects only to a postgres:// URL, whatever variable is named', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    usePostgres(folder, { customers: 'customers' });
    const result = await runCli(['check', '.'], { cwd: folder, env: { [VARIABLE]: 'ghp_notaurl.example.net' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`the environment variable ${VARIABLE} does not hold a postgres:// or postgresql:// URL`);
    expect(result.stderr).not.toContain('ghp_notaurl');
  });

  it('is named by the config at the project root only, never by a campaign file or a config below the root', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const campaign = path.join(folder, 'campaign.yaml');
    const document = parseDocument(readFileSync(campaign, 'utf8'));
    document.set('history', { postgres: { url: `env:${VARIABLE}`, tables: { customers: 'customers' } } });
    writeFileSync(campaign, document.toString());
    const fromCampaign = await runCli(['check', '.'], { cwd: folder });
    expect(fromCampaign.status).toBe(2);
    expect(fromCampaign.stderr).toContain('history.postgres: a campaign file may not name a database');
    const below = path.join(folder, 'campaigns');
    cpSync(path.join(ROOT, 'fixtures/print-shop'), below, { recursive: true });
    usePostgres(below, { customers: 'customers' });
    const fromBelow = await runCli(['check', 'campaigns'], { cwd: folder });
    expect(fromBelow.status).toBe(2);
    expect(fromBelow.stderr).toContain('history.postgres: only the config at the project root, or the one given with --config');
  });
});

describe('history.postgres on generated histories', () => {
  it.each([11, 12])(
    'gives the default reader’s persons (history %i)',
    async (seed) => {
      const folder = newFolder();
      const customers = 240;
      const history = {
        customers: [source(folder, 'customers.csv', customersFile(seed, { odd: 0, withoutId: false }, customers))],
        orders: [source(folder, 'orders.csv', ordersFile(seed, customers, true))],
        contacts: [source(folder, 'contacts.csv', contactsFile(seed, customers))],
      };
      const url = await databaseOf(`generated_${seed}`, folder);
      const reach = reachOf(seed, customers);
      const byDefault = await new CsvProfileBuilder().build(requestOf(history));
      const postgres = {
        urlVariable: VARIABLE,
        tables: { customers: 'customers', orders: 'orders', contacts: 'contacts' },
        columns: {},
      };
      const fromDatabase = await new CsvProfileBuilder({ env: { [VARIABLE]: url } }).build(requestOf({ postgres }, reach));
      expect(answers(fromDatabase, reach, NAMED_ORDERS)).toEqual(answers(byDefault, reach, NAMED_ORDERS));
      expect(fromDatabase.customerCount).toBeLessThan(byDefault.customerCount);
    },
    30_000,
  );
});

describe('history.postgres on generated platform exports', () => {
  it('finds their presets by their columns and gives the default reader’s persons', async () => {
    const folder = newFolder();
    const history = {
      customers: [
        await withPreset(source(folder, 'customers.csv', exportedCustomersFile(14, 240)), 'customers', EXPORT_PRESETS, {}),
      ],
      orders: [await withPreset(source(folder, 'orders.csv', exportedOrdersFile(14, 240)), 'orders', EXPORT_PRESETS, {})],
    };
    const url = await databaseOf('generated_exports', folder);
    const reach = reachOf(14, 240);
    const byDefault = await new CsvProfileBuilder().build(requestOf(history));
    const postgres = {
      urlVariable: VARIABLE,
      tables: { customers: 'customers', orders: 'orders' },
      columns: {},
      presets: EXPORT_PRESETS,
    };
    const fromDatabase = await new CsvProfileBuilder({ env: { [VARIABLE]: url } }).build(requestOf({ postgres }, reach));
    // A record without an id is named by its row of the table (the export's records are one line each).
    const byRow = JSON.parse(
      JSON.stringify(answers(byDefault, reach, NAMED_ORDERS)).replace(
        /\(no customer_id, line (\d+) of customers\.csv\)/g,
        (_, line: string) => `(no customer_id, row ${Number(line) - 1} of customers)`,
      ),
    ) as unknown;
    expect(JSON.parse(JSON.stringify(answers(fromDatabase, reach, NAMED_ORDERS)))).toEqual(byRow);
  }, 30_000);
});

describe('history.postgres linking', () => {
  it('links a chain of records in as many rounds as it takes', async () => {
    const folder = newFolder();
    // Each record shares its email with the one before and its phone with the one after: 64 records, one person.
    const rows = Array.from(
      { length: 64 },
      (_, i) => `c${i},e${Math.floor((i + 1) / 2)}@example.com,+1 555 01${String(Math.floor(i / 2)).padStart(2, '0')} 00`,
    );
    writeFileSync(path.join(folder, 'customers.csv'), ['customer_id,email,phone', ...rows].join('\n') + '\n');
    const url = await databaseOf('chain', folder);
    const people = await new CsvProfileBuilder({ env: { [VARIABLE]: url } }).build({
      history: { postgres: { urlVariable: VARIABLE, tables: { customers: 'customers' }, columns: {} } },
      instants: INSTANTS,
      orderIds: new Set(),
      identity: IDENTITY,
      contactLookbackMs: 0,
      onInvalidValue: () => {},
    });
    expect(people.personCount).toBe(1);
    expect(people.customer('c63')?.person.records).toHaveLength(64);
  });
});
