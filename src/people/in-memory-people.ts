// The people of the history held in memory, as CsvProfileBuilder builds them: the customer records
// in columns (customer-table.ts), indexed by id and by address (record-key-index.ts), the persons as groups of record
// indices with their order and contact figures, the orders and the suppression lists, and the
// lookups the rules make through `People`. Persons and records reach rules as views (person-views.ts).

import type { Channel } from '../types.js';
import { CustomerTable, NONE, RECORD_FLAGS, type CustomerTableState } from './customer-table.js';
import type { PersonGroups } from './link-records.js';
import { normalizeEmail, normalizePhone, normalizePostalAddress } from './normalize.js';
import { HeldViews, PersonView, RecordView, WeakViews } from './person-views.js';
import { RecordKeyIndex, type RecordKeyIndexState } from './record-key-index.js';
import {
  ORDER_STATUSES,
  type Contact,
  type CustomerRecord,
  type OrderFacts,
  type OrderStatus,
  type People,
  type Person,
  type PersonalValueKind,
} from './profiles.js';
import { CorruptState, checkCount, checkStarts, checkStrings, checkTyped } from './state-checks.js';

type AddressKind = 'email' | 'phone' | 'postal';
const ADDRESS_KINDS: readonly AddressKind[] = ['email', 'phone', 'postal'];

/** Complete people as the history cache stores them (see history-cache.ts): columns, and JSON for the few orders and the file columns. */
export interface PeopleState {
  table: CustomerTableState;
  byAddress: Record<AddressKind, RecordKeyIndexState>;
  groups: PersonGroups;
  instantCount: number;
  personDoNotContact: Uint8Array;
  orderCounts: Float64Array;
  lastOrderBefore: Float64Array;
  contacts: { customerIds: string[]; channels: string[]; sentAt: Float64Array; campaignIds: string[]; brands: string[] };
  contactStarts: Int32Array;
  orders: Array<Omit<OrderFacts, 'person'> & { person: number }>;
  sources: NonNullable<People['sources']>;
  suppressed: Record<'ids' | AddressKind, { keys: string[]; lists: string[] }>;
}

export class InMemoryPeople implements People {
  table = new CustomerTable();
  /** The records with a customer_id, by it; those without one (docs/inputs.md) are in no map by id, so no id finds them. */
  readonly byId = new Map<string, number>();
  /** Records whose customer_id is an email, by the email normalized: ids that are emails compare as emails (docs/inputs.md). */
  readonly byEmailId = new Map<string, number>();
  /** The records by each of their addresses, normalized. */
  readonly byAddress: Record<AddressKind, RecordKeyIndex> = {
    email: new RecordKeyIndex((record) => normalizeEmail(this.table.emails[record])),
    phone: new RecordKeyIndex((record) => normalizePhone(this.table.phones[record])),
    postal: new RecordKeyIndex((record) => normalizePostalAddress(this.table.postalAddresses[record])),
  };
  groups: PersonGroups = { count: 0, personOf: new Int32Array(0), starts: new Int32Array(1), records: new Int32Array(0) };
  instantCount = 0;
  /** Per person, 1 when it must not be contacted. */
  personDoNotContact = new Uint8Array(0);
  /** Persons × instants: see Person.orderCounts and Person.lastOrderBefore. */
  orderCounts = new Float64Array(0);
  lastOrderBefore = new Float64Array(0);
  /** Contacts by person: person p's are `contacts[contactStarts[p]]` to `contacts[contactStarts[p + 1] − 1]`. */
  private contacts: Contact[] = [];
  private contactStarts: Int32Array = new Int32Array(1);
  /** Contacts told of before they are grouped by person, and their persons. */
  private readonly contactsToGroup: Contact[] = [];
  private readonly personsOfContacts: number[] = [];
  readonly orders = new Map<string, OrderFacts>();
  sources: NonNullable<People['sources']> = {};
  /** Suppressed ids and addresses (normalized), each with its suppression list. */
  readonly suppressed: Record<'ids' | AddressKind, Map<string, string>> = {
    ids: new Map(),
    email: new Map(),
    phone: new Map(),
    postal: new Map(),
  };
  private readonly personViews = new HeldViews<Person>((index) => new PersonView(index, this));
  private readonly recordViews = new WeakViews<CustomerRecord>((index) => new RecordView(index, this));

