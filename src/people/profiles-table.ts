// Reads a profiles table (docs/profiles-sql.md): what the profile SQL made of a history in a
// database or warehouse, as a CSV or Parquet file. Its customer records come back as written, with
// their person: the tool reads them with the default reader's own code, and checks that the SQL
// found each identity key as the tool finds it, else the persons might differ and nothing is read.
// With the run's audiences known, only the persons they reach are kept (two reads of the table), so
// what the run holds grows with the audiences, not with the history.

import * as z from 'zod';
import { compileDateParser } from '../csv/dates.js';
import { laterDate } from '../csv/derive.js';
import { readTable, type CsvHeader } from '../csv/read.js';
import { InputError, ProblemList, quoteData } from '../errors.js';
import type { CsvSource, PostgresTableKind } from '../types.js';
import {
  appendRecord,
  applyDigest,
  customerColumns,
  finishPeople,
  withoutIdNotice,
  type CustomerColumns,
  type CustomerReading,
} from './csv-profiles.js';
import { cellAt, ContactReader, OrderDigester, type HistoryDigest } from './history-digest.js';
import { InMemoryPeople } from './in-memory-people.js';
import { DisjointSets, KeyLinks, formPersons } from './link-records.js';
import { isNoCustomerId, nameAndPostalParts, normalizeEmail, normalizePhone, normalizePostalAddress } from './normalize.js';
import { type PROFILE_CHECKS, PROFILE_COLUMNS, type ProfileColumn } from './profile-sql.js';
import type { AudienceReach, People, ProfileRequest } from './profiles.js';

/** The `format` a build row names: the table's layout, which changes only with a new number. */
export const PROFILES_FORMAT = 'campaign-preflight profiles 1';

const sourceSchema = z.object({
  file: z.string(),
  header: z.array(z.string()),
  columns: z.array(z.string()),
  mapped: z.array(z.string()).optional(),
  /** Columns that are a date some days after the one the SQL wrote (`after`, the export's column): the tool moves it. */
  addDays: z.record(z.string(), z.object({ days: z.number(), after: z.string() })).optional(),
});

/** What the profiles table was made for: its `build` row (profile-sql.ts writes it). */
const buildSchema = z.object({
  format: z.literal(PROFILES_FORMAT),
  dialect: z.string(),
  instants: z.array(z.number()),
  orderIds: z.array(z.string()),
  contactLookbackMs: z.number(),
  linkBy: z.array(z.string()),
  sources: z.object({ customers: z.array(sourceSchema), orders: z.array(sourceSchema), contacts: z.array(sourceSchema) }),
});
export type ProfilesBuild = z.infer<typeof buildSchema>;

const SPEC = { canonical: PROFILE_COLUMNS, required: ['kind'] };

/** Where each profiles column is in the file. */
type Columns = Record<ProfileColumn, number>;

/** The persons of a profiles table: those the request's audiences reach, or all when it names none. */
export async function readProfilesTable(source: CsvSource, request: ProfileRequest): Promise<People> {
  const rows: ProfileRows = async (onHeader, onRow) => {
    await readTable(source, SPEC, onHeader, onRow);
  };
  const reached = keepsReached(request) ? await reachedPersons(source, rows, request, await request.reach.read()) : undefined;
  return readProfileRows(source, rows, request, reached);
}

/**
 * Whether only the persons the audiences reach are kept. Not when emails do not link records: an
 * order or contact whose customer_id is an email finds the first record holding that email
 * (InMemoryPeople.recordIndex), which may then be of a person no audience reaches.
 */
export function keepsReached(request: ProfileRequest): request is ProfileRequest & Required<Pick<ProfileRequest, 'reach'>> {
  return request.reach !== undefined && request.identity.linkBy.includes('email');
}

/** Reads the rows of a profiles table, from the start, each time it is called: a file, or a query's result. */
export type ProfileRows = (
  onHeader: (header: CsvHeader) => void,
  onRow: (cells: readonly string[], line: number) => void,
) => Promise<void>;

