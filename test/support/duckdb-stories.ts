// The stories under --engine duckdb once their customers outgrow the audiences (the four-times
// rule): padded with customers no audience names, as CSV or with the history as Parquet.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { comparableReport, ROOT, runCli, withoutTimes } from './cli.js';
import { storyHistoryToParquet } from './parquet-files.js';

/** The story copied into `folder`, its customers padded to `times` the audiences' bytes; returns those bytes. */
export function paddedStory(folder: string, target: string, times: number): number {
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
  return audienceBytes;
}

/** Expects the fixture's report under --engine duckdb to be the default reader's. */
export async function expectFixtureAlike(target: string): Promise<void> {
  const byDefault = await runCli(['check', target, '-f', 'json']);
  const byDuckDB = await runCli(['--debug', 'check', target, '-f', 'json', '--engine', 'duckdb']);
  expect(byDuckDB.status).toBe(byDefault.status);
  expect(comparableReport(byDuckDB.stdout)).toEqual(comparableReport(byDefault.stdout));
}

/**
 * Expects the story, its customers padded with customers no audience names until DuckDB links them
 * itself, linked in DuckDB (as --debug says) and reported as by the default reader, masked alike.
 */
export async function expectPaddedStoryAlike(folder: string, target: string): Promise<void> {
  paddedStory(folder, target, 5);
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
}

/**
 * Expects the story, padded and its history as Parquet (of text columns, or `typed`), read by DuckDB
 * (each file, as --debug says) and reported byte for byte as by the default reader.
 */
export async function expectParquetStoryAlike(folder: string, target: string, typed: boolean): Promise<void> {
  // Parquet packs the padding tighter than CSV: the Parquet customers must still outgrow the audiences 4 times.
  const audienceBytes = paddedStory(folder, target, 12);
  await storyHistoryToParquet(folder, typed);
  expect(statSync(path.join(folder, 'data/customers.parquet')).size).toBeGreaterThanOrEqual(4 * audienceBytes);
  const byDefault = await runCli(['check', '.', '-f', 'json'], { cwd: folder });
  const byDuckDB = await runCli(['--debug', 'check', '.', '-f', 'json', '--engine', 'duckdb'], { cwd: folder });
  for (const name of ['customers', 'orders', 'contacts'])
    expect(byDuckDB.stderr).toContain(`data/${name}.parquet read by DuckDB`);
  expect(byDuckDB.status).toBe(byDefault.status);
  expect(withoutTimes(byDuckDB.stdout)).toBe(withoutTimes(byDefault.stdout));
}
