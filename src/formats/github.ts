// GitHub Actions: workflow commands that annotate the audience file on the row at fault
// (`::error file=…,line=…,title=<rule id>::<message>`, `::warning` for warnings), then the verdict.
//
// GitHub shows only the first few annotations of a step, and a long log helps nobody: the first
// ANNOTATIONS_PER_RULE findings of each rule in each campaign are annotated, and a `::notice` says
// how many more there are. `githubSummary` is the Markdown for $GITHUB_STEP_SUMMARY; the command
// line appends it to that file when the variable is set.
import type { Finding, Report } from '../types.js';
import { groupBy, plural, verdictText } from './common.js';
import type { Formatter } from './index.js';
import { markdownReport } from './markdown.js';

/** Annotations per rule and campaign (or per rule for the findings of no campaign). */
export const ANNOTATIONS_PER_RULE = 50;

export const formatGithub: Formatter = (report) => {
  const groups = groupBy(report.findings, (f) => JSON.stringify([f.campaignId, f.ruleId]));
  const lines: string[] = [];
  const notices: string[] = [];
  for (const findings of groups.values()) {
    const shown = findings.slice(0, ANNOTATIONS_PER_RULE);
    lines.push(...shown.map(annotation));
    const hidden = findings.length - shown.length;
    if (hidden > 0) notices.push(moreNotice(findings[0], hidden));
  }
  return `${[...lines, ...notices, verdictText(report)].join('\n')}\n`;
};

/** The Markdown summary of a report, for $GITHUB_STEP_SUMMARY: the `markdown` format's text. */
export function githubSummary(report: Report): string {
  return markdownReport(report);
}

function annotation(finding: Finding): string {
  const properties: Array<[string, string]> = [];
  if (finding.file !== null) properties.push(['file', finding.file]);
  if (finding.file !== null && finding.line !== null) properties.push(['line', String(finding.line)]);
  properties.push(['title', finding.ruleId]);
  // Without a file the annotation stands alone: say which campaign it is about.
  const about = finding.file === null && finding.campaignId !== null ? `${finding.campaignId}: ` : '';
  return command(finding.severity, properties, `${about}${finding.message}`);
}

function moreNotice(first: Finding, hidden: number): string {
  const where = first.campaignId === null ? '' : ` in ${first.campaignId}`;
  const properties: Array<[string, string]> = [];
  if (first.file !== null) properties.push(['file', first.file]);
  properties.push(['title', first.ruleId]);
  return command(
    'notice',
    properties,
    `${plural(hidden, `more ${first.ruleId} finding`)}${where} not annotated; the first ${ANNOTATIONS_PER_RULE} are. ` +
      'Every finding is in the json, csv and sarif formats.',
  );
}

/** `::name key=value,…::data`, escaped as the Actions toolkit escapes them. */
function command(name: string, properties: Array<[string, string]>, data: string): string {
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${name}${list === '' ? '' : ` ${list}`}::${escapeData(data)}`;
}

function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
