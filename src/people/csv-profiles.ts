// Builds persons from the history CSV files, in memory. Each file is streamed once; what is kept
// grows with customers (one record and one person each), never with orders or contacts.

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { CUSTOMER_COLUMNS, SUPPRESSION_COLUMNS } from '../csv/columns.js';
import { columnsOf, readTable, type CsvHeader } from '../csv/read.js';
import { TypedCells, type InvalidValueSink } from '../csv/typed-cells.js';
import { InputError, ProblemList } from '../errors.js';
import { isParquetFile, placeOf, placeWord } from '../places.js';
import type { Channel, CsvSource, HistoryEngine, Notice } from '../types.js';
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
import { digestWithDuckDB, openDuckDB, type EngineChoice } from './duckdb-digest.js';
import { linkCustomers } from './duckdb-persons.js';
import { CONSENT_CHANNELS, RECORD_FLAGS, withConsent } from './customer-table.js';
import { InMemoryPeople } from './in-memory-people.js';
import { readProfilesTable } from './profiles-table.js';
import { readPostgresProfiles } from './postgres-profiles.js';
import { DisjointSets, KeyLinks, formPersons } from './link-records.js';
import { LISTED_WITHOUT_ID, PROGRESS_EVERY_ROWS, type People, type ProfileBuilder, type ProfileRequest } from './profiles.js';

const CONSENT_COLUMNS: Record<Channel, string> = {
  email: 'email_consent',
  sms: 'sms_consent',
  phone: 'phone_consent',
  direct_mail: 'mail_consent',
  push: 'push_consent',
};

function column(header: CsvHeader, name: string): number {
  return header.indexOf(name);
}

/** What linking needs while the customers files are read: dropped once persons are formed. */
export interface CustomerReading {
  sets: DisjointSets;
  personIds: KeyLinks;
  namePostalKeys: KeyLinks;
  /** The customers files, each with its first record: a file's records follow one another. */
  files: Array<{ path: string; firstRecord: number }>;
  /** Each record's line in its file; grows by doubling. */
  lineOf: Int32Array;
}

export const CUSTOMER_SPEC = { canonical: CUSTOMER_COLUMNS, required: ['customer_id'] };

/** Where a customers file holds each column, and its typed reads. */
export interface CustomerColumns {
  typed: TypedCells;
  at: Record<(typeof CUSTOMER_COLUMNS)[number], number>;
  /** The consent column of each of CONSENT_CHANNELS. */
  consentAt: number[];
}

export function customerColumns(source: CsvSource, header: CsvHeader, onInvalidValue: InvalidValueSink): CustomerColumns {
  return {
    typed: new TypedCells(source, header, onInvalidValue),
    at: Object.fromEntries(CUSTOMER_COLUMNS.map((name) => [name, column(header, name)])) as CustomerColumns['at'],
    consentAt: CONSENT_CHANNELS.map((channel) => column(header, CONSENT_COLUMNS[channel])),
  };
}

/** The identity keys the records are linked by (identity.linkBy). */
type LinkKeys = Record<'personId' | 'email' | 'phone' | 'namePostal', boolean>;

function linkKeys(request: ProfileRequest): LinkKeys {
  const { linkBy } = request.identity;
  return {
    personId: linkBy.includes('person_id'),
    email: linkBy.includes('email'),
    phone: linkBy.includes('phone'),
    namePostal: linkBy.includes('name_postal'),
  };
}

/**
 * Adds a customer record to `people`, filed by its id and addresses; with `linkBy`, linked to the
 * records read before by its keys (else its person is the caller's to link).
 */
