// What several report formats share: what the run's rules say about themselves, grouping, counting
// words, what could not be checked (coverage and notices) and the verdict line. No I/O here either.
import type { CampaignSummary, ExceededThreshold, Finding, Notice, Report, RuleCoverage, Severity } from '../types.js';
import { compareText, plural } from '../text.js';
import type { FormatContext, FormatRuleInfo } from './index.js';

/** A report's path as a CI system places it: relative to its repository's root when the caller knows it. */
export function ciPath(ctx: Pick<FormatContext, 'repositoryPath'>, file: string): string {
  return ctx.repositoryPath?.(file) ?? file;
}

/** Heading of the findings that belong to no campaign of the report (shared history files). */
export const RUN_SECTION_TITLE = 'Not tied to a campaign';

/** What a rule of the run says about itself (built-in or a plugin's), if the caller passed the rules. */
export function describeRule(ctx: Pick<FormatContext, 'rules'>, ruleId: string): FormatRuleInfo | undefined {
  return ctx.rules?.find((rule) => rule.id === ruleId);
}

/** A mask `--redact` puts in place of a personal value (docs/report.md): `[name 972526cf]`. */
const MASK = /\[(?:email|phone|address|name|value) [0-9a-f]{8}\]/;

/** Whether a text shows a masked value. */
export function showsMask(text: string): boolean {
  return MASK.test(text);
}

/** What the human formats say under findings that show masked values. */
export const REDACTION_NOTE =
  'Personal data is masked: a value such as [name 972526cf] or [email 3f9a1c2b] stands for one name, email address, ' +
  'phone number or postal address, the same in every report and run (--redact; --no-redact shows the values). ' +
  'Look the person up by customer id and line in your own files.';

/** One rule's findings in one section of a report: how many, and the first few in report order. */
export interface RuleDigest {
  ruleId: string;
  severity: Severity;
  count: number;
  first: Finding[];
}

/** A campaign's findings, or those of no campaign listed (bad values in shared history files, say). */
export interface SectionDigest {
  /** Undefined for the findings of no listed campaign. */
  campaign: CampaignSummary | undefined;
  errors: number;
  warnings: number;
  /** The file the section's row findings point into: the campaign's audience. */
  audienceFile: string | undefined;
  /** Errors first, then by rule id. */
  rules: RuleDigest[];
}

/** What the human formats show, gathered in one pass with memory bounded by `firstRows` per rule. */
export interface ReportDigest {
  errors: number;
  warnings: number;
  /** One per campaign, in the report's order. */
  campaigns: SectionDigest[];
  /** The findings of no listed campaign; undefined when there are none. */
  unattached: SectionDigest | undefined;
}

export function digestReport(report: Report, firstRows: number): ReportDigest {
  type Gathering = SectionDigest & { byRule: Map<string, RuleDigest> };
  const sections = new Map<string | null, Gathering>();
  const sectionOf = (campaign: CampaignSummary | undefined): Gathering => ({
    campaign,
    errors: 0,
    warnings: 0,
    audienceFile: undefined,
    rules: [],
    byRule: new Map<string, RuleDigest>(),
  });
  for (const campaign of report.campaigns) sections.set(campaign.id, sectionOf(campaign));
  let unattached: Gathering | undefined;
  let errors = 0;
  let warnings = 0;
  for (const finding of report.findings) {
    let section = finding.campaignId === null ? undefined : sections.get(finding.campaignId);
    if (!section) section = unattached ??= sectionOf(undefined);
    if (finding.severity === 'error') {
      errors++;
      section.errors++;
    } else {
      warnings++;
      section.warnings++;
    }
    if (section.campaign && section.audienceFile === undefined && finding.line !== null && finding.file !== null) {
      section.audienceFile = finding.file;
    }
    const key = `${finding.severity}\u0000${finding.ruleId}`;
    let rule = section.byRule.get(key);
    if (!rule) section.byRule.set(key, (rule = { ruleId: finding.ruleId, severity: finding.severity, count: 0, first: [] }));
    rule.count++;
    if (rule.first.length < firstRows) rule.first.push(finding);
  }
  const finish = ({ byRule, ...section }: Gathering): SectionDigest => ({
    ...section,
    rules: [...byRule.values()].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.ruleId, b.ruleId),
    ),
  });
  return {
    errors,
    warnings,
    campaigns: report.campaigns.map((campaign) => finish(sections.get(campaign.id)!)),
    unattached: unattached && finish(unattached),
  };
}

// ---------------------------------------------------------------------------------------------
// What could not be checked (docs/report.md): the coverage entries worth showing, and the notices.

