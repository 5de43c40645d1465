// `profiles-sql` (docs/profiles-sql.md): the profile SQL for the campaigns given, in a dialect. The
// campaigns are checked as usual up to the history, which is asked for but not read: what a run
// asks of it (send times, the orders review requests name, the contacts' look-back, the identity
// keys) is what the SQL makes the profiles table for.

import { UsageError } from '../errors.js';
import { isParquetFile } from '../places.js';
import { headerForDuckDB, readHeader, scan } from '../people/duckdb-digest.js';
import { InMemoryPeople } from '../people/in-memory-people.js';
import { DisjointSets, formPersons } from '../people/link-records.js';
import { profileSql, sqlLiteral } from '../people/profile-sql.js';
import type { CsvHeader } from '../csv/read.js';
import {
  CANONICAL_COLUMNS,
  planFor,
  REQUIRED_COLUMNS,
  addDaysOf,
  fileSettings,
  tableReading,
  unfollowedSetting,
  type BuiltSource,
  type TableReading,
} from '../people/profile-build.js';
import type { ProfileBuilder, ProfileRequest } from '../people/profiles.js';
import { DIALECTS, type SqlDialect, type SqlDialectName } from '../people/sql-dialects.js';
import { POSTGRES_TABLE_KINDS, type CsvSource, type PostgresTableKind } from '../types.js';
import { check, type CheckOptions } from './check.js';

export const PROFILE_KINDS_READ = POSTGRES_TABLE_KINDS;
export type ProfileSourceKind = PostgresTableKind;
const CANONICAL = CANONICAL_COLUMNS;
const REQUIRED = REQUIRED_COLUMNS;

/** Rounds of label propagation the SQL runs unless told otherwise: a chain of 2^16 records links in fewer. */
export const DEFAULT_LINK_ROUNDS = 16;

/** How the SQL reads the history: its dialect, and the tables it reads. */
export interface ProfileSqlTables {
  dialect: SqlDialectName;
  /** The table of each kind (--table customers=crm.customers). */
  tables?: Partial<Record<ProfileSourceKind, string>>;
  /** The columns each table has: canonical name → the table's own (--columns customers=customer_id,email=mail). */
  columns?: Partial<Record<ProfileSourceKind, Record<string, string>>>;
  linkRounds?: number;
}

export type ProfileSqlOptions = ProfileSqlTables &
  Pick<CheckOptions, 'targets' | 'cwd' | 'configPath' | 'root' | 'ruleOverrides'>;

/** The profile SQL for the campaigns: one run, which shares one history. */
export async function profileSqlFor(options: ProfileSqlOptions): Promise<string> {
  const requests: ProfileRequest[] = [];
  // The run's request is all that is wanted: the history is neither read nor needed.
  const recorder: ProfileBuilder = {
    build: (request) => {
      requests.push(request);
      const people = new InMemoryPeople();
      people.setPersons(formPersons(new DisjointSets(), 0), request.instants.length);
      return Promise.resolve(people);
    },
  };
  const { dispose } = await check({
    targets: options.targets,
    cwd: options.cwd,
    configPath: options.configPath,
    root: options.root,
    ruleOverrides: options.ruleOverrides,
    profileBuilder: recorder,
    redact: true,
  });
  dispose();
  if (requests.length === 0) throw new UsageError('profiles-sql: no campaign files to print the SQL for');
  if (requests.length > 1) {
    throw new UsageError(
      'profiles-sql: these campaigns are checked in several runs (their configs or history differ): print the SQL for the campaigns of each run',
    );
  }
  return sqlForRequest(requests[0], options);
}

/** The profile SQL for a run's request of the history: what profileSqlFor prints. */
export async function sqlForRequest(request: ProfileRequest, options: ProfileSqlTables): Promise<string> {
  const dialect = DIALECTS[options.dialect];
  const read = {} as Record<ProfileSourceKind, BuiltSource[]>;
  for (const kind of PROFILE_KINDS_READ) read[kind] = await tablesOf(kind, request.history[kind] ?? [], dialect, options);
  if (read.customers.length === 0) {
    throw new UsageError(
      'profiles-sql: the profile SQL starts from the customers: name their table with --table customers=<table> and its columns with --columns customers=<column>,…',
    );
  }
  return profileSql(planFor(request, dialect, read, options.linkRounds ?? DEFAULT_LINK_ROUNDS));
}