export function appendRecord(
  people: InMemoryPeople,
  reading: CustomerReading,
  columns: CustomerColumns,
  cells: readonly string[],
  line: number,
  customerId: string,
  hasId: boolean,
  linkBy: LinkKeys | undefined,
): number {
  const { typed, at, consentAt } = columns;
  const { table, byAddress } = people;
  let consent = 0;
  for (let channel = 0; channel < consentAt.length; channel++) {
    consent = withConsent(consent, channel, typed.boolean(cells, consentAt[channel], line));
  }
  const unsubscribedAt = typed.date(cells, at.unsubscribed_at, line);
  let flags = hasId ? RECORD_FLAGS.hasId : 0;
  if (typed.boolean(cells, at.do_not_contact, line) === true) flags |= RECORD_FLAGS.doNotContact;
  if (typed.boolean(cells, at.email_undeliverable, line) === true) flags |= RECORD_FLAGS.emailUndeliverable;
  const firstName = cellAt(cells, at.first_name);
  const lastName = cellAt(cells, at.last_name);
  const email = cellAt(cells, at.email).trim();
  const phone = cellAt(cells, at.phone).trim();
  const postalAddress = cellAt(cells, at.postal_address).trim();
  const record = table.append({
    customerId,
    flags,
    brand: cellAt(cells, at.brand).trim(),
    email,
    phone,
    postalAddress,
    consent,
    unsubscribedAt,
    firstName: knownName(firstName),
    lastName: knownName(lastName),
    birthDate: typed.date(cells, at.birth_date, line),
    childrenBirthYears: typed.years(cells, at.children_birth_years, line),
    lifeStages: cellAt(cells, at.life_stage),
    interests: cellAt(cells, at.interests),
    loyaltyTier: cellAt(cells, at.loyalty_tier).trim(),
  });
  reading.sets.add();
  if (record === reading.lineOf.length) {
    const grown = new Int32Array(2 * record);
    grown.set(reading.lineOf);
    reading.lineOf = grown;
  }
  reading.lineOf[record] = line;
  if (hasId) {
    people.byId.set(customerId, record);
    if (customerId.includes('@')) people.byEmailId.set(normalizeEmail(customerId), record);
  }
  // Each record links to the first one read with a key it has (docs/inputs.md); a set's root
  // is its first record whatever the order of links, so linking as read forms the same persons.
  const firstWithEmail = byAddress.email.add(normalizeEmail(email), record);
  const firstWithPhone = byAddress.phone.add(normalizePhone(phone), record);
  byAddress.postal.add(normalizePostalAddress(postalAddress), record);
  if (!linkBy) return record;
  if (linkBy.email) reading.sets.union(firstWithEmail, record);
  if (linkBy.phone) reading.sets.union(firstWithPhone, record);
  if (linkBy.personId) reading.personIds.link(cellAt(cells, at.person_id).trim(), record);
  if (linkBy.namePostal)
    reading.namePostalKeys.link(nameAndPostalKey(firstName, lastName, cellAt(cells, at.postal_code)), record);
  return record;
}

/**
 * How many times the audiences' bytes the customers files hold before DuckDB links them: at 300,000
 * customers and as many audience rows (2.3 times the bytes) linking took 26.8 s against 21.7 s.
 */
const REACH_RATIO = 4;

/** The cells of a record linked by DuckDB: CUSTOMER_COLUMNS, in order. */
const LINKED_LAYOUT: CsvHeader = {
  names: [...CUSTOMER_COLUMNS],
  indexOf: (name) => CUSTOMER_COLUMNS.indexOf(name as (typeof CUSTOMER_COLUMNS)[number]),
  delimiter: ',',
};

/** A record DuckDB linked that the default reader would read otherwise (a check of duckdb-persons.ts's own). */
class NotReadAlike extends Error {}

export interface CsvProfileBuilderOptions {
  /** Who digests orders and contacts (docs/cli.md#history-engine), over the run's `history.engine`. */
  engine?: HistoryEngine;
  /** With the duckdb engine: told who read each history file, and why the default reader did when it did. */
  onEngineChoice?: (choice: EngineChoice) => void;
  /**
   * With the duckdb engine: how many times the audiences' bytes the customers files must hold for
   * DuckDB to link them (REACH_RATIO; 0 in tests, to link any).
   */
  reachRatio?: number;
  /** With the duckdb engine: how many records DuckDB sorts at a time on their way back (lowered only by tests). */
  recordsPerRange?: number;
  /** Where `history.postgres` finds its connection URL; the process's environment by default. */
  env?: NodeJS.ProcessEnv;
}

export class CsvProfileBuilder implements ProfileBuilder {
  constructor(private readonly options: CsvProfileBuilderOptions = {}) {}

