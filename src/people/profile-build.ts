// What a profiles table is made for (its `build` row), and the columns the profile SQL reads from
// each table: shared by `profiles-sql` (profile-plan.ts) and history.postgres (postgres-profiles.ts).

import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import type { PostgresTableKind } from '../types.js';
import type { HistoryTable, ProfileSqlPlan } from './profile-sql.js';
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
