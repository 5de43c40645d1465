// What a profiles table is made for (its `build` row), and the columns the profile SQL reads from
// each table: shared by `profiles-sql` (profile-plan.ts) and history.postgres (postgres-profiles.ts).

import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import type { PostgresTableKind } from '../types.js';
import type { HistoryTable } from './profile-sql.js';
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
export function buildOf(request: ProfileRequest, dialect: string, sources: ProfilesBuild['sources']): ProfilesBuild {
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
