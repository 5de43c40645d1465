// Builds persons from the history CSV files, in memory. Each file is streamed once; what is kept
// grows with customers (one record and one person each), never with orders or contacts.

import { readCsv, type CsvHeader } from '../csv/read.js';
import { TypedCells } from '../csv/typed-cells.js';
import { parseList } from '../csv/values.js';
import type { Channel, CsvSource } from '../types.js';
import {
  knownName,
  nameAndPostalKey,
  normalizeEmail,
  normalizePhone,
  normalizePostalAddress,
} from './normalize.js';
import {
  ORDER_STATUSES,
  type Contact,
  type CustomerRecord,
  type OrderFacts,
  type OrderStatus,
  type People,
  type Person,
  type ProfileBuilder,
  type ProfileRequest,
} from './profiles.js';

export const CUSTOMER_COLUMNS = [
  'customer_id', 'person_id', 'brand', 'email', 'phone', 'first_name', 'last_name', 'postal_address',
  'postal_code', 'birth_date', 'children_birth_years', 'life_stage', 'loyalty_tier', 'interests',
  'email_consent', 'sms_consent', 'phone_consent', 'mail_consent', 'push_consent', 'unsubscribed_at',
  'do_not_contact',
] as const;
export const CONTACT_COLUMNS = ['customer_id', 'channel', 'sent_at', 'campaign_id', 'brand'] as const;
export const ORDER_COLUMNS = [
  'order_id', 'customer_id', 'ordered_at', 'status', 'delivered_at', 'total', 'category', 'brand',
] as const;

/** Customer fields kept only until persons are formed. */
interface PendingRecord {
  record: CustomerRecord;
  firstName: string | undefined;
  lastName: string | undefined;
  birthDate: number | null;
  childrenBirthYears: number[] | null;
  lifeStages: string[];
  interests: string[];
  loyaltyTier: string;
  /** The identity keys (SPEC §2) this record links by. */
  keys: string[];
}

const CONSENT_COLUMNS: ReadonlyArray<[Channel, string]> = [
  ['email', 'email_consent'],
  ['sms', 'sms_consent'],
  ['phone', 'phone_consent'],
  ['direct_mail', 'mail_consent'],
  ['push', 'push_consent'],
];

/** Union-find over record indices, with path halving. */
class DisjointSets {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

class InMemoryPeople implements People {
  readonly customers = new Map<string, CustomerRecord>();
  readonly persons: Person[] = [];
  readonly byEmail = new Map<string, CustomerRecord>();
  readonly byPhone = new Map<string, CustomerRecord>();
  readonly byPostalAddress = new Map<string, CustomerRecord>();
  readonly orders = new Map<string, OrderFacts>();

  get personCount(): number {
    return this.persons.length;
  }
  get customerCount(): number {
    return this.customers.size;
  }
  customer(customerId: string): CustomerRecord | undefined {
    return this.customers.get(customerId);
  }
  customerByAddress(channel: Channel, address: string): CustomerRecord | undefined {
    switch (channel) {
      case 'email':
        return this.byEmail.get(normalizeEmail(address));
      case 'sms':
      case 'phone': {
        const phone = normalizePhone(address);
        return phone ? this.byPhone.get(phone) : undefined;
      }
      case 'direct_mail':
        return this.byPostalAddress.get(normalizePostalAddress(address));
      case 'push':
        return undefined;
    }
  }
  order(orderId: string): OrderFacts | undefined {
    return this.orders.get(orderId);
  }
}

function column(header: CsvHeader, name: string): number {
  return header.indexOf(name);
}

/** The cell, or '' when the column is absent. */
function cellAt(cells: string[], index: number): string {
  return index < 0 ? '' : (cells[index] ?? '');
}

export class CsvProfileBuilder implements ProfileBuilder {
  async build(request: ProfileRequest): Promise<People> {
    const people = new InMemoryPeople();
    const pending = request.history.customers
      ? await this.readCustomers(request.history.customers, request, people)
      : [];
    this.formPersons(pending, request, people);
    if (request.history.orders) await this.readOrders(request.history.orders, request, people);
    if (request.history.contacts && request.contactLookbackMs > 0 && request.instants.length > 0) {
      await this.readContacts(request.history.contacts, request, people);
    }
    return people;
  }

