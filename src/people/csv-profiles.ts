// Builds persons from the history CSV files, in memory. Each file is streamed once; what is kept
// grows with customers (one record and one person each), never with orders or contacts.

import { CUSTOMER_COLUMNS, SUPPRESSION_COLUMNS } from '../csv/columns.js';
import { columnsOf, readCsv, type CsvHeader } from '../csv/read.js';
import { TypedCells } from '../csv/typed-cells.js';
import { parseList } from '../csv/values.js';
import { InputError, ProblemList } from '../errors.js';
import type { Channel, CsvSource, Notice } from '../types.js';
import {
  isNoCustomerId,
  knownName,
  nameAndPostalKey,
  normalizeEmail,
  normalizePhone,
  normalizePostalAddress,
} from './normalize.js';
import { cellAt, digestHistory, type HistoryDigest } from './history-digest.js';
import { duplicateIdMessage } from './duplicate-ids.js';
import { startDigest } from './digest-runner.js';
import {
  PROGRESS_EVERY_ROWS,
  type Contact,
  type CustomerRecord,
  type OrderFacts,
  type People,
  type Person,
  type PersonalValueKind,
  type ProfileBuilder,
  type ProfileRequest,
} from './profiles.js';


/** Customer fields kept only until persons are formed. */
interface PendingRecord {
  record: CustomerRecord;
  /** Where the record is: its customers file, as shown, and its line there. */
  file: string;
  line: number;
  firstName: string | undefined;
  lastName: string | undefined;
  birthDate: number | null;
  childrenBirthYears: number[] | null;
  lifeStages: readonly string[];
  interests: readonly string[];
  loyaltyTier: string;
  /** Identity keys (SPEC §2), normalized; '' where the record has none. */
  personId: string;
  email: string;
  phone: string;
  namePostal: string;
  /** The postal address as `duplicate-recipient` and address lookups compare it. */
  postalAddress: string;
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
  /** The records with a customer_id, by it. */
  readonly customers = new Map<string, CustomerRecord>();
  /** The records without one (SPEC §6): in no map by id, so no id finds them. */
  readonly withoutId: CustomerRecord[] = [];
  readonly persons: Person[] = [];
  // One record, or several when records share an address (arrays only then, to stay small).
  readonly byEmail = new Map<string, CustomerRecord | CustomerRecord[]>();
  readonly byPhone = new Map<string, CustomerRecord | CustomerRecord[]>();
  readonly byPostalAddress = new Map<string, CustomerRecord | CustomerRecord[]>();
  readonly orders = new Map<string, OrderFacts>();
  readonly sources: NonNullable<People['sources']> = {};

  get personCount(): number {
    return this.persons.length;
  }
  get customerCount(): number {
    return this.customers.size + this.withoutId.length;
  }
  /** Records whose customer_id is an email, by the email normalized: ids that are emails compare as emails (SPEC §2). */
  readonly byEmailId = new Map<string, CustomerRecord>();

  /**
   * The record of a customer_id. An id that is an email compares as an email: with the ids that
   * are emails, else with the records' email addresses (exports whose orders carry only the buyer's
   * email, such as Shopify's).
   */
  customer(customerId: string): CustomerRecord | undefined {
    const record = this.customers.get(customerId);
    if (record || !customerId.includes('@')) return record;
    return this.byEmailId.get(normalizeEmail(customerId)) ?? this.customersByAddress('email', customerId)[0];
  }
  /** Suppressed ids and addresses (normalized), each with its suppression list. */
  readonly suppressed = { ids: new Map<string, string>(), email: new Map<string, string>(), phone: new Map<string, string>(), postal: new Map<string, string>() };

  suppressedAddress(channel: Channel, address: string): string | undefined {
    switch (channel) {
      case 'email':
        return this.suppressed.email.get(normalizeEmail(address));
      case 'sms':
      case 'phone': {
        const phone = normalizePhone(address);
        return phone ? this.suppressed.phone.get(phone) : undefined;
      }
      case 'direct_mail':
        return this.suppressed.postal.get(normalizePostalAddress(address));
      case 'push':
        return undefined;
    }
  }

