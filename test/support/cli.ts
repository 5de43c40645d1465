// Running the command line in tests: in-process (runCli), the way almost every test does, or as the
// built executable in a child process (runBuiltCli, startBuiltCli; `npm test` builds dist/ first)
// for what only a process has: its exit code, signals, its own environment and working folder.
// Both run with an environment that does not depend on the caller's: no colour, no TIMING table,
// no GitHub step summary, and no CI, which would turn --redact on and mask the data the tests read.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import { run } from '../../src/cli/main.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'dist/src/cli/bin.js');
/** A line of a stack trace, which a user-facing error must never show without --debug. */
export const STACK_LINE = /^\s+at /m;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The working folder; the repository's root by default. */
  cwd?: string;
  /** Set over the clean environment; `CI` or `GITHUB_STEP_SUMMARY` here are kept. */
  env?: NodeJS.ProcessEnv;
  /** The whole environment instead of the clean one: nothing of the caller's is passed on. */
  onlyEnv?: NodeJS.ProcessEnv;
}

function environment({ env = {}, onlyEnv }: RunOptions): NodeJS.ProcessEnv {
  if (onlyEnv) return onlyEnv;
  const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['FORCE_COLOR', 'TIMING', 'CI', 'GITHUB_STEP_SUMMARY']) delete clean[name];
  return { ...clean, ...env };
}

/** Standard output or error of an in-process run: not a terminal, its bytes kept. */
class CapturedOutput extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * `campaign-preflight <args>` in this process, as the executable runs it (`run` of cli/main.ts):
 * the same standard output, standard error and exit code.
 */
export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const status = await run(args, { stdout, stderr, env: environment(options), cwd: options.cwd ?? ROOT });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

export interface BuiltRunOptions extends RunOptions {
  /** Run as another user (uid and gid). */
  as?: { uid: number; gid: number };
  /** The executable; the built one by default. */
  bin?: string;
  /** A run still going after this long is killed, and its status is null. */
  timeoutMs?: number;
}

/** `campaign-preflight <args>` in a child process, its output collected; `exited` resolves when it ends. */
export function startBuiltCli(args: string[], options: BuiltRunOptions = {}) {
  const { cwd = ROOT, as, bin = BIN, timeoutMs } = options;
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: environment(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    ...as,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
  return { child, exited };
}

/** `campaign-preflight <args>` in a child process, to its end. */
export async function runBuiltCli(args: string[], options: BuiltRunOptions = {}): Promise<CliResult> {
  const { status, stdout, stderr } = await startBuiltCli(args, options).exited;
  return { status, stdout, stderr };
}

/** Every fixture, as a target for check from ROOT: each story, then each platform export. */
export const FIXTURE_TARGETS: readonly string[] = [
  ...readdirSync(path.join(ROOT, 'fixtures'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'platforms')
    .map((entry) => `fixtures/${entry.name}`),
  ...readdirSync(path.join(ROOT, 'fixtures/platforms')).map((name) => `fixtures/platforms/${name}`),
];

/** A JSON report without what differs from run to run (times), for comparing two runs. */
export function comparableReport(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (/^(durationMs|elapsedMs|generatedAt)$/.test(key) ? 0 : value));
}

/** A JSON report's text without its times, which differ from run to run: to compare two runs byte for byte. */
export function withoutTimes(json: string): string {
  return json.replace(/"(durationMs|elapsedMs|generatedAt)": [^,\n}]+/g, '"$1": 0');
}

/** A maker of empty temporary folders, all removed after the test file has run. Call it at the top level. */
export function temporaryFolders(prefix: string): () => string {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
}
