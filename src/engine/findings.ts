// The findings of a run, kept in report order with bounded memory. A run of a million rows can have
// a million findings, so they are held in sorted chunks: the newest chunk in memory, older ones
// spilled to a temporary folder as JSON lines, and read back by a k-way merge (an external merge
// sort). Memory stays at one chunk plus one read buffer per spilled chunk, whatever the run's size.
//
// A finding is serialised as it is added: the chunk holds its JSON in a Buffer and its sort key in
// typed columns, so nothing of it stays on the heap. Finding objects kept until their chunk spills
// would outlive V8's young generation and pile up as old-generation garbage, about a gigabyte for a
// million findings, that the heap grows to hold rather than collect. For the same reason text never
// passes through one big string.

import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { forgetLeftover } from '../cleanup.js';
import type { Finding } from '../types.js';
import { makeSpillFolder, spillFailure } from './spill-folder.js';

/** Findings a chunk holds before it is spilled. */
const DEFAULT_CHUNK_SIZE = 20_000;
/** A chunk also spills before its JSON would pass this size: the chunk's buffer never grows beyond it. */
const CHUNK_BYTES = 16 << 20;
const IO_BUFFER_BYTES = 1 << 16;
const NEWLINE = 10;
const INITIAL_HELD = 64;

/** The fields a finding order may compare: all a chunk keeps of a finding besides its JSON. */
export type FindingSortKey = Pick<Finding, 'campaignId' | 'file' | 'line' | 'ruleId' | 'severity'>;
export type FindingOrder = (a: FindingSortKey, b: FindingSortKey) => number;

/** A finding's sort key without its line: few distinct ones in a run, kept once each. */
type KeyWithoutLine = Omit<FindingSortKey, 'line'>;

/**
 * The chunk's findings as columns: which key without line, the line (NaN for none) and where the
 * JSON lies in the chunk's bytes. Typed arrays, reused from chunk to chunk: a finding leaves
 * nothing on the heap.
 */
class HeldColumns {
  keyOf = new Int32Array(INITIAL_HELD);
  lineOf = new Float64Array(INITIAL_HELD);
  startOf = new Int32Array(INITIAL_HELD);
  endOf = new Int32Array(INITIAL_HELD);
  length = 0;

  push(key: number, line: number | null, start: number, end: number): void {
    if (this.length === this.keyOf.length) this.grow();
    this.keyOf[this.length] = key;
    this.lineOf[this.length] = line ?? Number.NaN;
    this.startOf[this.length] = start;
    this.endOf[this.length] = end;
    this.length++;
  }

  private grow(): void {
    const capacity = this.keyOf.length * 2;
    const grown = <T extends Int32Array | Float64Array>(cells: T, make: (n: number) => T): T => {
      const larger = make(capacity);
      larger.set(cells);
      return larger;
    };
    this.keyOf = grown(this.keyOf, (n) => new Int32Array(n));
    this.lineOf = grown(this.lineOf, (n) => new Float64Array(n));
    this.startOf = grown(this.startOf, (n) => new Int32Array(n));
    this.endOf = grown(this.endOf, (n) => new Int32Array(n));
  }
}

/**
 * A report's findings: iterable as often as needed, always in report order. Each pass yields
 * fresh objects parsed from the findings' JSON, so a finding reads the same whether or not its
 * chunk spilled. Iterating a list that spilled reads its chunks back from disk; `dispose()`
 * removes them.
 */
export class FindingList implements Iterable<Finding> {
  private held = new HeldColumns();
  /** The chunk's findings in order, once sorted; null while unsorted. */
  private sorted: number[] | null = null;
  private readonly keys: KeyWithoutLine[] = [];
  private readonly keyIds = new Map<string, number>();
  private lastKeyId = -1;
  private bytes = Buffer.allocUnsafe(IO_BUFFER_BYTES);
  private used = 0;
  private readonly spilled: string[] = [];
  private folder: string | undefined;
  private count = 0;