/**
 * A rule that could not check every row of a campaign. `not-applicable` and `checked` entries are
 * not gaps: a review rule outside review requests has nothing to say.
 */
export interface CoverageGap {
  ruleId: string;
  status: 'not-checked' | 'partial';
  /** Rows the rule judged. */
  rows: number;
  /** The engine's reason: the file, the missing columns, the columns found and the mapping to add. */
  reason: string;
  /**
   * `error` for a rule not checked that fails the campaign (its id is in `failingRules`: a rule at
   * `error`, or any with `--fail-on warning`), `warning` for another rule not checked (counted as a
   * warning), `note` for a rule checked in part, which is reported and never fails anything.
   */
  level: 'error' | 'warning' | 'note';
}

/**
 * A campaign's gaps, those that count first: not checked and failing, not checked, then checked in
 * part; each group in rule id order. The coverage entry has no severity of its own: whether a rule
 * not checked fails the campaign is read from `failingRules`, which the engine always sets (a hand-
 * made report without it shows its rules not checked as warnings).
 */
export function coverageGaps(campaign: CampaignSummary): CoverageGap[] {
  const failing = new Set(campaign.failingRules ?? []);
  const gaps: CoverageGap[] = [];
  for (const entry of campaign.coverage ?? []) {
    const gap = gapOf(entry, failing);
    if (gap) gaps.push(gap);
  }
  return gaps.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || compareText(a.ruleId, b.ruleId));
}

const LEVEL_RANK: Record<CoverageGap['level'], number> = { error: 0, warning: 1, note: 2 };

function gapOf({ ruleId, status, rows, reason }: RuleCoverage, failing: ReadonlySet<string>): CoverageGap | undefined {
  if (status !== 'not-checked' && status !== 'partial') return undefined;
  const level = status === 'partial' ? 'note' : failing.has(ruleId) ? 'error' : 'warning';
  return { ruleId, status, rows, reason: reason ?? 'no reason was given', level };
}

/** The gaps of every campaign, for the formats that show them campaign by campaign; campaigns without any left out. */
export function campaignGaps(report: Report): Array<{ campaign: CampaignSummary; gaps: CoverageGap[] }> {
  return report.campaigns.map((campaign) => ({ campaign, gaps: coverageGaps(campaign) })).filter(({ gaps }) => gaps.length > 0);
}

/** Findings counted per campaign, in the report's campaign order: a digest's `campaigns` serve. */
export type FoundPerCampaign = ReadonlyArray<{ errors: number; warnings: number }>;

/**
 * Rules not checked in the report's campaigns: how many (`rules`), and how many the campaigns
 * count as an error and as a warning. A campaign counts each in its `errors` or `warnings` by the
 * rule's severity (none at warning under --quiet): given the findings each campaign has, what its
 * counts hold beyond them is exactly that. Without them, a rule is taken to count as an error when
 * it fails the campaign, never beyond the campaign's own counts; that is exact unless a campaign
 * with --fail-on warning has errors of its own besides.
 */
export function notCheckedCounts(report: Report, found?: FoundPerCampaign): { rules: number; errors: number; warnings: number } {
  let rules = 0;
  let errors = 0;
  let warnings = 0;
  report.campaigns.forEach((campaign, index) => {
    const gaps = coverageGaps(campaign).filter((gap) => gap.level !== 'note');
    if (gaps.length === 0) return;
    const own = found?.[index];
    const atError = own
      ? clamp(campaign.errors - own.errors, gaps.length)
      : Math.min(gaps.filter((gap) => gap.level === 'error').length, campaign.errors);
    const atWarning = clamp(own ? campaign.warnings - own.warnings : campaign.warnings, gaps.length - atError);
    rules += gaps.length;
    errors += atError;
    warnings += atWarning;
  });
  return { rules, errors, warnings };
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}

/** The heading of the section on what could not be checked, in the markdown report and the HTML page. */
export const NOT_CHECKED_TITLE = 'What could not be checked';

/** The first words of that section, for people who do not know the statuses. */
export const NOT_CHECKED_INTRO =
  'Some checks need a file or a column that is missing, so they looked at no customer, or only at some.';

/** The report's notices; a hand-made report may have none. */
export function reportNotices(report: Report): readonly Notice[] {
  return report.notices ?? [];
}

/** "data/customers.csv: columns look like …", or the message alone for a notice about the run. */
export function noticeText(notice: Notice): string {
  return notice.file === null ? notice.message : `${notice.file}: ${notice.message}`;
}

