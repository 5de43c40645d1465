// A project whose check has more findings than a chunk holds, so that they spill to the temporary
// folder: for the built command line to be signalled or watched while they do (startBuiltCli), or
// for its report to be read back.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExpectStatic } from 'vitest';
import { startBuiltCli } from './cli.js';

/** What a spilling project has other than by default. */
export interface SpillingProject {
  /** Row i's customer id: `X-${i}` by default. */
  customerId?: (i: number) => string;
  /** Row i's greeting: "Hi ," (an empty merge) by default. */
  greeting?: (i: number) => string;
  /** How many of the first rows' customers the customer history holds: none by default. */
  known?: number;
  /** The campaign's rules (id: setting); none by default. */
  rules?: Record<string, string>;
}

/**
 * Writes a campaign whose every audience row has, by default, two findings (an empty merge and an
 * unknown recipient): the first chunk (20,000 findings) spills after 10,000 rows, and a run of 60,000 rows
 * goes on for seconds after that.
 */
export function writeSpillingProject(
  folder: string,
  rows = 60_000,
  { customerId = (i) => `X-${i}`, greeting = () => 'Hi ,', known = 0, rules = {} }: SpillingProject = {},
): void {
  const audience = ['customer_id,email,greeting'];
  for (let i = 0; i < rows; i++) audience.push(`${customerId(i)},x${i}@example.com,"${greeting(i)}"`);
  writeFileSync(path.join(folder, 'audience.csv'), `${audience.join('\n')}\n`);
  const customers = ['customer_id,email'];
  for (let i = 0; i < known; i++) customers.push(`${customerId(i)},x${i}@example.com`);
  writeFileSync(path.join(folder, 'customers.csv'), `${customers.join('\n')}\n`);
  const ruleLines = Object.entries(rules).map(([id, setting]) => `  ${id}: ${setting}`);
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
      ...(ruleLines.length > 0 ? ['rules:', ...ruleLines] : []),
      '',
    ].join('\n'),
  );
}

/** Resolves once the folder has an entry; fails if the run ends first. */
async function firstEntryOf(folder: string, exited: Promise<unknown>): Promise<string> {
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    const [entry] = readdirSync(folder);
    if (entry !== undefined) return entry;
    if (ended) throw new Error(`the run ended before anything appeared in ${folder}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Interruption {
  /** A spilling project (writeSpillingProject). */
  project: string;
  emptyFolder: () => string;
  signal: NodeJS.Signals;
  code: number;
  /** When the signal comes: once the first findings spill to the temporary folder, or once the report is staged beside its place. */
  when: 'its findings spill' | 'its report is staged';
}

/**
 * Checks the spilling project through the built command line with a private temporary folder,
 * signals it at `when`, and expects the exit code, one line said, and nothing left behind.
 */
export async function expectInterruptedCleanly(
  { project, emptyFolder, signal, code, when }: Interruption,
  expect: ExpectStatic,
  onTestFinished: (cleanup: () => void) => void,
): Promise<void> {
  const tmp = emptyFolder();
  const out = emptyFolder();
  const run = startBuiltCli(['check', '.', '--format', 'json', '--output', path.join(out, 'report.json')], {
    cwd: project,
    env: { TMPDIR: tmp },
  });
  // A run a failed test did not end.
  onTestFinished(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  const entry = await firstEntryOf(when === 'its report is staged' ? out : tmp, run.exited);
  expect(entry).toMatch(
    when === 'its report is staged' ? /^\.report\.json\.\d+-[0-9a-f]+\.tmp$/ : /^campaign-preflight-\d+-\w{6}$/,
  );
  expect(entry).toContain(String(run.child.pid));
  run.child.kill(signal);
  const { status, stderr } = await run.exited;
  expect(status).toBe(code);
  expect(stderr).toBe('campaign-preflight: interrupted\n');
  expect(readdirSync(tmp)).toEqual([]);
  expect(readdirSync(out)).toEqual([]);
}