/** The build row, checked against the run: the table must be made for its send times, orders, look-back and keys. */
function checkBuild(source: CsvSource, line: number, text: string, request: ProfileRequest): ProfilesBuild {
  const where = { file: source.displayPath, line };
  let build: ProfilesBuild;
  try {
    build = buildSchema.parse(JSON.parse(text));
  } catch {
    throw new InputError(
      `this is not a profiles table of this version of campaign-preflight (its build row is not ${PROFILES_FORMAT})`,
      where,
      ['print the profile SQL again with `campaign-preflight profiles-sql`, and run it again (docs/profiles-sql.md)'],
    );
  }
  const missing: string[] = [];
  const instants = new Set(build.instants);
  const unmade = request.instants.filter((instant) => !instants.has(instant));
  if (unmade.length > 0) missing.push(`the send time ${new Date(unmade[0]).toISOString()}`);
  const orders = new Set(build.orderIds);
  const unnamed = [...request.orderIds].filter((id) => !orders.has(id));
  if (unnamed.length > 0) missing.push(`${unnamed.length} of the orders review requests name (${quoteData(unnamed[0])}, …)`);
  if (build.contactLookbackMs < request.contactLookbackMs) {
    missing.push(
      `contacts of the last ${request.contactLookbackMs / 86_400_000} days (it holds ${build.contactLookbackMs / 86_400_000})`,
    );
  }
  const linkBy = [...request.identity.linkBy].sort().join(', ');
  if ([...build.linkBy].sort().join(', ') !== linkBy)
    missing.push(`persons linked by ${linkBy || 'nothing'} (it links by ${build.linkBy.join(', ') || 'nothing'})`);
  if (missing.length > 0) {
    throw new InputError(`the profiles table was made for another run: it lacks ${missing.join('; ')}`, where, [
      'print the profile SQL for these campaigns with `campaign-preflight profiles-sql`, and run it again (docs/profiles-sql.md)',
    ]);
  }
  return build;
}

const CHECK_HINTS: Record<(typeof PROFILE_CHECKS)[number], string> = {
  unlinked: 'records that share a key were left in different persons: print the SQL with more --link-rounds and run it again',
  'repeated customer_id': 'customer_id identifies one customer record: merge the rows, or give each its own id',
  'repeated order_id': 'order_id identifies one order: remove the repeated rows, or give each order its own id',
};

/** A `check` row: what the SQL found wrong with the history, which the tool does not read past. */
function checkRow(source: CsvSource, line: number, cells: readonly string[], at: Columns): void {
  const name = cellAt(cells, at.detail) as (typeof PROFILE_CHECKS)[number];
  const count = Number(cellAt(cells, at.check_count));
  if (count === 0) return;
  const example = cellAt(cells, at.customer_id);
  const hint = CHECK_HINTS[name] ?? 'print the profile SQL again and run it again';
  throw new InputError(
    `the history the profiles table was made of has ${count} ${name === 'unlinked' ? 'links not followed' : name}${example ? ` (${quoteData(example)} among them)` : ''}`,
    { file: source.displayPath, line },
    [hint],
  );
}

/** Each linked key of a record as the tool finds it, against what the SQL wrote: the first that differs. */
function keyMismatch(cells: readonly string[], at: Columns, request: ProfileRequest): string | undefined {
  const keys: Array<[string, string, ProfileColumn]> = [];
  const { linkBy } = request.identity;
  if (linkBy.includes('email')) keys.push(['email', normalizeEmail(cellAt(cells, at.email).trim()), 'email_key']);
  if (linkBy.includes('phone')) keys.push(['phone', normalizePhone(cellAt(cells, at.phone).trim()), 'phone_key']);
  if (linkBy.includes('person_id')) keys.push(['person_id', cellAt(cells, at.person_id).trim(), 'person_key']);
  if (linkBy.includes('name_postal')) {
    const parts = nameAndPostalParts(cellAt(cells, at.first_name), cellAt(cells, at.last_name), cellAt(cells, at.postal_code));
    keys.push(['name and postal code', parts?.join(' ') ?? '', 'name_postal_key']);
  }
  for (const [name, ours, column] of keys) {
    const theirs = cellAt(cells, at[column]);
    if (theirs !== ours)
      return `its ${name} key is ${quoteData(theirs)} in the table, and ${quoteData(ours)} to campaign-preflight`;
  }
  return undefined;
}

