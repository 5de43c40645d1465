// What each rule could check in each campaign (docs/report.md): a linter that passes when it checked
// nothing is worse than none. A rule declares the files and columns it reads (`requires`); the
// engine holds them against the files the run has, and records per campaign and rule `checked`,
// `partial`, `not-applicable` or `not-checked`, with a reason that names the file, the missing
// columns, the columns it has, and the mapping that would fix it.

import { describeColumnsFound, type CsvHeader } from '../csv/read.js';
import { suggestColumn } from '../csv/column-hints.js';
import { quoteText } from '../errors.js';
import type { People, SourceColumns } from '../people/profiles.js';
import { compareText } from '../text.js';
import type { Campaign, Config, CoverageStatus, RuleCoverage } from '../types.js';
import { callRule } from './guard.js';
import type { DataNeed, Requirements, Rule } from './rule.js';
import type { CampaignRuleSettings } from './rule-settings.js';
import type { CampaignRun } from './row.js';

/** What the run knows of a file a rule may read: its columns, or that it is not there. */
export interface FileColumns {
  /** The file as the user gave it; undefined when the run has no such file. */
  file?: string;
  /** The file (campaign or config) whose `history:` or `audience:` names it. */
  namedIn?: string;
  /** Whether the file has the canonical column, as written or mapped; undefined when not known (another profile builder). */
  has?: (column: string) => boolean;
  header?: readonly string[];
}

const HISTORY_KINDS = ['customers', 'orders', 'contacts'] as const;

/** What stands for a campaign's customers, orders and contacts: its profiles table, or its database. */
export function historyStandIn(campaign: Campaign): { displayPath: string; namedIn?: string } | undefined {
  const { profiles, postgres } = campaign.history;
  if (profiles) return profiles[0];
  return postgres && { displayPath: 'history.postgres', ...(postgres.namedIn ? { namedIn: postgres.namedIn } : {}) };
}

/** The history files of a campaign as the run read them. */
export function historyColumns(campaign: Campaign, people: People): Record<(typeof HISTORY_KINDS)[number], FileColumns> {
  const files = {} as Record<(typeof HISTORY_KINDS)[number], FileColumns>;
  for (const kind of HISTORY_KINDS) {
    const sources = campaign.history[kind] ?? [];
    const read: readonly SourceColumns[] = people.sources?.[kind] ?? [];
    const standIn = historyStandIn(campaign);
    if (standIn && read.length > 0) {
      // A profiles table or a database names the files or tables it was made of (docs/profiles-sql.md).
      files[kind] = {
        file: read.map((source) => source.file ?? standIn.displayPath).join(', '),
        namedIn: standIn.namedIn,
        has: (column: string) => read.some((file) => file.columns.includes(column)),
        header: read[0].header,
      };
      continue;
    }
    if (sources.length === 0) {
      files[kind] = {};
      continue;
    }
    // Several files of a kind join one history: a column is there when any of them has it.
    files[kind] = {
      file: sources.map((source) => source.displayPath).join(', '),
      namedIn: sources[0].namedIn,
      ...(read.length === sources.length
        ? { has: (column: string) => read.some((file) => file.columns.includes(column)), header: read[0].header }
        : {}),
    };
  }
  return files;
}

const SEVERITY_OF_STATUS: Record<CoverageStatus, number> = { checked: 0, partial: 1, 'not-checked': 2, 'not-applicable': 3 };

/**
 * The coverage a rule's requirements give before any row is read: `rows` is filled in when the
 * audience has been read. Rules judged only on rows with a person are `partial` where some rows
 * have none (see `finishCoverage`).
 */
export function judgeRequirements(
  ruleId: string,
  requirements: Requirements | undefined,
  files: Record<DataNeed['file'], FileColumns>,
): RuleCoverage {
  if (requirements && 'notApplicable' in requirements) {
    return { ruleId, status: 'not-applicable', rows: 0, reason: requirements.notApplicable };
  }
  let status: CoverageStatus = 'checked';
  const reasons: Array<{ status: CoverageStatus; reason: string }> = [];
  const listed = new Set<string>(); // files whose columns a reason already lists
  for (const need of requirements?.data ?? []) {
    const unmet = unmetNeed(need, files[need.file], listed);
    if (!unmet) continue;
    const needStatus: CoverageStatus = unmet.partly ? 'partial' : (need.otherwise ?? 'not-checked');
    if (SEVERITY_OF_STATUS[needStatus] > SEVERITY_OF_STATUS[status]) status = needStatus;
    reasons.push({ status: needStatus, reason: unmet.reason });
  }
  // A rule that does not apply says only why, without advice on data it would not read anyway.
  const shown = status === 'not-applicable' ? reasons.filter((entry) => entry.status === status) : reasons;
  return { ruleId, status, rows: 0, reason: shown.length > 0 ? shown.map((entry) => entry.reason).join('; ') : null };
}

