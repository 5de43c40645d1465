// Deterministic synthetic scenario for the benchmark (docs/inputs.md file shapes).
//
//   node bench/generate.mjs [--scale 0.1] [--rows N] [--customers N] [--orders N]
//                           [--contacts N] [--campaigns N] [--seed N] [--force] [--data-dir DIR]
//
// Writes bench/data/<name>/{campaign.yaml, audience.csv, data/*.csv, manifest.json} (DIR/<name>
// with --data-dir) and reuses an existing scenario whose manifest records the same parameters.
//
// With --campaigns N > 1 the scenario is a run of N campaigns sharing the history files:
// campaigns/campaign-<k>.campaign.yaml, each with its own campaigns/audience-<k>.csv of --rows
// rows (N × rows audience rows in all), send_at 3 days apart (closer when N > 11, so that all
// lie within 30 days: one run), promotions and reactivations alternating, the same customers in
// several campaigns, a few of them offered a different discount by one campaign.

import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// Bump whenever the generated content changes, so old scenarios are not reused.
const GENERATOR_VERSION = 1;

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(BENCH_DIR, 'data');

const DEFAULTS = { rows: 200_000, customers: 200_000, orders: 1_000_000 };
const CONTACTS_PER_CUSTOMER = 1.5;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEND_AT = Date.parse('2026-12-01T09:00:00Z');
const ORDERS_FROM = Date.parse('2023-01-01T00:00:00Z');
// A few orders land after send_at, which loyalty must not count.
const ORDERS_UNTIL = SEND_AT + 10 * DAY;

// ---------------------------------------------------------------------------------------------
// Options

export const SIZE_OPTIONS = {
  scale: { type: 'string' },
  rows: { type: 'string' },
  customers: { type: 'string' },
  orders: { type: 'string' },
  contacts: { type: 'string' },
  campaigns: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
};

/** Sizes from parsed flags: explicit counts win over `--scale`; contacts follow customers. */
export function resolveParams(values) {
  const scale = values.scale === undefined ? 1 : positiveNumber('scale', values.scale);
  const count = (name, fallback) =>
    values[name] === undefined ? Math.max(1, Math.round(fallback)) : positiveInt(name, values[name]);
  const customers = count('customers', DEFAULTS.customers * scale);
  return {
    seed: values.seed === undefined ? 1 : positiveInt('seed', values.seed),
    rows: count('rows', DEFAULTS.rows * scale),
    customers,
    orders: count('orders', DEFAULTS.orders * scale),
    contacts: count('contacts', customers * CONTACTS_PER_CUSTOMER),
    // Not scaled: the number of campaign files in the run.
    campaigns: values.campaigns === undefined ? 1 : positiveInt('campaigns', values.campaigns),
  };
}

function positiveNumber(name, text) {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return n;
}

