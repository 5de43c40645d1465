// history.profiles on every story: the profiles table the DuckDB profile SQL makes, as Parquet or CSV,
// gives the report the history files give (test/cli/profiles-sql.test.ts has the rest).

import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TARGETS, ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { findingsOf, useProfiles, writeProfilesTable } from '../support/profiles-table.js';

const newFolder = temporaryFolders('cp-profiles-stories-');

/**
 * The report as a profiles table gives it: the SQL numbers a CSV file's records, not its lines (the
 * fixtures' records are each one line, after the header).
 */
function asRecords(json: string): string {
  return json.replace(
    /(\d+ records? ha(?:s|ve) no customer_id \(empty, 0 or guest; )lines? ([\d, ]+)/g,
    (_, start: string, lines: string) => {
      const records = lines.split(', ').map((line) => Number(line) - 1);
      return `${start}record${records.length > 1 ? 's' : ''} ${records.join(', ')}`;
    },
  );
}
const STORIES = FIXTURE_TARGETS;

describe('history.profiles', () => {
  it.each(STORIES.flatMap((target, index) => [[target, index % 2 === 0 ? 'parquet' : 'csv']]))(
    'reports on %s what the history files report, from a %s profiles table',
    async (target, format) => {
      const folder = newFolder();
      cpSync(path.join(ROOT, target), folder, { recursive: true });
      const sql = await runCli(['profiles-sql', '.', '--dialect', 'duckdb'], { cwd: folder });
      expect(sql.stderr).toBe('');
      expect(sql.status).toBe(0);
      mkdirSync(path.join(folder, 'data'), { recursive: true });
      await writeProfilesTable(sql.stdout, path.join(folder, `data/profiles.${format}`));
      const byFiles = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
      useProfiles(folder, `data/profiles.${format}`);
      const byTable = await runCli(['check', '.', '-f', 'json', '--no-redact'], { cwd: folder });
      expect(byTable.stderr).toBe(byFiles.stderr);
      expect(byTable.status).toBe(byFiles.status);
      expect(findingsOf(byTable.stdout)).toEqual(findingsOf(asRecords(byFiles.stdout)));
      expect(JSON.parse(byTable.stdout).campaigns[0].sources).toContainEqual({
        kind: 'profiles',
        file: `data/profiles.${format}`,
        preset: null,
      });
    },
  );
});
