// Runs profile SQL in DuckDB and writes its profiles table as a file, as a user would with the
// duckdb shell: every statement, then the last one's result copied out.

import { DuckDBInstance } from '@duckdb/node-api';

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
