// The customer records of the history in columns: a slot per record in typed arrays, and the
// strings that repeat (brands, names, tiers, list cells) interned to ids. No object is kept per
// record, so a million customers cost a few hundred bytes each and give the collector little to
// walk; `CustomerRecord` and `Person` objects are made from these columns only when asked for.

import { parseList } from '../csv/values.js';
import type { Channel } from '../types.js';
import { CorruptState, checkIds, checkStrings, checkTyped } from './state-checks.js';

/** Strings as dense ids in order of first appearance. */
export class StringPool {
  /** Ids by text; built when first needed, as a pool restored from the history cache may never be asked. */
  private ids: Map<string, number> | undefined;

  constructor(readonly texts: string[] = []) {}

  id(text: string): number {
    this.ids ??= new Map(this.texts.map((known, id) => [known, id]));
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }
}

/** The id of no string: an empty cell, an unknown name. */
export const NO_TEXT = -1;

/** One shared empty list: most persons have no children, interests or contacts on record. */
export const NONE: readonly never[] = Object.freeze([]);

export const CONSENT_CHANNELS: readonly Channel[] = ['email', 'sms', 'phone', 'direct_mail', 'push'];

/** Consent as recorded, two bits a channel (in CONSENT_CHANNELS order): 0 unknown, 1 false, 2 true. */
export function withConsent(bits: number, channel: number, value: boolean | null): number {
  return value === null ? bits : bits | ((value ? 2 : 1) << (2 * channel));
}

export function consentOf(bits: number, channel: number): boolean | null {
  const value = (bits >> (2 * channel)) & 3;
  return value === 0 ? null : value === 2;
}

export const RECORD_FLAGS = { hasId: 1, doNotContact: 2, emailUndeliverable: 4 } as const;

/** What a customers file row gives one record, as CsvProfileBuilder reads it. */
export interface NewRecord {
  /** Its customer_id, or the label of a record without one. */
  customerId: string;
  flags: number;
  brand: string;
  email: string;
  phone: string;
  postalAddress: string;
  consent: number;
  unsubscribedAt: number | null;
  /** Known (non-placeholder) names; undefined otherwise. */
  firstName: string | undefined;
  lastName: string | undefined;
  birthDate: number | null;
  childrenBirthYears: number[] | null;
  /** The life_stage and interests cells, as written. */
  lifeStages: string;
  interests: string;
  loyaltyTier: string;
}

const NUMBER_COLUMNS = {
  flags: Int32Array,
  consent: Int32Array,
  brand: Int32Array,
  firstName: Int32Array,
  lastName: Int32Array,
  loyaltyTier: Int32Array,
  lifeStages: Int32Array,
  interests: Int32Array,
  childrenBirthYears: Int32Array,
  /** The suppression list naming the record (an id of `CustomerTable.texts`), NO_TEXT when none does. */
  suppressedBy: Int32Array,
  /** Epoch ms; NaN for null. */
  birthDate: Float64Array,
  unsubscribedAt: Float64Array,
};

type NumberColumns = { [K in keyof typeof NUMBER_COLUMNS]: InstanceType<(typeof NUMBER_COLUMNS)[K]> };

/** A complete table as the history cache stores it (see history-cache.ts). */
export interface CustomerTableState {
  columns: NumberColumns;
  customerIds: string[];
  emails: string[];
  phones: string[];
  postalAddresses: string[];
  texts: string[];
  listCells: string[];
  yearKeys: string[];
}

const INITIAL_CAPACITY = 1024;

export class CustomerTable {
  length = 0;
  /** Replaced as the table grows: read it after `append`. */
  columns: NumberColumns;
  readonly customerIds: string[];
  /** As written, trimmed. */
  readonly emails: string[];
  readonly phones: string[];
  readonly postalAddresses: string[];
  /** Brands, names, tiers and suppression lists. */
  texts = new StringPool();
  /** Life stage and interests cells; each parsed once, when a person first asks. */
  private listCells = new StringPool();
  private readonly parsedLists: Array<readonly string[] | undefined> = [];
  /** Lists of children's birth years, by the years joined. */
  private yearKeys = new StringPool();
  private yearLists: Array<readonly number[]> = [];
  private capacity = INITIAL_CAPACITY;

  /** An empty table, or one holding the strings of a restored state (see `restore`). */
  constructor(strings?: Pick<CustomerTableState, 'customerIds' | 'emails' | 'phones' | 'postalAddresses'>) {
    this.columns = allocate(this.capacity);
    this.customerIds = strings?.customerIds ?? [];
    this.emails = strings?.emails ?? [];
    this.phones = strings?.phones ?? [];
    this.postalAddresses = strings?.postalAddresses ?? [];
  }

  /** What `restore` makes the same table from; call once the table is complete (trimmed). */
  state(): CustomerTableState {
    return {
      columns: this.columns,
      customerIds: this.customerIds,
      emails: this.emails,
      phones: this.phones,
      postalAddresses: this.postalAddresses,
      texts: this.texts.texts,
      listCells: this.listCells.texts,
      yearKeys: this.yearKeys.texts,
    };
  }

