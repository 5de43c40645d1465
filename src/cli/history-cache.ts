// --cache, --cache-location and --cache-strategy: the history cache's options for check(), and
// what the CLI says about it on standard error (a cache that could not be written; with --debug,
// whether it was used).

import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { sanitizeForTerminal } from '../formats/terminal.js';
import type { CacheEvent, HistoryCacheOptions } from '../people/history-cache.js';
import type { CliIo } from './io.js';

export const DEFAULT_CACHE_FOLDER = '.campaign-preflight-cache';

export interface CacheFlags {
  cache?: boolean;
  cacheLocation?: string;
  cacheStrategy?: string;
}

/** The cache options for check(), or undefined when the cache is off or cannot be used. */
export async function historyCacheOf(flags: CacheFlags, io: CliIo, debug: boolean): Promise<HistoryCacheOptions | undefined> {
  const { cwd, stderr } = io;
  const strategy = flags.cacheStrategy ?? 'content';
  if (strategy !== 'content' && strategy !== 'metadata') {
    throw new UsageError(`--cache-strategy must be content or metadata, not ${JSON.stringify(sanitizeForTerminal(strategy))}`);
  }
  if (!flags.cache) return undefined;
  const location = path.resolve(cwd, flags.cacheLocation ?? DEFAULT_CACHE_FOLDER);
  const info = await lstat(location).catch(() => undefined);
  if (flags.cacheLocation === undefined && info?.isSymbolicLink()) {
    // The default folder is the working folder's, which a pull request may fill: it is not followed elsewhere.
    stderr.write(`campaign-preflight: ${DEFAULT_CACHE_FOLDER} is a symbolic link; the history cache is not used\n`);
    return undefined;
  }
  if (info && !info.isDirectory() && !info.isSymbolicLink()) {
    throw new UsageError(`--cache-location: ${sanitizeForTerminal(location)} is not a folder`);
  }
  const say = (text: string) => stderr.write(`campaign-preflight: ${sanitizeForTerminal(text)}\n`);
  const onEvent = (event: CacheEvent): void => {
    const file = path.relative(cwd, event.file) || event.file;
    if (event.kind === 'not-written') say(`history cache not written (${file}): ${event.reason}`);
    else if (debug && event.kind === 'used') say(`history read from the cache (${file})`);
    else if (debug && event.kind === 'built') say(`history read from its files (${file}): ${event.reason}`);
  };
  return { location, strategy, onEvent };
}