/** The tables of a kind: the one named with --table, else the run's files (read by DuckDB, or as same-named tables). */
async function tablesOf(
  kind: ProfileSourceKind,
  files: readonly CsvSource[],
  dialect: SqlDialect,
  options: ProfileSqlTables,
): Promise<BuiltSource[]> {
  const named = options.tables?.[kind];
  const given = options.columns?.[kind];
  for (const file of files) refuseSettings(file);
  if (named === undefined && files.length === 0) return [];
  if (named === undefined && dialect.name === 'duckdb') return Promise.all(files.map((file) => fileTable(kind, file)));
  if (named === undefined && files.length > 1) {
    throw new UsageError(
      `profiles-sql: the run has ${files.length} ${kind} files: name the one table that holds them with --table ${kind}=<table>`,
    );
  }
  const relation = dialect.tableName(named ?? kind);
  if (given) {
    if (files.some((file) => file.derive !== undefined)) {
      throw new UsageError(
        `profiles-sql: ${files[0].displayPath}: its preset (${files[0].preset}) works out columns from the export's own: ` +
          `load the table with the export's headers and leave out --columns ${kind}`,
      );
    }
    const columns = Object.fromEntries(Object.entries(given).map(([name, own]) => [name, dialect.identifier(own)]));
    const settings = files.length > 0 ? fileSettings(files[0], columns, (name) => given[name] !== undefined) : {};
    const header = Object.values(given);
    return [
      builtSource(kind, { file: named ?? files[0].displayPath, header, mapped: header }, relation, { columns, ...settings }),
    ];
  }
  if (files.length === 0) {
    throw new UsageError(
      `profiles-sql: name the columns of ${named} with --columns ${kind}=<column>,… (canonical names, or name=their column)`,
    );
  }
  const header = await readHeader(files[0], { canonical: CANONICAL[kind], required: REQUIRED[kind] });
  const read = tableReading(kind, files[0], header, (index) => dialect.identifier(header.names[index]));
  return [builtSource(kind, { file: named ?? files[0].displayPath, ...headerOf(files[0], header) }, relation, read)];
}

/** A file's header, and the headers its `columns:` or preset maps (for the notice of columns not read). */
function headerOf(file: CsvSource, header: CsvHeader): { header: string[]; mapped: string[] } {
  return { header: header.names, mapped: Object.values(file.columns ?? {}) };
}

function builtSource(
  kind: ProfileSourceKind,
  named: Omit<BuiltSource['source'], 'columns'>,
  relation: string,
  read: TableReading,
): BuiltSource {
  const missing = REQUIRED[kind].filter((name) => read.columns[name] === undefined && read.derive?.[name] === undefined);
  if (missing.length > 0) throw new UsageError(`profiles-sql: the ${kind} table needs the column ${missing.join(', ')}`);
  const columns = CANONICAL[kind].filter((name) => read.columns[name] !== undefined || read.derive?.[name] !== undefined);
  return { table: { relation, ...read }, source: { ...named, columns, ...addDaysOf(read) } };
}

/** A history file read by DuckDB where it lies: a CSV file's columns by position, a Parquet file's by name. */
async function fileTable(kind: ProfileSourceKind, file: CsvSource): Promise<BuiltSource> {
  const spec = { canonical: CANONICAL[kind], required: REQUIRED[kind] };
  const parquet = isParquetFile(file.path);
  // Whether DuckDB reads the file's text as the tool does; a preset's columns, values, dates and line items are the SQL's to follow.
  const asWritten = { ...file, derive: undefined, values: undefined, dateFormat: undefined, lineItemsOf: undefined };
  const unread = parquet ? undefined : await headerForDuckDB(asWritten, { canonical: spec.canonical, required: [] });
  if (typeof unread === 'string')
    throw new UsageError(`profiles-sql: ${file.displayPath}: DuckDB cannot read it as the tool does (${unread})`);
  const header = await readHeader(file, spec);
  const read = tableReading(kind, file, header, (index) =>
    parquet ? `"${header.names[index].replaceAll('"', '""')}"` : `c${index}`,
  );
  const relation = parquet ? `read_parquet(${sqlLiteral(file.path)})` : scan(file, header);
  return builtSource(kind, { file: file.displayPath, ...headerOf(file, header) }, relation, read);
}

/** Settings of a history file the SQL does not follow: the tool alone reads such a file. */
function refuseSettings(file: CsvSource): void {
  const setting = unfollowedSetting(file);
  if (setting)
    throw new UsageError(`profiles-sql: ${file.displayPath}: the profile SQL does not read it as the tool does (${setting})`);
}