  get personCount(): number {
    return this.groups.count;
  }
  get customerCount(): number {
    return this.table.length;
  }

  /** Sets the persons once every record is read, with room for their figures at each run instant. */
  setPersons(groups: PersonGroups, instantCount: number): void {
    this.table.trim();
    this.groups = groups;
    this.instantCount = instantCount;
    this.orderCounts = new Float64Array(groups.count * instantCount);
    this.lastOrderBefore = new Float64Array(groups.count * instantCount).fill(-Infinity);
    this.personDoNotContact = new Uint8Array(groups.count);
    const { flags } = this.table.columns;
    for (let record = 0; record < this.table.length; record++) {
      if (flags[record] & RECORD_FLAGS.doNotContact) this.personDoNotContact[groups.personOf[record]] = 1;
    }
    this.personViews.reset(groups.count);
    this.recordViews.reset(this.table.length);
  }

  /** What `restore` makes the same people from; call once they are complete (built, contacts grouped). */
  state(): PeopleState {
    const { contacts } = this;
    const suppressedState = (map: Map<string, string>) => ({ keys: [...map.keys()], lists: [...map.values()] });
    return {
      table: this.table.state(),
      byAddress: {
        email: this.byAddress.email.state(),
        phone: this.byAddress.phone.state(),
        postal: this.byAddress.postal.state(),
      },
      groups: this.groups,
      instantCount: this.instantCount,
      personDoNotContact: this.personDoNotContact,
      orderCounts: this.orderCounts,
      lastOrderBefore: this.lastOrderBefore,
      contacts: {
        customerIds: contacts.map((contact) => contact.customerId),
        channels: contacts.map((contact) => contact.channel),
        sentAt: Float64Array.from(contacts, (contact) => contact.sentAt),
        campaignIds: contacts.map((contact) => contact.campaignId),
        brands: contacts.map((contact) => contact.brand),
      },
      contactStarts: this.contactStarts,
      orders: [...this.orders.values()].map((order) => ({ ...order, person: order.person?.index ?? -1 })),
      sources: this.sources,
      suppressed: {
        ids: suppressedState(this.suppressed.ids),
        email: suppressedState(this.suppressed.email),
        phone: suppressedState(this.suppressed.phone),
        postal: suppressedState(this.suppressed.postal),
      },
    };
  }

  /** The people a `state()` was taken of; throws CorruptState when the state does not hold together. */
  static restore(state: PeopleState): InMemoryPeople {
    const people = new InMemoryPeople();
    const table = CustomerTable.restore(state.table);
    const records = table.length;
    people.table = table;
    for (const kind of ADDRESS_KINDS) people.byAddress[kind].restore(state.byAddress[kind], records);
    const { flags } = table.columns;
    for (let record = 0; record < records; record++) {
      if (!(flags[record] & RECORD_FLAGS.hasId)) continue;
      const customerId = table.customerIds[record];
      people.byId.set(customerId, record);
      if (customerId.includes('@')) people.byEmailId.set(normalizeEmail(customerId), record);
    }
    const groups = checkGroups(state.groups, records);
    const instantCount = checkCount(state.instantCount, 'instantCount');
    people.setPersons(groups, instantCount);
    people.personDoNotContact = checkTyped(state.personDoNotContact, Uint8Array, 'personDoNotContact', groups.count);
    people.orderCounts = checkTyped(state.orderCounts, Float64Array, 'orderCounts', groups.count * instantCount);
    people.lastOrderBefore = checkTyped(state.lastOrderBefore, Float64Array, 'lastOrderBefore', groups.count * instantCount);
    const { contacts } = state;
    const contactCount = checkStrings(contacts.customerIds, 'contacts').length;
    for (const name of ['channels', 'campaignIds', 'brands'] as const) checkStrings(contacts[name], name, contactCount);
    checkTyped(contacts.sentAt, Float64Array, 'sentAt', contactCount);
    checkStarts(state.contactStarts, groups.count, contactCount, 'contactStarts');
    people.contacts = contacts.customerIds.map((customerId, at) => ({
      customerId,
      channel: contacts.channels[at],
      sentAt: contacts.sentAt[at],
      campaignId: contacts.campaignIds[at],
      brand: contacts.brands[at],
    }));
    people.contactStarts = state.contactStarts;
    for (const order of checkOrders(state.orders, groups.count)) {
      people.orders.set(order.orderId, { ...order, person: order.person < 0 ? undefined : people.person(order.person) });
    }
    people.sources = checkSources(state.sources);
    for (const kind of ['ids', ...ADDRESS_KINDS] as const) {
      const { keys, lists } = state.suppressed[kind] ?? {};
      checkStrings(lists, `suppressed ${kind}`, checkStrings(keys, `suppressed ${kind}`).length);
      keys.forEach((key, at) => people.suppressed[kind].set(key, lists[at]));
    }
    return people;
  }

