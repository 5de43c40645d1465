// Persons and their profiles (docs/inputs.md). Building them sits behind one interface, `ProfileBuilder`:
// history in, per-person profiles out, so another engine (a database, a warehouse export) can build
// them without touching the rules.

import type { InvalidValueSink } from '../csv/typed-cells.js';
import type { Channel, Config, HistoryEngine, HistorySources, Notice } from '../types.js';

export type OrderStatus = 'placed' | 'shipped' | 'delivered' | 'cancelled' | 'returned' | 'lost' | 'refunded';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'placed',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'lost',
  'refunded',
];

export type ConsentChannel = Channel;

/** One customer record of the history, with what rules read from it directly. */
export interface CustomerRecord {
  /**
   * Its customer_id. A record without one (empty, `0` or `guest`: docs/inputs.md) has a label instead,
   * `(no customer_id, line 4 of data/customers.csv)` (`row 3 of` a Parquet file), for messages only: `People.customer` never
   * finds it, whatever id it is asked for; it is found by its person and its addresses.
   */
  customerId: string;
  person: Person;
  brand: string;
  email: string;
  phone: string;
  postalAddress: string;
  /** true / false as recorded; null when unknown. */
  consent: Record<ConsentChannel, boolean | null>;
  /** Epoch ms, or null. */
  unsubscribedAt: number | null;
  doNotContact: boolean;
  /** The platform knows its email address does not receive mail (a hard bounce, a cleaned or held address). */
  emailUndeliverable: boolean;
  /** The suppression list that names the record, by its id or address (docs/inputs.md); undefined when none does. */
  suppressedBy?: string;
}

/** One person: the linked customer records and what is known of them. Lists are read-only: empty ones are shared. */
export interface Person {
  index: number;
  records: readonly CustomerRecord[];
  /** Known (non-placeholder) names from any record, as written. */
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** Epoch ms, or null when unknown. */
  birthDate: number | null;
  childrenBirthYears: readonly number[];
  /** Stated `life_stage` values (lower case). */
  lifeStages: readonly string[];
  /** Stated interests (lower case). */
  interests: readonly string[];
  loyaltyTiers: readonly string[];
  doNotContact: boolean;
  /** Per run instant: orders not cancelled with ordered_at <= instant. */
  orderCounts: number[];
  /** Per run instant: the latest ordered_at < instant of an order not cancelled, or -Infinity. */
  lastOrderBefore: number[];
  /** Contacts of the history within `ProfileRequest.contactLookbackMs` before a run instant. */
  contacts: readonly Contact[];
}

/** A message or call already made (contacts.csv). */
export interface Contact {
  customerId: string;
  channel: string;
  /** Epoch ms. */
  sentAt: number;
  campaignId: string;
  brand: string;
}

/** What is known of one order that the run asked about. */
export interface OrderFacts {
  orderId: string;
  customerId: string;
  /** The person of its customer, when the customer is in the history. */
  person: Person | undefined;
  status: OrderStatus | null;
  deliveredAt: number | null;
  /** How delivered_at was worked out when the export has none ("7 days after Fulfilled at"), by a preset. */
  deliveryAssumed?: string;
}

/** The columns a history file has, as read: what tells the rules it feeds apart from those it cannot. */
/** How many of a file's records without a customer_id its notice names. */
export const LISTED_WITHOUT_ID = 5;

export interface SourceColumns {
  /** The file or table as the user named it, when it is not among the run's files (a profiles table's sources). */
  file?: string;
  /** The canonical columns it has, as written or mapped with `columns:`. */
  columns: readonly string[];
  /** Its header as written. */
  header: readonly string[];
  /** Its headers that `columns:` or a preset maps to ours, when it is not among the run's files. */
  mapped?: readonly string[];
}

export interface People {
  readonly personCount: number;
  /**
   * The columns of each history file read; coverage (docs/report.md) holds rules' requirements against
   * them. A builder without it is trusted to have what every rule needs.
   */
  readonly sources?: Partial<Record<'customers' | 'orders' | 'contacts', readonly SourceColumns[]>>;
  readonly customerCount: number;
  customer(customerId: string): CustomerRecord | undefined;
  /** The suppression list that names this address for the channel, if one does (docs/inputs.md). */
  suppressedAddress?(channel: Channel, address: string): string | undefined;
  /** The customer records holding this address for the channel (normalized per docs/inputs.md), in file order. */
  customersByAddress(channel: Channel, address: string): readonly CustomerRecord[];
  /**
   * A number for the address as identity compares it (normalized): the same for every address that
   * normalizes alike, below `customerCount`; −1 when no record holds it. Lets a rule group rows by
   * address without keeping the strings; a builder without it leaves rules to keep them.
   */
  addressNumber?(channel: Channel, address: string): number;
  /** Only orders named in `ProfileRequest.orderIds` are kept. */
  order(orderId: string): OrderFacts | undefined;
  /**
   * Visits every first and last name, phone and postal address the history holds, as written, so
   * that `--redact` can mask them in reports. A builder without it leaves only the values that look
   * like emails and phones, and the audience's own cells, to be masked.
   */
  forEachPersonalValue?(visit: (kind: PersonalValueKind, value: string) => void): void;
}

export type PersonalValueKind = 'name' | 'phone' | 'postal_address';

export interface ProfileRequest {
  history: HistorySources;
  /** The send instants of the run's campaigns (epoch ms); profiles hold per-instant figures. */
  instants: readonly number[];
  /** Orders the run's review requests name: the only orders kept whole. */
  orderIds: ReadonlySet<string>;
  identity: Config['identity'];
  /** The config's `history.engine`: who reads orders and contacts (a builder may have its own say). */
  engine?: HistoryEngine;
  /** How far before a run instant history contacts are kept; 0 reads no contacts. */
  contactLookbackMs: number;
  /** Told of every history cell that cannot be read as its column's type. */
  onInvalidValue: InvalidValueSink;
  /** Told every PROGRESS_EVERY_ROWS rows how far the reading of a history file has come. */
  onProgress?: ProgressSink;
  /** Told what the user should know about a history file that is not a finding: records without a customer_id, once per file. */
  onNotice?: (notice: Notice) => void;
  /**
   * The run's audiences: their size in bytes, and what they name, read on demand. A builder may keep
   * only the persons they reach (docs/cli.md#history-engine); one that keeps every person never reads it.
   */
  reach?: { bytes: number; read(): Promise<AudienceReach> };
}

/**
 * The keys by which the run's audience rows find customer records (docs/inputs.md), normalized as
 * identity compares them: every customer_id (trimmed), and every email, phone and postal address of
 * a row whatever its channel. A customer_id that is an email is among the emails too.
 */
export interface AudienceReach {
  customerIds: Set<string>;
  emails: Set<string>;
  phones: Set<string>;
  postalAddresses: Set<string>;
}

/** How far the reading of a file has come: the file as the user would recognise it, and its rows so far. */
export type ProgressSink = (progress: { file: string; rows: number }) => void;

/** Rows between two progress reports: often enough for a live count, rare enough to cost nothing. */
export const PROGRESS_EVERY_ROWS = 4096;

export interface ProfileBuilder {
  build(request: ProfileRequest): Promise<People>;
}
