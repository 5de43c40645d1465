// Orders and contacts reduced to what persons need, per customer id: order counts and the latest
// order before each run instant, the orders review requests name, and the contacts within the
// lookback. It needs nothing from the customers file, so it runs beside it, in a worker thread
// when the package is built (see history-worker.ts). What it keeps grows with customers, but for
// the 8 to 16 bytes per order that finding a repeated order_id takes (see duplicate-ids.ts).

import { CONTACT_COLUMNS, ORDER_COLUMNS } from '../csv/columns.js';
import { columnsOf, readTable, type CsvHeader } from '../csv/read.js';
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
  const digester = new OrderDigester(request.instants, request.orderIds, report);
  sources.orders = [];
  for (const source of files) {
    const duplicates = new DuplicateIdFinder(source, ORDER_SPEC, 'order_id');
    await readTable(
      source,
      ORDER_SPEC,
      (header) => {
        digester.begin(source, header);
        sources.orders!.push(columnsOf(header, ORDER_COLUMNS));
      },
      (cells, line) => duplicates.see(digester.row(cells, line), line),
    );
    await duplicates.check('order_id identifies one order: remove the repeated rows, or give each order its own id');
  }
  return digester.result();
}

const ORDER_SPEC = { canonical: ORDER_COLUMNS, required: ['order_id', 'customer_id', 'ordered_at'] };

/**
 * Reduces order rows, as read, to what persons need: per customer id, the orders not cancelled up to
 * each run instant and the latest before it; the orders the run names; every value not of its column's type reported.
 */
export class OrderDigester {
  private readonly width: number;
  private readonly rowOf = new Map<string, number>();
  private readonly customerIds: string[] = [];
  // Typed from the start, doubling: the worker hands them over as they are, without a copy.
  private counts: Float64Array<ArrayBuffer>;
  private lastBefore: Float64Array<ArrayBuffer>;
  private readonly orders: OrderDigest[] = [];
  private readonly statuses = new Map<string, OrderStatus>(ORDER_STATUSES.map((s) => [s, s]));
  private typed!: TypedCells;
  private col!: Record<(typeof ORDER_COLUMNS)[number], number>;
  private deliveryAssumed: string | undefined;

  constructor(
    private readonly instants: readonly number[],
    private readonly wanted: ReadonlySet<string>,
    private readonly report: (issue: InvalidValue) => void,
  ) {
    this.width = instants.length;
    this.counts = new Float64Array(1024 * this.width);
    this.lastBefore = new Float64Array(1024 * this.width).fill(-Infinity);
  }

  /** Starts a file (or a table's rows of orders): where its columns are. */
  begin(source: CsvSource, header: CsvHeader): void {
    this.typed = new TypedCells(source, header, this.report);
    this.col = Object.fromEntries(ORDER_COLUMNS.map((name) => [name, header.indexOf(name)])) as typeof this.col;
    // A preset that assumes delivery some days after another date says so in the findings that use it.
    const assumed = source.derive?.delivered_at;
    this.deliveryAssumed =
      assumed && 'add_days' in assumed ? `${assumed.add_days.days} days after ${assumed.add_days.column}` : undefined;
  }

  /** Takes one order row; answers its order_id. `deliveryAssumed`: a profiles table's row says its own. */
  row(cells: readonly string[], line: number, deliveryAssumed = this.deliveryAssumed): string {
    const { col, typed, instants, width } = this;
    const customerId = trimCell(cells[col.customer_id]);
    const orderedAt = typed.date(cells, col.ordered_at, line);
    const deliveredAt = typed.date(cells, col.delivered_at, line);
    typed.number(cells, col.total, line);
    let status: OrderStatus | null = null;
    if (col.status >= 0) {
      status = this.statusOf(cells[col.status]);
      if (status === null && cells[col.status].trim() !== '') {
        typed.invalid(cells, col.status, line, 'order status', `not one of ${ORDER_STATUSES.join(', ')}`);
      }
    }
    const orderId = trimCell(cells[col.order_id]);
    if (this.wanted.size > 0 && this.wanted.has(orderId)) {
      this.orders.push({ orderId, customerId, status, deliveredAt, ...(deliveryAssumed ? { deliveryAssumed } : {}) });
    }
    if (status === 'cancelled' || orderedAt === null || customerId === '') return orderId;
    let row = this.rowOf.get(customerId);
    if (row === undefined) {
      row = this.customerIds.length;
      this.rowOf.set(customerId, row);
      this.customerIds.push(customerId);
      if ((row + 1) * width > this.counts.length) {
        this.counts = grown(this.counts, 0);
        this.lastBefore = grown(this.lastBefore, -Infinity);
      }
    }
    const base = row * width;
    const { counts, lastBefore } = this;
    for (let i = 0; i < width; i++) {
      if (orderedAt <= instants[i]) counts[base + i]++;
      if (orderedAt < instants[i] && orderedAt > lastBefore[base + i]) lastBefore[base + i] = orderedAt;
    }
    return orderId;
  }

  result(): Pick<HistoryDigest, 'customerIds' | 'orderCounts' | 'lastOrderBefore' | 'orders'> {
    const cells = this.customerIds.length * this.width;
    return {
      customerIds: this.customerIds,
      orderCounts: this.counts.subarray(0, cells),
      lastOrderBefore: this.lastBefore.subarray(0, cells),
      orders: this.orders,
    };
  }

  private statusOf(text: string): OrderStatus | null {
    return this.statuses.get(text) ?? this.statuses.get(text.trim().toLowerCase()) ?? null;
  }
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
  const reader = new ContactReader(request.instants, request.contactLookbackMs, report);
  sources.contacts = [];
  for (const source of files) {
    let rows = 0;
    await readTable(
      source,
      CONTACT_SPEC,
      (header) => {
        reader.begin(source, header);
        sources.contacts!.push(columnsOf(header, CONTACT_COLUMNS));
      },
      (cells, line) => {
        if (request.onProgress && ++rows % PROGRESS_EVERY_ROWS === 0) request.onProgress({ file: source.displayPath, rows });
        reader.row(cells, line);
      },
    );
  }
  return reader.contacts;
}

const CONTACT_SPEC = { canonical: CONTACT_COLUMNS, required: ['customer_id', 'sent_at'] };

/** Keeps the contact rows, as read, that some run instant's look-back holds. */
export class ContactReader {
  readonly contacts: Contact[] = [];
  private readonly shared = textSharer();
  private typed!: TypedCells;
  private col!: Record<(typeof CONTACT_COLUMNS)[number], number>;

  constructor(
    private readonly instants: readonly number[],
    private readonly lookback: number,
    private readonly report: (issue: InvalidValue) => void,
  ) {}

  begin(source: CsvSource, header: CsvHeader): void {
    this.typed = new TypedCells(source, header, this.report);
    this.col = Object.fromEntries(CONTACT_COLUMNS.map((name) => [name, header.indexOf(name)])) as typeof this.col;
  }

  row(cells: readonly string[], line: number): void {
    const { col, shared, instants, lookback } = this;
    const sentAt = this.typed.date(cells, col.sent_at, line);
    if (sentAt === null) return;
    // Only contacts in [instant − lookback, instant) of some instant can ever be counted.
    if (!instants.some((instant) => sentAt < instant && sentAt >= instant - lookback)) return;
    this.contacts.push({
      customerId: trimCell(cells[col.customer_id]),
      channel: shared(cellAt(cells, col.channel).trim().toLowerCase()),
      sentAt,
      campaignId: shared(cellAt(cells, col.campaign_id).trim()),
      brand: shared(cellAt(cells, col.brand).trim()),
    });
  }
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
