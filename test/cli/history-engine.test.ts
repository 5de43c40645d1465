// --engine duckdb through the command line: on every fixture, the same report as the
// default reader, whether DuckDB read the orders and contacts or left a file to the default reader.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparableReport, ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { expectFixtureAlike, expectPaddedStoryAlike, expectParquetStoryAlike } from '../support/duckdb-stories.js';

const newFolder = temporaryFolders('cp-engine-cli-');

describe('--engine duckdb', () => {
  // A story and a platform export here; every fixture in test/slow/duckdb-parquet-stories.test.ts.
  it.each(['fixtures/print-shop', 'fixtures/platforms/shopify'])(
    'reports on %s exactly what the default reader reports',
    (target) => expectFixtureAlike(target),
  );

  it('links the customers of the two addresses story in DuckDB once they outgrow the audience, and reports the same (every story: test/slow)', () =>
    expectPaddedStoryAlike(newFolder(), 'fixtures/print-shop-two-addresses'));

  it('reads typed Parquet history in DuckDB, and reports the same, byte for byte (every story: test/slow)', () =>
    expectParquetStoryAlike(newFolder(), 'fixtures/print-shop', true));

  it('says under --debug which files DuckDB read, and which it left to the default reader and why', async () => {
    const result = await runCli(['--debug', 'check', 'fixtures/platforms/shopify', '-f', 'json', '--engine', 'duckdb']);
    expect(result.stderr).toContain(
      'fixtures/platforms/shopify/data/orders_export_1.csv read by the default reader, not DuckDB: its preset derives columns',
    );
    const story = await runCli(['--debug', 'check', 'fixtures/print-shop', '-f', 'json', '--engine', 'duckdb']);
    expect(story.stderr).toContain(
      'fixtures/print-shop/data/customers.csv read by the default reader, not DuckDB: it is under 4 times the size of the audiences',
    );
    expect(story.stderr).toContain('fixtures/print-shop/data/orders.csv read by DuckDB');
    expect(story.stderr).toContain('fixtures/print-shop/data/contacts.csv read by DuckDB');
  });

  it('is chosen by history.engine in the config file, and --engine wins over it', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/platforms/shopify'), folder, { recursive: true });
    writeFileSync(path.join(folder, 'campaign-preflight.config.yaml'), 'history:\n  engine: duckdb\n');
    const leftToDefault = 'data/orders_export_1.csv read by the default reader, not DuckDB';
    const byConfig = await runCli(['--debug', 'check', '.', '-f', 'json'], { cwd: folder });
    expect(byConfig.stderr).toContain(leftToDefault);
    const byFlag = await runCli(['--debug', 'check', '.', '-f', 'json', '--engine', 'default'], { cwd: folder });
    expect(byFlag.stderr).not.toContain(leftToDefault);
    expect(comparableReport(byFlag.stdout)).toEqual(comparableReport(byConfig.stdout));
    const resolved = await runCli(['print-config', 'campaign.yaml'], { cwd: folder });
    expect(resolved.stdout).toMatch(/^history:\n(?: .*\n)* {2}engine: duckdb$/m);
  });

  it('is a config file setting: a campaign file that names one is refused', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    const campaign = path.join(folder, 'campaign.yaml');
    writeFileSync(campaign, readFileSync(campaign, 'utf8').replace('history:\n', 'history:\n  engine: duckdb\n'));
    const result = await runCli(['check', '.'], { cwd: folder });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('engine');
  });

  it('refuses an engine it does not have', async () => {
    const result = await runCli(['check', 'fixtures/print-shop', '--engine', 'spark']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--engine must be default or duckdb, not "spark"');
  });
});