function checkKeys(
  problems: ProblemList,
  source: CsvSource,
  line: number,
  cells: readonly string[],
  at: Columns,
  request: ProfileRequest,
): void {
  const mismatch = keyMismatch(cells, at, request);
  if (mismatch)
    problems.add({
      file: source.displayPath,
      line,
      message: `customer ${quoteData(cellAt(cells, at.customer_id))}: ${mismatch}`,
    });
}

/** Checks the identity keys of the customer rows a query gives (customer cells and keys) against the tool's own. */
export async function checkProfileKeys(
  source: CsvSource,
  rows: ProfileRows,
  request: ProfileRequest,
  dialect: string,
): Promise<void> {
  const problems = new ProblemList();
  let at: Columns;
  await rows(
    (header) => {
      at = columnsAt(header);
    },
    (cells, line) => checkKeys(problems, source, line, cells, at, request),
  );
  throwKeyProblems(problems, dialect);
}

function throwKeyProblems(problems: ProblemList, dialect: string): void {
  if (problems.size === 0) return;
  throw problems.toError([
    `the ${dialect} SQL normalised these keys otherwise than campaign-preflight does (docs/profiles-sql.md#identity-keys): ` +
      'the persons it linked may differ, so the table is not read',
  ]);
}

/**
 * Whether an audience row finds the record, by its id or an address it has; or a named order does,
 * by its id or, for an id that is an email, by the email (InMemoryPeople.recordIndex).
 */
function reachesRecord(reach: AudienceReach, named: NamedCustomers, cells: readonly string[], at: Columns): boolean {
  const id = cellAt(cells, at.customer_id).trim();
  if (!isNoCustomerId(id) && (reach.customerIds.has(id) || named.ids.has(id))) return true;
  const email = normalizeEmail(cellAt(cells, at.email).trim());
  if (named.emails.has(email)) return true;
  if (id.includes('@') && (reach.emails.has(normalizeEmail(id)) || named.emails.has(normalizeEmail(id)))) return true;
  return (
    reach.emails.has(email) ||
    reach.phones.has(normalizePhone(cellAt(cells, at.phone).trim())) ||
    reach.postalAddresses.has(normalizePostalAddress(cellAt(cells, at.postal_address).trim()))
  );
}

/** The customers of the orders review requests name: their ids, and those that are emails, normalized. */
interface NamedCustomers {
  ids: Set<string>;
  emails: Set<string>;
}

const readIso = compileDateParser({});

/** A row's cells with the dates of its table's `addDays` columns moved on, as its preset works them out (src/csv/derive.ts). */
function withLaterDates(
  tables: ProfilesBuild['sources'][PostgresTableKind],
  cells: readonly string[],
  at: Columns,
): readonly string[] {
  const addDays = tables[Number(cellAt(cells, at.source))]?.addDays;
  if (!addDays) return cells;
  const moved = [...cells];
  for (const [column, { days }] of Object.entries(addDays)) {
    const index = at[column as ProfileColumn];
    if (index >= 0) moved[index] = laterDate(readIso, days)(cellAt(cells, index));
  }
  return moved;
}

/**
 * What a table's places are called: a Parquet file's rows are numbered as the tool numbers them; a
 * CSV file's records are, but they are not its lines; a database table's rows are as it read them.
 */
function placeWordOf(file: string): string {
  return /\.(csv|tsv|txt)$/i.test(file) ? 'record' : 'row';
}

