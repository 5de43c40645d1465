// Generated histories full of what tells two ways of building persons apart: keys in any case with
// blanks around them, accents, placeholder names, phones written every way, chains of records linked
// through different keys. With what the rules ask of the persons built, as plain data, to compare.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AudienceReach, People, Person } from '../../src/people/profiles.js';
import type { Preset } from '../../src/csv/preset.js';
import type { CsvSource, IdentityConfig } from '../../src/types.js';
import { pick, random } from './random.js';

export const DAY = 86_400_000;
export const INSTANTS = [Date.parse('2026-12-01T09:00:00Z'), Date.parse('2026-12-08T09:00:00Z')];

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const PERSON_IDS = ['', '', '', 'p1', ' p1', 'p2', 'P2', 'p3\u00a0'];
const EMAILS = ['', '', 'ann@example.com', ' ANN@example.com ', 'bob@example.com', 'José@Example.com', 'josé@example.com', 'n/a'];
const PHONES = ['', '', '+1 (555) 010-2030', '555.010.2030', '0105550102030', '12345', '555 0199', '+44 20 7946 0958'];
const FIRST_NAMES = [
  'Ann',
  'ANN ',
  'José',
  'Jose',
  'Jose\u0301',
  'Customer',
  'J.',
  'É',
  '',
  'Ab',
  'Mary Jo',
  'Mary\u00a0Jo',
  'Ann\tMarie',
  'İlker',
  'N/A',
];
const LAST_NAMES = ['Lee', 'lee', 'Müller', 'Muller', '', 'Unknown', 'O Brien', 'Ştefan'];
const POSTAL_CODES = ['12345', ' 12 345', 'AB1 2CD', 'AB1\t2CD', 'ab12cd', '', '٣٤٥'];
const ADDRESSES = ['', '1 Main St', '1  MAIN st', ' 1 main st\t', 'Straße 1', 'STRASSE 1', 'Rue Été 2'];
const SURE_BOOLEANS = ['', 'true', 'FALSE', ' yes ', 'n', '1', 'opted_in', 'Unsubscribed'];
const CLEAN_DATES = ['', '1980-04-02', '2026-11-28T10:00:00Z', '2026-12-05 08:30:00'];

const EDGE_ORDER_DATES = [
  ...CLEAN_DATES.slice(2),
  '2026-12-01T09:00:00Z',
  '2026-12-01T10:00:00+01:00',
  '2026-12-01 01:00:00 -0800',
  '2026-12-08T10:30:00+0130',
  '2026-12-01 09:00:00 +2400',
  '2026-12-08 09:00:00',
  '2026-12-01T09:00:00.000Z',
  ' 2026-11-30',
  '2026-02-30',
  '',
];
const EDGE_STATUSES = ['delivered', 'cancelled', ' Cancelled ', 'SHIPPED', '', 'lost', 'pending'];

export interface Shape {
  /** Share of records with a cell the default reader reports (DuckDB then leaves the customers to it). */
  odd: number;
  withoutId: boolean;
}

