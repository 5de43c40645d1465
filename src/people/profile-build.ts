// What a profiles table is made for (its `build` row), and the columns the profile SQL reads from
// each table: shared by `profiles-sql` (profile-plan.ts) and history.postgres (postgres-profiles.ts).

import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, normalizeName, ORDER_COLUMNS } from '../csv/columns.js';
import type { Derivation } from '../csv/preset.js';
import type { CsvHeader } from '../csv/read.js';
import type { CsvSource, PostgresTableKind } from '../types.js';
import { unfollowedDateFormat, type HistoryTable, type ProfileSqlPlan } from './profile-sql.js';
import type { SqlDialect } from './sql-dialects.js';
import { PROFILES_FORMAT, type ProfilesBuild } from './profiles-table.js';
import type { ProfileRequest } from './profiles.js';

export const CANONICAL_COLUMNS: Record<PostgresTableKind, readonly string[]> = {
  customers: CUSTOMER_COLUMNS,
  orders: ORDER_COLUMNS,
  contacts: CONTACT_COLUMNS,
};

export const REQUIRED_COLUMNS: Record<PostgresTableKind, readonly string[]> = {
  customers: ['customer_id'],
  orders: ['order_id', 'customer_id', 'ordered_at'],
  contacts: ['customer_id', 'sent_at'],
};

/** The columns a table's preset works out as a date some days after another's: the tool moves the other's date (profiles-table.ts). */
export function addDaysOf(reading: Pick<HistoryTable, 'derive'>): Pick<BuiltSource['source'], 'addDays'> {
  const entries = Object.entries(reading.derive ?? {}).flatMap(([name, derivation]) =>
    'add_days' in derivation ? [[name, { days: derivation.add_days.days, after: derivation.add_days.column }] as const] : [],
  );
  return entries.length > 0 ? { addDays: Object.fromEntries(entries) } : {};
}

/** A table as the SQL reads it, and as the build row names it. */
export interface BuiltSource {
  table: HistoryTable;
  source: ProfilesBuild['sources'][PostgresTableKind][number];
}

/** The build row of a table made for the request's run. */
function buildOf(request: ProfileRequest, dialect: string, sources: ProfilesBuild['sources']): ProfilesBuild {
  return {
    format: PROFILES_FORMAT,
    dialect,
    instants: [...request.instants],
    orderIds: [...request.orderIds].sort(),
    contactLookbackMs: request.contactLookbackMs,
    linkBy: [...request.identity.linkBy],
    sources,
  };
}

/** The profile SQL's plan for the request's run, reading each kind's tables, in `rounds` rounds of linking. */
export function planFor(
  request: ProfileRequest,
  dialect: SqlDialect,
  read: Record<PostgresTableKind, BuiltSource[]>,
  rounds: number,
): ProfileSqlPlan {
  const sources = Object.fromEntries(
    Object.entries(read).map(([kind, entries]) => [kind, entries.map((entry) => entry.source)]),
  ) as ProfilesBuild['sources'];
  const build = buildOf(request, dialect.name, sources);
  return {
    dialect,
    customers: read.customers.map((entry) => entry.table),
    orders: read.orders.map((entry) => entry.table),
    contacts: read.contacts.map((entry) => entry.table),
    instants: request.instants,
    orderIds: build.orderIds,
    contactLookbackMs: request.contactLookbackMs,
    linkBy: request.identity.linkBy,
    rounds,
    build: JSON.stringify(build),
  };
}

/** A table read as the file is read: each canonical column the file's own, or one its preset derives from its own; its `values:`. */
export function tableReading(
  kind: PostgresTableKind,
  file: CsvSource,
  header: CsvHeader,
  ownColumn: (index: number) => string,
): TableReading {
  const columns: Record<string, string> = {};
  const derive: Record<string, Derivation> = {};
  for (const name of CANONICAL_COLUMNS[kind]) {
    const index = header.indexOf(name);
    // Past the file's own columns are those its preset derives.
    if (index >= header.names.length && file.derive?.[name]) derive[name] = file.derive[name];
    else if (index >= 0) columns[name] = ownColumn(index);
  }
  const read = { columns, ...fileSettings(file, columns, (name) => header.indexOf(name) >= 0) };
  if (Object.keys(derive).length === 0) return read;
  const own = Object.fromEntries(header.names.map((name, index) => [normalizeName(name), ownColumn(index)]));
  return { ...read, derive, own };
}

export type TableReading = Omit<HistoryTable, 'relation'>;

/**
 * How the file is read besides its columns, for a table that has the columns `has` says: its
 * `values:` (their values as the reader matches them, trimmed and in lower case), its date format,
 * and its line items, by a column of its own.
 */
export function fileSettings(
  file: CsvSource,
  columns: Record<string, string>,
  has: (name: string) => boolean,
): Pick<HistoryTable, 'values' | 'dateFormat' | 'lineItemsOf'> {
  const entries = Object.entries(file.values ?? {}).filter(([name]) => has(name));
  return {
    ...(entries.length > 0
      ? {
          values: Object.fromEntries(
            entries.map(([name, mapping]) => [
              name,
              Object.fromEntries(Object.entries(mapping).map(([theirs, ours]) => [normalizeName(theirs), ours])),
            ]),
          ),
        }
      : {}),
    ...(file.dateFormat ? { dateFormat: file.dateFormat } : {}),
    ...(file.lineItemsOf && columns[file.lineItemsOf] ? { lineItemsOf: file.lineItemsOf } : {}),
  };
}

/** A setting of a history file the SQL does not follow (its dates are the tool's to read), or undefined. */
export function unfollowedSetting(file: CsvSource): string | undefined {
  const dateFormat = file.dateFormat && unfollowedDateFormat(file.dateFormat);
  return (
    (dateFormat && `its date_format ${file.dateFormat} ${dateFormat}`) ||
    (file.timezone && 'it has a timezone') ||
    (file.encoding && !/^utf-?8$/i.test(file.encoding) && `it is read as ${file.encoding}`) ||
    undefined
  );
}
