// Compact state for the rules that compare rows until their `end` hook (loyalty-inversion,
// inconsistent-offer, duplicate-recipient, contact-fatigue): a row costs each rule a few typed-array
// cells, not an object, and its customer_id, address and person are kept once for all of them, so a
// run's memory follows its customers more than its audience rows. Columns grow by doubling; what is
// kept per person or per string is dense by index.

import type { CustomerRecord, Person } from '../people/profiles.js';
import type { Channel } from '../types.js';
import type { AudienceRow, CampaignRun } from './row.js';

type ColumnType = Int32ArrayConstructor | Float64ArrayConstructor;

/** Column names and their cell types, e.g. `{ line: Int32Array, value: Float64Array }`. */
export type ColumnTypes = Record<string, ColumnType>;

export type Columns<T extends ColumnTypes> = { [K in keyof T]: InstanceType<T[K]> };

type AnyColumns = Record<string, Int32Array | Float64Array>;

const INITIAL_CAPACITY = 64;

/** Capacity for `length` cells: doubling from `capacity`. */
function grownCapacity(capacity: number, length: number): number {
  let grown = Math.max(capacity, INITIAL_CAPACITY);
  while (grown < length) grown *= 2;
  return grown;
}

function allocate<T extends ColumnTypes>(types: T, capacity: number): Columns<T> {
  const columns: Record<string, Int32Array | Float64Array> = {};
  for (const name in types) columns[name] = new types[name](capacity);
  return columns as Columns<T>;
}

/** Slots a block of kept cells holds: 32 KB a block and a kind of cell. */
const KEPT_BLOCK = 1 << 12;

/**
 * The customer_id and address cells and the person of a campaign's audience rows that tables keep,
 * one slot each however many tables keep a row: the rules that compare rows see each row in turn,
 * so a row kept again is the last one kept. Held in blocks made full size: growing copies nothing
 * and leaves no room unused but in the last block, where an array growing by half leaves each copy
 * it outgrows as garbage (some 50 MB at 1M rows) and up to half its room unused.
 */
class KeptCells {
  private readonly customerIds: (string | null)[][] = [];
  private readonly addresses: string[][] = [];
  private readonly persons: (Person | undefined)[][] = [];
  private count = 0;
  private lastRow: AudienceRow | undefined;

  /** The row's number here. */
  keep(row: AudienceRow): number {
    if (row === this.lastRow) return this.count - 1;
    this.lastRow = row;
    const slot = this.count % KEPT_BLOCK;
    if (slot === 0) {
      this.customerIds.push(new Array<string | null>(KEPT_BLOCK));
      this.addresses.push(new Array<string>(KEPT_BLOCK));
      this.persons.push(new Array<Person | undefined>(KEPT_BLOCK));
    }
    const block = this.customerIds.length - 1;
    // The customer record's string, equal to the cell: the row's own copy dies with the row, and
    // rows of one customer share one string.
    const id = row.customerId;
    const record = id === null ? undefined : row.customer;
    this.customerIds[block][slot] = record !== undefined && record.customerId === id ? record.customerId : id;
    const address = row.address;
    const written = address !== '' && row.customer ? recordAddress(row.customer, row.campaign.campaign.channel) : '';
    this.addresses[block][slot] = written === address ? written : address;
    this.persons[block][slot] = row.person;
    return this.count++;
  }

  customerId(number: number): string | null {
    return this.customerIds[Math.floor(number / KEPT_BLOCK)][number % KEPT_BLOCK];
  }

  /** The row's address for the channel (findings carry it to `--failures-out`); '' when none. */
  address(number: number): string {
    return this.addresses[Math.floor(number / KEPT_BLOCK)][number % KEPT_BLOCK];
  }

  person(number: number): Person | undefined {
    return this.persons[Math.floor(number / KEPT_BLOCK)][number % KEPT_BLOCK];
  }
}

/**
 * Each campaign's kept cells, for the tables of every rule to share. Held weakly: they go with the
 * tables (the rules' state), while the campaign lives on in the report.
 */
const keptCellsByCampaign = new WeakMap<CampaignRun, WeakRef<KeptCells>>();

function keptCellsOf(campaign: CampaignRun): KeptCells {
  let kept = keptCellsByCampaign.get(campaign)?.deref();
  if (!kept) keptCellsByCampaign.set(campaign, new WeakRef((kept = new KeptCells())));
  return kept;
}

