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
import { InMemoryPeople, NONE } from './in-memory-people.js';
import { formPersons, type PendingRecord } from './link-records.js';
import {
  PROGRESS_EVERY_ROWS,
  type Contact,
  type CustomerRecord,
  type People,
  type Person,
  type ProfileBuilder,
  type ProfileRequest,
} from './profiles.js';

const CONSENT_COLUMNS: ReadonlyArray<[Channel, string]> = [
  ['email', 'email_consent'],
  ['sms', 'sms_consent'],
  ['phone', 'phone_consent'],
  ['direct_mail', 'mail_consent'],
  ['push', 'push_consent'],
];

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
      formPersons(pending, request, people);
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
        // Empty, 0 and guest are no id (docs/inputs.md): the record is kept, linked by its other keys.
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
   * Reads the suppression lists (docs/inputs.md): ids and addresses that must not be contacted. A record
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
            throw new InputError('a suppression list needs a customer_id, email, phone or postal_address column', {
              file,
              line: 1,
            });
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

/** The notice for a customers file with records that have no customer_id (docs/inputs.md): one per file. */
function withoutIdNotice(source: CsvSource, lines: readonly number[], linkBy: ProfileRequest['identity']['linkBy']): Notice {
  const count = lines.length;
  const listed = lines.slice(0, NOTICE_LINES).join(', ');
  const where =
    count === 1 ? `line ${listed}` : `lines ${listed}${count > NOTICE_LINES ? `, … (${count - NOTICE_LINES} more)` : ''}`;
  const keys = (['person_id', 'email', 'phone', 'name_postal'] as const)
    .filter((key) => linkBy.includes(key))
    .map((key) => LINK_KEY_WORDS[key]);
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

/** A list cell in lower case; the shared empty list when there is nothing. */
function lowerCaseList(text: string): readonly string[] {
  if (text.trim() === '') return NONE;
  return parseList(text).map((item) => item.toLowerCase());
}
