// Seven of the CLI's rules written in DuckDB SQL, as a data analyst would write them instead of
// running campaign-preflight: the CSV files read with read_csv and explicit column types, persons
// linked with a recursive query, one query per rule (bench/duckdb/rules/<id>.sql) that returns the
// audience lines it flags. bench/duckdb.mjs times it and checks it against the CLI.
//
// The seven rules are those of the candidates that have findings in the generated scenario (a
// promotion sent by email): reactivation-of-active and review-before-delivery are not applicable
// to it (they need a reactivation or a review_request campaign), so their SQL would be timed doing
// nothing and could not be verified. stated-interest-ignored, inconsistent-offer and the message
// rules (broken-personalization, control-group) have findings too but are left to the CLI.
//
// One campaign only: the SQL knows one send_at (the CLI's runs of several campaigns compare rows
// across campaigns and send times). The campaign's settings the SQL depends on are read from its
// file, and anything the SQL does not implement (another channel, another greeting template, a
// suppression list, rule options in a config) is refused rather than silently checked otherwise.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const SQL_DIR = dirname(fileURLToPath(import.meta.url));

export const RULES = [
  'no-consent',
  'duplicate-recipient',
  'unknown-recipient',
  'invalid-address',
  'loyalty-inversion',
  'contact-fatigue',
  'generic-salutation',
];

/** The greeting template rules/generic-salutation.sql renders. */
const GREETING_TEMPLATE = "Dear {{ first_name | default: 'Customer' }},";

/** Default rule options and loyalty bands (docs/rules.md, docs/campaign-and-config.md): the scenario's config is empty. */
const DEFAULTS = { loyaltyBands: [2, 5], fatigueMax: 3, fatigueWindowDays: 7 };

/**
 * The types of the columns the queries compute with. Every other column is VARCHAR: booleans are
 * written as platforms write them (`opted_in`, `Y`) and discounts as `25%`, which the macros of
 * macros.sql read as docs/inputs.md says. A date column that held something else would stop
 * read_csv, where the CLI reports an invalid-value finding: the generator writes none.
 */
const COLUMN_TYPES = {
  customers: { unsubscribed_at: 'TIMESTAMPTZ' },
  orders: { ordered_at: 'TIMESTAMPTZ' },
  contacts: { sent_at: 'TIMESTAMPTZ' },
};

/**
 * The columns each query reads, by file; a column the file lacks reads as NULL (unknown), as in the
 * CLI. `as` renames a column whose name depends on the campaign.
 */
function neededColumns(campaign) {
  return {
    audience: [
      'customer_id',
      'email',
      'first_name',
      'greeting',
      'discount_pct',
      'discount_amount',
      'currency',
      { name: campaign.controlColumn, as: 'control_cell' },
    ],
    customers: [
      'customer_id',
      'person_id',
      'email',
      'phone',
      'first_name',
      'last_name',
      'postal_code',
      { name: 'email_consent', as: 'channel_consent' },
      'unsubscribed_at',
      'do_not_contact',
      'email_undeliverable',
    ],
    orders: ['customer_id', 'ordered_at', 'status'],
    contacts: ['customer_id', 'sent_at'],
  };
}

/**
 * The campaign of a one-campaign scenario, as the SQL needs it. Throws when the scenario asks for
 * something the SQL does not implement.
 */
