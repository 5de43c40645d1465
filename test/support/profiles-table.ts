// Runs profile SQL in DuckDB and writes its profiles table as a file, as a user would with the
// duckdb shell: every statement, then the last one's result copied out; and a story's campaigns
// turned to read it.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseDocument } from 'yaml';
import { comparableReport } from './cli.js';

/** Where the last statement, the SELECT of the profiles table, starts. */
const LAST_STATEMENT = '\n\nSELECT * FROM (\n';

export async function writeProfilesTable(sql: string, file: string): Promise<void> {
  const at = sql.lastIndexOf(LAST_STATEMENT);
  if (at < 0) throw new Error('the profile SQL does not end with the SELECT of the profiles table');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql.slice(0, at));
    const select = sql.slice(at).trim().replace(/;$/, '');
    const format = file.endsWith('.parquet') ? 'parquet' : 'csv, header';
    await connection.run(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (FORMAT ${format})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The report without `sources`, which name the profiles table instead of the history files. */
export function findingsOf(json: string): unknown {
  const report = comparableReport(json) as { campaigns: Array<Record<string, unknown>> };
  for (const campaign of report.campaigns) delete campaign.sources;
  return report;
}

/** The campaign files of a folder with their history replaced by the profiles table. */
export function useProfiles(folder: string, table: string): void {
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.yaml'))) {
    const file = path.join(folder, name);
    const document = parseDocument(readFileSync(file, 'utf8'));
    document.set('history', { profiles: table });
    writeFileSync(file, document.toString());
  }
}
