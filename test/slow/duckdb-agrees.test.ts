// The benchmark compares the CLI with seven of its rules written in DuckDB SQL (bench/duckdb/): a
// comparison that holds only while both flag the same rows. On a tiny generated scenario, through
// the built command line; in the slow suite, as it generates data and runs two engines.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-duckdb-');

const RULES = [
  'no-consent',
  'duplicate-recipient',
  'unknown-recipient',
  'invalid-address',
  'loyalty-inversion',
  'contact-fatigue',
  'generic-salutation',
];

function node(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('exit', (status) => done({ status, stdout, stderr }));
  });
}

it('flags the same rows in DuckDB SQL as the CLI, rule by rule', async () => {
  const dataDir = newFolder();
  const generated = await node(['bench/generate.mjs', '--scale', '0.01', '--data-dir', dataDir]);
  expect(generated.status, generated.stderr).toBe(0);
  const scenario = path.join(dataDir, 'r2000-c2000-o10000-k3000-s1');

  const { status, stdout, stderr } = await node(['bench/duckdb.mjs', '--verify', scenario]);
  expect(status, `${stdout}\n${stderr}`).toBe(0);
  expect(stdout).toMatch(/^ {2}PASS {2}DuckDB and the CLI flag the same rows$/m);
  for (const rule of RULES) {
    // Each rule flags rows in the scenario: agreeing on none would prove nothing.
    const line = new RegExp(`^ {2}${rule} +([\\d,]+) +([\\d,]+) {2}same rows$`, 'm').exec(stdout);
    expect(line, `${rule} in:\n${stdout}`).not.toBeNull();
    expect(line![1]).toBe(line![2]);
    expect(Number(line![1].replaceAll(',', ''))).toBeGreaterThan(0);
  }
}, 120_000);