  private async readCustomers(
    source: CsvSource,
    request: ProfileRequest,
    people: InMemoryPeople,
  ): Promise<PendingRecord[]> {
    const pending: PendingRecord[] = [];
    let typed: TypedCells;
    let col: Record<(typeof CUSTOMER_COLUMNS)[number], number>;
    const consentIndex: Array<[Channel, number]> = [];
    await readCsv(
      source,
      { canonical: CUSTOMER_COLUMNS, required: ['customer_id'] },
      (header) => {
        typed = new TypedCells(source, header, request.onInvalidValue);
        col = Object.fromEntries(CUSTOMER_COLUMNS.map((name) => [name, column(header, name)])) as typeof col;
        for (const [channel, name] of CONSENT_COLUMNS) consentIndex.push([channel, column(header, name)]);
      },
      (cells, line) => {
        const customerId = cellAt(cells, col.customer_id).trim();
        if (!customerId || people.customers.has(customerId)) return;
        const consent = { email: null, sms: null, phone: null, direct_mail: null, push: null } as CustomerRecord['consent'];
        for (const [channel, index] of consentIndex) consent[channel] = typed.boolean(cells, index, line);
        const record: CustomerRecord = {
          customerId,
          person: undefined as unknown as Person, // set once persons are formed
          brand: cellAt(cells, col.brand).trim(),
          email: cellAt(cells, col.email).trim(),
          phone: cellAt(cells, col.phone).trim(),
          postalAddress: cellAt(cells, col.postal_address).trim(),
          consent,
          unsubscribedAt: typed.date(cells, col.unsubscribed_at, line),
          doNotContact: typed.boolean(cells, col.do_not_contact, line) === true,
        };
        people.customers.set(customerId, record);
        pending.push({
          record,
          firstName: knownName(cellAt(cells, col.first_name)),
          lastName: knownName(cellAt(cells, col.last_name)),
          birthDate: typed.date(cells, col.birth_date, line),
          childrenBirthYears: typed.years(cells, col.children_birth_years, line),
          lifeStages: parseList(cellAt(cells, col.life_stage)).map((s) => s.toLowerCase()),
          interests: parseList(cellAt(cells, col.interests)).map((s) => s.toLowerCase()),
          loyaltyTier: cellAt(cells, col.loyalty_tier).trim(),
          keys: identityKeys(
          request,
          cellAt(cells, col.person_id).trim(),
          record.email,
          record.phone,
          cellAt(cells, col.first_name),
          cellAt(cells, col.last_name),
            cellAt(cells, col.postal_code),
          ),
        });
      },
    );
    return pending;
  }

  /** Links records that share a key (transitively) and builds one Person per group. */
  private formPersons(pending: PendingRecord[], request: ProfileRequest, people: InMemoryPeople): void {
    const sets = new DisjointSets();
    const firstWithKey = new Map<string, number>();
    pending.forEach((entry, i) => {
      sets.add();
      for (const key of entry.keys) {
        const earlier = firstWithKey.get(key);
        if (earlier === undefined) firstWithKey.set(key, i);
        else sets.union(earlier, i);
      }
    });
    firstWithKey.clear();

    const personOfRoot = new Map<number, Person>();
    const instantCount = request.instants.length;
    pending.forEach((entry, i) => {
      const root = sets.find(i);
      let person = personOfRoot.get(root);
      if (!person) {
        person = {
          index: people.persons.length,
          records: NONE,
          firstNames: NONE,
          lastNames: NONE,
          birthDate: null,
          childrenBirthYears: NONE,
          lifeStages: NONE,
          interests: NONE,
          loyaltyTiers: NONE,
          doNotContact: false,
          orderCounts: new Array<number>(instantCount).fill(0),
          lastOrderBefore: new Array<number>(instantCount).fill(-Infinity),
          contacts: NONE,
        };
        personOfRoot.set(root, person);
        people.persons.push(person);
      }
      const { record } = entry;
      record.person = person;
      person.records = withUnique(person.records, record);
      person.firstNames = withUnique(person.firstNames, entry.firstName);
      person.lastNames = withUnique(person.lastNames, entry.lastName);
      if (person.birthDate === null) person.birthDate = entry.birthDate;
      for (const year of entry.childrenBirthYears ?? NONE) person.childrenBirthYears = withUnique(person.childrenBirthYears, year);
      for (const stage of entry.lifeStages) person.lifeStages = withUnique(person.lifeStages, stage);
      for (const interest of entry.interests) person.interests = withUnique(person.interests, interest);
      person.loyaltyTiers = withUnique(person.loyaltyTiers, entry.loyaltyTier || undefined);
      person.doNotContact ||= record.doNotContact;

      const email = normalizeEmail(record.email);
      if (email && !people.byEmail.has(email)) people.byEmail.set(email, record);
      const phone = normalizePhone(record.phone);
      if (phone && !people.byPhone.has(phone)) people.byPhone.set(phone, record);
      const postal = normalizePostalAddress(record.postalAddress);
      if (postal && !people.byPostalAddress.has(postal)) people.byPostalAddress.set(postal, record);
    });
  }