  async build(request: ProfileRequest): Promise<People> {
    const { history } = request;
    if (history.profiles) return readProfilesTable(history.profiles[0], request);
    if (history.postgres) return readPostgresProfiles(history.postgres, request, this.options.env ?? process.env);
    const people = new InMemoryPeople();
    if ((this.options.engine ?? request.engine) === 'duckdb') {
      if (await this.historyOutgrowsAudiences(request)) {
        const reached = await this.buildReached(request, request.reach!);
        if (reached) return reached;
      } else if (request.reach) {
        for (const { displayPath: file } of history.customers ?? []) {
          this.options.onEngineChoice?.({
            file,
            reader: 'default',
            reason: `it is under ${REACH_RATIO} times the size of the audiences`,
          });
        }
      }
      // DuckDB's threads read orders and contacts while customers are read here.
      const digest = digestWithDuckDB(
        {
          orders: history.orders,
          contacts: history.contacts,
          instants: request.instants,
          orderIds: request.orderIds,
          contactLookbackMs: request.contactLookbackMs,
        },
        this.options.onEngineChoice,
      );
      digest.catch(() => {}); // awaited below unless the customers fail first
      await this.readAllCustomers(request, people);
      applyDigest(await digest, request, people);
      return finishPeople(request, people);
    }
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
      await this.readAllCustomers(request, people);
    } catch (error) {
      orders.cancel();
      throw error;
    }
    applyDigest(await orders.result, request, people);
    applyDigest(await contacts, request, people);
    return finishPeople(request, people);
  }

  /**
   * Whether DuckDB should link the customers and keep only the persons the audiences reach: when the
   * customers files outgrow the audiences (REACH_RATIO). Where the audiences reach most customers,
   * reading the customers here while DuckDB sums up the orders is faster, and holds no more.
   */
  private async historyOutgrowsAudiences(request: ProfileRequest): Promise<boolean> {
    if (!request.reach) return false;
    const sizes = await Promise.all(
      (request.history.customers ?? []).map((source) =>
        stat(source.path).then(
          (info) => info.size,
          () => 0,
        ),
      ),
    );
    return sizes.reduce((sum, size) => sum + size, 0) >= (this.options.reachRatio ?? REACH_RATIO) * request.reach.bytes;
  }

  /**
   * The persons the run's audiences reach, linked by DuckDB (duckdb-persons.ts) with their orders and
   * contacts; undefined when DuckDB does not link these customers as the default reader would.
   */
  private async buildReached(request: ProfileRequest, reach: NonNullable<ProfileRequest['reach']>): Promise<People | undefined> {
    const { onEngineChoice } = this.options;
    const files = request.history.customers ?? [];
    const people = new InMemoryPeople();
    // DuckDB has every core: only the audiences are read here meanwhile.
    const session = await openDuckDB(availableParallelism());
    try {
      // The audiences are read while DuckDB reads the customers.
      const reached = reach.read();
      reached.catch(() => {}); // awaited by linkCustomers unless it stops first
      const linked = await linkCustomers(session, request, reached, this.options.recordsPerRange);
      if (typeof linked === 'string') {
        for (const { displayPath: file } of files) {
          // A reason about this very file does not name it again.
          const reason = linked.startsWith(`${file}: `) ? linked.slice(file.length + 2) : linked;
          onEngineChoice?.({ file, reader: 'default', reason });
        }
        return undefined;
      }
      const sets = new DisjointSets();
      const reading: CustomerReading = {
        sets,
        personIds: new KeyLinks(sets),
        namePostalKeys: new KeyLinks(sets),
        files: files.map((source) => ({ path: source.displayPath, firstRecord: 0 })),
        lineOf: new Int32Array(1024),
      };
      // A value DuckDB took as read alike but the default reader would report: the default reader reads them all.
      const notAlike: InvalidValueSink = () => {
        throw new NotReadAlike();
      };
      const columns = files.map((source) => customerColumns(source, LINKED_LAYOUT, notAlike));
      const firstOfPerson = new Map<number, number>();
      await linked.forEachRecord((file, cells, person) => {
        const customerId = cells[0].trim();
        if (isNoCustomerId(customerId) || people.byId.has(customerId)) throw new NotReadAlike();
        // Lines are for findings and notices that records read alike do not have.
        const record = appendRecord(people, reading, columns[file], cells, 0, customerId, true, undefined);
        const first = firstOfPerson.get(person);
        if (first === undefined) firstOfPerson.set(person, record);
        else sets.union(first, record);
      });
      people.sources.customers = linked.headers.map((header) => columnsOf(header, CUSTOMER_COLUMNS));
      people.setPersons(formPersons(sets, people.table.length), request.instants.length);
      for (const source of files) onEngineChoice?.({ file: source.displayPath, reader: 'duckdb' });
    } catch (error) {
      if (!(error instanceof NotReadAlike)) throw error;
      for (const source of files) {
        onEngineChoice?.({ file: source.displayPath, reader: 'default', reason: 'a record DuckDB took as read alike is not' });
      }
      return undefined;
    } finally {
      // The digest has a database of its own: what linking held is let go first.
      session.close();
    }
    const digest = await digestWithDuckDB(
      {
        orders: request.history.orders,
        contacts: request.history.contacts,
        instants: request.instants,
        orderIds: request.orderIds,
        contactLookbackMs: request.contactLookbackMs,
      },
      onEngineChoice,
      people.byId.keys(),
    );
    applyDigest(digest, request, people);
    return finishPeople(request, people);
  }

  /** Reads every customers file and forms persons. */
  private async readAllCustomers(request: ProfileRequest, people: InMemoryPeople): Promise<void> {
    // Several customers files join one history: their records link into persons together.
    const sets = new DisjointSets();
    const reading: CustomerReading = {
      sets,
      personIds: new KeyLinks(sets),
      namePostalKeys: new KeyLinks(sets),
      files: [],
      lineOf: new Int32Array(1024),
    };
    for (const source of request.history.customers ?? []) await this.readCustomers(source, request, people, reading);
    people.setPersons(formPersons(sets, people.table.length), request.instants.length);
  }

  /** Reads one customers file into `people`, linking its records with those of the files read before. */
  private async readCustomers(
    source: CsvSource,
    request: ProfileRequest,
    people: InMemoryPeople,
    reading: CustomerReading,
  ): Promise<void> {
    const duplicates = new ProblemList();
    let columns: CustomerColumns;
    const { onProgress } = request;
    let rows = 0;
    /** Lines of the records without a customer_id, for the notice. */
    const withoutIdLines: number[] = [];
    const linkBy = linkKeys(request);
    reading.files.push({ path: source.displayPath, firstRecord: people.table.length });
    await readTable(
      source,
      CUSTOMER_SPEC,
      (header) => {
        columns = customerColumns(source, header, request.onInvalidValue);
        people.sources.customers = [...(people.sources.customers ?? []), columnsOf(header, CUSTOMER_COLUMNS)];
      },
      (cells, line) => {
        if (onProgress && ++rows % PROGRESS_EVERY_ROWS === 0) onProgress({ file: source.displayPath, rows });
        const idCell = cellAt(cells, columns.at.customer_id).trim();
        // Empty, 0 and guest are no id (docs/inputs.md): the record is kept, linked by its other keys.
        const hasId = !isNoCustomerId(idCell);
        const customerId = hasId ? idCell : `(no customer_id, ${placeOf(source.displayPath, line)} of ${source.displayPath})`;
        // An id that is an email compares as one with the ids read before (addresses are not looked at here).
        const earlier = hasId
          ? (people.byId.get(customerId) ??
            (customerId.includes('@') ? people.byEmailId.get(normalizeEmail(customerId)) : undefined))
          : undefined;
        if (earlier !== undefined) {
          duplicates.add(() => {
            // An id another customers file already has is named with that file.
            const firstFile = reading.files.findLast((file) => file.firstRecord <= earlier)!.path;
            const first = placeOf(firstFile, reading.lineOf[earlier]);
            const firstAt = firstFile === source.displayPath ? first : `${first} of ${firstFile}`;
            const message = duplicateIdMessage('customer_id', customerId, firstAt, placeOf(source.displayPath, line));
            return { file: source.displayPath, line, message };
          });
          return;
        }
        if (!hasId) withoutIdLines.push(line);
        appendRecord(people, reading, columns, cells, line, customerId, hasId, linkBy);
      },
    );
    if (duplicates.size > 0) {
      throw duplicates.toError([
        'customer_id identifies one customer record: merge the rows, or give each its own id ' +
          '(the records of one person are linked by person_id, email, phone, or name and postal code)',
      ]);
    }
    if (withoutIdLines.length > 0) {
      const { displayPath } = source;
      request.onNotice?.(
        withoutIdNotice(displayPath, placeWord(displayPath), withoutIdLines, withoutIdLines.length, request.identity.linkBy),
      );
    }
  }
}

