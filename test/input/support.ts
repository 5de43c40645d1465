// Small projects in temporary folders for the command line to run on, and proof that a run left
// every file there as it was.

import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, type CliResult } from '../support/cli.js';

/** What a project file becomes: new content, an edit of its text, a folder in its place, or nothing. */
export type FileChange = string | Buffer | ((text: string) => string | Buffer) | { folder: true } | null;

/**
 * A copy of a story under fixtures/ in a new temporary folder, with files changed or added.
 * `cleanUp` removes every folder made so far.
 */
export function projectFrom(story: string, changes: Record<string, FileChange> = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'preflight-input-'));
  made.push(folder);
  cpSync(path.join(ROOT, 'fixtures', story), folder, { recursive: true });
  for (const [file, change] of Object.entries(changes)) {
    const target = path.join(folder, file);
    rmSync(target, { recursive: true, force: true });
    if (change === null) continue;
    if (typeof change === 'object' && 'folder' in change) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const content =
      typeof change === 'function' ? change(readFileSync(path.join(ROOT, 'fixtures', story, file), 'utf8')) : change;
    writeFileSync(target, content);
  }
  return folder;
}

const made: string[] = [];

export function cleanUp(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** sha-256 of every file under the folder, by path relative to it. */
export function fingerprint(folder: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(folder, file)] = hashOf(file);
  }
  return hashes;
}

/** The file's sha-256; a file the tests made unreadable on purpose is left at that. */
function hashOf(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return 'unreadable';
    throw error;
  }
}

export interface ProjectRun extends CliResult {
  /** The folder's files before and after the run. */
  before: Record<string, string>;
  after: Record<string, string>;
}

/** A run of the command line (`runCli` or `runBuiltCli`), with the files of the folder it runs in before and after it. */
export async function fingerprinted(folder: string, runIt: () => Promise<CliResult>): Promise<ProjectRun> {
  const before = fingerprint(folder);
  const result = await runIt();
  return { ...result, before, after: fingerprint(folder) };
}

/** The 1-based line of the first line of the text that matches. */
export function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}