  private async readContacts(source: CsvSource, request: ProfileRequest, people: InMemoryPeople): Promise<void> {
    const instants = request.instants;
    const lookback = request.contactLookbackMs;
    let typed: TypedCells;
    let col: Record<(typeof CONTACT_COLUMNS)[number], number>;
    await readCsv(
      source,
      { canonical: CONTACT_COLUMNS, required: ['customer_id', 'sent_at'] },
      (header) => {
        typed = new TypedCells(source, header, request.onInvalidValue);
        col = Object.fromEntries(CONTACT_COLUMNS.map((name) => [name, column(header, name)])) as typeof col;
      },
      (cells, line) => {
        const sentAt = typed.date(cells, col.sent_at, line);
        const record = people.customers.get(trimCell(cells[col.customer_id]));
        if (!record || sentAt === null) return;
        const customerId = record.customerId;
        // Only contacts in [instant − lookback, instant) of some instant can ever be counted.
        if (!instants.some((instant) => sentAt < instant && sentAt >= instant - lookback)) return;
        const contact: Contact = {
          customerId,
          channel: cellAt(cells, col.channel).trim().toLowerCase(),
          sentAt,
          campaignId: cellAt(cells, col.campaign_id).trim(),
          brand: cellAt(cells, col.brand).trim(),
        };
        const person = record.person;
        if (person.contacts.length === 0) person.contacts = [contact];
        else (person.contacts as Contact[]).push(contact);
      },
    );
  }

  private async readOrders(source: CsvSource, request: ProfileRequest, people: InMemoryPeople): Promise<void> {
    const instants = request.instants;
    const wanted = request.orderIds;
    const statuses = new Map<string, OrderStatus>(ORDER_STATUSES.map((s) => [s, s]));
    const statusOf = (text: string): OrderStatus | null =>
      statuses.get(text) ?? statuses.get(text.trim().toLowerCase()) ?? null;
    let orderIdAt = -1;
    let customerIdAt = -1;
    let orderedAtAt = -1;
    let statusAt = -1;
    let deliveredAtAt = -1;
    let totalAt = -1;
    let typed: TypedCells;
    await readCsv(
      source,
      { canonical: ORDER_COLUMNS, required: ['order_id', 'customer_id', 'ordered_at'] },
      (header) => {
        typed = new TypedCells(source, header, request.onInvalidValue);
        totalAt = column(header, 'total');
        orderIdAt = column(header, 'order_id');
        customerIdAt = column(header, 'customer_id');
        orderedAtAt = column(header, 'ordered_at');
        statusAt = column(header, 'status');
        deliveredAtAt = column(header, 'delivered_at');
      },
      (cells, line) => {
        const customerId = trimCell(cells[customerIdAt]);
        const record = people.customers.get(customerId);
        const orderedAt = typed.date(cells, orderedAtAt, line);
        const deliveredAt = typed.date(cells, deliveredAtAt, line);
        typed.number(cells, totalAt, line);
        let status: OrderStatus | null = null;
        if (statusAt >= 0) {
          status = statusOf(cells[statusAt]);
          if (status === null && cells[statusAt].trim() !== '') {
            typed.invalid(cells, statusAt, line, 'order status', `not one of ${ORDER_STATUSES.join(', ')}; map it with values:`);
          }
        }
        if (wanted.size > 0) {
          const orderId = trimCell(cells[orderIdAt]);
          if (wanted.has(orderId)) {
            people.orders.set(orderId, { orderId, customerId, person: record?.person, status, deliveredAt });
          }
        }
        if (!record || status === 'cancelled' || orderedAt === null) return;
        const person = record.person;
        for (let i = 0; i < instants.length; i++) {
          if (orderedAt <= instants[i]) person.orderCounts[i]++;
          if (orderedAt < instants[i] && orderedAt > person.lastOrderBefore[i]) person.lastOrderBefore[i] = orderedAt;
        }
      },
    );
  }
}

function identityKeys(
  request: ProfileRequest,
  personId: string,
  email: string,
  phone: string,
  firstName: string,
  lastName: string,
  postalCode: string,
): string[] {
  const keys: string[] = [];
  const linkBy = request.identity.linkBy;
  if (personId && linkBy.includes('person_id')) keys.push(`p:${personId}`);
  const normalizedEmail = normalizeEmail(email);
  if (normalizedEmail && linkBy.includes('email')) keys.push(`e:${normalizedEmail}`);
  const normalizedPhone = normalizePhone(phone);
  if (normalizedPhone && linkBy.includes('phone')) keys.push(`t:${normalizedPhone}`);
  const namePostal = nameAndPostalKey(firstName, lastName, postalCode);
  if (namePostal && linkBy.includes('name_postal')) keys.push(`n:${namePostal}`);
  return keys;
}

/** The cell without surrounding blanks; allocates only when there are some. */
function trimCell(text: string): string {
  const last = text.length - 1;
  return last >= 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(last) <= 32) ? text.trim() : text;
}

/** One shared empty list: most persons have no children, interests or contacts on record. */
const NONE: readonly never[] = Object.freeze([]);

/** The list with the value added unless present; a new array of exact size, so small lists stay small. */
function withUnique<T>(list: readonly T[], value: T | undefined): readonly T[] {
  return value === undefined || list.includes(value) ? list : list.concat(value);
}