export function readScenarioCampaign(scenarioDir) {
  const manifest = JSON.parse(readFileSync(join(scenarioDir, 'manifest.json'), 'utf8'));
  const campaigns = manifest.campaigns ?? [{ file: 'campaign.yaml' }];
  if (campaigns.length !== 1) {
    throw new Error(`the DuckDB checks handle one campaign; ${scenarioDir} has ${campaigns.length}`);
  }
  const file = resolve(scenarioDir, campaigns[0].file);
  const doc = parseYaml(readFileSync(file, 'utf8'));
  const config = parseYaml(readFileSync(join(scenarioDir, 'campaign-preflight.config.yaml'), 'utf8'));
  const unsupported = [];
  if (config) unsupported.push('a config with settings (the SQL uses the default options and bands)');
  if (doc.channel !== 'email') unsupported.push(`channel ${doc.channel}`);
  if (doc.type === 'transactional') unsupported.push('a transactional campaign (no-consent does not apply)');
  if (doc.history?.suppressions) unsupported.push('suppression lists');
  if ((doc.message?.greeting ?? '') !== GREETING_TEMPLATE) unsupported.push(`message.greeting other than ${GREETING_TEMPLATE}`);
  for (const kind of ['customers', 'orders', 'contacts']) {
    if (typeof doc.history?.[kind] !== 'string') unsupported.push(`history.${kind} other than one file`);
  }
  if (typeof doc.audience !== 'string') unsupported.push('an audience source other than a path');
  if (doc.rules) unsupported.push('rule settings in the campaign file');
  if (unsupported.length > 0) throw new Error(`the DuckDB checks do not implement: ${unsupported.join('; ')}`);

  const base = dirname(file);
  // docs/campaign-and-config.md: send_at is ISO 8601, UTC unless it has an offset.
  const sendAt = String(doc.send_at instanceof Date ? doc.send_at.toISOString() : doc.send_at);
  const hasZone = /(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(sendAt);
  return {
    id: doc.id,
    file,
    sendAt: new Date(hasZone ? sendAt : `${sendAt}Z`).toISOString(),
    audience: resolve(base, doc.audience),
    customers: resolve(base, doc.history.customers),
    orders: resolve(base, doc.history.orders),
    contacts: resolve(base, doc.history.contacts),
    offer: {
      pct: doc.offer?.discount_pct ?? null,
      amount: doc.offer?.discount_amount ?? null,
      currency: doc.offer?.currency ?? null,
    },
    controlColumn: doc.control_group?.column ?? null,
    controlValues: (doc.control_group?.control_values ?? []).map((v) => String(v).trim().toLowerCase()),
  };
}

/**
 * Runs the seven checks on a one-campaign scenario. Returns the lines each rule flags (sorted),
 * and how long loading and each rule took.
 */
export async function checkWithDuckDB(scenarioDir, { DuckDBInstance }) {
  const campaign = readScenarioCampaign(scenarioDir);
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const phasesMs = {};
  const timed = async (phase, work) => {
    const from = performance.now();
    const result = await work();
    phasesMs[phase] = (phasesMs[phase] ?? 0) + performance.now() - from;
    return result;
  };

  await connection.run(`SET TimeZone = 'UTC';\n${variables(campaign)}\n${sqlFile('macros.sql')}`);
  const columns = neededColumns(campaign);
  await timed('load', () =>
    connection.run(
      ['audience', 'customers', 'orders', 'contacts']
        .map((kind) => loadStatement(kind, campaign[kind], columns[kind], COLUMN_TYPES[kind] ?? {}))
        .join('\n'),
    ),
  );
  await timed('people', () => connection.run(sqlFile('people.sql')));
  await timed('rows', () => connection.run(sqlFile('rows.sql')));

  const flagged = {};
  for (const rule of RULES) {
    const reader = await timed(rule, () =>
      connection.runAndReadAll(`SELECT CAST(line AS INTEGER) AS line FROM (\n${sqlFile(`rules/${rule}.sql`)}\n) ORDER BY line`),
    );
    flagged[rule] = Int32Array.from(reader.getColumns()[0] ?? []);
  }
  const sends = Number((await connection.runAndReadAll('SELECT count(*) FROM sends')).getColumns()[0][0]);
  connection.closeSync();
  instance.closeSync();
  return { elapsedMs: performance.now() - started, phasesMs, flagged, sends, campaign };
}

function sqlFile(name) {
  return readFileSync(join(SQL_DIR, name), 'utf8');
}

/** The campaign's settings as DuckDB variables, read with getvariable() by the queries. */
function variables(campaign) {
  const number = (n) => (n === null || n === undefined ? 'NULL::DOUBLE' : `${Number(n)}::DOUBLE`);
  return [
    `SET VARIABLE send_at = ${literal(campaign.sendAt)}::TIMESTAMPTZ;`,
    `SET VARIABLE control_values = [${campaign.controlValues.map(literal).join(', ')}]::VARCHAR[];`,
    `SET VARIABLE offer_pct = ${number(campaign.offer.pct)};`,
    `SET VARIABLE offer_amount = ${number(campaign.offer.amount)};`,
    `SET VARIABLE offer_currency = ${campaign.offer.currency === null ? 'NULL::VARCHAR' : `upper(${literal(campaign.offer.currency)})`};`,
    `SET VARIABLE loyalty_bands = [${DEFAULTS.loyaltyBands.join(', ')}]::INTEGER[];`,
    `SET VARIABLE fatigue_max = ${DEFAULTS.fatigueMax};`,
    `SET VARIABLE fatigue_window_days = ${DEFAULTS.fatigueWindowDays};`,
  ].join('\n');
}

/**
 * `CREATE TABLE <kind>_csv` with the needed columns, in file order (the table's rowid), typed as
 * COLUMN_TYPES says. The audience also gets `breaks`, the line breaks inside each record's cells,
 * from which rows.sql works out the line numbers findings carry.
 */
function loadStatement(kind, path, needed, types) {
  const header = readHeader(path);
  const typeOf = (name) => types[name] ?? 'VARCHAR';
  const columnTypes = header.map((name) => `${literal(name)}: ${literal(typeOf(name))}`).join(', ');
  const select = needed.map((column) => {
    const { name, as } = typeof column === 'string' ? { name: column, as: column } : column;
    return name !== null && header.includes(name) ? `${ident(name)} AS ${ident(as)}` : `NULL::${typeOf(name)} AS ${ident(as)}`;
  });
  if (kind === 'audience') select.push(`${header.map((name) => `line_breaks(${ident(name)})`).join(' + ')} AS breaks`);
  return `CREATE TABLE ${kind}_csv AS SELECT ${select.join(', ')} FROM read_csv(${literal(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columnTypes}});`;
}

/**
 * A CSV file's header as the CLI matches it: names trimmed and in lower case. The generated files'
 * headers hold no quoted names, commas or line breaks.
 */
function readHeader(path) {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[0];
    return firstLine.split(',').map((name) =>
      name
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    );
  } finally {
    closeSync(fd);
  }
}

function literal(text) {
  return `'${String(text).replaceAll("'", "''")}'`;
}

function ident(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}
