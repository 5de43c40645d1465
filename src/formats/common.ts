// What several report formats share: where the project and its rule pages live, what the built-in
// rules say about themselves, grouping, counting words and the verdict line. No I/O here either.
import { builtinRules } from '../../rules/index.js';
import type { CampaignSummary, ExceededThreshold, Finding, Report, Severity } from '../types.js';

/** The project's home; every link a report carries starts here. */
export const REPOSITORY_URL = 'https://github.com/campaign-preflight/campaign-preflight';

/** Heading of the findings that belong to no campaign of the report (shared history files). */
export const RUN_SECTION_TITLE = 'Not tied to a campaign';

export interface RuleDescription {
  /** One line, as `campaign-preflight rules` prints it. */
  description: string;
  /** The severity the rule has unless configured otherwise. */
  severity: Severity;
  /** The rule's documentation page. */
  docsUrl: string;
}

const BUILTIN: ReadonlyMap<string, RuleDescription> = new Map(
  builtinRules.map((rule) => [
    rule.id,
    {
      description: rule.meta.description,
      severity: rule.meta.severity,
      docsUrl: `${REPOSITORY_URL}/blob/main/rules/${rule.id}/README.md`,
    },
  ]),
);

/** What a built-in rule says about itself; undefined for a plugin's rule, whose docs we cannot link. */
export function describeRule(ruleId: string): RuleDescription | undefined {
  return BUILTIN.get(ruleId);
}

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

/** Thresholds the verdict line names; the rest are counted, to keep it one readable line. */
const THRESHOLDS_NAMED = 5;

/**
 * The verdict line of the stylish report, without colour: the last line of every human format.
 * A failing run names the thresholds that failed campaigns; a passing run with errors says they
 * are within their rules' thresholds.
 */
export function verdictText(report: Report, digest: Pick<ReportDigest, 'errors' | 'warnings'>): string {
  const { errors, warnings } = digest;
  const total = report.campaigns.length;
  if (report.status === 'pass') {
    const notes = [
      ...(errors > 0 ? [`${plural(errors, 'error')} within thresholds`] : []),
      ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
    ];
    return `✔ ${plural(total, 'campaign')} ${total === 1 ? 'passes' : 'pass'}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  }
  const failing = report.campaigns.filter((c) => c.status === 'fail').length;
  // A run can fail with every campaign passing, on a finding in a shared history file.
  const subject =
    failing > 0 ? `${failing} of ${plural(total, 'campaign')} ${failing === 1 ? 'fails' : 'fail'}` : 'the run fails';
  const exceeded = report.campaigns.flatMap((c) => (c.thresholdsExceeded ?? []).map((t) => `${c.id}: ${thresholdText(t)}`));
  const named = exceeded.slice(0, THRESHOLDS_NAMED);
  if (exceeded.length > named.length) named.push(`and ${exceeded.length - named.length} more`);
  return `✖ ${subject}: ${countText(errors, warnings)}${named.length > 0 ? ` — ${named.join('; ')}` : ''}`;
}

/** "no-consent 12 findings > max_findings 10", "12 warnings > --max-warnings 10". */
export function thresholdText({ ruleId, threshold, actual, limit }: ExceededThreshold): string {
  switch (threshold) {
    case 'max_findings':
      return `${ruleId} ${plural(actual, 'finding')} > max_findings ${limit}`;
    case 'max_share':
      return `${ruleId} ${shareText(actual)} of recipients > max_share ${shareText(limit)}`;
    case 'max_warnings':
      return `${plural(actual, 'warning')} > --max-warnings ${limit}`;
  }
}

/** A fraction as a percentage, to two decimals at most: 0.125 -> "12.5%". */
function shareText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

export function countText(errors: number, warnings: number): string {
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : 1;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
