// Reading the files a campaign or config file names: where a path leads and how it is shown, the YAML
// or JSON text, and the CSV sources of a history.

import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { HISTORY_KINDS, type CsvSource, type HistorySources } from '../types.js';
import type { CsvSourceSpec, PostgresSpec } from './schema.js';
import { checkJsonSyntax } from './json.js';
import { parseYaml } from './yaml.js';

/** A file named by the user or by another file: where it is, and how to show it. */
export interface FileRef {
  path: string;
  displayPath: string;
}

/** `given` resolved against `base`; shown relative to `cwd` unless it or the file naming it was absolute. */
export function fileRef(given: string, base: string, cwd: string, shownAbsolute = false): FileRef {
  const path = resolve(base, given);
  return { path, displayPath: shownAbsolute || isAbsolute(given) ? path : relative(cwd, path) || '.' };
}

export async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Reads and parses a YAML file, or a JSON file when its name ends in `.json`; `kind` names what it
 * should be, for errors ("campaign file").
 */
export async function readYaml(file: FileRef, kind: string) {
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isMissing(error)) throw new InputError(`${kind} not found`, { file: file.displayPath });
    if (code === 'EISDIR') throw new InputError(`is a folder, not a ${kind}`, { file: file.displayPath });
    throw new InputError(`cannot read ${kind}: ${(error as Error).message}`, { file: file.displayPath });
  }
  // JSON is YAML 1.2: once the text is known to be JSON and nothing more, YAML reads it and locates its keys.
  if (file.path.toLowerCase().endsWith('.json')) checkJsonSyntax(text, file.displayPath);
  return parseYaml(text, file.displayPath);
}

export function toCsvSource(spec: CsvSourceSpec, namedBy: FileRef, cwd: string): CsvSource {
  const { path: given, ...howToRead } = spec;
  return {
    ...fileRef(given, dirname(namedBy.path), cwd, isAbsolute(namedBy.displayPath)),
    ...howToRead,
    namedIn: namedBy.displayPath,
  };
}

export type HistorySpecs = Partial<Record<(typeof HISTORY_KINDS)[number], CsvSourceSpec[]>> & { postgres?: PostgresSpec };

export function toHistory(specs: HistorySpecs, namedBy: FileRef, cwd: string): HistorySources {
  const history: HistorySources = {};
  for (const kind of HISTORY_KINDS) {
    const files = specs[kind];
    if (files) history[kind] = files.map((spec) => toCsvSource(spec, namedBy, cwd));
  }
  if (specs.postgres) history.postgres = { ...specs.postgres, namedIn: namedBy.displayPath };
  return history;
}