/** The name of a record without a customer_id: where it is in the table it came from, as the default reader names it. */
function withoutIdName(tables: ProfilesBuild['sources']['customers'], cells: readonly string[], at: Columns): string {
  const file = tables[Number(cellAt(cells, at.source))]?.file ?? '';
  return `(no customer_id, ${placeWordOf(file)} ${cellAt(cells, at.position)} of ${file})`;
}

function columnsAt(header: CsvHeader): Columns {
  return Object.fromEntries(PROFILE_COLUMNS.map((name) => [name, header.indexOf(name)])) as Columns;
}

/** The first read, with the audiences known: the persons they reach, and the customers of the orders review requests name. */
async function reachedPersons(
  source: CsvSource,
  rows: ProfileRows,
  request: ProfileRequest,
  reach: AudienceReach,
): Promise<Set<string>> {
  const reached = new Set<string>();
  const keyProblems = new ProblemList();
  let dialect = '';
  const named: NamedCustomers = { ids: new Set(), emails: new Set() };
  let at: Columns;
  await rows(
    (header) => {
      at = columnsAt(header);
    },
    (cells, line) => {
      const kind = cellAt(cells, at.kind);
      if (kind === 'order') {
        const orderId = cellAt(cells, at.order_id).trim();
        if (!request.orderIds.has(orderId)) return;
        const customerId = cellAt(cells, at.customer_id).trim();
        named.ids.add(customerId);
        if (customerId.includes('@')) named.emails.add(normalizeEmail(customerId));
      } else if (kind === 'customer') {
        // Every record's keys: one the SQL linked otherwise may belong to a person reached.
        checkKeys(keyProblems, source, line, cells, at, request);
        if (reachesRecord(reach, named, cells, at)) reached.add(cellAt(cells, at.person));
      } else if (kind === 'build') {
        dialect = checkBuild(source, line, cellAt(cells, at.detail), request).dialect;
      }
    },
  );
  throwKeyProblems(keyProblems, dialect);
  return reached;
}

/**
 * The second read (or the only one): the records of the persons kept, their orders and contacts.
 * `source` names the table in messages. Without `reached`, every person the rows hold is kept, and
 * every record's keys are checked.
 */
