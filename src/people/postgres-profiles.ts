// Persons from a history in PostgreSQL (`history.postgres`, docs/profiles-sql.md#postgresql): the
// profile SQL runs in the database, in temporary tables of one session; the audiences' keys go in
// after it, and only the rows of the persons they reach come back, through a cursor, to the same
// reader as a profiles table's. The connection URL is read from the environment variable the config
// names, and is never printed: a failed connection is told by its error code only.

import type * as PgApi from 'pg';
import type { Client, FieldDef } from 'pg';
import { presetApplied, presetMatches } from '../csv/preset.js';
import { buildHeader, type CsvHeader } from '../csv/read.js';
import { InputError, quoteData } from '../errors.js';
import type { CsvSource, PostgresHistory, PostgresTableKind } from '../types.js';
import { POSTGRES_TABLE_KINDS } from '../types.js';
import {
  addDaysOf,
  CANONICAL_COLUMNS,
  planFor,
  REQUIRED_COLUMNS,
  tableReading,
  unfollowedSetting,
  type BuiltSource,
} from './profile-build.js';
import { profileScript, REACH_TABLES } from './profile-sql.js';
import { checkProfileKeys, keepsReached, readProfileRows, type ProfileRows } from './profiles-table.js';
import type { People, ProfileRequest } from './profiles.js';
import { DIALECTS } from './sql-dialects.js';

/** Rows fetched from the cursor at a time: a few megabytes. */
const FETCH_ROWS = 10_000;
/** Keys sent in one INSERT of the audiences' reach. */
const KEYS_PER_INSERT = 50_000;
/** The most rounds of linking before the `unlinked` check reports the links left: a chain of 2^64 records links in fewer. */
const MAX_LINK_ROUNDS = 64;

/** The source messages name for rows of the database: the history's own key. */
function sourceOf(postgres: PostgresHistory): CsvSource {
  return { path: '', displayPath: 'history.postgres', ...(postgres.namedIn ? { namedIn: postgres.namedIn } : {}) };
}

export async function readPostgresProfiles(
  postgres: PostgresHistory,
  request: ProfileRequest,
  env: NodeJS.ProcessEnv,
): Promise<People> {
  const where = { file: postgres.namedIn };
  const url = env[postgres.urlVariable];
  if (!url) {
    throw new InputError(
      `history.postgres: the environment variable ${postgres.urlVariable} is not set: it holds the database's connection URL`,
      where,
    );
  }
  // Only a PostgreSQL URL is connected to: another variable's value (a token) never becomes a host to look up.
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new InputError(
      `history.postgres: the environment variable ${postgres.urlVariable} does not hold a postgres:// or postgresql:// URL`,
      where,
    );
  }
  const client = await connect(url, postgres.urlVariable, where);
  try {
    const read = {} as Record<PostgresTableKind, BuiltSource[]>;
    for (const kind of POSTGRES_TABLE_KINDS) {
      read[kind] = [];
      for (const table of [postgres.tables[kind] ?? []].flat())
        read[kind].push(await tableOf(client, kind, table, postgres, where));
    }
    const script = profileScript(planFor(request, DIALECTS.postgres, read, MAX_LINK_ROUNDS));
    // Rounds until every link is followed: most histories need a handful, not the printed SQL's sixteen.
    await queries(client, script.setup, where);
    let rounds = 0;
    do await queries(client, script.round(++rounds), where);
    while (rounds < MAX_LINK_ROUNDS && (await unlinkedCount(client, script.unlinked(rounds), where)) > 0);
    await queries(client, script.finish(rounds), where);
    const source = sourceOf(postgres);
    await checkKeysBeyondAscii(client, source, request);
    let select = script.select();
    if (keepsReached(request)) {
      const reach = await request.reach.read();
      const keys = [reach.customerIds, reach.emails, reach.phones, reach.postalAddresses];
      for (const [index, name] of REACH_TABLES.entries()) {
        await query(client, `DROP TABLE IF EXISTS ${name}; CREATE TEMP TABLE ${name} (v TEXT);`, where);
        const values = [...keys[index]];
        for (let at = 0; at < values.length; at += KEYS_PER_INSERT) {
          await client.query(`INSERT INTO ${name} SELECT unnest($1::text[])`, [values.slice(at, at + KEYS_PER_INSERT)]);
        }
        await query(client, `CREATE INDEX ON ${name} (v); ANALYZE ${name};`, where);
      }
      await query(client, script.reached.join('\n'), where);
      select = script.select('kept');
    }
    // The reader checks the keys of every record that comes back; those kept out were checked above.
    return await readProfileRows(source, cursorRows(client, select, where), request, undefined);
  } finally {
    await client.end().catch(() => {});
  }
}

async function connect(url: string, variable: string, where: { file?: string }): Promise<Client> {
  let pg: typeof PgApi.default;
  try {
    pg = (await import('pg')).default;
  } catch {
    throw new InputError('history.postgres needs the package pg: npm install pg', where);
  }
  const client = new pg.Client({ connectionString: url, application_name: 'campaign-preflight' });
  // A connection lost later is told by the query that meets it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    // The URL, its host and its password stay unsaid: only what kind of failure it was.
    const code = (error as { code?: unknown }).code;
    const kind = typeof code === 'string' && /^[A-Z0-9_]{1,20}$/.test(code) ? ` (${code})` : '';
    throw new InputError(`history.postgres: cannot connect to the database ${variable} names${kind}`, where);
  }
  return client;
}

