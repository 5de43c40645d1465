// A benchmark scenario checked from a profiles table made in DuckDB (docs/profiles-sql.md): the
// profile SQL printed by the built command line, run by DuckDB in a process of its own (the
// warehouse's part), its result written as Parquet; then one check of the scenario's campaign with
// `history: { profiles }`, by the built command line. Each step's wall time and peak RSS. After
// `npm run build`:
//   node bench/profiles.mjs bench/data/<scenario> [--memory-limit 8GB]

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { 'memory-limit': { type: 'string' }, 'run-sql': { type: 'boolean' } },
  allowPositionals: true,
});

if (values['run-sql']) {
  // The child: every statement, then the last one's result copied out as Parquet.
  const [sqlFile, out] = positionals;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const sql = readFileSync(sqlFile, 'utf8');
  const at = sql.lastIndexOf('\n\nSELECT * FROM (\n');
  const instance = await DuckDBInstance.create(
    ':memory:',
    values['memory-limit'] ? { memory_limit: values['memory-limit'] } : {},
  );
  const connection = await instance.connect();
  await connection.run(sql.slice(0, at));
  await connection.run(`COPY (${sql.slice(at).trim().replace(/;$/, '')}) TO '${out}' (FORMAT parquet)`);
  process.exit(0);
}

const scenario = path.resolve(positionals[0] ?? '');
const bin = path.resolve('dist/src/cli/bin.js');
const work = mkdtempSync(path.join(tmpdir(), 'cp-bench-profiles-'));
const tableFolder = path.join(scenario, 'profiles');
mkdirSync(tableFolder, { recursive: true });
const table = path.join(tableFolder, 'profiles.parquet');
const timed = (args, options = {}) => {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { encoding: 'utf8', ...options });
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = Number(result.stderr.trim().split('\n').at(-1)) / 1024;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { seconds: Number(seconds.toFixed(1)), peakMiB: Math.round(peakMiB) };
};

try {
  const sql = path.join(work, 'profiles.sql');
  writeFileSync(
    sql,
    execFileSync('node', [bin, 'profiles-sql', 'campaign.yaml', '--dialect', 'duckdb'], { cwd: scenario, encoding: 'utf8' }),
  );
  const memory = values['memory-limit'] ? ['--memory-limit', values['memory-limit']] : [];
  const made = timed(['node', path.resolve('bench/profiles.mjs'), '--run-sql', ...memory, sql, table]);
  // The scenario's campaign with the profiles table as its history, outside the scenario's folder.
  const campaign = readFileSync(path.join(scenario, 'campaign.yaml'), 'utf8')
    .replace(/^audience: (.*)$/m, (_line, file) => `audience: ${path.join(scenario, file)}`)
    .replace(/^history:\n( {2}.*\n)+/m, `history:\n  profiles: ${table}\n`);
  writeFileSync(path.join(work, 'campaign.yaml'), campaign);
  const checked = timed(
    ['node', bin, 'check', 'campaign.yaml', '--root', scenario, '-f', 'json', '-o', path.join(work, 'report.json')],
    {
      cwd: work,
    },
  );
  // A large run's report is larger than a string may be: its counts are at its start.
  const head = Buffer.alloc(4096);
  const descriptor = openSync(path.join(work, 'report.json'), 'r');
  const headText = head.subarray(0, readSync(descriptor, head, 0, head.length, 0)).toString('utf8');
  closeSync(descriptor);
  const count = (key) => Number(headText.match(new RegExp(`"${key}": (\\d+)`))?.[1]);
  console.log(
    JSON.stringify({
      scenario: path.basename(scenario),
      profileSql: made,
      check: checked,
      recipients: count('recipients'),
      errors: count('errors'),
      warnings: count('warnings'),
      tableBytes: Number(execFileSync('stat', ['-c', '%s', table], { encoding: 'utf8' })),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