export async function readProfileRows(
  source: CsvSource,
  rows: ProfileRows,
  request: ProfileRequest,
  reached: Set<string> | undefined,
): Promise<People> {
  const people = new InMemoryPeople();
  const sets = new DisjointSets();
  const reading: CustomerReading = {
    sets,
    personIds: new KeyLinks(sets),
    namePostalKeys: new KeyLinks(sets),
    files: [{ path: source.displayPath, firstRecord: 0 }],
    lineOf: new Int32Array(1024),
  };
  const width = request.instants.length;
  const orders = new OrderDigester(request.instants, request.orderIds, request.onInvalidValue);
  const contacts = new ContactReader(request.instants, request.contactLookbackMs, request.onInvalidValue);
  const figures: Pick<HistoryDigest, 'customerIds'> & { counts: number[]; last: number[] } = {
    customerIds: [],
    counts: [],
    last: [],
  };
  const firstOfPerson = new Map<string, number>();
  const keyProblems = new ProblemList();
  // Per customers table (its index in the build row): how many records have no id, and where the first are.
  const withoutId = new Map<number, { count: number; places: number[] }>();
  let build: ProfilesBuild | undefined;
  let at: Columns;
  let customers: CustomerColumns;
  let instantIndex: Map<number, number>;
  await rows(
    (header) => {
      at = columnsAt(header);
      customers = customerColumns(source, header, request.onInvalidValue);
      orders.begin(source, header);
      contacts.begin(source, header);
      instantIndex = new Map(request.instants.map((instant, index) => [instant, index]));
    },
    (cells, line) => {
      const kind = cellAt(cells, at.kind);
      if (kind === 'build') {
        build = checkBuild(source, line, cellAt(cells, at.detail), request);
        return;
      }
      if (!build) throw new InputError('a profiles table starts with its build row', { file: source.displayPath, line });
      switch (kind) {
        case 'check':
          checkRow(source, line, cells, at);
          return;
        case 'without_id': {
          const table = Number(cellAt(cells, at.source));
          const entry = withoutId.get(table) ?? { count: Number(cellAt(cells, at.check_count)), places: [] };
          entry.places.push(Number(cellAt(cells, at.position)));
          withoutId.set(table, entry);
          return;
        }
        case 'order': {
          // The delivery a preset assumes some days after another date, as the findings that use it say.
          const assumed = build.sources.orders[Number(cellAt(cells, at.source))]?.addDays?.delivered_at;
          orders.row(
            withLaterDates(build.sources.orders, cells, at),
            line,
            assumed && `${assumed.days} days after ${assumed.after}`,
          );
          return;
        }
        case 'customer': {
          const person = cellAt(cells, at.person);
          if (reached && !reached.has(person)) return;
          if (!reached) checkKeys(keyProblems, source, line, cells, at, request);
          const idCell = cellAt(cells, at.customer_id).trim();
          const hasId = !isNoCustomerId(idCell);
          const customerId = hasId ? idCell : withoutIdName(build.sources.customers, cells, at);
          const record = appendRecord(
            people,
            reading,
            customers,
            withLaterDates(build.sources.customers, cells, at),
            line,
            customerId,
            hasId,
            undefined,
          );
          const first = firstOfPerson.get(person);
          if (first === undefined) firstOfPerson.set(person, record);
          else sets.union(first, record);
          return;
        }
        case 'orders': {
          const customerId = cellAt(cells, at.customer_id);
          const instant = instantIndex.get(Number(cellAt(cells, at.instant_ms)));
          if (instant === undefined || (reached && people.recordIndex(customerId) < 0)) return;
          const last = cellAt(cells, at.last_order_ms);
          figures.customerIds.push(customerId);
          figures.counts.push(instant, Number(cellAt(cells, at.order_count)));
          figures.last.push(last === '' ? -Infinity : Number(last));
          return;
        }
        case 'contact':
          if (reached && people.recordIndex(cellAt(cells, at.customer_id).trim()) < 0) return;
          contacts.row(withLaterDates(build.sources.contacts, cells, at), line);
          return;
        default:
          throw new InputError(`a profiles table has no rows of kind ${quoteData(kind)}`, { file: source.displayPath, line });
      }
    },
  );
  if (!build) throw new InputError('this is not a profiles table: it has no build row', { file: source.displayPath });
  throwKeyProblems(keyProblems, build.dialect);
  people.setPersons(formPersons(sets, people.table.length), width);
  people.sources.customers = build.sources.customers;
  for (const [table, { count, places }] of [...withoutId].sort(([a], [b]) => a - b)) {
    const file = build.sources.customers[table]?.file ?? source.displayPath;
    request.onNotice?.(withoutIdNotice(file, placeWordOf(file), places, count, request.identity.linkBy));
  }

  // The SQL's sums, one row per customer and send time, then the orders and contacts it left to the tool.
  const summed: HistoryDigest = {
    customerIds: [],
    orderCounts: new Float64Array(figures.customerIds.length * width),
    lastOrderBefore: new Float64Array(figures.customerIds.length * width).fill(-Infinity),
    orders: [],
    contacts: [],
    invalidValues: [],
    sources: { orders: build.sources.orders, contacts: build.sources.contacts },
  };
  figures.customerIds.forEach((customerId, row) => {
    summed.customerIds.push(customerId);
    const instant = figures.counts[2 * row];
    summed.orderCounts[row * width + instant] = figures.counts[2 * row + 1];
    summed.lastOrderBefore[row * width + instant] = figures.last[row];
  });
  applyDigest(summed, request, people);
  applyDigest({ ...orders.result(), contacts: contacts.contacts, invalidValues: [], sources: {} }, request, people);
  return finishPeople(request, people);
}
