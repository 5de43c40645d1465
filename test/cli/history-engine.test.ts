// --engine duckdb through the command line: on every fixture, the same report as the
// default reader, whether DuckDB read the orders and contacts or left a file to the default reader.

import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparableReport, FIXTURE_TARGETS, ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { storyHistoryToParquet } from '../support/parquet-files.js';

const newFolder = temporaryFolders('cp-engine-cli-');

/** A JSON report's text without its times, which differ from run to run. */
function withoutTimes(json: string): string {
  return json.replace(/"(durationMs|elapsedMs|generatedAt)": [^,\n}]+/g, '"$1": 0');
}

describe('--engine duckdb', () => {
  it.each(FIXTURE_TARGETS)('reports on %s exactly what the default reader reports', async (target) => {
    const byDefault = await runCli(['check', target, '-f', 'json']);
    const byDuckDB = await runCli(['--debug', 'check', target, '-f', 'json', '--engine', 'duckdb']);
    expect(byDuckDB.status).toBe(byDefault.status);
    expect(comparableReport(byDuckDB.stdout)).toEqual(comparableReport(byDefault.stdout));
  });

  // The stories' customers padded with customers no audience names, until DuckDB links them itself.
  const STORIES = FIXTURE_TARGETS.filter((target) => !target.includes('platforms'));

  /** A copy of the story, its customers padded to `times` the audiences' bytes; resolves with those bytes. */
  function paddedStory(target: string, times: number): { folder: string; audienceBytes: number } {
    const folder = newFolder();
    cpSync(path.join(ROOT, target), folder, { recursive: true });
    const customersFile = path.join(folder, 'data/customers.csv');
    const header = readFileSync(customersFile, 'utf8').split(/\r?\n/, 1)[0].split(',');
    const audienceBytes = readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.csv') && !file.startsWith('data'))
      .reduce((sum, file) => sum + readFileSync(path.join(folder, file)).length, 0);
    const padding: string[] = [];
    for (let i = 1; padding.join('\n').length < times * audienceBytes; i++) {
      const cells: Record<string, string> = {
        customer_id: `padding-${i}`,
        email: `padding-${i}@example.net`,
        first_name: 'Pat',
        last_name: `Padding${i}`,
      };
      padding.push(header.map((name) => cells[name] ?? '').join(','));
    }
    writeFileSync(customersFile, `${readFileSync(customersFile, 'utf8').trimEnd()}\n${padding.join('\n')}\n`);
    return { folder, audienceBytes };
  }

  it.each(STORIES)('links the customers of %s in DuckDB once they outgrow the audience, and reports the same', async (target) => {
    const { folder } = paddedStory(target, 5);
    const byDefault = await runCli(['check', '.', '-f', 'json'], { cwd: folder });
    const byDuckDB = await runCli(['--debug', 'check', '.', '-f', 'json', '--engine', 'duckdb'], { cwd: folder });
    expect(byDuckDB.stderr).toContain('data/customers.csv read by DuckDB');
    expect(byDuckDB.status).toBe(byDefault.status);
    expect(comparableReport(byDuckDB.stdout)).toEqual(comparableReport(byDefault.stdout));
    // Masked alike, though DuckDB hands back only the persons the audience reaches.
    const redacted = await Promise.all(
      [[], ['--engine', 'duckdb']].map((engine) => runCli(['check', '.', '-f', 'json', '--redact', ...engine], { cwd: folder })),
    );
    expect(comparableReport(redacted[1].stdout)).toEqual(comparableReport(redacted[0].stdout));
  });

  it.each(STORIES.flatMap((target) => [`${target} (text)`, `${target} (typed)`]))(
    'reads the history of %s as Parquet in DuckDB, and reports the same, byte for byte',
    async (name) => {
      const [target, columns] = name.split(' ');
      // Parquet packs the padding tighter than CSV: the Parquet customers must still outgrow the audience 4 times.
      const { folder, audienceBytes } = paddedStory(target, 12);
      await storyHistoryToParquet(folder, columns === '(typed)');
      expect(statSync(path.join(folder, 'data/customers.parquet')).size).toBeGreaterThanOrEqual(4 * audienceBytes);
      const byDefault = await runCli(['check', '.', '-f', 'json'], { cwd: folder });
      const byDuckDB = await runCli(['--debug', 'check', '.', '-f', 'json', '--engine', 'duckdb'], { cwd: folder });
      for (const name of ['customers', 'orders', 'contacts'])
        expect(byDuckDB.stderr).toContain(`data/${name}.parquet read by DuckDB`);
      expect(byDuckDB.status).toBe(byDefault.status);
      expect(withoutTimes(byDuckDB.stdout)).toBe(withoutTimes(byDefault.stdout));
    },
  );

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