  /** The table a `state()` was taken of; throws when the state does not hold together. */
  static restore(state: CustomerTableState): CustomerTable {
    const length = checkStrings(state.customerIds, 'customerIds').length;
    for (const name of ['emails', 'phones', 'postalAddresses'] as const) checkStrings(state[name], name, length);
    for (const name of ['texts', 'listCells', 'yearKeys'] as const) checkStrings(state[name], name);
    for (const [name, type] of Object.entries(NUMBER_COLUMNS)) {
      checkTyped(state.columns[name as keyof NumberColumns], type, name, length);
    }
    const { columns } = state;
    for (const name of ['brand', 'firstName', 'lastName', 'loyaltyTier', 'suppressedBy'] as const) {
      checkIds(columns[name], state.texts.length, name);
    }
    checkIds(columns.lifeStages, state.listCells.length, 'lifeStages');
    checkIds(columns.interests, state.listCells.length, 'interests');
    checkIds(columns.childrenBirthYears, state.yearKeys.length, 'childrenBirthYears');
    const yearLists = state.yearKeys.map((key) => key.split(',').map(Number));
    if (yearLists.some((years) => years.some((year) => !Number.isInteger(year))))
      throw new CorruptState('yearKeys: not lists of years');
    const table = new CustomerTable(state);
    table.length = table.capacity = length;
    table.columns = columns;
    table.texts = new StringPool(state.texts);
    table.listCells = new StringPool(state.listCells);
    table.yearKeys = new StringPool(state.yearKeys);
    table.yearLists = yearLists;
    return table;
  }

  /** Adds a record; its index. */
  append(record: NewRecord): number {
    if (this.length === this.capacity) this.grow();
    const at = this.length++;
    const { columns, texts } = this;
    columns.flags[at] = record.flags;
    columns.consent[at] = record.consent;
    columns.brand[at] = texts.id(record.brand);
    columns.firstName[at] = record.firstName === undefined ? NO_TEXT : texts.id(record.firstName);
    columns.lastName[at] = record.lastName === undefined ? NO_TEXT : texts.id(record.lastName);
    columns.loyaltyTier[at] = record.loyaltyTier === '' ? NO_TEXT : texts.id(record.loyaltyTier);
    columns.lifeStages[at] = this.listCell(record.lifeStages);
    columns.interests[at] = this.listCell(record.interests);
    columns.childrenBirthYears[at] = this.yearList(record.childrenBirthYears);
    columns.suppressedBy[at] = NO_TEXT;
    columns.birthDate[at] = record.birthDate ?? NaN;
    columns.unsubscribedAt[at] = record.unsubscribedAt ?? NaN;
    this.customerIds.push(record.customerId);
    this.emails.push(record.email);
    this.phones.push(record.phone);
    this.postalAddresses.push(record.postalAddress);
    return at;
  }

  /** A text column's string; undefined for NO_TEXT. */
  text(id: number): string | undefined {
    return id === NO_TEXT ? undefined : this.texts.texts[id];
  }

  /** The life stages or interests of a list cell id, lower case. */
  list(id: number): readonly string[] {
    if (id === NO_TEXT) return NONE;
    let list = this.parsedLists[id];
    if (list === undefined) {
      list = parseList(this.listCells.texts[id]).map((item) => item.toLowerCase());
      this.parsedLists[id] = list;
    }
    return list;
  }

  years(id: number): readonly number[] {
    return id === NO_TEXT ? NONE : this.yearLists[id];
  }

  /**
   * Fits the columns to the records: the table is complete. Where little room is left (an eighth
   * or less) the columns become views of the cells in use, as copies would hold every cell twice
   * while they are made: 56 MB more at a million records, to save under 7.
   */
  trim(): void {
    if ((this.capacity - this.length) * 8 > this.capacity) {
      const trimmed = allocate(this.length);
      copyColumns(trimmed, this.columns, this.length);
      this.columns = trimmed;
    } else {
      const columns = this.columns as Record<string, Int32Array | Float64Array>;
      for (const name in columns) columns[name] = columns[name].subarray(0, this.length);
    }
    this.capacity = this.length;
  }

  private listCell(text: string): number {
    return text.trim() === '' ? NO_TEXT : this.listCells.id(text);
  }

  private yearList(years: number[] | null): number {
    if (years === null || years.length === 0) return NO_TEXT;
    const id = this.yearKeys.id(years.join(','));
    if (id === this.yearLists.length) this.yearLists.push(years);
    return id;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = allocate(this.capacity);
    copyColumns(grown, this.columns, this.length);
    this.columns = grown;
  }
}

function allocate(capacity: number): NumberColumns {
  const columns: Record<string, Int32Array | Float64Array> = {};
  for (const [name, type] of Object.entries(NUMBER_COLUMNS)) columns[name] = new type(capacity);
  return columns as NumberColumns;
}

function copyColumns(to: NumberColumns, from: NumberColumns, length: number): void {
  for (const name of Object.keys(NUMBER_COLUMNS) as Array<keyof NumberColumns>) to[name].set(from[name].subarray(0, length));
}