  customersByAddress(channel: Channel, address: string): readonly CustomerRecord[] {
    const found = this.recordsAt(channel, address);
    return found === undefined ? NONE : Array.isArray(found) ? found : [found];
  }
  private recordsAt(channel: Channel, address: string): CustomerRecord | CustomerRecord[] | undefined {
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
  forEachPersonalValue(visit: (kind: PersonalValueKind, value: string) => void): void {
    for (const person of this.persons) {
      for (const name of person.firstNames) visit('name', name);
      for (const name of person.lastNames) visit('name', name);
    }
    const visitRecord = (record: CustomerRecord): void => {
      if (record.phone) visit('phone', record.phone);
      if (record.postalAddress) visit('postal_address', record.postalAddress);
    };
    this.customers.forEach(visitRecord);
    this.withoutId.forEach(visitRecord);
  }
}

function column(header: CsvHeader, name: string): number {
  return header.indexOf(name);
}

export class CsvProfileBuilder implements ProfileBuilder {
  async build(request: ProfileRequest): Promise<People> {
    const people = new InMemoryPeople();
    const { history } = request;
    // Orders and contacts do not depend on customers: digest them meanwhile, the orders (the
    // largest file) on the second core, the contacts here between customer records.
    const orders = startDigest({
      orders: history.orders,
      instants: request.instants,
      orderIds: request.orderIds,
      contactLookbackMs: 0,
    });
    const contacts = digestHistory({
      contacts: history.contacts,
      instants: request.instants,
      orderIds: new Set(),
      contactLookbackMs: request.contactLookbackMs,
      onProgress: request.onProgress,
    });
    contacts.catch(() => {}); // awaited below unless the customers fail first
    try {
      // Several customers files join one history: their records link into persons together.
      const pending: PendingRecord[] = [];
      for (const source of history.customers ?? []) await this.readCustomers(source, request, people, pending);
      this.formPersons(pending, request, people);
    } catch (error) {
      orders.cancel();
      throw error;
    }
    this.applyDigest(await orders.result, request, people);
    this.applyDigest(await contacts, request, people);
    if (history.suppressions) await this.readSuppressions(history.suppressions, people);
    return people;
  }

  /** Reads one customers file into `pending`, which holds the records of the files read before. */
  private async readCustomers(
    source: CsvSource,
    request: ProfileRequest,
    people: InMemoryPeople,
    pending: PendingRecord[],
  ): Promise<void> {
    const duplicates = new ProblemList();
    let typed: TypedCells;
    let col: Record<(typeof CUSTOMER_COLUMNS)[number], number>;
    const consentIndex: Array<[Channel, number]> = [];
    const { onProgress } = request;
    let rows = 0;
    /** Lines of the records without a customer_id, for the notice. */
    const withoutIdLines: number[] = [];
    const linkBy = {
      personId: request.identity.linkBy.includes('person_id'),
      namePostal: request.identity.linkBy.includes('name_postal'),
    };
    await readCsv(
      source,
      { canonical: CUSTOMER_COLUMNS, required: ['customer_id'] },
      (header) => {
        typed = new TypedCells(source, header, request.onInvalidValue);
        col = Object.fromEntries(CUSTOMER_COLUMNS.map((name) => [name, column(header, name)])) as typeof col;
        people.sources.customers = [...(people.sources.customers ?? []), columnsOf(header, CUSTOMER_COLUMNS)];
        for (const [channel, name] of CONSENT_COLUMNS) consentIndex.push([channel, column(header, name)]);
      },
      (cells, line) => {
        if (onProgress && ++rows % PROGRESS_EVERY_ROWS === 0) onProgress({ file: source.displayPath, rows });
        const idCell = cellAt(cells, col.customer_id).trim();
        // Empty, 0 and guest are no id (SPEC §6): the record is kept, linked by its other keys.
        const hasId = !isNoCustomerId(idCell);
        const customerId = hasId ? idCell : `(no customer_id, line ${line} of ${source.displayPath})`;
        const earlier = hasId ? people.customer(customerId) : undefined;
        if (earlier) {
          // The earlier line takes a search: only for the duplicates listed.
          duplicates.add(() => {
            const first = pending.find((entry) => entry.record === earlier)!;
            // An id another customers file already has is named with that file.
            const firstLine = first.file === source.displayPath ? first.line : `${first.line} of ${first.file}`;
            return { file: source.displayPath, line, message: duplicateIdMessage('customer_id', customerId, firstLine, line) };
          });
          return;
        }
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
          emailUndeliverable: typed.boolean(cells, col.email_undeliverable, line) === true,
        };
        if (hasId) {
          people.customers.set(customerId, record);
          if (customerId.includes('@')) people.byEmailId.set(normalizeEmail(customerId), record);
        } else {
          people.withoutId.push(record);
          withoutIdLines.push(line);
        }
        pending.push({
          record,
          file: source.displayPath,
          line,
          firstName: knownName(cellAt(cells, col.first_name)),
          lastName: knownName(cellAt(cells, col.last_name)),
          birthDate: typed.date(cells, col.birth_date, line),
          childrenBirthYears: typed.years(cells, col.children_birth_years, line),
          lifeStages: lowerCaseList(cellAt(cells, col.life_stage)),
          interests: lowerCaseList(cellAt(cells, col.interests)),
          loyaltyTier: cellAt(cells, col.loyalty_tier).trim(),
          personId: linkBy.personId ? cellAt(cells, col.person_id).trim() : '',
          email: normalizeEmail(record.email),
          phone: normalizePhone(record.phone),
          namePostal: linkBy.namePostal
            ? nameAndPostalKey(cellAt(cells, col.first_name), cellAt(cells, col.last_name), cellAt(cells, col.postal_code))
            : '',
          postalAddress: normalizePostalAddress(record.postalAddress),
        });
      },
    );
    if (duplicates.size > 0) {
      throw duplicates.toError([
        'customer_id identifies one customer record: merge the rows, or give each its own id ' +
          '(the records of one person are linked by person_id, email, phone, or name and postal code)',
      ]);
    }
    if (withoutIdLines.length > 0) request.onNotice?.(withoutIdNotice(source, withoutIdLines, request.identity.linkBy));
  }