/** Rows of typed columns about audience rows, and each row's customer_id and address cells and person. */
export class ColumnTable<T extends ColumnTypes> {
  /** The cells by column; rows 0 to `length` − 1 are filled. Replaced as the table grows: read it after `append`. */
  columns: Columns<T>;
  length = 0;
  private capacity = INITIAL_CAPACITY;
  /** Per row, its number in its campaign's kept cells. */
  private keptAt = new Int32Array(INITIAL_CAPACITY);
  /**
   * The kept cells of each stretch of rows of one campaign, by the stretch's first row: audiences
   * are read one after the other, so a table has a stretch per campaign.
   */
  private readonly stretches: Array<{ from: number; campaign: CampaignRun; kept: KeptCells }> = [];

  constructor(private readonly types: T) {
    this.columns = allocate(types, this.capacity);
  }

  /** Adds a row about audience row `row`, for the caller to fill in `columns`; returns its index. */
  append(row: AudienceRow): number {
    if (this.length === this.capacity) this.reserve(this.length + 1);
    let stretch = this.stretches.at(-1);
    if (stretch?.campaign !== row.campaign) {
      stretch = { from: this.length, campaign: row.campaign, kept: keptCellsOf(row.campaign) };
      this.stretches.push(stretch);
    }
    this.keptAt[this.length] = stretch.kept.keep(row);
    return this.length++;
  }

  /** The audience row's customer_id cell; null when empty. */
  customerId(index: number): string | null {
    return this.keptCellsOf(index).customerId(this.keptAt[index]);
  }

  /** The audience row's address for the channel; '' when none. */
  address(index: number): string {
    return this.keptCellsOf(index).address(this.keptAt[index]);
  }

  /** The audience row's person; undefined when it has none. */
  person(index: number): Person | undefined {
    return this.keptCellsOf(index).person(this.keptAt[index]);
  }

  private keptCellsOf(index: number): KeptCells {
    const { stretches } = this;
    let stretch = stretches.length - 1;
    while (stretches[stretch].from > index) stretch--;
    return stretches[stretch].kept;
  }

  private reserve(length: number): void {
    if (length <= this.capacity) return;
    this.capacity = grownCapacity(this.capacity, length);
    const grown = allocate(this.types, this.capacity) as AnyColumns;
    const held = this.columns as AnyColumns;
    for (const name in this.types) grown[name].set(held[name].subarray(0, this.length));
    this.columns = grown as Columns<T>;
    const keptAt = new Int32Array(this.capacity);
    keptAt.set(this.keptAt.subarray(0, this.length));
    this.keptAt = keptAt;
  }
}

/** A customer record's address for a channel, as written. */
function recordAddress(record: CustomerRecord, channel: Channel): string {
  if (channel === 'email') return record.email;
  if (channel === 'direct_mail') return record.postalAddress;
  return channel === 'push' ? '' : record.phone;
}

/** Integers by a small non-negative key (a person index, a string id); a key never set reads -1. */
export class DenseInt32Map {
  private cells = new Int32Array(INITIAL_CAPACITY).fill(-1);

  get(key: number): number {
    return key < this.cells.length ? this.cells[key] : -1;
  }

  set(key: number, value: number): void {
    if (key >= this.cells.length) {
      const grown = new Int32Array(grownCapacity(this.cells.length, key + 1)).fill(-1);
      grown.set(this.cells);
      this.cells = grown;
    }
    this.cells[key] = value;
  }
}

/** Strings as dense ids in order of first appearance (offer kinds, addresses), for integer columns. */
export class StringIds {
  private readonly ids = new Map<string, number>();

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = this.ids.size));
    return id;
  }

  /** Every string, by id (a map iterates in insertion order, which is id order). */
  texts(): string[] {
    return [...this.ids.keys()];
  }
}

/** Rows grouped by a non-negative key: the rows of key k are `order[starts[k]]` to `order[starts[k + 1] − 1]`. */
export interface RowGroups {
  order: Int32Array;
  /** One more entry than there are keys. */
  starts: Int32Array;
}

/** Groups rows 0 to `length` − 1 by their cell in `keys`: a counting sort, linear, keeping table order within a group. */
export function groupRows(keys: Int32Array, length: number): RowGroups {
  let keyCount = 0;
  for (let i = 0; i < length; i++) if (keys[i] >= keyCount) keyCount = keys[i] + 1;
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < length; i++) starts[keys[i] + 1]++;
  for (let k = 0; k < keyCount; k++) starts[k + 1] += starts[k];
  const next = starts.slice(0, keyCount);
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[next[keys[i]]++] = i;
  return { order, starts };
}
