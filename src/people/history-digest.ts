// Orders and contacts reduced to what persons need, per customer id: order counts and the latest
// order before each run instant, the orders review requests name, and the contacts within the
// lookback. It needs nothing from the customers file, so it runs beside it, in a worker thread
// when the package is built (see history-worker.ts). What it keeps grows with customers, but for
// the 8 to 16 bytes per order that finding a repeated order_id takes (see duplicate-ids.ts).

import { CONTACT_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import { columnsOf, readTable } from '../csv/read.js';
import { TypedCells, type InvalidValue } from '../csv/typed-cells.js';
import type { CsvSource } from '../types.js';
import { DuplicateIdFinder } from './duplicate-ids.js';
import {
  ORDER_STATUSES,
  PROGRESS_EVERY_ROWS,
  type Contact,
  type OrderStatus,
  type ProfileRequest,
  type SourceColumns,
} from './profiles.js';

export interface DigestRequest {
  /** The orders files, whose orders join one history (docs/inputs.md). */
  orders?: CsvSource[];
  contacts?: CsvSource[];
  instants: readonly number[];
  orderIds: ReadonlySet<string>;
  contactLookbackMs: number;
  /** Only where the digest runs on the main thread: a worker cannot call back. */
  onProgress?: ProfileRequest['onProgress'];
}

export interface OrderDigest {
  orderId: string;
  customerId: string;
  status: OrderStatus | null;
  deliveredAt: number | null;
  /** How delivered_at was worked out when the export has none ("7 days after Fulfilled at"). */
  deliveryAssumed?: string;
}

export interface HistoryDigest {
  /** Customer ids with orders; row i of the per-instant tables below. */
  customerIds: string[];
  /** customerIds.length × instants.length: orders not cancelled with ordered_at <= instant. */
  orderCounts: Float64Array;
  /** customerIds.length × instants.length: latest ordered_at < instant, not cancelled; -Infinity if none. */
  lastOrderBefore: Float64Array;
  /** The orders named in `orderIds`. */
  orders: OrderDigest[];
  /** Contacts within the lookback before some instant. */
  contacts: Contact[];
  invalidValues: InvalidValue[];
  /** The columns of the files read. */
  sources: { orders?: SourceColumns[]; contacts?: SourceColumns[] };
}

export async function digestHistory(request: DigestRequest): Promise<HistoryDigest> {
  const invalidValues: InvalidValue[] = [];
  const report = (issue: InvalidValue): void => {
    invalidValues.push(issue);
  };
  const sources: HistoryDigest['sources'] = {};
  const orders = request.orders ? await digestOrders(request.orders, request, report, sources) : emptyOrders();
  const contacts =
    request.contacts && request.contactLookbackMs > 0 && request.instants.length > 0
      ? await readContacts(request.contacts, request, report, sources)
      : [];
  return { ...orders, contacts, invalidValues, sources };
}

function emptyOrders(): Pick<HistoryDigest, 'customerIds' | 'orderCounts' | 'lastOrderBefore' | 'orders'> {
  return { customerIds: [], orderCounts: new Float64Array(0), lastOrderBefore: new Float64Array(0), orders: [] };
}

async function digestOrders(
  files: readonly CsvSource[],
  request: DigestRequest,
  report: (issue: InvalidValue) => void,
  sources: HistoryDigest['sources'],
): Promise<Pick<HistoryDigest, 'customerIds' | 'orderCounts' | 'lastOrderBefore' | 'orders'>> {
  const { instants, orderIds: wanted } = request;
  const width = instants.length;
  const rowOf = new Map<string, number>();
  const customerIds: string[] = [];
  // Typed from the start, doubling: the worker hands them over as they are, without a copy.
  let counts = new Float64Array(1024 * width);
  let lastBefore = new Float64Array(1024 * width).fill(-Infinity);
  const orders: OrderDigest[] = [];
  const statuses = new Map<string, OrderStatus>(ORDER_STATUSES.map((s) => [s, s]));
  const statusOf = (text: string): OrderStatus | null => statuses.get(text) ?? statuses.get(text.trim().toLowerCase()) ?? null;
  let typed: TypedCells;
  let col: Record<(typeof ORDER_COLUMNS)[number], number>;
  const spec = { canonical: ORDER_COLUMNS, required: ['order_id', 'customer_id', 'ordered_at'] };
  sources.orders = [];
  for (const source of files) {
    const duplicates = new DuplicateIdFinder(source, spec, 'order_id');
    // A preset that assumes delivery some days after another date says so in the findings that use it.
    const assumed = source.derive?.delivered_at;
    const deliveryAssumed =
      assumed && 'add_days' in assumed ? `${assumed.add_days.days} days after ${assumed.add_days.column}` : undefined;
    await readTable(
      source,
      spec,
      (header) => {
        typed = new TypedCells(source, header, report);
        col = Object.fromEntries(ORDER_COLUMNS.map((name) => [name, header.indexOf(name)])) as typeof col;
        sources.orders!.push(columnsOf(header, ORDER_COLUMNS));
      },
      (cells, line) => {
        const customerId = trimCell(cells[col.customer_id]);
        const orderedAt = typed.date(cells, col.ordered_at, line);
        const deliveredAt = typed.date(cells, col.delivered_at, line);
        typed.number(cells, col.total, line);
        let status: OrderStatus | null = null;
        if (col.status >= 0) {
          status = statusOf(cells[col.status]);
          if (status === null && cells[col.status].trim() !== '') {
            typed.invalid(cells, col.status, line, 'order status', `not one of ${ORDER_STATUSES.join(', ')}`);
          }
        }
        const orderId = trimCell(cells[col.order_id]);
        duplicates.see(orderId, line);
        if (wanted.size > 0 && wanted.has(orderId)) {
          orders.push({ orderId, customerId, status, deliveredAt, ...(deliveryAssumed ? { deliveryAssumed } : {}) });
        }
        if (status === 'cancelled' || orderedAt === null || customerId === '') return;
        let row = rowOf.get(customerId);
        if (row === undefined) {
          row = customerIds.length;
          rowOf.set(customerId, row);
          customerIds.push(customerId);
          if ((row + 1) * width > counts.length) {
            counts = grown(counts, 0);
            lastBefore = grown(lastBefore, -Infinity);
          }
        }
        const base = row * width;
        for (let i = 0; i < width; i++) {
          if (orderedAt <= instants[i]) counts[base + i]++;
          if (orderedAt < instants[i] && orderedAt > lastBefore[base + i]) lastBefore[base + i] = orderedAt;
        }
      },
    );
    await duplicates.check('order_id identifies one order: remove the repeated rows, or give each order its own id');
  }
  const cells = customerIds.length * width;
  return {
    customerIds,
    orderCounts: counts.subarray(0, cells),
    lastOrderBefore: lastBefore.subarray(0, cells),
    orders,
  };
}

/** Twice the cells, the new ones `empty`. */
function grown(cells: Float64Array, empty: number): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(cells.length * 2).fill(empty, cells.length);
  larger.set(cells);
  return larger;
}

