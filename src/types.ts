// The shapes shared by the loaders, the engine, the rules and the report formats.

import type { ProjectRoot } from './config/project-root.js';
import type { Derivation, Preset } from './csv/preset.js';

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

export const CAMPAIGN_TYPES = [
  'promotion',
  'reactivation',
  'review_request',
  'newsletter',
  'announcement',
  'transactional',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

export const CHANNELS = ['email', 'sms', 'push', 'direct_mail', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The audience column that holds a row's address on each channel; push has none. */
export const ADDRESS_COLUMN: Readonly<Record<Channel, string | undefined>> = {
  email: 'email',
  sms: 'phone',
  phone: 'phone',
  direct_mail: 'postal_address',
  push: undefined,
};

/** A CSV file and how to read it (docs/campaign-and-config.md), with paths resolved. */
export interface CsvSource {
  /** Absolute path, for reading. */
  path: string;
  /** The path as the user would recognise it (relative to the working folder when it was relative). */
  displayPath: string;
  delimiter?: string;
  encoding?: string;
  /** canonical name -> the file's own header */
  columns?: Record<string, string>;
  /** column -> { their value: our value } */
  values?: Record<string, Record<string, string>>;
  dateFormat?: string;
  timezone?: string;
  /** The campaign or config file that names it, as the user would recognise it. */
  namedIn?: string;
  /** The platform preset it is read with: as named in `preset:`, or found by its header once loaded (docs/inputs.md). */
  preset?: string;
  /**
   * A canonical column (order_id) whose value repeated on consecutive lines makes them line items
   * of one record: only the first is read. Set by presets of exports with a line per line item.
   */
  lineItemsOf?: string;
  /** Canonical columns worked out from the file's others, set by presets (see csv/preset.ts). */
  derive?: Record<string, Derivation>;
}

/** The kinds of history file, in the order reports list them. */
export const HISTORY_KINDS = ['customers', 'orders', 'contacts', 'suppressions', 'profiles'] as const;

/** Who reads orders and contacts (docs/cli.md#history-engine). */
export const HISTORY_ENGINES = ['default', 'duckdb'] as const;
export type HistoryEngine = (typeof HISTORY_ENGINES)[number];

/** The history files of each kind (docs/inputs.md: several per kind, their records joining one history). */
export interface HistorySources {
  customers?: CsvSource[];
  orders?: CsvSource[];
  contacts?: CsvSource[];
  /** Addresses or customer ids that must not be contacted (docs/inputs.md): each entry behaves as do_not_contact. */
  suppressions?: CsvSource[];
  /**
   * The profiles table the profile SQL made of a history in a database or warehouse
   * (docs/profiles-sql.md): it stands for the customers, orders and contacts.
   */
  profiles?: CsvSource[];
  /** A PostgreSQL database holding the history: the profile SQL runs in it (docs/profiles-sql.md#postgresql). */
  postgres?: PostgresHistory;
}

export const POSTGRES_TABLE_KINDS = ['customers', 'orders', 'contacts'] as const;
export type PostgresTableKind = (typeof POSTGRES_TABLE_KINDS)[number];

/** `history.postgres`: where the history's tables are, and the environment variable holding the connection URL. */
export interface PostgresHistory {
  /** The environment variable's name (`url: env:DATABASE_URL`): a URL, with its password, is never written in a file. */
  urlVariable: string;
  /** A kind's table, or its several tables, read one after the other. */
  tables: Partial<Record<PostgresTableKind, string | string[]>>;
  /** Per table, canonical column → the table's own, where it names a column otherwise. */
  columns: Partial<Record<PostgresTableKind, Record<string, string>>>;
  /** The campaign or config file that names it. */
  namedIn?: string;
  /** The presets a table's columns are matched against, as a file's header is (none are given with its `columns`). */
  presets?: readonly Preset[];
}

export interface Offer {
  discountPct?: number;
  discountAmount?: number;
  currency?: string;
  categories?: string[];
  excludesCategories?: string[];
  lifeStages?: string[];
  ageRange?: [number, number];
}

export interface ControlGroup {
  column: string;
  controlValues: string[];
  baselineConversion: number;
  minDetectableUplift: number;
}

/** A rule entry as written: `off`, a severity, or `[severity, options]`. */
export type RuleEntry = SeveritySetting | [SeveritySetting, Record<string, unknown>?];
export type RulesConfig = Record<string, RuleEntry>;

export interface MessageTemplates {
  subject?: string;
  greeting?: string;
  body?: string;
}

export interface Campaign {
  id: string;
  name?: string;
  type: CampaignType;
  channel: Channel;
  /** The send instant, epoch milliseconds. */
  sendAt: number;
  brand?: string;
  /** The campaign file: absolute, and as the user gave it. */
  path: string;
  displayPath: string;
  audience: CsvSource;
  history: HistorySources;
  message: MessageTemplates;
  offer: Offer;
  controlGroup?: ControlGroup;
  rules: RulesConfig;
  /** `suppress:` (docs/campaign-and-config.md#suppress): findings on rows accepted with a reason, until a date. */
  suppress?: RowSuppression[];
  locate: Locator;
}

/** One entry of a campaign's `suppress:`: a rule's finding on a row (by customer id or audience line). */
export interface RowSuppression {
  ruleId: string;
  customerId?: string;
  line?: number;
  reason: string;
  /** The last day it holds, as written (YYYY-MM-DD), and its start, epoch milliseconds UTC. */
  until: string;
  untilInstant: number;
}

export interface IdentityConfig {
  /** Which keys link customer records into one person. */
  linkBy: Array<'person_id' | 'email' | 'phone' | 'name_postal'>;
}

export interface LoyaltyConfig {
  measure: 'orders' | 'tier';
  /** Lower bounds of every band above the first, in orders. */
  bands: number[];
  /** With measure tier: lowest to highest. */
  tiers: string[];
}

/** Finds where a key of a YAML file was written, for error messages. */
export type Locator = (keyPath: ReadonlyArray<string | number>) => { file: string; line?: number; column?: number };

export interface Config {
  /** Absolute path of the config file, when there was one. */
  path?: string;
  displayPath?: string;
  extends?: 'recommended' | 'strict';
  history: HistorySources;
  /** `history.engine`; the --engine flag wins over it. */
  historyEngine?: HistoryEngine;
  identity: IdentityConfig;
  loyalty: LoyaltyConfig;
  run: { windowDays: number };
  rules: RulesConfig;
  /** Plugin module specifiers resolved to absolute paths or package names. */
  plugins: string[];
  /** The config's own presets, tried before the built-in ones. */
  presets: Preset[];
  /** `ignores:` globs, relative to the config file's folder: campaign files they match are skipped. */
  ignores: string[];
  /**
   * With `extends` of config files: every layer of `rules`, the deepest base first and this
   * config's own last, each with where it was written (the bare `rules` are this config's own).
   */
  ruleLayers?: Array<{ entries: RulesConfig; locate?: Locator }>;
  /** With `extends` of config files: every `ignores` list with the folder it is relative to. */
  ignoreLists?: Array<{ base: string; patterns: string[] }>;
  /** With `extends` of config files: the real paths of the files extended, read as this config is. */
  extendedFiles?: string[];
  /** Where each key was written; undefined when there was no config file. */
  locate?: Locator;
  /**
   * The project root that the files this config names must lie in, for a config found by
   * searching; undefined for the config given with --config, which the user chose.
   */
  root?: ProjectRoot;
}

/** One finding, exactly as docs/report.md reports it. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  campaignId: string | null;
  customerId: string | null;
  file: string | null;
  line: number | null;
  column?: string;
  message: string;
  /** The id of the rule's message the finding was worded with (docs/report.md); `check` always sets it. */
  messageId?: string;
  /** What to do about it, in plain words (docs/report.md); every built-in rule gives one. */
  suggestion?: string;
  /** The change to the finding's audience row that resolves it, where one is sound (docs/report.md). */
  fix?: Fix;
  evidence: Record<string, unknown>;
  /** The row's address cell for the campaign's channel, trimmed (masked under --redact); absent when empty. */
  address?: string;
}

/**
 * A change to a finding's audience row that resolves the finding: set a cell (`column` is the
 * canonical audience column) or leave the row out. Applying it makes the rule pass for that row.
 */
export type Fix = { action: 'set'; column: string; value: string } | { action: 'remove' };

export interface CampaignSummary {
  id: string;
  file: string;
  recipients: number;
  status: 'pass' | 'fail';
  errors: number;
  warnings: number;
  /** Errors taken out by the bulk suppressions file (docs/cli.md); only when a suppressions file was read. */
  suppressed?: number;
  /** The thresholds the campaign's findings exceeded, failing it; absent when it exceeded none. */
  thresholdsExceeded?: ExceededThreshold[];
  /** The rules whose findings fail the campaign (not those within their thresholds); not in the JSON report. */
  failingRules?: string[];
  /** The files the campaign reads and the preset each is read with (docs/inputs.md); `check` always sets it. */
  sources?: SourceSummary[];
  /** What each rule that is on could check in this campaign (docs/report.md), in rule id order; `check` always sets it. */
  coverage?: RuleCoverage[];
}

/** A file a campaign reads, as the JSON report lists it. */
export interface SourceSummary {
  kind: 'audience' | (typeof HISTORY_KINDS)[number];
  file: string;
  /** The platform preset it was read with; null when none. */
  preset: string | null;
}

/**
 * `checked`: every row was judged. `partial`: some rows, or some of what the rule reads, lacked the
 * data (`reason` says which). `not-applicable`: the rule does not concern this campaign (a review
 * rule outside review requests). `not-checked`: the data the rule needs is missing; at `error` this
 * fails the campaign, at `warning` it counts as a warning.
 */
export type CoverageStatus = 'checked' | 'partial' | 'not-applicable' | 'not-checked';

export interface RuleCoverage {
  ruleId: string;
  status: CoverageStatus;
  /** Rows the rule judged. */
  rows: number;
  /** Why not every row was checked: the file, the missing columns and what to do; null when checked. */
  reason: string | null;
}

/** Something the user should know about a file or the run that is not a finding on a row. */
export interface Notice {
  /** What it is about: `no-history`, `unread-columns`, … */
  kind: string;
  /** The file it is about, as the user gave it; null for the run. */
  file: string | null;
  message: string;
}

/** A limit that a campaign's findings went beyond: a rule entry's `max_findings` or `max_share`, or `--max-warnings`. */
export interface ExceededThreshold {
  /** The rule whose findings exceeded it; null for `--max-warnings`, which counts every warning. */
  ruleId: string | null;
  threshold: 'max_findings' | 'max_share' | 'max_warnings';
  /** The rule's findings (max_findings), their share of the recipients (max_share), or the warnings (max_warnings). */
  actual: number;
  limit: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'campaign-preflight'; version: string };
  status: 'pass' | 'fail';
  campaigns: CampaignSummary[];
  /** Notices about the inputs, once each (columns that look meaningful but were not read, no history); `check` always sets it. */
  notices?: Notice[];
  /**
   * In report order (docs/report.md), iterable as often as needed. `check()` gives a `FindingList`, which
   * keeps a large run's findings on disk; a plain array serves as well.
   */
  findings: Iterable<Finding>;
}
