// Customer records by a string worked out from each (an address, normalized), without keeping the
// strings: an open-addressing table of record indices and key hashes, where a probe that meets an
// equal hash works the candidate's key out again to compare. Some 20 bytes a record, against 80 to
// 90 for a Map holding a normalized copy of every address.

import { NONE } from './customer-table.js';
import { CorruptState, checkCount, checkTyped } from './state-checks.js';

const INITIAL_SLOTS = 1024;

/** An index as the history cache stores it. */
export interface RecordKeyIndexState {
  firstPlusOne: Int32Array;
  hashes: Int32Array;
  keys: number;
  next: Int32Array;
}

export class RecordKeyIndex {
  /** Per slot, the first record with the key plus one; 0 for an empty slot. */
  private firstPlusOne: Int32Array = new Int32Array(INITIAL_SLOTS);
  private hashes: Int32Array = new Int32Array(INITIAL_SLOTS);
  private keys = 0;
  /** Per record, the next record with its key, −1 after the last: a key's records in file order. */
  private next: Int32Array = new Int32Array(INITIAL_SLOTS);
  /** The last record of each key that several hold, by its first: where the next one is chained. */
  private readonly lastOf = new Map<number, number>();

  /** `keyOf` works out a record's key again, as `add` was given it. */
  constructor(private readonly keyOf: (record: number) => string) {}

  state(): RecordKeyIndexState {
    return { firstPlusOne: this.firstPlusOne, hashes: this.hashes, keys: this.keys, next: this.next };
  }

  /** Becomes the index a `state()` was taken of, over `recordCount` records; throws when the state does not hold together. */
  restore(state: RecordKeyIndexState, recordCount: number): void {
    const slots = checkTyped(state.firstPlusOne, Int32Array, 'firstPlusOne').length;
    checkTyped(state.hashes, Int32Array, 'hashes', slots);
    const next = checkTyped(state.next, Int32Array, 'next');
    const keys = checkCount(state.keys, 'keys');
    // A power of two at most half full, so that every probe reaches an empty slot.
    if (slots < 2 || (slots & (slots - 1)) !== 0 || keys * 2 > slots) throw new CorruptState('key index: bad size');
    let filled = 0;
    for (let slot = 0; slot < slots; slot++) {
      const firstPlusOne = state.firstPlusOne[slot];
      if (firstPlusOne === 0) continue;
      filled++;
      // Each key's records run forward in file order, so that a walk along them ends.
      for (let record = firstPlusOne - 1; record !== -1;) {
        if (record < 0 || record >= recordCount || record >= next.length)
          throw new CorruptState('key index: record out of range');
        const following = next[record];
        if (following !== -1 && following <= record) throw new CorruptState('key index: records out of order');
        record = following;
      }
    }
    if (filled !== keys) throw new CorruptState('key index: key count');
    this.firstPlusOne = state.firstPlusOne;
    this.hashes = state.hashes;
    this.keys = keys;
    this.next = next;
    this.lastOf.clear();
  }

  /** Files the record under its key (an empty one is none); the first record filed under the key. */
  add(key: string, record: number): number {
    if (!key) return record;
    if (record >= this.next.length) this.next = grown(this.next, record + 1);
    this.next[record] = -1;
    const hash = hashOf(key);
    const slot = this.slotOf(key, hash);
    if (this.firstPlusOne[slot] === 0) {
      this.firstPlusOne[slot] = record + 1;
      this.hashes[slot] = hash;
      if (++this.keys * 2 > this.hashes.length) this.rehash();
      return record;
    }
    const first = this.firstPlusOne[slot] - 1;
    this.next[this.lastOf.get(first) ?? this.lastRecordOf(first)] = record;
    this.lastOf.set(first, record);
    return first;
  }

  /** The first record filed under the key; −1 when none is. */
  firstAt(key: string): number {
    if (!key) return -1;
    return this.firstPlusOne[this.slotOf(key, hashOf(key))] - 1;
  }

  /** The records filed under the key, in file order. */
  recordsAt(key: string): readonly number[] {
    if (!key) return NONE;
    const slot = this.slotOf(key, hashOf(key));
    if (this.firstPlusOne[slot] === 0) return NONE;
    const records: number[] = [];
    for (let record = this.firstPlusOne[slot] - 1; record >= 0; record = this.next[record]) records.push(record);
    return records;
  }

  /** The last record filed after `first` (which `lastOf` knows, unless the index was restored). */
  private lastRecordOf(first: number): number {
    let last = first;
    while (this.next[last] !== -1) last = this.next[last];
    return last;
  }

  /** The slot holding the key, else the empty slot where it goes. */
  private slotOf(key: string, hash: number): number {
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const firstPlusOne = this.firstPlusOne[slot];
      if (firstPlusOne === 0 || (this.hashes[slot] === hash && this.keyOf(firstPlusOne - 1) === key)) return slot;
    }
  }

  private rehash(): void {
    const { firstPlusOne, hashes } = this;
    this.firstPlusOne = new Int32Array(hashes.length * 2);
    this.hashes = new Int32Array(hashes.length * 2);
    const mask = this.hashes.length - 1;
    for (let old = 0; old < hashes.length; old++) {
      if (firstPlusOne[old] === 0) continue;
      let slot = hashes[old] & mask;
      while (this.firstPlusOne[slot] !== 0) slot = (slot + 1) & mask;
      this.firstPlusOne[slot] = firstPlusOne[old];
      this.hashes[slot] = hashes[old];
    }
  }
}

function grown(cells: Int32Array, length: number): Int32Array {
  let capacity = cells.length;
  while (capacity < length) capacity *= 2;
  const copy = new Int32Array(capacity);
  copy.set(cells);
  return copy;
}

/** FNV-1a, then MurmurHash3's finaliser so that the low bits, which pick the slot, mix every character. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