/** Adds the digest of orders and contacts to the persons of their customers. */
export function applyDigest(digest: HistoryDigest, request: ProfileRequest, people: InMemoryPeople): void {
  const width = request.instants.length;
  const { personOf } = people.groups;
  const personOfCustomer = (customerId: string): number => {
    const record = people.recordIndex(customerId);
    return record < 0 ? -1 : personOf[record];
  };
  const { orderCounts, lastOrderBefore } = people;
  digest.customerIds.forEach((customerId, row) => {
    const person = personOfCustomer(customerId);
    if (person < 0) return;
    for (let i = 0; i < width; i++) {
      orderCounts[person * width + i] += digest.orderCounts[row * width + i];
      lastOrderBefore[person * width + i] = Math.max(
        lastOrderBefore[person * width + i],
        digest.lastOrderBefore[row * width + i],
      );
    }
  });
  for (const order of digest.orders) {
    const person = personOfCustomer(order.customerId);
    people.orders.set(order.orderId, { ...order, person: person < 0 ? undefined : people.person(person) });
  }
  const { customerIds } = people.table;
  for (const contact of digest.contacts) {
    const record = people.recordIndex(contact.customerId);
    if (record < 0) continue;
    // The record's own string where it is the same id: the contact's copy is let go.
    if (customerIds[record] === contact.customerId) contact.customerId = customerIds[record];
    people.addContact(personOf[record], contact);
  }
  for (const issue of digest.invalidValues) request.onInvalidValue(issue);
  Object.assign(people.sources, digest.sources);
}

