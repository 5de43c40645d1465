// The temporary folder where a FindingList spills its chunks, and what a full or read-only one
// tells the user.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { noteLeftover, removeFoldersOfEndedProcesses } from '../cleanup.js';
import { InputError } from '../errors.js';

/** Spill folders are `<prefix><pid>-XXXXXX` in the temporary folder: the pid tells a later run whose each is. */
const SPILL_FOLDER_PREFIX = 'campaign-preflight-';

/**
 * A new folder for a list's spilled chunks, noted as a leftover: it never outlives the process,
 * even when the caller forgets `dispose()`. Its making is also when the folders of killed runs go.
 */
export function makeSpillFolder(): string {
  const parent = tmpdir();
  removeFoldersOfEndedProcesses(parent, SPILL_FOLDER_PREFIX);
  let folder: string;
  try {
    folder = mkdtempSync(path.join(parent, `${SPILL_FOLDER_PREFIX}${process.pid}-`));
  } catch (error) {
    throw spillFailure(error);
  }
  noteLeftover(folder);
  return folder;
}

/** Why the temporary folder cannot take findings, by error code: the errors the user can act on. */
const SPILL_FAILURES: Record<string, { reason: string; hint: string }> = {
  ENOSPC: { reason: 'no space left on device', hint: 'free some space there, or set TMPDIR to a folder with room' },
  EDQUOT: { reason: 'disk quota exceeded', hint: 'free some space there, or set TMPDIR to a folder with room' },
  EROFS: { reason: 'read-only file system', hint: 'set TMPDIR to a folder you may write to' },
  EACCES: { reason: 'permission denied', hint: 'set TMPDIR to a folder you may write to' },
  EPERM: { reason: 'permission denied', hint: 'set TMPDIR to a folder you may write to' },
  ENOENT: { reason: 'no such folder', hint: 'set TMPDIR to a folder that exists' },
};

/**
 * A full or read-only temporary folder as an input error (exit 2) naming it, which the rule whose
 * finding was being added passes on unchanged (see guard.ts) rather than taking the blame.
 */
export function spillFailure(error: unknown): unknown {
  const failure = SPILL_FAILURES[(error as NodeJS.ErrnoException | null)?.code ?? ''];
  if (!failure) return error;
  const inputError = new InputError(`cannot write findings to the temporary folder ${tmpdir()}: ${failure.reason}`, {}, [
    failure.hint,
  ]);
  inputError.cause = error;
  return inputError;
}
