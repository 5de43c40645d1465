// The built command line in a child process, as users run it (`npm test` builds dist/ first), with
// an environment that does not depend on the caller's: no colour, no TIMING table, no GitHub step
// summary, and no CI, which would turn --redact on and mask the data the tests read back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'dist/src/cli/bin.js');

export interface RunOptions {
  cwd?: string;
  /** Set over the clean environment; `CI` or `GITHUB_STEP_SUMMARY` here are kept. */
  env?: NodeJS.ProcessEnv;
}

export function runBuiltCli(args: string[], { cwd = ROOT, env: extra = {} }: RunOptions = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['FORCE_COLOR', 'TIMING', 'CI', 'GITHUB_STEP_SUMMARY']) delete env[name];
  Object.assign(env, extra);
  // Reports of tens of thousands of findings are read whole.
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
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