  /**
   * The record index of a customer_id, −1 when none. An id that is an email compares as an email:
   * with the ids that are emails, else with the records' email addresses (exports whose orders
   * carry only the buyer's email, such as Shopify's).
   */
  recordIndex(customerId: string): number {
    const record = this.byId.get(customerId);
    if (record !== undefined) return record;
    if (!customerId.includes('@')) return -1;
    const email = normalizeEmail(customerId);
    return this.byEmailId.get(email) ?? this.byAddress.email.recordsAt(email)[0] ?? -1;
  }

  customer(customerId: string): CustomerRecord | undefined {
    const record = this.recordIndex(customerId);
    return record < 0 ? undefined : this.recordViews.get(record);
  }

  person(index: number): Person {
    return this.personViews.get(index);
  }

  recordsOf(person: number): readonly CustomerRecord[] {
    const { starts, records } = this.groups;
    const views: CustomerRecord[] = [];
    for (let at = starts[person]; at < starts[person + 1]; at++) views.push(this.recordViews.get(records[at]));
    return views;
  }

  /** Tells of a contact of a person's; contactsOf finds it once `groupContacts` has run. */
  addContact(person: number, contact: Contact): void {
    this.contactsToGroup.push(contact);
    this.personsOfContacts.push(person);
  }

  /** Groups the contacts told of by person, each person's in the order told. */
  groupContacts(): void {
    const starts = new Int32Array(this.groups.count + 1);
    const persons = this.personsOfContacts;
    for (const person of persons) starts[person + 1]++;
    for (let p = 0; p < this.groups.count; p++) starts[p + 1] += starts[p];
    const next = starts.slice(0, this.groups.count);
    const contacts = new Array<Contact>(this.contactsToGroup.length);
    this.contactsToGroup.forEach((contact, at) => (contacts[next[persons[at]]++] = contact));
    this.contacts = contacts;
    this.contactStarts = starts;
    this.contactsToGroup.length = 0;
    persons.length = 0;
  }

  contactsOf(person: number): readonly Contact[] {
    const from = this.contactStarts[person] ?? 0;
    const to = this.contactStarts[person + 1] ?? 0;
    return from === to ? NONE : this.contacts.slice(from, to);
  }

  suppressedAddress(channel: Channel, address: string): string | undefined {
    const at = addressKey(channel, address);
    return at && this.suppressed[at.kind].get(at.key);
  }

  /** The first record holding the address: numbers below `customerCount`, one per normalized address. */
  addressNumber(channel: Channel, address: string): number {
    const at = addressKey(channel, address);
    return at ? this.byAddress[at.kind].firstAt(at.key) : -1;
  }