/** A database error as an input error: its message the database's own, bounded. */
function refused(error: unknown, where: { file?: string }): InputError {
  return new InputError(`history.postgres: the database refused the profile SQL: ${quoteData((error as Error).message)}`, where);
}

/** The links a round left unfollowed; a database error is an input error, as in query(). */
async function unlinkedCount(client: Client, text: string, where: { file?: string }): Promise<number> {
  try {
    return Number((await client.query<{ n: string }>(text)).rows[0].n);
  } catch (error) {
    throw refused(error, where);
  }
}

/** Runs statements one by one. */
async function queries(client: Client, statements: readonly string[], where: { file?: string }): Promise<void> {
  for (const statement of statements) await query(client, statement, where);
}

/** Runs statements; a database error is an input error, its message the database's own, bounded. */
async function query(client: Client, text: string, where: { file?: string }): Promise<void> {
  try {
    await client.query(text);
  } catch (error) {
    throw refused(error, where);
  }
}

/**
 * A table's columns as the database lists them, read as a file's header is: by their names, or by
 * `columns:`, or else by the first preset whose `detect` columns it has (a platform export loaded as it was).
 */
async function tableOf(
  client: Client,
  kind: PostgresTableKind,
  table: string,
  postgres: PostgresHistory,
  where: { file?: string },
): Promise<BuiltSource> {
  const [schema, name] = table.includes('.') ? table.split('.') : [undefined, table];
  const listed = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = coalesce($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
    [schema ?? null, name],
  );
  const names = listed.rows.map((row) => row.column_name);
  const key = `history.postgres.tables.${kind}`;
  if (names.length === 0)
    throw new InputError(`${key}: the database has no table ${quoteData(table)} (or it has no columns)`, where);
  const mapped = postgres.columns[kind];
  const asNamed: CsvSource = { path: '', displayPath: `${key} (${table})`, ...(mapped ? { columns: mapped } : {}) };
  const preset = mapped
    ? undefined
    : postgres.presets?.find((candidate) => candidate.file === kind && presetMatches(candidate, names));
  const source = presetApplied(asNamed, preset, names);
  const setting = unfollowedSetting(source);
  if (setting)
    throw new InputError(
      `${key}: the profile SQL does not read ${quoteData(table)} as the tool reads its export (${setting})`,
      where,
    );
  const header = buildHeader(names, { canonical: CANONICAL_COLUMNS[kind], required: [] }, source, ',', undefined);
  const identifier = (part: string) => `"${part.replaceAll('"', '""')}"`;
  const reading = tableReading(kind, source, header, (index) => identifier(names[index]));
  const missing = REQUIRED_COLUMNS[kind].filter((canonical) => !reading.columns[canonical] && !reading.derive?.[canonical]);
  if (missing.length > 0) {
    throw new InputError(
      `${key}: ${quoteData(table)} has no column ${missing.join(', ')} (map one with history.postgres.columns.${kind})`,
      where,
    );
  }
  return {
    table: { relation: (schema ? [schema, name] : [name]).map(identifier).join('.'), ...reading },
    source: {
      file: table,
      header: names,
      columns: CANONICAL_COLUMNS[kind].filter((canonical) => reading.columns[canonical] || reading.derive?.[canonical]),
      mapped: Object.values(source.columns ?? {}),
      ...addDaysOf(reading),
    },
  };
}

/**
 * The keys of records with text beyond ASCII, checked as the reader checks those that come back:
 * in plain ASCII the SQL's normalisations are the tool's, beyond it the database's may differ.
 */
async function checkKeysBeyondAscii(client: Client, source: CsvSource, request: ProfileRequest): Promise<void> {
  const cells = ['email', 'phone', 'person_id', 'first_name', 'last_name', 'postal_code'];
  const joined = `concat(${cells.map((cell) => `r.${cell}`).join(', ')})`;
  const select =
    `SELECT r.*, k.person_key, k.email_key, k.phone_key, k.postal_key, k.name_postal_key ` +
    `FROM cp_records r JOIN cp_keys k ON k.rec = r.rec WHERE octet_length(${joined}) <> length(${joined})`;
  await checkProfileKeys(source, cursorRows(client, select, { file: source.namedIn }), request, 'postgres');
}

/** The rows of a SELECT, fetched through a cursor as text, each value as a profiles file would hold it. */
function cursorRows(client: Client, select: string, where: { file?: string }): ProfileRows {
  return async (onHeader, onRow) => {
    await query(client, `BEGIN; DECLARE cp_profiles NO SCROLL CURSOR FOR ${select};`, where);
    try {
      let line = 1;
      let fields: FieldDef[] | undefined;
      for (;;) {
        const batch = await client.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM cp_profiles`, rowMode: 'array' });
        if (!fields) {
          fields = batch.fields;
          onHeader(headerOf(fields.map((field) => field.name)));
        }
        for (const values of batch.rows) onRow(values.map(textOf), ++line);
        if (batch.rows.length < FETCH_ROWS) break;
      }
    } finally {
      await client.query('COMMIT').catch(() => {});
    }
  };
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function headerOf(names: string[]): CsvHeader {
  return { names, indexOf: (name) => names.indexOf(name), delimiter: ',' };
}