const NOTICE_TITLES: Readonly<Record<string, string>> = {
  'unread-columns': 'Columns not read',
  'no-history': 'No customer history',
};

/** A notice's kind in words, "Columns not read"; a kind of another version as it is. */
export function noticeTitle(kind: string): string {
  return NOTICE_TITLES[kind] ?? kind;
}

/**
 * What a gap means, in plain words, after the rule's id and without the reason: "was not checked,
 * which fails the campaign". For the formats read by people who do not know the statuses.
 */
export function gapPredicate(gap: CoverageGap): string {
  switch (gap.level) {
    case 'error':
      return 'was not checked, which fails the campaign';
    case 'warning':
      return 'was not checked (this counts as a warning)';
    case 'note':
      return 'was checked only in part';
  }
}

/** What a rule looks for, from its one-line description: "a recipient who refused the channel, …". */
export function looksFor(description: string): string {
  // "A recipient who …" reads on after "looks for"; "GDPR …" or "`x` …" keep their capitals.
  return /^[A-Z][a-z ]/.test(description) ? description.charAt(0).toLowerCase() + description.slice(1) : description;
}

/** Thresholds the verdict line names; the rest are counted, to keep it one readable line. */
const THRESHOLDS_NAMED = 5;

/**
 * The verdict line of the stylish report, without colour: the last line of every human format.
 * A failing run names the thresholds that failed campaigns; a passing run with errors says they
 * are within their rules' thresholds. `digest` counts the findings (overall, and per campaign when
 * it has them); a rule not checked counts as one error or warning more, as in the campaigns' own
 * counts, and the line says how many there were.
 */
export function verdictText(
  report: Report,
  digest: Pick<ReportDigest, 'errors' | 'warnings'> & { campaigns?: FoundPerCampaign },
): string {
  const unchecked = notCheckedCounts(report, digest.campaigns);
  const errors = digest.errors + unchecked.errors;
  const warnings = digest.warnings + unchecked.warnings;
  const suppressed = report.campaigns.reduce((sum, campaign) => sum + (campaign.suppressed ?? 0), 0);
  const uncheckedNote = [
    ...(unchecked.rules > 0 ? [`${plural(unchecked.rules, 'rule')} not checked`] : []),
    // Bulk suppressions (docs/cli.md): said only when some errors were suppressed.
    ...(suppressed > 0 ? [`${plural(suppressed, 'finding')} suppressed`] : []),
  ].join('; ');
  const total = report.campaigns.length;
  if (report.status === 'pass') {
    const counts = [
      ...(errors > 0 ? [`${plural(errors, 'error')} within thresholds`] : []),
      ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
    ].join(', ');
    const notes = [counts, uncheckedNote].filter((note) => note !== '').join('; ');
    return `✔ ${plural(total, 'campaign')} ${total === 1 ? 'passes' : 'pass'}${notes !== '' ? ` (${notes})` : ''}`;
  }
  const failing = report.campaigns.filter((c) => c.status === 'fail').length;
  // A run can fail with every campaign passing, on a finding in a shared history file.
  const subject =
    failing > 0 ? `${failing} of ${plural(total, 'campaign')} ${failing === 1 ? 'fails' : 'fail'}` : 'the run fails';
  const exceeded = report.campaigns.flatMap((c) => (c.thresholdsExceeded ?? []).map((t) => `${c.id}: ${thresholdText(t)}`));
  const named = exceeded.slice(0, THRESHOLDS_NAMED);
  if (exceeded.length > named.length) named.push(`and ${exceeded.length - named.length} more`);
  const counts = `${countText(errors, warnings)}${uncheckedNote !== '' ? ` (${uncheckedNote})` : ''}`;
  return `✖ ${subject}: ${counts}${named.length > 0 ? ` — ${named.join('; ')}` : ''}`;
}

/** "no-consent 12 findings > max_findings 10", "12 warnings > --max-warnings-per-campaign 10". */
export function thresholdText({ ruleId, threshold, actual, limit }: ExceededThreshold): string {
  switch (threshold) {
    case 'max_findings':
      return `${ruleId} ${plural(actual, 'finding')} > max_findings ${limit}`;
    case 'max_share':
      return `${ruleId} ${shareText(actual)} of recipients > max_share ${shareText(limit)}`;
    case 'max_warnings':
      return `${plural(actual, 'warning')} > --max-warnings-per-campaign ${limit}`;
  }
}

/** A fraction as a percentage, to two decimals at most: 0.125 -> "12.5%". */
function shareText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

export function countText(errors: number, warnings: number): string {
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : 1;
}
