// The history cache (--cache, as ESLint's): the persons a history makes, stored in one file per set
// of history files and read back instead of the history when nothing it was built from changed:
// the same files (size, and SHA-256 or, with the `metadata` strategy, modification time), the
// same sources and settings, the same send instants and reviewed orders. A warm run reads the
// audiences only. A cache that does not match, cannot be read or does not hold together is built
// again and replaced; it is never trusted for more than what it proves.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { VALUE_KINDS, type InvalidValue } from '../csv/typed-cells.js';
import { StagedFiles } from '../staged-files.js';
import type { CsvSource, Notice } from '../types.js';
import { VERSION } from '../version.js';
import { encodeCache, openCache, type FileStamp } from './cache-file.js';
import { CsvProfileBuilder } from './csv-profiles.js';
import { InMemoryPeople, type PeopleState } from './in-memory-people.js';
import type { People, ProfileBuilder, ProfileRequest } from './profiles.js';
import { CorruptState } from './state-checks.js';

export interface HistoryCacheOptions {
  /** The folder the cache files are kept in (made when missing). */
  location: string;
  /**
   * How a history file is known unchanged: `content` (the default), by its size and SHA-256;
   * `metadata`, by its size and modification time, which skips reading it (ESLint's --cache-strategy).
   */
  strategy?: 'content' | 'metadata';
  /** Told whether the cache was used, and why not; and whether it was written, and why not. */
  onEvent?: (event: CacheEvent) => void;
}

export type CacheEvent =
  | { kind: 'used'; file: string }
  | { kind: 'built'; file: string; reason: string }
  | { kind: 'written'; file: string }
  | { kind: 'not-written'; file: string; reason: string };

/** What a cache file holds: the people, and what building them told the run. */
interface CachedHistory {
  people: PeopleState;
  invalidValues: InvalidValue[];
  notices: Notice[];
}

export class CachingProfileBuilder implements ProfileBuilder {
  constructor(
    private readonly options: HistoryCacheOptions,
    private readonly builder = new CsvProfileBuilder(),
  ) {}

  async build(request: ProfileRequest): Promise<People> {
    // A database's tables change without a file to tell: its persons are built afresh every run.
    if (request.history.postgres) return this.builder.build(request);
    const files = historyFiles(request);
    const file = path.join(this.options.location, `history-${sha256(JSON.stringify(files)).slice(0, 16)}.cache`);
    const key = keyOf(request);
    const before = await Promise.all(files.map((name) => stat(name).catch(() => undefined)));
    // A file that cannot be read is the builder's to report, as it would be without a cache.
    if (before.some((info) => info === undefined)) return this.builder.build(request);
    // The cached people, or why there are none to use.
    const cached: People | string = await this.read(file, key, files, request).catch((error: unknown) =>
      error instanceof CacheMiss || error instanceof CorruptState ? error.message : String(error),
    );
    if (typeof cached !== 'string') {
      this.options.onEvent?.({ kind: 'used', file });
      return cached;
    }
    this.options.onEvent?.({ kind: 'built', file, reason: cached });

    const invalidValues: InvalidValue[] = [];
    const notices: Notice[] = [];
    const people = (await this.builder.build({
      ...request,
      // A cache holds every person of the history, whatever audience reaches them.
      reach: undefined,
      onInvalidValue: (issue) => {
        invalidValues.push(issue);
        request.onInvalidValue(issue);
      },
      onNotice: (notice) => {
        notices.push(notice);
        request.onNotice?.(notice);
      },
    })) as InMemoryPeople;
    try {
      const stamps = await stampsOf(files);
      // A file that changed while it was read may not be what was read: nothing is stored for it.
      if (stamps.some((stamp, at) => stamp.size !== before[at]!.size || stamp.mtimeMs !== before[at]!.mtimeMs)) {
        throw new Error('a history file changed while it was read');
      }
      const bytes = encodeCache({ key, files: stamps }, { people: people.state(), invalidValues, notices });
      await writeCache(file, bytes, before as Stats[]);
      this.options.onEvent?.({ kind: 'written', file });
    } catch (error) {
      this.options.onEvent?.({ kind: 'not-written', file, reason: error instanceof Error ? error.message : String(error) });
    }
    return people;
  }

