// The findings of a run, kept in report order with bounded memory. A run of a million rows can have
// a million findings, so they are held in sorted chunks: the newest chunk in memory, older ones
// spilled to a temporary folder as JSON lines, and read back by a k-way merge (an external merge
// sort). Memory stays at one chunk plus one read buffer per spilled chunk, whatever the run's size.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Finding } from '../types.js';

/** Findings a chunk holds before it is spilled: about 10–20 MB of finding objects. */
const DEFAULT_CHUNK_SIZE = 20_000;
const READ_BUFFER_BYTES = 1 << 16;

export type FindingOrder = (a: Finding, b: Finding) => number;

/**
 * A report's findings: iterable as often as needed, always in report order. Iterating a list that
 * spilled reads its chunks back from disk; `dispose()` removes them.
 */
export class FindingList implements Iterable<Finding> {
  private chunk: Finding[] = [];
  private chunkSorted = true;
  private readonly spilled: string[] = [];
  private folder: string | undefined;
  private count = 0;

  constructor(
    private readonly order: FindingOrder,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Whether some findings live on disk (for tests and progress notes). */
  get spills(): number {
    return this.spilled.length;
  }

  add(finding: Finding): void {
    this.chunk.push(finding);
    this.chunkSorted = false;
    this.count++;
    if (this.chunk.length >= this.chunkSize) this.spill();
  }

  *[Symbol.iterator](): Iterator<Finding> {
    if (!this.chunkSorted) {
      this.chunk.sort(this.order); // stable: equal findings keep the order they were reported in
      this.chunkSorted = true;
    }
    if (this.spilled.length === 0) {
      yield* this.chunk;
      return;
    }
    yield* mergeSorted([...this.spilled.map((file) => readFindings(file)), this.chunk[Symbol.iterator]()], this.order);
  }

  /** Removes the spilled chunks; the list is empty afterwards. */
  dispose(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
    this.spilled.length = 0;
    this.chunk = [];
    this.count = 0;
  }

  private spill(): void {
    this.chunk.sort(this.order);
    if (!this.folder) {
      this.folder = mkdtempSync(path.join(tmpdir(), 'campaign-preflight-'));
      removeAtExit(this.folder);
    }
    const file = path.join(this.folder, `chunk-${this.spilled.length}.jsonl`);
    writeFileSync(file, this.chunk.map((finding) => `${JSON.stringify(finding)}\n`).join(''));
    this.spilled.push(file);
    this.chunk = [];
    this.chunkSorted = true;
  }
}

/** Merges sorted sources into one sorted sequence; on ties the earlier source comes first (a stable merge). */
function* mergeSorted(sources: Iterator<Finding>[], order: FindingOrder): Generator<Finding> {
  // A binary min-heap of the sources' current heads.
  interface Head {
    finding: Finding;
    source: number;
  }
  const heads: Head[] = [];
  const before = (a: Head, b: Head): boolean => (order(a.finding, b.finding) || a.source - b.source) < 0;
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heads.length && before(heads[left], heads[least])) least = left;
      if (right < heads.length && before(heads[right], heads[least])) least = right;
      if (least === i) return;
      [heads[i], heads[least]] = [heads[least], heads[i]];
      i = least;
    }
  };
  sources.forEach((source, index) => {
    const first = source.next();
    if (!first.done) heads.push({ finding: first.value, source: index });
  });
  for (let i = (heads.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heads.length > 0) {
    const top = heads[0];
    yield top.finding;
    const next = sources[top.source].next();
    if (next.done) {
      const last = heads.pop()!;
      if (heads.length === 0) return;
      heads[0] = last;
    } else {
      heads[0] = { finding: next.value, source: top.source };
    }
    siftDown(0);
  }
}

/** Reads one spilled chunk back, a finding per line, through a small buffer. */
function* readFindings(file: string): Generator<Finding> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(READ_BUFFER_BYTES);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (;;) {
      const bytes = readSync(fd, buffer, 0, buffer.length, null);
      if (bytes === 0) break;
      pending += decoder.write(buffer.subarray(0, bytes));
      let start = 0;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
        yield JSON.parse(pending.slice(start, end)) as Finding;
        start = end + 1;
      }
      pending = pending.slice(start);
    }
    if (pending !== '') yield JSON.parse(pending) as Finding;
  } finally {
    closeSync(fd);
  }
}

const foldersToRemove = new Set<string>();

/** Spilled chunks never outlive the process, even when the caller forgets `dispose()`. */
function removeAtExit(folder: string): void {
  if (foldersToRemove.size === 0) {
    process.once('exit', () => {
      for (const each of foldersToRemove) rmSync(each, { recursive: true, force: true });
    });
  }
  foldersToRemove.add(folder);
}