  /**
   * Reads the suppression lists (SPEC §6): ids and addresses that must not be contacted. A record
   * they name, by its id or an address, makes its person do-not-contact; an audience address they
   * name is found by `suppressedAddress` even without a record.
   */
  private async readSuppressions(sources: readonly CsvSource[], people: InMemoryPeople): Promise<void> {
    const { suppressed } = people;
    for (const source of sources) {
      const file = source.displayPath;
      let col: Record<(typeof SUPPRESSION_COLUMNS)[number], number>;
      await readCsv(
        source,
        { canonical: SUPPRESSION_COLUMNS, required: [] },
        (header) => {
          col = Object.fromEntries(SUPPRESSION_COLUMNS.map((name) => [name, column(header, name)])) as typeof col;
          if (Object.values(col).every((index) => index < 0)) {
            throw new InputError('a suppression list needs a customer_id, email, phone or postal_address column', { file, line: 1 });
          }
        },
        (cells) => {
          const id = cellAt(cells, col.customer_id).trim();
          if (!isNoCustomerId(id) && !suppressed.ids.has(id)) suppressed.ids.set(id, file);
          const keys = [
            [suppressed.email, normalizeEmail(cellAt(cells, col.email))],
            [suppressed.phone, normalizePhone(cellAt(cells, col.phone))],
            [suppressed.postal, normalizePostalAddress(cellAt(cells, col.postal_address))],
          ] as const;
          for (const [map, key] of keys) if (key && !map.has(key)) map.set(key, file);
        },
      );
    }
    for (const record of [...people.customers.values(), ...people.withoutId]) {
      const by =
        suppressed.ids.get(record.customerId) ??
        (record.email ? suppressed.email.get(normalizeEmail(record.email)) : undefined) ??
        (record.phone ? people.suppressedAddress('phone', record.phone) : undefined) ??
        (record.postalAddress ? suppressed.postal.get(normalizePostalAddress(record.postalAddress)) : undefined);
      if (by === undefined) continue;
      record.suppressedBy = by;
      record.person.doNotContact = true;
    }
  }

  /** Links records that share a key (transitively) and builds one Person per group. */
  private formPersons(pending: PendingRecord[], request: ProfileRequest, people: InMemoryPeople): void {
    const sets = new DisjointSets();
    const linkBy = request.identity.linkBy;
    // One map per kind of key, so keys need no prefix (no string building per record).
    const keyKinds = (
      [
        ['person_id', (entry: PendingRecord) => entry.personId],
        ['email', (entry: PendingRecord) => entry.email],
        ['phone', (entry: PendingRecord) => entry.phone],
        ['name_postal', (entry: PendingRecord) => entry.namePostal],
      ] as const
    ).filter(([kind]) => linkBy.includes(kind));
    for (let i = 0; i < pending.length; i++) sets.add();
    for (const [, keyOf] of keyKinds) {
      const firstWithKey = new Map<string, number>();
      for (let i = 0; i < pending.length; i++) {
        const key = keyOf(pending[i]);
        if (!key) continue;
        const earlier = firstWithKey.get(key);
        if (earlier === undefined) firstWithKey.set(key, i);
        else sets.union(earlier, i);
      }
    }

    const personOfRoot: Array<Person | undefined> = new Array(pending.length);
    const instantCount = request.instants.length;
    for (let i = 0; i < pending.length; i++) {
      const entry = pending[i];
      const root = sets.find(i);
      let person = personOfRoot[root];
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
        personOfRoot[root] = person;
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

      addRecordAt(people.byEmail, entry.email, record);
      addRecordAt(people.byPhone, entry.phone, record);
      addRecordAt(people.byPostalAddress, entry.postalAddress, record);
    }
  }