/** Groups the contacts and reads the suppression lists: the last of building persons. */
export async function finishPeople(request: ProfileRequest, people: InMemoryPeople): Promise<People> {
  people.groupContacts();
  if (request.history.suppressions) await readSuppressions(request.history.suppressions, people);
  return people;
}

/**
 * Reads the suppression lists (docs/inputs.md): ids and addresses that must not be contacted. A record
 * they name, by its id or an address, makes its person do-not-contact; an audience address they
 * name is found by `suppressedAddress` even without a record.
 */
async function readSuppressions(sources: readonly CsvSource[], people: InMemoryPeople): Promise<void> {
  const { suppressed } = people;
  for (const source of sources) {
    const file = source.displayPath;
    let col: Record<(typeof SUPPRESSION_COLUMNS)[number], number>;
    await readTable(
      source,
      { canonical: SUPPRESSION_COLUMNS, required: [] },
      (header) => {
        col = Object.fromEntries(SUPPRESSION_COLUMNS.map((name) => [name, column(header, name)])) as typeof col;
        if (Object.values(col).every((index) => index < 0)) {
          throw new InputError('a suppression list needs a customer_id, email, phone or postal_address column', {
            file,
            // A Parquet file's column names are in its schema, on no row.
            line: isParquetFile(file) ? undefined : 1,
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
  const { table, groups } = people;
  const { suppressedBy } = table.columns;
  for (let record = 0; record < table.length; record++) {
    const email = table.emails[record];
    const phone = table.phones[record];
    const postalAddress = table.postalAddresses[record];
    const by =
      suppressed.ids.get(table.customerIds[record]) ??
      (email ? suppressed.email.get(normalizeEmail(email)) : undefined) ??
      (phone ? people.suppressedAddress('phone', phone) : undefined) ??
      (postalAddress ? suppressed.postal.get(normalizePostalAddress(postalAddress)) : undefined);
    if (by === undefined) continue;
    suppressedBy[record] = table.texts.id(by);
    people.personDoNotContact[groups.personOf[record]] = 1;
  }
}
const LINK_KEY_WORDS: Record<ProfileRequest['identity']['linkBy'][number], string> = {
  person_id: 'person_id',
  email: 'email',
  phone: 'phone',
  name_postal: 'name + postal code',
};

/**
 * The notice for a customers file with records that have no customer_id (docs/inputs.md): one per
 * file, naming where the first of them are (lines, or rows, or records of a table the SQL read).
 */
export function withoutIdNotice(
  file: string,
  word: string,
  places: readonly number[],
  count: number,
  linkBy: ProfileRequest['identity']['linkBy'],
): Notice {
  const listed = places.slice(0, LISTED_WITHOUT_ID).join(', ');
  const more = count - Math.min(places.length, LISTED_WITHOUT_ID);
  const where = count === 1 ? `${word} ${listed}` : `${word}s ${listed}${more > 0 ? `, … (${more} more)` : ''}`;
  const keys = (['person_id', 'email', 'phone', 'name_postal'] as const)
    .filter((key) => linkBy.includes(key))
    .map((key) => LINK_KEY_WORDS[key]);
  const linked =
    keys.length === 0
      ? `${count === 1 ? 'it is' : 'they are'} linked to no other record (identity.linkBy is empty)`
      : `${count === 1 ? 'it is' : 'they are'} linked to persons by ${count === 1 ? 'its' : 'their'} ${wordList(keys)} only`;
  return {
    kind: 'records-without-id',
    file,
    message: `${count} ${count === 1 ? 'record has' : 'records have'} no customer_id (empty, 0 or guest; ${where}): ${linked}`,
  };
}

/** "a", "a and b", "a, b and c". */
function wordList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
