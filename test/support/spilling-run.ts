// A project whose check has more findings than a chunk holds, so that they spill to the temporary
// folder, and the built command line started on it without waiting, to be signalled or watched.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from './cli.js';

/**
 * Writes a campaign whose every audience row has two findings (an empty merge and an unknown
 * recipient): the first chunk (20,000 findings) spills after 10,000 rows, and a run of 60,000 rows
 * goes on for seconds after that.
 */
export function writeSpillingProject(folder: string, rows = 60_000): void {
  const audience = ['customer_id,email,greeting'];
  for (let i = 0; i < rows; i++) audience.push(`X-${i},x${i}@example.com,"Hi ,"`);
  writeFileSync(path.join(folder, 'audience.csv'), `${audience.join('\n')}\n`);
  writeFileSync(path.join(folder, 'customers.csv'), 'customer_id,email\n');
  writeFileSync(
    path.join(folder, 'campaign.yaml'),
    [
      'id: big',
      'type: newsletter',
      'channel: email',
      'send_at: 2026-11-20T09:00:00Z',
      'audience: audience.csv',
      'history:',
      '  customers: customers.csv',
      '',
    ].join('\n'),
  );
}

export interface StartOptions {
  cwd: string;
  /** The temporary folder of the run (TMPDIR). */
  tmp: string;
  /** Another user to run as (uid and gid). */
  as?: { uid: number; gid: number };
}

/** `campaign-preflight <args>` in a child process, its output collected; `exited` resolves when it ends. */
export function startBuiltCli(args: string[], { cwd, tmp, as }: StartOptions) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TMPDIR: tmp };
  for (const name of ['FORCE_COLOR', 'TIMING', 'CI', 'GITHUB_STEP_SUMMARY']) delete env[name];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, ...args], { cwd, env, ...as });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    },
  );
  return { child, exited };
}
