// Every fixture's history converted to Parquet reports, through the built executable, what its CSV
// files report (docs/inputs.md, Parquet files); test/cli/parquet-history.test.ts has the rest.

import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT, runBuiltCli, temporaryFolders } from '../support/cli.js';
import { csvToParquet, type Report } from '../support/parquet-files.js';

const newFolder = temporaryFolders('preflight-parquet-fixtures-');

const CAMPAIGN_FILE = /^(campaign|.+\.campaign)\.ya?ml$/;

/** The campaign files under `folder`, relative to it. */
function campaignFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => CAMPAIGN_FILE.test(path.basename(file)));
}

/** The history paths a campaign file names, as written (relative to its folder). */
function historyPaths(campaignFile: string): string[] {
  const history = (parseYaml(readFileSync(campaignFile, 'utf8')) as { history?: Record<string, unknown> }).history ?? {};
  return Object.values(history).flatMap((files) =>
    (Array.isArray(files) ? files : [files]).map((file) => (typeof file === 'string' ? file : (file as { path: string }).path)),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('Parquet history files', () => {
  it('report on every fixture with history what its CSV history reports (the built executable)', async () => {
    // The fixtures as they are, and a copy to convert: run in folders of their own, the two name
    // their files alike (relative to the folder), and run side by side.
    const csvRoot = newFolder();
    const root = newFolder();
    cpSync(path.join(ROOT, 'fixtures'), path.join(csvRoot, 'fixtures'), { recursive: true });
    cpSync(path.join(ROOT, 'fixtures'), path.join(root, 'fixtures'), { recursive: true });
    const campaigns = campaignFiles(root).map((file) => path.join(root, file));
    const withHistory = campaigns.filter((file) => historyPaths(file).length > 0);
    expect(withHistory.length).toBeGreaterThanOrEqual(15);

    // Each history file as Parquet beside it, and named so in its campaign file.
    const converted = new Map<string, string>(); // CSV display path -> Parquet display path
    for (const campaignFile of withHistory) {
      let yaml = readFileSync(campaignFile, 'utf8');
      for (const given of historyPaths(campaignFile)) {
        const csvPath = path.resolve(path.dirname(campaignFile), given);
        converted.set(path.relative(root, csvPath), path.relative(root, csvPath.replace(/\.csv$/, '.parquet')));
        yaml = yaml.replace(
          new RegExp(`(?<=[\\s:\\[,])${escapeRegExp(given)}(?=[\\s\\],]|$)`, 'g'),
          given.replace(/\.csv$/, '.parquet'),
        );
      }
      writeFileSync(campaignFile, yaml);
    }
    const oneLineEach = await csvToParquet(
      [...converted].map(([csvFile, parquetFile]) => ({ csv: path.join(root, csvFile), parquet: path.join(root, parquetFile) })),
    );
    // Row n is line n + 1 below only where every record takes one line: true of every fixture.
    expect(oneLineEach.every(Boolean)).toBe(true);
    const [csv, parquet] = await Promise.all([
      runBuiltCli(['check', 'fixtures', '-f', 'json'], { cwd: csvRoot }),
      runBuiltCli(['check', 'fixtures', '-f', 'json'], { cwd: root }),
    ]);
    expect(csv.stderr).toBe('');
    expect(parquet.stderr).toBe('');
    expect(parquet.status).toBe(csv.status);

    // What differs, and only that: the history files' names, and where a place in one is named, its
    // line (the header is line 1) becomes its row (the first row is row 1).
    let expected = csv.stdout;
    for (const [csvFile, parquetFile] of converted) {
      const file = escapeRegExp(csvFile);
      expected = expected
        .replace(
          new RegExp(`\\(no customer_id, line (\\d+) of ${file}\\)`, 'g'),
          (_, line: string) => `(no customer_id, row ${Number(line) - 1} of ${csvFile})`,
        )
        .replaceAll(csvFile, parquetFile);
    }
    const report = JSON.parse(expected) as Report;
    const parquetFiles = new Set(converted.values());
    for (const finding of report.findings) {
      if (finding.file !== null && parquetFiles.has(finding.file) && finding.line !== null) finding.line -= 1;
    }
    for (const notice of report.notices) {
      if (notice.file === null || !parquetFiles.has(notice.file)) continue;
      notice.message = notice.message.replace(/\blines? ((?:\d+, )*\d+)/g, (_, lines: string) => {
        const rows = lines.split(', ').map((line) => Number(line) - 1);
        return `${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}`;
      });
    }
    expect(JSON.parse(parquet.stdout)).toEqual(report);
    // The comparison compared something: findings, and a notice naming rows.
    expect(report.findings.length).toBeGreaterThan(50);
    expect(parquet.stdout).toMatch(/records have no customer_id \(empty, 0 or guest; rows 8, 9, 10\)/);
  }, 60_000);
});