export function customersFile(seed: number, shape: Shape, rows: number, idPrefix = 'c'): string {
  const next = random(seed);
  const lines = [
    'customer_id,person_id,email,phone,first_name,last_name,postal_code,postal_address,email_consent,do_not_contact,' +
      'unsubscribed_at,birth_date,children_birth_years,interests,loyalty_tier',
  ];
  for (let row = 0; row < rows; row++) {
    const id = shape.withoutId && row === 7 ? 'guest' : `${next() < 0.1 ? ' ' : ''}${idPrefix}${row + 1}`;
    const consent = next() < shape.odd ? 'maybe' : pick(next, SURE_BOOLEANS);
    lines.push(
      [
        id,
        next() < 0.8 ? `p${Math.floor(next() * rows)}` : pick(next, PERSON_IDS),
        next() < 0.8 ? `${next() < 0.2 ? ' U' : 'u'}${Math.floor(next() * rows)}@example.com` : pick(next, EMAILS),
        next() < 0.8 ? `+1 555 ${String(Math.floor(next() * rows)).padStart(4, '0')}-00` : pick(next, PHONES),
        pick(next, FIRST_NAMES),
        pick(next, LAST_NAMES),
        pick(next, POSTAL_CODES),
        pick(next, ADDRESSES),
        consent,
        pick(next, SURE_BOOLEANS),
        pick(next, CLEAN_DATES),
        pick(next, CLEAN_DATES),
        pick(next, ['', '2010;2015', ' 2001 | 2004 ']),
        pick(next, ['', 'yoga; running', 'EV', 'unit\u001fseparator']),
        pick(next, ['', 'gold', 'silver']),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Orders of the customers c1…; `edges` adds what only some readers read alike: orders at a send time
 * exactly (one in another offset), dates with fractions of a second, statuses in any case, totals.
 */
export function ordersFile(seed: number, customers: number, edges = false): string {
  const next = random(seed);
  const lines = [`order_id,customer_id,ordered_at,delivered_at,status${edges ? ',total' : ''}`];
  for (let row = 0; row < customers * 2; row++) {
    const customer = next() < 0.05 ? pick(next, EMAILS.filter(Boolean)) : `c${1 + Math.floor(next() * customers)}`;
    lines.push(
      [
        `o${row + 1}`,
        customer,
        pick(next, edges ? EDGE_ORDER_DATES : CLEAN_DATES.slice(2)),
        pick(next, ['', '2026-11-29']),
        pick(next, edges ? EDGE_STATUSES : ['delivered', 'cancelled']),
        ...(edges ? [pick(next, ['', '12.50', '3', ' 7.5 ', '1,200'])] : []),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function contactsFile(seed: number, customers: number): string {
  const next = random(seed);
  const lines = ['customer_id,channel,sent_at,campaign_id'];
  for (let row = 0; row < customers; row++) {
    lines.push([`c${1 + Math.floor(next() * customers)}`, 'email', pick(next, CLEAN_DATES.slice(2)), 'spring'].join(','));
  }
  return lines.join('\n') + '\n';
}

export function source(folder: string, name: string, text: string): CsvSource {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return { path: file, displayPath: name };
}

/** Audience keys drawn from the history's own values (and a few it does not hold). */
export function reachOf(seed: number, customers: number): AudienceReach {
  const next = random(seed);
  const reach: AudienceReach = { customerIds: new Set(), emails: new Set(), phones: new Set(), postalAddresses: new Set() };
  for (let i = 0; i < customers / 8; i++) reach.customerIds.add(`c${1 + Math.floor(next() * customers * 1.1)}`);
  reach.emails.add('ann@example.com').add('josé@example.com');
  reach.phones.add('5550102030');
  reach.postalAddresses.add('straße 1').add('1 main st');
  return reach;
}

/** What the rules can ask People about each audience key and each named order, as plain data. */
export function answers(people: People, reach: AudienceReach, orderIds: readonly string[]) {
  const personOf = (person: Person) => ({
    records: person.records.map((record) => record.customerId),
    firstNames: person.firstNames,
    lastNames: person.lastNames,
    birthDate: person.birthDate,
    childrenBirthYears: person.childrenBirthYears,
    interests: person.interests,
    loyaltyTiers: person.loyaltyTiers,
    doNotContact: person.doNotContact,
    orderCounts: person.orderCounts,
    lastOrderBefore: person.lastOrderBefore,
    contacts: person.contacts.map((contact) => `${contact.customerId} ${contact.sentAt}`),
  });
  const recordOf = (record: ReturnType<People['customer']>) =>
    record && {
      id: record.customerId,
      consent: record.consent,
      unsubscribedAt: record.unsubscribedAt,
      email: record.email,
      person: personOf(record.person),
    };
  return {
    ids: [...reach.customerIds].map((id) => recordOf(people.customer(id))),
    emails: [...reach.emails].map((email) => people.customersByAddress('email', email).map(recordOf)),
    phones: [...reach.phones].map((phone) => people.customersByAddress('sms', phone).map(recordOf)),
    postal: [...reach.postalAddresses].map((address) => people.customersByAddress('direct_mail', address).map(recordOf)),
    orders: orderIds.map((id) => {
      const order = people.order(id);
      return order && { ...order, person: order.person && personOf(order.person) };
    }),
  };
}

export const IDENTITY: IdentityConfig = { linkBy: ['person_id', 'email', 'phone', 'name_postal'] };

/** The orders the generated review requests name. */
export const NAMED_ORDERS = ['o1', 'o2', 'o17', 'o40', 'o99'];

/**
 * A platform's customers export, read with a preset's settings: ids, names, suppressions and
 * consent in its own columns and words, for what the profile SQL derives and maps as the reader does.
 */
export function exportedCustomersFile(seed: number, rows: number): string {
  const next = random(seed);
  const lines = ['Contact ID,Legacy ID,Full Name,E-mail,Mobile,Zip,Marketing,Suppressions,Bounce,Opted Out,Born'];
  for (let row = 0; row < rows; row++) {
    // Most records have their own id; some only a legacy one, or none at all.
    const own = next() < 0.85;
    lines.push(
      [
        own ? `${next() < 0.1 ? ' ' : ''}c${row + 1}` : pick(next, ['', '0', ' guest ', 'GUEST']),
        own || next() < 0.5 ? `L${row + 1}` : pick(next, ['', '0']),
        // Names made the record's own (#), so that persons stay small and each record's derived cells tell.
        pick(next, [
          'Ann Lee#',
          ' Ann\tMarie  Lee# ',
          'Ann\u00a0Lee#',
          'Mary\u3000Jo\u2028Lee#',
          'Cher#',
          '',
          '   ',
          'José Pérez#',
          'ANN LEE#',
          'N/A',
        ]).replace('#', String(row)),
        next() < 0.9 ? `u${row}@example.com` : pick(next, EMAILS),
        next() < 0.9 ? `555 ${String(row).padStart(4, '0')}-77` : pick(next, PHONES),
        pick(next, POSTAL_CODES),
        pick(next, ['Ja', ' JA ', 'ja\u00a0', 'Nein', 'nEIN', '', ' x ', 'yes', 'Y']),
        pick(next, ['', 'UNSUBSCRIBE', 'hard_bounce; SPAM_COMPLAINT', 'Spam complaint', 'none', ' unsubscribe ', 'NONE']),
        pick(next, ['', '', '2026-01-02', ' ', 'held']),
        pick(next, EXPORT_DATES),
        pick(next, EXPORT_DATES),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** Dates in the export's format (M/D/YYYY h:mm:ss A), out of range, in none, or ISO 8601 (which the tool reads then too). */
const EXPORT_DATES = [
  '6/4/2026 3:00:00 PM',
  ' 06/04/2026 12:00:00 am ',
  '2/29/2024 12:59:59 AM',
  '11/30/2026 12:00:00 PM',
  '2/30/2026 1:00:00 PM',
  '13/1/2026 1:00:00 PM',
  '6/4/2026 13:00:00 PM',
  '1/1/2026 0:00:00 PM',
  '2026-06-04',
  '',
  'soon',
];

/** Unix seconds (date_format X): whole, fractional, one rounding to a send time exactly, too long, and not. */
const EXPORT_ORDER_TIMES = [
  '1764579600',
  '1764579599.9996',
  ' 1764500000.5 ',
  '1700000000.0004',
  '1765184400',
  '99999999999',
  '123456789012',
  '2026-12-01T09:00:00Z',
  '17e8',
  '',
];

/** The presets the exports are read with (src/csv/preset.ts): header mappings, derived columns, value maps. */
const EXPORTED_CUSTOMERS: Preset = {
  name: 'generated-customers',
  platform: 'Generated',
  file: 'customers',
  detect: ['Contact ID', 'Full Name'],
  source: 'test/support/generated-history.ts',
  columns: {
    email: 'E-mail',
    phone: 'Mobile',
    postal_code: 'Zip',
    email_consent: 'Marketing',
    unsubscribed_at: 'Opted Out',
    birth_date: 'Born',
  },
  date_format: 'M/D/YYYY h:mm:ss A',
  derive: {
    customer_id: { first_id_of: ['Contact ID', 'Legacy ID'] },
    first_name: { split_name: 'Full Name', part: 'first' },
    last_name: { split_name: 'Full Name', part: 'last' },
    do_not_contact: {
      cases: [
        { column: 'Suppressions', contains: ['unsubscribe', 'SPAM'], value: 'yes' },
        { column: 'Suppressions', in: ['NONE'], value: 'no' },
      ],
      otherwise: 'maybe',
    },
    email_undeliverable: { cases: [{ column: 'Bounce', present: true, value: 'true' }] },
  },
  values: {
    // Words the tool would not read as consent: only the map makes them so (x, a refusal).
    email_consent: { JA: 'true', ' nein ': 'false', x: 'false' },
    do_not_contact: { yes: 'true', no: 'false', maybe: 'false' },
  },
};

/**
 * A platform's orders export of a line per item: the customer a user id, or for a guest order (user
 * 0) the billing email; its own status words; the delivery assumed a week after shipping.
 */
export function exportedOrdersFile(seed: number, customers: number): string {
  const next = random(seed);
  const lines = ['Order,User,Billing Email,Placed,State,Shipped,Item'];
  for (let row = 0; row < customers * 2; row++) {
    const guest = next() < 0.2;
    const id = `o${row + 1}`;
    lines.push(
      [
        id,
        guest ? pick(next, ['0', '', ' guest']) : `c${1 + Math.floor(next() * customers)}`,
        guest ? pick(next, EMAILS.filter(Boolean)) : '',
        pick(next, EXPORT_ORDER_TIMES),
        pick(next, ['wc-completed', 'Completed', 'wc-cancelled', ' CANCELLED ', 'refunded', 'on-hold', '']),
        pick(next, EXPORT_ORDER_TIMES),
        'mug',
      ]
        .map(csvCell)
        .join(','),
    );
    // More items of the same order, its id written with blanks around it at times: only the first line is the order.
    const items = next() < 0.3 ? 1 + Math.floor(next() * 2) : 0;
    for (let item = 0; item < items; item++) {
      lines.push(
        [pick(next, [id, ` ${id} `]), 'c1', '', pick(next, EXPORT_ORDER_TIMES), 'refunded', '1764579600', 'bowl'].join(','),
      );
    }
    // A line without an order id stands for itself.
    if (next() < 0.02) lines.push(',c2,,1764500000,Completed,,plate');
  }
  return lines.join('\n') + '\n';
}

const EXPORTED_ORDERS: Preset = {
  name: 'generated-orders',
  platform: 'Generated',
  file: 'orders',
  detect: ['Order', 'Billing Email'],
  source: 'test/support/generated-history.ts',
  line_items: 'order_id',
  columns: { order_id: 'Order', ordered_at: 'Placed', status: 'State' },
  date_format: 'X',
  derive: {
    customer_id: { first_id_of: ['User', 'Billing Email'] },
    delivered_at: { add_days: { column: 'Shipped', days: 7 } },
  },
  values: { status: { 'wc-completed': 'delivered', completed: 'delivered', 'wc-cancelled': 'cancelled' } },
};

export const EXPORT_PRESETS: readonly Preset[] = [EXPORTED_CUSTOMERS, EXPORTED_ORDERS];
