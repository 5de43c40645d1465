// `profiles-sql`: prints the profile SQL (docs/profiles-sql.md) for the campaigns given, in a dialect.
import { UsageError } from '../errors.js';
import {
  DEFAULT_LINK_ROUNDS,
  PROFILE_KINDS_READ,
  profileSqlFor,
  type ProfileSourceKind,
  type ProfileSqlOptions,
} from '../engine/profile-plan.js';
import { SQL_DIALECTS, type SqlDialectName } from '../people/sql-dialects.js';
import { parseCount, parseRuleOverrides } from './flags.js';
import type { CliIo } from './io.js';
import { writeToStdout } from './outputs.js';

export interface ProfilesSqlFlags {
  dialect: string;
  config?: string;
  root?: string;
  rule?: string[];
  table?: string[];
  columns?: string[];
  linkRounds?: string;
}

export async function printProfilesSql(targets: string[], flags: ProfilesSqlFlags, { cwd, stdout }: CliIo): Promise<void> {
  const sql = await profileSqlFor({
    targets,
    cwd,
    configPath: flags.config,
    root: flags.root,
    ruleOverrides: parseRuleOverrides(flags.rule ?? []),
    dialect: parseDialect(flags.dialect),
    tables: parseTables(flags.table ?? []),
    columns: parseColumns(flags.columns ?? []),
    linkRounds: flags.linkRounds === undefined ? DEFAULT_LINK_ROUNDS : parseRounds(flags.linkRounds),
  });
  await writeToStdout(stdout, [sql]);
}

function parseDialect(value: string): SqlDialectName {
  if (!(SQL_DIALECTS as readonly string[]).includes(value)) {
    throw new UsageError(`--dialect takes ${SQL_DIALECTS.join(', ')}; got "${value}"`);
  }
  return value as SqlDialectName;
}

function parseRounds(value: string): number {
  const rounds = parseCount('--link-rounds', value);
  if (rounds < 1 || rounds > 64) throw new UsageError(`--link-rounds takes 1 to 64; got ${value}`);
  return rounds;
}

/** `kind=value`, the kind one of the history's. */
function kindAndValue(flag: string, entry: string): [ProfileSourceKind, string] {
  const at = entry.indexOf('=');
  const kind = entry.slice(0, at);
  if (at < 0 || !(PROFILE_KINDS_READ as readonly string[]).includes(kind)) {
    throw new UsageError(`${flag} takes ${PROFILE_KINDS_READ.join(', ')} and a value, as customers=<value>; got "${entry}"`);
  }
  return [kind as ProfileSourceKind, entry.slice(at + 1)];
}

/** A table's dotted name: schema.table, project.dataset.table. */
const TABLE_NAME = /^[A-Za-z_][\w$-]*(\.[A-Za-z_][\w$-]*){0,2}$/;

function parseTables(entries: readonly string[]): NonNullable<ProfileSqlOptions['tables']> {
  const tables: NonNullable<ProfileSqlOptions['tables']> = {};
  for (const entry of entries) {
    const [kind, name] = kindAndValue('--table', entry);
    if (!TABLE_NAME.test(name)) throw new UsageError(`--table ${kind}= takes a table name such as crm.${kind}; got "${name}"`);
    tables[kind] = name;
  }
  return tables;
}

/** `customers=customer_id,email=mail_address,…`: the canonical columns a table has, each with its own name when it differs. */
function parseColumns(entries: readonly string[]): NonNullable<ProfileSqlOptions['columns']> {
  const columns: NonNullable<ProfileSqlOptions['columns']> = {};
  for (const entry of entries) {
    const [kind, list] = kindAndValue('--columns', entry);
    columns[kind] = Object.fromEntries(
      list.split(',').map((item) => {
        const [canonical, own = canonical] = item.split('=').map((part) => part.trim());
        if (!canonical || !own) throw new UsageError(`--columns ${kind}= takes column names separated by commas; got "${list}"`);
        return [canonical, own];
      }),
    );
  }
  return columns;
}