  /** The people of a cache file that matches the request, replaying what building them reported; throws why not. */
  private async read(file: string, key: string, files: readonly string[], request: ProfileRequest): Promise<People> {
    const info = await lstat(file).catch(() => undefined);
    if (info === undefined) throw new CacheMiss('no cache yet');
    if (!info.isFile()) throw new CacheMiss('the cache is not a regular file');
    const cache = await openCache(file);
    try {
      const { header } = cache;
      if (header.key !== key) throw new CacheMiss('the history sources, settings, send times or reviewed orders changed');
      if (!Array.isArray(header.files) || header.files.map((stamp) => stamp.path).join('\n') !== files.join('\n')) {
        throw new CacheMiss('other history files');
      }
      for (const stamp of header.files) {
        const now = await stat(stamp.path);
        const unchanged =
          now.size === stamp.size &&
          (this.options.strategy === 'metadata' ? now.mtimeMs === stamp.mtimeMs : (await hashOf(stamp.path)) === stamp.sha256);
        if (!unchanged) throw new CacheMiss(`${stamp.path} changed`);
      }
      const cached = (await cache.body()) as CachedHistory;
      const people = InMemoryPeople.restore(cached?.people);
      const invalidValues = checkList(cached.invalidValues, isInvalidValue, 'invalid values');
      const notices = checkList(cached.notices, isNotice, 'notices');
      for (const issue of invalidValues) request.onInvalidValue(issue);
      for (const notice of notices) request.onNotice?.(notice);
      return people;
    } finally {
      await cache.close();
    }
  }
}

/** Why a cache was not used, when not because it is damaged. */
class CacheMiss extends Error {}

/** The history's files, in the order they are read, each once. */
function historyFiles(request: ProfileRequest): string[] {
  const { customers, orders, contacts, suppressions, profiles } = request.history;
  const sources: CsvSource[] = [
    ...(customers ?? []),
    ...(orders ?? []),
    ...(contacts ?? []),
    ...(profiles ?? []),
    ...(suppressions ?? []),
  ];
  return [...new Set(sources.map((source) => source.path))];
}

/** Everything the people depend on besides the files' contents. */
function keyOf(request: ProfileRequest): string {
  return sha256(
    JSON.stringify({
      version: VERSION,
      history: request.history,
      instants: request.instants,
      orderIds: [...request.orderIds].sort(),
      identity: request.identity,
      contactLookbackMs: request.contactLookbackMs,
    }),
  );
}

async function stampsOf(files: readonly string[]): Promise<FileStamp[]> {
  const stamps: FileStamp[] = [];
  for (const file of files) {
    const sha = await hashOf(file);
    const { size, mtimeMs } = await stat(file);
    stamps.push({ path: file, size, mtimeMs, sha256: sha });
  }
  return stamps;
}

/** Writes the cache whole or not at all, never over a file of the history. */
async function writeCache(file: string, bytes: Buffer[], history: ReadonlyArray<{ dev: number; ino: number }>): Promise<void> {
  const existing = await lstat(file).catch(() => undefined);
  if (existing && history.some((read) => read.dev === existing.dev && read.ino === existing.ino)) {
    throw new Error('the cache file is a history file');
  }
  const staged = new StagedFiles();
  try {
    const handle = await staged.open(file);
    try {
      for (const part of bytes) await handle.write(part);
    } finally {
      await handle.close();
    }
    await staged.commit();
  } finally {
    await staged.discard();
  }
}

async function hashOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function checkList<T>(value: unknown, isItem: (item: unknown) => item is T, name: string): T[] {
  if (!Array.isArray(value) || !value.every(isItem)) throw new CorruptState(`${name}: not a list of them`);
  return value;
}

function isInvalidValue(value: unknown): value is InvalidValue {
  const issue = value as InvalidValue;
  return (
    typeof issue?.file === 'string' &&
    Number.isInteger(issue.line) &&
    typeof issue.column === 'string' &&
    typeof issue.value === 'string' &&
    VALUE_KINDS.includes(issue.expected) &&
    (issue.reason === undefined || typeof issue.reason === 'string')
  );
}

function isNotice(value: unknown): value is Notice {
  const notice = value as Notice;
  // Building the people tells of one kind of notice only (csv-profiles.ts).
  return notice?.kind === 'records-without-id' && typeof notice.file === 'string' && typeof notice.message === 'string';
}
