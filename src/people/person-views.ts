// `Person` and `CustomerRecord` as rules see them, read from the columns of InMemoryPeople when a
// rule asks: a view holds its index and computes its fields on each read. The same person or record
// is the same object for as long as anything holds it (rules compare persons and records with ===):
// persons, which the rules comparing rows hold until their `end` hook, are kept once made; records,
// which rows hold only while they are checked, are cached weakly.

import type { InMemoryPeople } from './in-memory-people.js';
import { CONSENT_CHANNELS, NO_TEXT, NONE, RECORD_FLAGS, consentOf } from './customer-table.js';
import type { ConsentChannel, Contact, CustomerRecord, Person } from './profiles.js';

/** Views by index, each made once and kept: no weak reference to pay for where most views stay held. */
export class HeldViews<T extends object> {
  private views: Array<T | undefined> = [];

  constructor(private readonly make: (index: number) => T) {}

  /** Forgets every view and makes room for `size` of them. */
  reset(size: number): void {
    this.views = new Array<T | undefined>(size).fill(undefined);
  }

  get(index: number): T {
    return (this.views[index] ??= this.make(index));
  }
}

/** Views by index, each made once and kept only while something else holds it. */
export class WeakViews<T extends object> {
  private views: Array<WeakRef<T> | undefined> = [];
  /** References made since the dead ones were last dropped. */
  private madeSinceSweep = 0;

  constructor(private readonly make: (index: number) => T) {}

  /** Forgets every view and makes room for `size` of them. */
  reset(size: number): void {
    this.views = new Array<WeakRef<T> | undefined>(size).fill(undefined);
    this.madeSinceSweep = 0;
  }

  get(index: number): T {
    const held = this.views[index]?.deref();
    if (held !== undefined) return held;
    const view = this.make(index);
    this.views[index] = new WeakRef(view);
    // A reference outlives its view (32 bytes each, a million for a million rows): once an eighth
    // of the slots have had one made, those whose view is gone are dropped, a linear pass.
    if (++this.madeSinceSweep > this.views.length >> 3) this.dropDead();
    return view;
  }

  private dropDead(): void {
    const { views } = this;
    for (let index = 0; index < views.length; index++) {
      if (views[index] !== undefined && views[index]!.deref() === undefined) views[index] = undefined;
    }
    this.madeSinceSweep = 0;
  }
}

export class PersonView implements Person {
  // Private, so that a view serialises (and prints) as its index, not the whole history.
  readonly #people: InMemoryPeople;

  constructor(
    readonly index: number,
    people: InMemoryPeople,
  ) {
    this.#people = people;
  }

  get records(): readonly CustomerRecord[] {
    return this.#people.recordsOf(this.index);
  }
  get firstNames(): readonly string[] {
    return this.uniqueTexts(this.#people.table.columns.firstName);
  }
  get lastNames(): readonly string[] {
    return this.uniqueTexts(this.#people.table.columns.lastName);
  }
  get loyaltyTiers(): readonly string[] {
    return this.uniqueTexts(this.#people.table.columns.loyaltyTier);
  }
  /** The first birth date on record, in file order. */
  get birthDate(): number | null {
    const { birthDate } = this.#people.table.columns;
    for (const record of this.recordIndices()) if (!Number.isNaN(birthDate[record])) return birthDate[record];
    return null;
  }
  get childrenBirthYears(): readonly number[] {
    const { table } = this.#people;
    return this.uniqueItems((record) => table.years(table.columns.childrenBirthYears[record]));
  }
  get lifeStages(): readonly string[] {
    const { table } = this.#people;
    return this.uniqueItems((record) => table.list(table.columns.lifeStages[record]));
  }
  get interests(): readonly string[] {
    const { table } = this.#people;
    return this.uniqueItems((record) => table.list(table.columns.interests[record]));
  }
  get doNotContact(): boolean {
    return this.#people.personDoNotContact[this.index] === 1;
  }
  get orderCounts(): number[] {
    return this.perInstant(this.#people.orderCounts);
  }
  get lastOrderBefore(): number[] {
    return this.perInstant(this.#people.lastOrderBefore);
  }
  get contacts(): readonly Contact[] {
    return this.#people.contactsOf(this.index);
  }

  private *recordIndices(): Generator<number> {
    const { starts, records } = this.#people.groups;
    for (let at = starts[this.index]; at < starts[this.index + 1]; at++) yield records[at];
  }

  /** The texts of a column over the person's records, each once, in file order. */
  private uniqueTexts(column: Int32Array): readonly string[] {
    const { table } = this.#people;
    let texts: string[] | undefined;
    for (const record of this.recordIndices()) {
      const id = column[record];
      if (id === NO_TEXT) continue;
      const text = table.texts.texts[id];
      if (texts === undefined) texts = [text];
      else if (!texts.includes(text)) texts.push(text);
    }
    return texts ?? NONE;
  }

  /** The items of the person's records' lists, each once, in file order. */
  private uniqueItems<T>(listOf: (record: number) => readonly T[]): readonly T[] {
    let items: T[] | undefined;
    for (const record of this.recordIndices()) {
      for (const item of listOf(record)) {
        if (items === undefined) items = [item];
        else if (!items.includes(item)) items.push(item);
      }
    }
    return items ?? NONE;
  }

  private perInstant(figures: Float64Array): number[] {
    const width = this.#people.instantCount;
    return Array.from(figures.subarray(this.index * width, (this.index + 1) * width));
  }
}

export class RecordView implements CustomerRecord {
  readonly #people: InMemoryPeople;

  constructor(
    readonly index: number,
    people: InMemoryPeople,
  ) {
    this.#people = people;
  }

  get customerId(): string {
    return this.#people.table.customerIds[this.index];
  }
  get person(): Person {
    return this.#people.person(this.#people.groups.personOf[this.index]);
  }
  get brand(): string {
    return this.#people.table.text(this.#people.table.columns.brand[this.index])!;
  }
  get email(): string {
    return this.#people.table.emails[this.index];
  }
  get phone(): string {
    return this.#people.table.phones[this.index];
  }
  get postalAddress(): string {
    return this.#people.table.postalAddresses[this.index];
  }
  get consent(): Record<ConsentChannel, boolean | null> {
    const bits = this.#people.table.columns.consent[this.index];
    const consent = {} as Record<ConsentChannel, boolean | null>;
    CONSENT_CHANNELS.forEach((channel, at) => (consent[channel] = consentOf(bits, at)));
    return consent;
  }
  get unsubscribedAt(): number | null {
    const at = this.#people.table.columns.unsubscribedAt[this.index];
    return Number.isNaN(at) ? null : at;
  }
  get doNotContact(): boolean {
    return (this.#people.table.columns.flags[this.index] & RECORD_FLAGS.doNotContact) !== 0;
  }
  get emailUndeliverable(): boolean {
    return (this.#people.table.columns.flags[this.index] & RECORD_FLAGS.emailUndeliverable) !== 0;
  }
  get suppressedBy(): string | undefined {
    return this.#people.table.text(this.#people.table.columns.suppressedBy[this.index]);
  }
}