async function readContacts(
  files: readonly CsvSource[],
  request: DigestRequest,
  report: (issue: InvalidValue) => void,
  sources: HistoryDigest['sources'],
): Promise<Contact[]> {
  const { instants, contactLookbackMs: lookback } = request;
  const contacts: Contact[] = [];
  const shared = textSharer();
  let typed: TypedCells;
  let col: Record<(typeof CONTACT_COLUMNS)[number], number>;
  sources.contacts = [];
  for (const source of files) {
    let rows = 0;
    await readTable(
      source,
      { canonical: CONTACT_COLUMNS, required: ['customer_id', 'sent_at'] },
      (header) => {
        typed = new TypedCells(source, header, report);
        col = Object.fromEntries(CONTACT_COLUMNS.map((name) => [name, header.indexOf(name)])) as typeof col;
        sources.contacts!.push(columnsOf(header, CONTACT_COLUMNS));
      },
      (cells, line) => {
        if (request.onProgress && ++rows % PROGRESS_EVERY_ROWS === 0) request.onProgress({ file: source.displayPath, rows });
        const sentAt = typed.date(cells, col.sent_at, line);
        if (sentAt === null) return;
        // Only contacts in [instant − lookback, instant) of some instant can ever be counted.
        if (!instants.some((instant) => sentAt < instant && sentAt >= instant - lookback)) return;
        contacts.push({
          customerId: trimCell(cells[col.customer_id]),
          channel: shared(cellAt(cells, col.channel).trim().toLowerCase()),
          sentAt,
          campaignId: shared(cellAt(cells, col.campaign_id).trim()),
          brand: shared(cellAt(cells, col.brand).trim()),
        });
      },
    );
  }
  return contacts;
}

/** One string for equal texts: channels, campaigns and brands repeat across a million contacts. */
export function textSharer(): (text: string) => string {
  const texts = new Map<string, string>();
  return (text) => {
    const held = texts.get(text);
    if (held !== undefined) return held;
    texts.set(text, text);
    return text;
  };
}

/** The cell, or '' when the column is absent. */
export function cellAt(cells: readonly string[], index: number): string {
  return index < 0 ? '' : (cells[index] ?? '');
}

/** The cell without surrounding blanks; allocates only when there are some. */
export function trimCell(text: string): string {
  const last = text.length - 1;
  return last >= 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(last) <= 32) ? text.trim() : text;
}