  constructor(
    private readonly order: FindingOrder,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Whether some findings live on disk (for tests and progress notes). */
  get spills(): number {
    return this.spilled.length;
  }

  add(finding: Finding): void {
    const json = JSON.stringify(finding);
    const most = json.length * 3; // the most UTF-8 bytes a string of this length can take
    if (this.held.length > 0 && this.used + most > this.chunkBytes) this.spill();
    this.reserve(most);
    const start = this.used;
    this.used += this.bytes.write(json, start);
    this.held.push(this.keyId(finding), finding.line, start, this.used);
    this.sorted = null;
    this.count++;
    if (this.held.length >= this.chunkSize) this.spill();
  }

  *[Symbol.iterator](): Iterator<Finding> {
    const inMemory = this.parseHeld(this.sortHeld());
    if (this.spilled.length === 0) {
      yield* inMemory;
      return;
    }
    yield* mergeSorted([...this.spilled.map((file) => readFindings(file)), inMemory], this.order);
  }

  /** Removes the spilled chunks; the list is empty afterwards. */
  dispose(): void {
    if (this.folder) {
      rmSync(this.folder, { recursive: true, force: true });
      forgetLeftover(this.folder);
    }
    this.folder = undefined;
    this.spilled.length = 0;
    this.held = new HeldColumns();
    this.sorted = null;
    this.bytes = Buffer.allocUnsafe(IO_BUFFER_BYTES);
    this.used = 0;
    this.count = 0;
  }

  private keyId({ campaignId, file, ruleId, severity }: Finding): number {
    // Findings come in runs of one rule on one file: most share the key of the one before.
    const last = this.keys[this.lastKeyId];
    if (last?.campaignId === campaignId && last.file === file && last.ruleId === ruleId && last.severity === severity) {
      return this.lastKeyId;
    }
    const text = `${campaignId}\u0000${file}\u0000${ruleId}\u0000${severity}`;
    let id = this.keyIds.get(text);
    if (id === undefined) {
      id = this.keys.push({ campaignId, file, ruleId, severity }) - 1;
      this.keyIds.set(text, id);
    }
    return (this.lastKeyId = id);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    const doubled = Math.min(this.bytes.length * 2, this.chunkBytes);
    const larger = Buffer.allocUnsafe(Math.max(doubled, this.used + bytes));
    this.bytes.copy(larger, 0, 0, this.used);
    this.bytes = larger;
  }

  /** The chunk's findings in order: by `order`, then in the order they were added. */
  private sortHeld(): number[] {
    if (this.sorted) return this.sorted;
    const { keyOf, lineOf, length } = this.held;
    // An array, not an Int32Array: Array's sort (TimSort) makes use of the runs findings arrive in,
    // rows in line order, with about a quarter of the comparisons.
    const indices = Array.from({ length }, (_, i) => i);
    // Two keys refilled for each comparison: the order reads keys, and none is made per finding.
    const a: FindingSortKey = { campaignId: null, file: null, line: null, ruleId: '', severity: 'error' };
    const b: FindingSortKey = { ...a };
    const fill = (into: FindingSortKey, i: number): FindingSortKey => {
      const key = this.keys[keyOf[i]];
      into.campaignId = key.campaignId;
      into.file = key.file;
      into.ruleId = key.ruleId;
      into.severity = key.severity;
      into.line = Number.isNaN(lineOf[i]) ? null : lineOf[i];
      return into;
    };
    indices.sort((i, j) => this.order(fill(a, i), fill(b, j)) || i - j);
    return (this.sorted = indices);
  }

  private *parseHeld(order: readonly number[]): Generator<Finding> {
    const { bytes } = this;
    const { startOf, endOf } = this.held;
    for (const i of order) yield JSON.parse(bytes.toString('utf8', startOf[i], endOf[i])) as Finding;
  }

  private spill(): void {
    const order = this.sortHeld();
    this.folder ??= makeSpillFolder();
    const file = path.join(this.folder, `chunk-${this.spilled.length}.jsonl`);
    try {
      writeLines(file, this.bytes, order, this.held);
    } catch (error) {
      throw spillFailure(error);
    }
    this.spilled.push(file);
    this.held.length = 0;
    this.sorted = null;
    this.used = 0;
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

/** Writes the held findings' JSON as lines, in `order`, through a small buffer. */
function writeLines(file: string, bytes: Buffer, order: readonly number[], held: HeldColumns): void {
  const fd = openSync(file, 'w');
  try {
    const out = Buffer.allocUnsafe(IO_BUFFER_BYTES);
    let used = 0;
    for (const i of order) {
      const start = held.startOf[i];
      const end = held.endOf[i];
      if (used + end - start + 1 > out.length) {
        writeAll(fd, out, used);
        used = 0;
      }
      if (end - start + 1 > out.length) {
        writeAll(fd, bytes.subarray(start, end), end - start);
      } else {
        used += bytes.copy(out, used, start, end);
      }
      out[used++] = NEWLINE;
    }
    writeAll(fd, out, used);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, buffer: Buffer, length: number): void {
  for (let written = 0; written < length;) written += writeSync(fd, buffer, written, length - written);
}

/**
 * Reads one spilled chunk back, a finding per line. Lines are cut from the bytes (a newline byte
 * never occurs inside a UTF-8 character), so only each line becomes a string.
 */
function* readFindings(file: string): Generator<Finding> {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(IO_BUFFER_BYTES);
    let start = 0; // the first byte not yet parsed
    let end = 0; // the end of the bytes read
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, start);
      if (newline >= 0 && newline < end) {
        yield JSON.parse(buffer.toString('utf8', start, newline)) as Finding;
        start = newline + 1;
        continue;
      }
      // No whole line left: keep the partial one at the front, growing the buffer for a long line.
      if (start === 0 && end === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, end);
        buffer = larger;
      } else {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      }
      const bytes = readSync(fd, buffer, end, buffer.length - end, null);
      if (bytes === 0) break;
      end += bytes;
    }
    if (end > start) yield JSON.parse(buffer.toString('utf8', start, end)) as Finding;
  } finally {
    closeSync(fd);
  }
}
