// The report for people: a section per campaign with its findings grouped by rule (the first few
// rows of each shown), the findings of no campaign in a section of their own, then one verdict line.
import { Chalk, type ChalkInstance } from 'chalk';
import type { CampaignSummary, Finding, Report } from '../types.js';
import type { Formatter } from './index.js';
import { countText, groupBy, plural, verdictText } from './common.js';

/** Rows shown per rule; the rest are counted in "… and N more". */
const ROWS_SHOWN_PER_RULE = 5;

export const formatStylish: Formatter = (report, ctx) => {
  const paint = new Chalk({ level: ctx.color ? 1 : 0 });
  const findingsByCampaign = groupBy(report.findings, (finding) => finding.campaignId);
  const sections = report.campaigns.map((campaign) =>
    campaignSection(campaign, findingsByCampaign.get(campaign.id) ?? [], paint),
  );
  const listed = new Set(report.campaigns.map((campaign) => campaign.id));
  const runFindings = report.findings.filter((f) => f.campaignId === null || !listed.has(f.campaignId));
  if (runFindings.length > 0) sections.push(runSection(runFindings, paint));
  sections.push(verdict(report, paint));
  return `${sections.join('\n\n')}\n`;
};

function campaignSection(campaign: CampaignSummary, findings: Finding[], paint: ChalkInstance): string {
  const status = campaign.status === 'pass' ? paint.green.bold('PASS') : paint.red.bold('FAIL');
  const counts = campaign.errors + campaign.warnings > 0 ? `  ${countText(campaign.errors, campaign.warnings)}` : '';
  // Row findings point into the audience file: name it once here, so rows can say just "line 12".
  const audienceFile = findings.find((f) => f.line !== null && f.file !== null)?.file ?? undefined;
  const facts = [campaign.file, plural(campaign.recipients, 'recipient')];
  if (audienceFile) facts.push(`audience ${audienceFile}`);
  const filesNamed = new Set([campaign.file, ...(audienceFile ? [audienceFile] : [])]);
  return [
    `${paint.bold(campaign.id)}  ${status}${counts}`,
    paint.dim(facts.join(' · ')),
    ...ruleGroups(findings, filesNamed, paint),
  ].join('\n');
}

/** Findings of no campaign in the report: bad values in shared history files, for instance. */
function runSection(findings: Finding[], paint: ChalkInstance): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const heading = `${paint.bold('Not tied to a campaign')}  ${countText(errors, findings.length - errors)}`;
  return [heading, ...ruleGroups(findings, new Set(), paint)].join('\n');
}

/** One block per rule, errors first, each preceded by a blank line. */
function ruleGroups(findings: Finding[], filesNamed: ReadonlySet<string>, paint: ChalkInstance): string[] {
  const groups = [...groupBy(findings, (f) => f.ruleId).values()].sort(
    ([a], [b]) => severityRank(a) - severityRank(b) || a.ruleId.localeCompare(b.ruleId, 'en'),
  );
  return groups.flatMap((group) => ['', ...ruleGroup(group, filesNamed, paint)]);
}

function ruleGroup(findings: Finding[], filesNamed: ReadonlySet<string>, paint: ChalkInstance): string[] {
  const { ruleId, severity } = findings[0];
  const severityText = severity === 'error' ? paint.red(severity) : paint.yellow(severity);
  const heading = `  ${paint.bold(ruleId)}  ${severityText}  ${paint.dim(plural(findings.length, 'finding'))}`;
  const shown = findings.slice(0, ROWS_SHOWN_PER_RULE);
  const rows = rowLines(
    shown.map((f) => ({ location: location(f, filesNamed), customer: f.customerId ?? '', message: f.message })),
    paint,
  );
  const hidden = findings.length - shown.length;
  return hidden > 0 ? [heading, ...rows, paint.dim(`    … and ${hidden} more`)] : [heading, ...rows];
}

interface Row {
  location: string;
  customer: string;
  message: string;
}

/** Rows with their location and customer columns aligned; a column empty on every row is left out. */
function rowLines(rows: Row[], paint: ChalkInstance): string[] {
  const locationWidth = Math.max(...rows.map((row) => row.location.length));
  const customerWidth = Math.max(...rows.map((row) => row.customer.length));
  return rows.map(({ location, customer, message }) => {
    const cells: string[] = [];
    if (locationWidth > 0) cells.push(paint.dim(location.padEnd(locationWidth)));
    if (customerWidth > 0) cells.push(customer.padEnd(customerWidth));
    cells.push(message);
    return `    ${cells.join('  ')}`;
  });
}

/** "line 12" in a file the heading names, else "file:12" (or just the file). */
function location(finding: Finding, filesNamed: ReadonlySet<string>): string {
  const { file, line } = finding;
  if (file !== null && !filesNamed.has(file)) return line === null ? file : `${file}:${line}`;
  return line === null ? '' : `line ${line}`;
}

function verdict(report: Report, paint: ChalkInstance): string {
  const text = verdictText(report);
  return report.status === 'pass' ? paint.green.bold(text) : paint.red.bold(text);
}

function severityRank(finding: Finding): number {
  return finding.severity === 'error' ? 0 : 1;
}