  customersByAddress(channel: Channel, address: string): readonly CustomerRecord[] {
    const at = addressKey(channel, address);
    if (!at) return NONE;
    const records = this.byAddress[at.kind].recordsAt(at.key);
    return records.length === 0 ? NONE : records.map((record) => this.recordViews.get(record));
  }

  order(orderId: string): OrderFacts | undefined {
    return this.orders.get(orderId);
  }

  forEachPersonalValue(visit: (kind: PersonalValueKind, value: string) => void): void {
    for (let index = 0; index < this.groups.count; index++) {
      const person = new PersonView(index, this);
      for (const name of person.firstNames) visit('name', name);
      for (const name of person.lastNames) visit('name', name);
    }
    const { flags } = this.table.columns;
    const visitRecord = (record: number): void => {
      if (this.table.phones[record]) visit('phone', this.table.phones[record]);
      if (this.table.postalAddresses[record]) visit('postal_address', this.table.postalAddresses[record]);
    };
    // The records with a customer_id first, then those without, as they were always visited.
    for (let record = 0; record < this.table.length; record++) if (flags[record] & RECORD_FLAGS.hasId) visitRecord(record);
    for (let record = 0; record < this.table.length; record++) if (!(flags[record] & RECORD_FLAGS.hasId)) visitRecord(record);
  }
}

/** The address a channel reaches, normalized as identity compares it (docs/inputs.md); none for push, nor for a phone without digits. */
function addressKey(channel: Channel, address: string): { kind: AddressKind; key: string } | undefined {
  switch (channel) {
    case 'email':
      return { kind: 'email', key: normalizeEmail(address) };
    case 'sms':
    case 'phone': {
      const phone = normalizePhone(address);
      return phone ? { kind: 'phone', key: phone } : undefined;
    }
    case 'direct_mail':
      return { kind: 'postal', key: normalizePostalAddress(address) };
    case 'push':
      return undefined;
  }
}

/** Groups that partition the records: each record in the group `personOf` says, once. */
function checkGroups(groups: PersonGroups, recordCount: number): PersonGroups {
  const count = checkCount(groups?.count, 'persons');
  const personOf = checkTyped(groups.personOf, Int32Array, 'personOf', recordCount);
  const records = checkTyped(groups.records, Int32Array, 'records', recordCount);
  checkStarts(groups.starts, count, recordCount, 'starts');
  for (let person = 0; person < count; person++) {
    for (let at = groups.starts[person]; at < groups.starts[person + 1]; at++) {
      const record = records[at];
      if (record < 0 || record >= recordCount || personOf[record] !== person)
        throw new CorruptState('persons: records do not match');
    }
  }
  return { count, personOf, starts: groups.starts, records };
}

function checkOrders(orders: unknown, personCount: number): PeopleState['orders'] {
  if (!Array.isArray(orders)) throw new CorruptState('orders: not a list');
  for (const order of orders as PeopleState['orders']) {
    const valid =
      typeof order?.orderId === 'string' &&
      typeof order.customerId === 'string' &&
      Number.isInteger(order.person) &&
      order.person >= -1 &&
      order.person < personCount &&
      (order.status === null || ORDER_STATUSES.includes(order.status as OrderStatus)) &&
      (order.deliveredAt === null || typeof order.deliveredAt === 'number') &&
      (order.deliveryAssumed === undefined || typeof order.deliveryAssumed === 'string');
    if (!valid) throw new CorruptState('orders: not orders');
  }
  return orders as PeopleState['orders'];
}

function checkSources(sources: unknown): PeopleState['sources'] {
  if (typeof sources !== 'object' || sources === null) throw new CorruptState('sources: not an object');
  for (const [kind, files] of Object.entries(sources)) {
    if (!['customers', 'orders', 'contacts'].includes(kind) || !Array.isArray(files))
      throw new CorruptState('sources: unknown kind');
    for (const file of files as Array<{ columns: unknown; header: unknown }>) {
      checkStrings(file?.columns, 'sources columns');
      checkStrings(file.header, 'sources header');
    }
  }
  return sources as PeopleState['sources'];
}