function positiveInt(name, text) {
  const n = positiveNumber(name, text);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be a whole number, got "${text}"`);
  return n;
}

/** One campaign keeps the name it had before --campaigns existed, so its scenarios are reused. */
export function scenarioName(p) {
  const name = `r${p.rows}-c${p.customers}-o${p.orders}-k${p.contacts}-s${p.seed}`;
  return p.campaigns > 1 ? `${name}-n${p.campaigns}` : name;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness: sfc32, one independent stream per file so that changing one size does not
// reshuffle the other files.

function rngFor(seed, label) {
  // cyrb-style string hash to derive four 32-bit state words.
  let h1 = 0xdeadbeef ^ seed,
    h2 = 0x41c6ce57 ^ seed,
    h3 = 0x9e3779b9 ^ seed,
    h4 = 0x85ebca6b ^ seed;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    h3 = Math.imul(h3 ^ c, 2246822507);
    h4 = Math.imul(h4 ^ c, 3266489909);
  }
  let a = h1 >>> 0,
    b = h2 >>> 0,
    c = h3 >>> 0,
    d = h4 >>> 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // warm up away from the hash
  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Oliver',
  'Sophia',
  'Elijah',
  'Isabella',
  'James',
  'Mia',
  'William',
  'Charlotte',
  'Benjamin',
  'Amelia',
  'Lucas',
  'Harper',
  'Henry',
  'Evelyn',
  'Theodore',
  'Abigail',
  'Jack',
  'Emily',
  'Levi',
  'Ella',
  'Alexander',
  'Elizabeth',
  'Mateo',
  'Sofia',
  'Daniel',
  'Avery',
  'Michael',
  'Scarlett',
  'Mason',
  'Grace',
  'Sebastian',
  'Chloe',
  'Ethan',
  'Victoria',
  'Logan',
  'Riley',
  'Owen',
  'Aria',
  'Samuel',
  'Lily',
  'Jacob',
  'Aurora',
  'Asher',
  'Zoey',
  'Aiden',
  'Nora',
  'Mary Ann',
  'Jean-Luc',
  // Accents exercise the accent-insensitive name match.
  'José',
  'Zoë',
  'Renée',
  'Chloé',
  'Björn',
  'Łukasz',
  'Søren',
  'Ana María',
  'François',
  'Ñuño',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  "O'Brien",
  'van der Berg',
  'Smith-Jones',
  'Müller',
  'García',
  'Núñez',
  'Dvořák',
  'Østergaard',
  'Nguyễn',
  'Le Blanc',
];
// docs/inputs.md: these are placeholders, not names.
const PLACEHOLDER_NAMES = ['Customer', 'customer', 'Unknown', 'N/A', 'n/a', 'Test', 'test', 'X', 'J'];
const GENERIC_GREETINGS = ['Dear Customer,', 'Hello,', 'Dear Valued Customer,', 'Hi there,', 'Dear Friend,'];
const BROKEN_GREETINGS = ['Dear {{first_name}},', 'Dear  ,', 'Dear undefined,', 'Hi *|FNAME|*,', 'Dear null,'];

const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Cedar Ln',
  'Elm St',
  'Pine Rd',
  'Washington Blvd',
  'Lake View Ct',
  'Hillcrest Rd',
  'Sunset Blvd',
  'Park Pl',
  'River Rd',
  'Church St',
  'Mill Ln',
  'High St',
];
const CITIES = ['Springfield', 'Riverton', 'Fairview', 'Greenville', 'Madison', 'Georgetown', 'Salem', 'Franklin'];
const DOMAINS = ['example.com', 'mail.example', 'inbox.test', 'post.example.org', 'corp.example.net'];
const CATEGORIES = [
  'toys',
  'books',
  'kids-furniture',
  'outdoor',
  'electronics',
  'fashion',
  'home',
  'beauty',
  'sports',
  'garden',
  'pets',
  'stationery',
  'electric-vehicles',
  'baby-care',
];
const BRANDS = ['overnight-prints', 'kidsco', 'homestead', 'voltride'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
const LIFE_STAGES = ['expecting', 'newlywed', 'retired', 'student'];
const CAMPAIGN_IDS = Array.from({ length: 24 }, (_, i) => `hist-campaign-${String(i + 1).padStart(2, '0')}`);
const CONSENT_YES = ['true', 'true', 'true', 'yes', 'Y', '1', 'opted_in', 'TRUE', 'subscribed'];
const CONSENT_NO = ['false', 'no', 'N', '0', 'opted_out', 'unsubscribed'];

// ---------------------------------------------------------------------------------------------
// Output helpers

/** Buffers text and writes ~1 MiB chunks, honouring stream back-pressure. */
class CsvWriter {
  constructor(path) {
    this.path = path;
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.buffer = '';
    this.rows = 0;
  }
  /** Appends one record; true when the caller should `await flush()`. */
  add(line) {
    this.buffer += line + '\n';
    this.rows++;
    return this.buffer.length >= 1 << 20;
  }
  async flush() {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { rows: this.rows - 1, bytes: statSync(this.path).size }; // minus the header
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
/** RFC 4180 field. */
function q(value) {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const isoSeconds = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const customerId = (i) => `C${String(i + 1).padStart(7, '0')}`;
const asciiLower = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase() || 'x';

function randomPhone(r) {
  const area = r.between(201, 989),
    mid = r.between(200, 999),
    end = String(r.int(10000)).padStart(4, '0');
  switch (r.int(4)) {
    case 0:
      return `+1 (${area}) ${mid}-${end}`;
    case 1:
      return `${area}.${mid}.${end}`;
    case 2:
      return `${area}${mid}${end}`;
    default:
      return `(${area}) ${mid} ${end}`;
  }
}

function randomAddress(r) {
  const street = `${r.between(1, 9999)} ${r.pick(STREETS)}`;
  const roll = r.next();
  if (roll < 0.001) return `${street}\nApt ${r.between(1, 40)}`; // a quoted multi-line cell
  if (roll < 0.002) return `${street} "Rear entrance"`; // escaped quotes
  if (roll < 0.3) return `${street}, Apt ${r.between(1, 40)}, ${r.pick(CITIES)}`;
  return `${street}, ${r.pick(CITIES)}`;
}

/** 1–3 distinct items joined by one of the list separators docs/inputs.md allows. */
function randomList(r, items, sep) {
  const n = r.between(1, 3),
    out = new Set();
  while (out.size < n) out.add(r.pick(items));
  return [...out].join(sep);
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * customers.csv. ~5% of records are a second account of an earlier record: same email or phone
 * (sometimes written differently), and often the same name and postal code, so identity linking
 * has real work to do. ~10% carry a person_id drawn from a small pool.
 * Returns what the audience needs to look like a real export of these customers.
 */
async function writeCustomers(path, p) {
  const r = rngFor(p.seed, 'customers');
  const n = p.customers;
  const people = { email: new Array(n), first: new Array(n), last: new Array(n) };
  const phone = new Array(n),
    postalCode = new Array(n);
  const w = new CsvWriter(path);
  w.add(
    'customer_id,person_id,brand,email,phone,first_name,last_name,postal_address,postal_code,' +
      'birth_date,children_birth_years,life_stage,loyalty_tier,interests,email_consent,sms_consent,' +
      'unsubscribed_at,do_not_contact',
  );
  const personPool = Math.max(1, Math.floor(n / 20));
  for (let i = 0; i < n; i++) {
    let first = r.pick(FIRST_NAMES),
      last = r.pick(LAST_NAMES);
    let email = `${asciiLower(first)}.${asciiLower(last)}${i}@${r.pick(DOMAINS)}`;
    let tel = r.chance(0.85) ? randomPhone(r) : '';
    let zip = String(r.between(10000, 99999)).padStart(5, '0');
    let emailOut = email;

    if (i > 0 && r.chance(0.05)) {
      const j = r.int(i);
      if (r.chance(0.6)) {
        email = people.email[j];
        // The same address as another system wrote it: case and stray blanks.
        emailOut = r.chance(0.3) ? ` ${email.toUpperCase()} ` : email;
      } else if (phone[j]) {
        tel = phone[j].replace(/\D/g, ''); // same number, different formatting
      }
      if (r.chance(0.5)) {
        first = people.first[j] || first;
        last = people.last[j] || last;
        zip = postalCode[j];
      }
    }
    // Names as they arrive from sign-up forms: sometimes missing or a placeholder.
    const nameRoll = r.next();
    if (nameRoll < 0.02) first = '';
    else if (nameRoll < 0.03) first = r.pick(PLACEHOLDER_NAMES);
    if (r.chance(0.02)) last = '';
    const emailRoll = r.next();
    if (emailRoll < 0.01) emailOut = email = '';
    else if (emailRoll < 0.012) emailOut = email.replace('@', ' at '); // invalid address

    people.email[i] = email;
    people.first[i] = first;
    people.last[i] = last;
    phone[i] = tel;
    postalCode[i] = zip;

    const kids = r.chance(0.4) ? Array.from({ length: r.between(1, 3) }, () => r.between(1995, 2026)).join(';') : '';
    const line = [
      customerId(i),
      r.chance(0.1) ? `P${String(r.int(personPool)).padStart(7, '0')}` : '',
      r.chance(0.7) ? BRANDS[0] : r.pick(BRANDS),
      q(emailOut),
      q(tel),
      q(first),
      q(last),
      q(randomAddress(r)),
      zip,
      r.chance(0.85) ? isoDate(Date.UTC(r.between(1940, 2006), r.int(12), r.between(1, 28))) : '',
      kids,
      r.chance(0.03) ? r.pick(LIFE_STAGES) : '',
      r.chance(0.6) ? r.pick(TIERS) : '',
      r.chance(0.5) ? q(randomList(r, CATEGORIES, r.chance(0.5) ? ';' : '|')) : '',
      consent(r, 0.05),
      consent(r, 0.2),
      r.chance(0.01) ? isoSeconds(SEND_AT - r.int(400) * DAY - r.int(DAY)) : '',
      r.chance(0.003) ? 'true' : '',
    ].join(',');
    if (w.add(line)) await w.flush();
  }
  return { file: await w.close(), people };
}

function consent(r, refusedShare) {
  const roll = r.next();
  if (roll < refusedShare) return r.pick(CONSENT_NO);
  if (roll < refusedShare + 0.1) return ''; // unknown
  return r.pick(CONSENT_YES);
}

/**
 * audience.csv: a random permutation of customers (wrapping when there are more rows than
 * customers), with some duplicates, unknown and missing ids, per-row discounts, ~10% control.
 * `campaign` ({ index, standing }) when the scenario has several campaigns: each audience is its
 * own permutation (so the same customers appear in several campaigns), and its discount cells
 * are the customer's standing discount (the same in every campaign) except on ~2% of rows, where
 * this campaign offers its own value. Without it, the single campaign's audience as it always was.
 */
async function writeAudience(path, p, people, campaign) {
  const r = rngFor(p.seed, campaign ? `audience-${campaign.index}` : 'audience');
  const n = p.customers;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const w = new CsvWriter(path);
  w.add('customer_id,email,first_name,last_name,greeting,discount_pct,group');
  for (let row = 0; row < p.rows; row++) {
    let c = order[row % n];
    const roll = r.next();
    if (roll < 0.005 && row > 0) c = order[r.int(Math.min(row, n))]; // already on an earlier row
    let id = customerId(c);
    let email = people.email[c],
      first = people.first[c],
      last = people.last[c];
    const prospect = roll >= 0.005 && roll < 0.015;
    if (prospect) {
      id = `C9${String(r.int(1e6)).padStart(6, '0')}`; // not in the history
      email = `prospect${row}@${r.pick(DOMAINS)}`;
      first = r.pick(FIRST_NAMES);
    } else if (roll >= 0.015 && roll < 0.02) {
      id = ''; // matched by address only
    }
    if (r.chance(0.03)) first = ''; // the export dropped the name; the history may know it
    if (r.chance(0.02)) email = '';

    const greetRoll = r.next();
    let greeting = '';
    if (greetRoll < 0.004) greeting = r.pick(GENERIC_GREETINGS);
    else if (greetRoll < 0.005) greeting = r.pick(BROKEN_GREETINGS);
    else if (greetRoll < 0.02 && last) greeting = `Dear ${r.chance(0.5) ? 'Ms.' : 'Mr.'} ${last},`;

    const discRoll = r.next();
    let discount;
    if (!campaign) {
      discount = discRoll < 0.15 ? String(5 * r.between(2, 8)) : discRoll < 0.18 ? `${5 * r.between(2, 8)}%` : '';
    } else if (discRoll < 0.02) {
      discount = String(5 * r.between(2, 8)); // this campaign's own deal for this row
    } else {
      discount = prospect ? '' : campaign.standing[c];
    }

    const line = [id, q(email), q(first), q(last), q(greeting), discount, r.chance(0.1) ? 'control' : 'treatment'].join(',');
    if (w.add(line)) await w.flush();
  }
  return w.close();
}

/**
 * orders.csv: customers drawn with a skew (index ∝ u²) so loyalty spans all bands, and the last
 * 20% of customers have no orders at all. Mostly delivered, some cancelled or still in transit.
 */
/** Each customer's discount cell in every campaign of a run: ~15% a value, ~3% written with %. */
function standingDiscounts(p) {
  const r = rngFor(p.seed, 'discounts');
  return Array.from({ length: p.customers }, () => {
    const roll = r.next();
    return roll < 0.15 ? String(5 * r.between(2, 8)) : roll < 0.18 ? `${5 * r.between(2, 8)}%` : '';
  });
}

async function writeOrders(path, p) {
  const r = rngFor(p.seed, 'orders');
  const buyers = Math.max(1, Math.floor(p.customers * 0.8));
  const span = ORDERS_UNTIL - ORDERS_FROM;
  const w = new CsvWriter(path);
  w.add('order_id,customer_id,ordered_at,status,delivered_at,total,category,brand');
  for (let i = 0; i < p.orders; i++) {
    const u = r.next();
    const buyer = Math.floor(buyers * u * u);
    const orderedAt = ORDERS_FROM + Math.floor(r.next() * span);
    let status;
    if (orderedAt > SEND_AT - 3 * DAY) status = r.chance(0.5) ? 'placed' : 'shipped';
    else {
      const s = r.next();
      status =
        s < 0.85
          ? 'delivered'
          : s < 0.92
            ? 'cancelled'
            : s < 0.95
              ? 'returned'
              : s < 0.97
                ? 'shipped'
                : s < 0.98
                  ? 'refunded'
                  : s < 0.99
                    ? 'lost'
                    : 'placed';
    }
    const delivered = status === 'delivered' || status === 'returned';
    const line = [
      `O${String(i + 1).padStart(8, '0')}`,
      customerId(buyer),
      isoSeconds(orderedAt),
      status,
      delivered ? isoSeconds(orderedAt + r.between(1, 8) * DAY + r.int(DAY)) : '',
      (r.between(500, 50000) / 100).toFixed(2),
      r.pick(CATEGORIES),
      r.chance(0.6) ? BRANDS[0] : r.pick(BRANDS),
    ].join(',');
    if (w.add(line)) await w.flush();
  }
  return w.close();
}

/** contacts.csv: past sends in the 60 days before send_at, skewed so some people are fatigued. */
async function writeContacts(path, p) {
  const r = rngFor(p.seed, 'contacts');
  const w = new CsvWriter(path);
  w.add('customer_id,channel,sent_at,campaign_id,brand');
  for (let i = 0; i < p.contacts; i++) {
    const u = r.next();
    const c = r.next();
    const line = [
      customerId(Math.floor(p.customers * u * u)),
      c < 0.8 ? 'email' : c < 0.95 ? 'sms' : 'direct_mail',
      isoSeconds(SEND_AT - 1000 - r.int(60 * DAY)),
      r.pick(CAMPAIGN_IDS),
      r.chance(0.6) ? BRANDS[0] : r.pick(BRANDS),
    ].join(',');
    if (w.add(line)) await w.flush();
  }
  return w.close();
}

/** A campaign file; the single campaign of a one-campaign scenario is `SINGLE_CAMPAIGN`. */
function campaignYaml({ id, name, type, sendAt, file, audience, dataDir }) {
  const subject =
    type === 'reactivation'
      ? `"{{ first_name | default: 'Friend' }}, we miss you: 20% off your next order"`
      : `"{{ first_name | default: 'Friend' }}, 20% off everything for the holidays"`;
  return `# Synthetic benchmark campaign (bench/generate.mjs).
id: ${id}
name: ${name}
type: ${type}
channel: email
send_at: ${isoSeconds(sendAt)}
brand: overnight-prints
audience: ${relative(dirname(file), audience)}
history:
  customers: ${dataDir}/customers.csv
  orders: ${dataDir}/orders.csv
  contacts: ${dataDir}/contacts.csv
message:
  subject: ${subject}
  greeting: "Dear {{ first_name | default: 'Customer' }},"
offer:
  discount_pct: 20
  categories: [toys, books, kids-furniture]
  excludes_categories: [electric-vehicles]
control_group:
  column: group
  control_values: [control]
`;
}

const SINGLE_CAMPAIGN = {
  id: 'bench-year-end-2026',
  name: 'Benchmark year-end promotion',
  type: 'promotion',
  sendAt: SEND_AT,
  file: 'campaign.yaml',
  audience: 'audience.csv',
  dataDir: 'data',
};

/**
 * The campaigns of a scenario: for N > 1, files and audiences in campaigns/ (a folder `check`
 * searches), promotions and reactivations alternating, send_at 3 days apart and at most 30 days
 * from first to last. Numbers are zero-padded to N's width so that the folder sorts in order.
 */
function campaignsOf(p) {
  if (p.campaigns === 1) return [SINGLE_CAMPAIGN];
  const width = String(p.campaigns).length;
  const stepMs = Math.min(3 * DAY, Math.floor((30 * 24) / (p.campaigns - 1)) * HOUR);
  return Array.from({ length: p.campaigns }, (_, i) => {
    const k = String(i + 1).padStart(width, '0');
    const type = i % 2 === 0 ? 'promotion' : 'reactivation';
    return {
      index: i + 1,
      id: `bench-${k}-${type}`,
      name: `Benchmark campaign ${k} of ${p.campaigns} (${type})`,
      type,
      sendAt: SEND_AT + i * stepMs,
      file: `campaigns/campaign-${k}.campaign.yaml`,
      audience: `campaigns/audience-${k}.csv`,
      dataDir: '../data',
    };
  });
}

// An empty config here stops the upward config search, so nothing else in the repo applies.
const CONFIG_YAML = '# Benchmark: an empty config, the defaults apply.\n';

// ---------------------------------------------------------------------------------------------
// Scenario

/**
 * Generates the scenario for `params` in `dataDir` (bench/data by default), or reuses it when the
 * manifest matches.
 * Returns { dir, targets, csvFiles, audienceFiles, campaigns, manifest, reused }: `targets` is
 * what check() is given (campaign.yaml, or the campaigns/ folder), `audienceFiles` the manifest
 * keys of the audiences.
 */
export async function generateScenario(params, { force = false, log = () => {}, dataDir = DATA_DIR } = {}) {
  const dir = join(dataDir, scenarioName(params));
  const manifestPath = join(dir, 'manifest.json');
  const describe = (manifest, reused) => {
    const campaigns = manifest.campaigns ?? [{ file: 'campaign.yaml', audience: 'audience.csv' }];
    return {
      dir,
      targets: [join(dir, params.campaigns > 1 ? 'campaigns' : 'campaign.yaml')],
      csvFiles: Object.keys(manifest.files).map((f) => join(dir, f)),
      audienceFiles: campaigns.map((c) => c.audience),
      campaigns,
      manifest,
      reused,
    };
  };

  if (!force && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (isIntact(dir, manifest, params)) return describe(manifest, true);
    log(`scenario ${dir} is stale or incomplete: regenerating`);
  }

  const started = performance.now();
  const campaigns = campaignsOf(params);
  mkdirSync(join(dir, 'data'), { recursive: true });
  if (params.campaigns > 1) mkdirSync(join(dir, 'campaigns'), { recursive: true });
  for (const campaign of campaigns) writeFileSync(join(dir, campaign.file), campaignYaml(campaign));
  writeFileSync(join(dir, 'campaign-preflight.config.yaml'), CONFIG_YAML);

  const files = {};
  log(`generating ${params.customers} customers`);
  const customers = await writeCustomers(join(dir, 'data/customers.csv'), params);
  if (params.campaigns === 1) {
    log(`generating ${params.rows} audience rows`);
    files['audience.csv'] = await writeAudience(join(dir, 'audience.csv'), params, customers.people);
  } else {
    const standing = standingDiscounts(params);
    for (const campaign of campaigns) {
      log(`generating ${params.rows} audience rows for ${campaign.id}`);
      files[campaign.audience] = await writeAudience(join(dir, campaign.audience), params, customers.people, {
        index: campaign.index,
        standing,
      });
    }
  }
  files['data/customers.csv'] = customers.file;
  log(`generating ${params.orders} orders`);
  files['data/orders.csv'] = await writeOrders(join(dir, 'data/orders.csv'), params);
  log(`generating ${params.contacts} contacts`);
  files['data/contacts.csv'] = await writeContacts(join(dir, 'data/contacts.csv'), params);

  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    params,
    campaigns: campaigns.map(({ id, type, sendAt, file, audience }) => ({
      id,
      type,
      sendAt: isoSeconds(sendAt),
      file,
      audience,
    })),
    files,
    generationMs: Math.round(performance.now() - started),
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return describe(manifest, false);
}

/** Same sizes; a manifest from before --campaigns existed is a one-campaign scenario. */
function sameParams(a, b) {
  const key = (p) => JSON.stringify([p.seed, p.rows, p.customers, p.orders, p.contacts, p.campaigns ?? 1]);
  return key(a) === key(b);
}

function isIntact(dir, manifest, params) {
  if (manifest.generatorVersion !== GENERATOR_VERSION) return false;
  if (!sameParams(manifest.params, params)) return false;
  const campaignFiles = (manifest.campaigns ?? [{ file: 'campaign.yaml' }]).map((c) => c.file);
  if (!campaignFiles.every((file) => existsSync(join(dir, file)))) return false;
  return Object.entries(manifest.files).every(([file, { bytes }]) => {
    const path = join(dir, file);
    return existsSync(path) && statSync(path).size === bytes;
  });
}

export function formatBytes(bytes) {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

// ---------------------------------------------------------------------------------------------
// CLI

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { ...SIZE_OPTIONS, 'data-dir': { type: 'string' } } });
    const scenario = await generateScenario(resolveParams(values), {
      force: values.force,
      log: (m) => console.error(m),
      ...(values['data-dir'] ? { dataDir: resolve(values['data-dir']) } : {}),
    });
    const { manifest } = scenario;
    console.log(`${scenario.reused ? 'reused' : `generated in ${(manifest.generationMs / 1000).toFixed(1)} s`}: ${scenario.dir}`);
    const width = Math.max(20, ...Object.keys(manifest.files).map((f) => f.length));
    for (const [file, { rows, bytes }] of Object.entries(manifest.files)) {
      console.log(`  ${file.padEnd(width)} ${String(rows).padStart(9)} rows  ${formatBytes(bytes).padStart(10)}`);
    }
    const audienceRows = scenario.audienceFiles.reduce((n, f) => n + manifest.files[f].rows, 0);
    console.log(`  ${scenario.audienceFiles.length} campaign(s), ${audienceRows} audience rows in all`);
  } catch (err) {
    console.error(`bench/generate: ${err.message}`);
    process.exitCode = 2;
  }
}
