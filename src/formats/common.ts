// What several report formats share: where the project and its rule pages live, what the built-in
// rules say about themselves, grouping, counting words and the verdict line. No I/O here either.
import { builtinRules } from '../../rules/index.js';
import type { Finding, Report, Severity } from '../types.js';

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

/** Findings of no campaign listed in the report: bad values in shared history files, for instance. */
export function runFindings(report: Report): Finding[] {
  const listed = new Set(report.campaigns.map((campaign) => campaign.id));
  return report.findings.filter((f) => f.campaignId === null || !listed.has(f.campaignId));
}

/** The verdict line of the stylish report, without colour: the last line of every human format. */
export function verdictText(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const total = report.campaigns.length;
  if (report.status === 'pass') {
    const warningNote = warnings > 0 ? ` (${plural(warnings, 'warning')})` : '';
    return `✔ ${plural(total, 'campaign')} ${total === 1 ? 'passes' : 'pass'}${warningNote}`;
  }
  const failing = report.campaigns.filter((c) => c.status === 'fail').length;
  // A run can fail with every campaign passing, on a finding in a shared history file.
  const subject =
    failing > 0 ? `${failing} of ${plural(total, 'campaign')} ${failing === 1 ? 'fails' : 'fail'}` : 'the run fails';
  return `✖ ${subject}: ${countText(errors, warnings)}`;
}

export function countText(errors: number, warnings: number): string {
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** Groups in the order their first member appears. */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A campaign's (or the run's) findings in one block per rule: errors first, then by rule id. */
export function ruleGroups(findings: readonly Finding[]): Finding[][] {
  return [...groupBy(findings, (f) => `${f.severity}\u0000${f.ruleId}`).values()].sort(
    ([a], [b]) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.ruleId, b.ruleId),
  );
}

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : 1;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