/** Why a need is not met, and whether only in part; undefined when it is met (or cannot be known). */
function unmetNeed(need: DataNeed, found: FileColumns, listed: Set<string>): { reason: string; partly: boolean } | undefined {
  const what = need.for ? ` (${need.for})` : '';
  if (found.file === undefined) {
    const where = need.file === 'audience' ? 'the audience' : `history.${need.file} in the config or the campaign file`;
    return { reason: `no ${need.file} file${what}: name one under ${where}`, partly: false };
  }
  if (!found.has) return undefined;
  const missing = need.columns.filter((column) => !found.has!(column));
  const match = need.match ?? 'all';
  if (missing.length === 0 || (match === 'any' && missing.length < need.columns.length)) return undefined;
  const partly = match === 'each' && missing.length < need.columns.length;
  const list = missing.join(', ');
  const lacks =
    missing.length === 1 ? `no column ${list}` : match === 'all' || partly ? `no columns ${list}` : `none of the columns ${list}`;
  // A rule that does not apply needs no advice on mapping.
  const hint = need.otherwise === 'not-applicable' ? '' : mappingHint(need, missing, found, listed);
  return { reason: `${found.file} has ${lacks}${what}${hint}`, partly };
}

/**
 * "; columns found: …; did you mean "Vorname"? map it in config.yaml: history.customers: { …,
 * columns: { first_name: "Vorname" } }", the columns found only the first time a file is named.
 */
function mappingHint(need: DataNeed, missing: readonly string[], found: FileColumns, listed: Set<string>): string {
  const header = found.header ?? [];
  const suggestions = missing.flatMap((column) => {
    const suggestion = suggestColumn(column, header);
    return suggestion === undefined ? [] : [{ column, suggestion }];
  });
  const seen = header.length > 0 && !listed.has(found.file!) ? `; ${describeColumnsFound(header)}` : '';
  listed.add(found.file!);
  const key = need.file === 'audience' ? 'audience' : `history.${need.file}`;
  const where = found.namedIn ? ` in ${found.namedIn}` : '';
  if (suggestions.length === 0) {
    return `${seen}; if the file has it under another name, map it${where}: ${key}: { path: …, columns: { ${missing[0]}: "their header" } }`;
  }
  const meant = suggestions.map(({ suggestion }) => quoteText(suggestion, 40)).join(', ');
  const mapping = suggestions.map(({ column, suggestion }) => `${column}: ${quoteText(suggestion, 40)}`).join(', ');
  return `${seen}; did you mean ${meant}? map ${suggestions.length === 1 ? 'it' : 'them'}${where}: ${key}: { path: …, columns: { ${mapping} } }`;
}

/**
 * The coverage once the audience has been read: a rule judged only on rows with a person is
 * `partial` when some rows had none, `not-checked` when no row had one.
 */
export function finishCoverage(
  coverage: RuleCoverage,
  perPerson: boolean,
  rows: { recipients: number; withPerson: number },
  customersFile: string | undefined,
): RuleCoverage {
  if (coverage.status === 'not-applicable' || coverage.status === 'not-checked') return coverage;
  const judged = perPerson ? rows.withPerson : rows.recipients;
  if (!perPerson || judged === rows.recipients) return { ...coverage, rows: judged };
  const unknown = rows.recipients - judged;
  const rowReason = customersFile
    ? `${unknown} of ${rows.recipients} ${rows.recipients === 1 ? 'row has' : 'rows have'} no customer record in ${customersFile}`
    : 'no customers file, so no row is linked to a person: name one under history.customers in the config or the campaign file';
  const reason = coverage.reason ? `${coverage.reason}; ${rowReason}` : rowReason;
  return { ...coverage, status: judged === 0 ? 'not-checked' : 'partial', rows: judged, reason };
}

/**
 * What each rule on for the campaign can check, once its audience header is known (docs/report.md). The
 * rules that cannot check it report nothing in it: one `not-checked` entry says why instead.
 */
export function judgeCampaignCoverage(
  campaignRun: CampaignRun,
  header: CsvHeader,
  historyFiles: ReturnType<typeof historyColumns>,
  rules: ReadonlyMap<string, Rule>,
  settings: CampaignRuleSettings,
  config: Config,
): void {
  const { campaign } = campaignRun;
  const files = {
    ...historyFiles,
    audience: {
      file: campaign.audience.displayPath,
      namedIn: campaign.displayPath,
      has: (column: string) => header.indexOf(column) >= 0,
      header: header.names,
    },
  };
  for (const id of [...settings.keys()].sort(compareText)) {
    const rule = rules.get(id)!;
    const requirements =
      rule.requires &&
      callRule(rule, 'declaring what it requires', () => rule.requires!({ campaign, config }, settings.get(id)!.options));
    const coverage = judgeRequirements(id, requirements, files);
    campaignRun.coverage.push(coverage);
    if (coverage.status === 'not-checked') campaignRun.notChecked.add(id);
    if (requirements && 'data' in requirements && requirements.perPerson) campaignRun.perPersonRules.add(id);
  }
}