  /** Adds the digest of orders and contacts to the persons of their customers. */
  private applyDigest(digest: HistoryDigest, request: ProfileRequest, people: InMemoryPeople): void {
    const width = request.instants.length;
    digest.customerIds.forEach((customerId, row) => {
      const person = people.customer(customerId)?.person;
      if (!person) return;
      for (let i = 0; i < width; i++) {
        person.orderCounts[i] += digest.orderCounts[row * width + i];
        person.lastOrderBefore[i] = Math.max(person.lastOrderBefore[i], digest.lastOrderBefore[row * width + i]);
      }
    });
    for (const order of digest.orders) {
      people.orders.set(order.orderId, { ...order, person: people.customer(order.customerId)?.person });
    }
    for (const contact of digest.contacts) {
      const person = people.customer(contact.customerId)?.person;
      if (!person) continue;
      if (person.contacts.length === 0) person.contacts = [contact];
      else (person.contacts as Contact[]).push(contact);
    }
    for (const issue of digest.invalidValues) request.onInvalidValue(issue);
    Object.assign(people.sources, digest.sources);
  }
}

/** Lines a notice names before it only counts the rest. */
const NOTICE_LINES = 5;

const LINK_KEY_WORDS: Record<ProfileRequest['identity']['linkBy'][number], string> = {
  person_id: 'person_id',
  email: 'email',
  phone: 'phone',
  name_postal: 'name + postal code',
};

/** The notice for a customers file with records that have no customer_id (SPEC §6): one per file. */
function withoutIdNotice(source: CsvSource, lines: readonly number[], linkBy: ProfileRequest['identity']['linkBy']): Notice {
  const count = lines.length;
  const listed = lines.slice(0, NOTICE_LINES).join(', ');
  const where = count === 1 ? `line ${listed}` : `lines ${listed}${count > NOTICE_LINES ? `, … (${count - NOTICE_LINES} more)` : ''}`;
  const keys = (['person_id', 'email', 'phone', 'name_postal'] as const).filter((key) => linkBy.includes(key)).map((key) => LINK_KEY_WORDS[key]);
  const linked =
    keys.length === 0
      ? `${count === 1 ? 'it is' : 'they are'} linked to no other record (identity.linkBy is empty)`
      : `${count === 1 ? 'it is' : 'they are'} linked to persons by ${count === 1 ? 'its' : 'their'} ${wordList(keys)} only`;
  return {
    kind: 'records-without-id',
    file: source.displayPath,
    message: `${count} ${count === 1 ? 'record has' : 'records have'} no customer_id (empty, 0 or guest; ${where}): ${linked}`,
  };
}

/** "a", "a and b", "a, b and c". */
function wordList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function addRecordAt(index: Map<string, CustomerRecord | CustomerRecord[]>, address: string, record: CustomerRecord): void {
  if (!address) return;
  const held = index.get(address);
  if (held === undefined) index.set(address, record);
  else if (Array.isArray(held)) held.push(record);
  else index.set(address, [held, record]);
}

/** A list cell in lower case; the shared empty list when there is nothing. */
function lowerCaseList(text: string): readonly string[] {
  if (text.trim() === '') return NONE;
  return parseList(text).map((item) => item.toLowerCase());
}

/** One shared empty list: most persons have no children, interests or contacts on record. */
const NONE: readonly never[] = Object.freeze([]);

/** The list with the value added unless present; a new array of exact size, so small lists stay small. */
function withUnique<T>(list: readonly T[], value: T | undefined): readonly T[] {
  if (value === undefined) return list;
  if (list.length === 0) return [value];
  return list.includes(value) ? list : list.concat(value);
}
