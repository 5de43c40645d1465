// Duplicate ids among millions of rows (order_id must be unique) in a fraction of the memory of a
// Set of the ids: each id is kept as a 64-bit fingerprint in an open-addressing table of 8 bytes
// a slot, at most three quarters full (8 to 16 MB for a million orders, against some 60 MB for the
// Set; 64 MB for the 5 million orders of a million customers, where a table at most half full took
// 128 MB, and 192 MB while it grew). Two ids
// with the same fingerprint are only probably equal, so an id seen again is confirmed by reading
// the file again, which happens only when some id was.

import { ProblemList, quoteData } from '../errors.js';
import { readTable, type ColumnSpec } from '../csv/read.js';
import { placeOf } from '../places.js';
import type { CsvSource } from '../types.js';

const INITIAL_SLOTS = 1 << 10;

/** A set of 64-bit fingerprints of strings. */
export class FingerprintSet {
  /** Slot i is cells 2i (high half) and 2i + 1 (low half): a probe reads one cache line, not two. */
  private cells = new Int32Array(2 * INITIAL_SLOTS);
  private count = 0;

  /** Adds the text's fingerprint; false when the fingerprint was there already. */
  add(text: string): boolean {
    let high = 0x811c9dc5;
    let low = 0x9747b28c ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      high = Math.imul(high ^ code, 0x01000193); // FNV-1a
      low = Math.imul(low ^ code, 0x5bd1e995); // a MurmurHash2 round
      low ^= low >>> 15;
    }
    high = finish(high);
    low = finish(low);
    if (high === 0 && low === 0) low = 1; // (0, 0) marks an empty slot
    if (!this.insert(high, low)) return false;
    // Linear probing stays short up to three quarters full.
    if (++this.count * 4 > (this.cells.length >> 1) * 3) this.grow();
    return true;
  }

  private insert(high: number, low: number): boolean {
    const { cells } = this;
    const mask = (cells.length >> 1) - 1;
    for (let slot = high & mask; ; slot = (slot + 1) & mask) {
      const at = 2 * slot;
      if (cells[at] === high && cells[at + 1] === low) return false;
      if (cells[at] === 0 && cells[at + 1] === 0) {
        cells[at] = high;
        cells[at + 1] = low;
        return true;
      }
    }
  }

  private grow(): void {
    const held = this.cells;
    this.cells = new Int32Array(held.length * 2);
    for (let at = 0; at < held.length; at += 2) {
      if (held[at] !== 0 || held[at + 1] !== 0) this.insert(held[at], held[at + 1]);
    }
  }
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function finish(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

/**
 * Finds the ids of a column that are not unique, reading the file's rows as they are handed to
 * `see` and keeping fingerprints only. Call `check` after the read: it throws an InputError naming
 * each repeated id's line and the line where it first appears.
 */
export class DuplicateIdFinder {
  private readonly fingerprints = new FingerprintSet();
  /** Ids whose fingerprint was seen before, with the lines where it was. */
  private readonly suspects = new Map<string, number[]>();

  /** `spec` is the one the file is read with; `column` the id column. */
  constructor(
    private readonly source: CsvSource,
    private readonly spec: ColumnSpec,
    private readonly column: string,
  ) {}

  see(id: string, line: number): void {
    if (id === '' || this.fingerprints.add(id)) return;
    const lines = this.suspects.get(id);
    if (lines) lines.push(line);
    else this.suspects.set(id, [line]);
  }

  async check(hint: string): Promise<void> {
    if (this.suspects.size === 0) return;
    // Read again for the line where each suspect first appears: a suspect seen there first was
    // only a fingerprint shared with another id.
    const firstLine = new Map<string, number>();
    let index = -1;
    await readTable(
      this.source,
      this.spec,
      (header) => {
        index = header.indexOf(this.column);
      },
      (cells, line) => {
        const id = cells[index].trim();
        if (this.suspects.has(id) && !firstLine.has(id)) firstLine.set(id, line);
      },
    );
    const repeats: Array<{ id: string; line: number; first: number }> = [];
    for (const [id, lines] of this.suspects) {
      const first = firstLine.get(id)!;
      for (const line of lines) if (line > first) repeats.push({ id, line, first });
    }
    if (repeats.length === 0) return;
    repeats.sort((a, b) => a.line - b.line);
    const problems = new ProblemList();
    for (const { id, line, first } of repeats) {
      const file = this.source.displayPath;
      problems.add({ file, line, message: duplicateIdMessage(this.column, id, placeOf(file, first), placeOf(file, line)) });
    }
    throw problems.toError([hint]);
  }
}

/** `first` and `then`: where the id is, worded ("line 2", "row 7 of other.parquet"). */
export function duplicateIdMessage(column: string, id: string, first: string, then: string): string {
  return `duplicate ${column} ${quoteData(id)}: it is on ${first} and on ${then}`;
}
