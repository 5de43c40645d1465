// GitHub Actions: workflow commands that annotate the audience file on the row at fault
// (`::error file=…,line=…,title=<rule id>::<message>`, `::warning` for warnings), then the verdict.
//
// GitHub shows only the first few annotations of a step, and a long log helps nobody: the first
// ANNOTATIONS_PER_RULE findings of each rule in each campaign are annotated, and a `::notice` says
// how many more there are. `githubSummary` is the Markdown for $GITHUB_STEP_SUMMARY; the command
// line appends it to that file when the variable is set.
//
// A rule that could not check a campaign is annotated at the campaign file, where the mapping that
// fixes it goes: `::error` when that fails the campaign, `::warning` when it counts as a warning,
// titled "<rule> not checked". Rules checked in part are left to the summary, which lists them:
// an annotation each would repeat itself on every campaign. Each notice about the inputs is a
// `::notice`, at its file when it has one.
//
// GitHub places an annotation's `file` relative to the repository's root, so every file is given
// so (`ctx.repositoryPath`), wherever the check ran and wherever the campaign lies.
import type { Finding, Notice, Report } from '../types.js';
import { plural } from '../text.js';
import { campaignGaps, ciPath, noticeTitle, reportNotices, verdictText, type CoverageGap } from './common.js';
import type { FormatContext, FormatStream } from './index.js';
import { markdownReport } from './markdown.js';
import { sanitizeTextForTerminal } from './terminal.js';

/** Annotations per rule and campaign (or per rule for the findings of no campaign). */
export const ANNOTATIONS_PER_RULE = 50;

export const formatGithub: FormatStream = function* (report, ctx) {
  const place = (file: string): string => ciPath(ctx, file);
  // `[campaign, rule]` -> findings so far, and the first finding for the notice of those not annotated.
  const groups = new Map<string, { count: number; first: Finding }>();
  // Findings per campaign, for the verdict to tell a rule not checked at error from one at warning.
  const perCampaign = new Map<string | null, { errors: number; warnings: number }>();
  let errors = 0;
  for (const finding of report.findings) {
    if (finding.severity === 'error') errors++;
    let tally = perCampaign.get(finding.campaignId);
    if (!tally) perCampaign.set(finding.campaignId, (tally = { errors: 0, warnings: 0 }));
    tally[finding.severity === 'error' ? 'errors' : 'warnings']++;
    const key = JSON.stringify([finding.campaignId, finding.ruleId]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { count: 0, first: finding }));
    if (++group.count <= ANNOTATIONS_PER_RULE) yield `${annotation(finding, place)}\n`;
  }
  let findings = 0;
  for (const { count, first } of groups.values()) {
    findings += count;
    if (count > ANNOTATIONS_PER_RULE) yield `${moreNotice(first, count - ANNOTATIONS_PER_RULE, place)}\n`;
  }
  for (const { campaign, gaps } of campaignGaps(report)) {
    for (const gap of gaps) if (gap.level !== 'note') yield `${notCheckedAnnotation(campaign.id, place(campaign.file), gap)}\n`;
  }
  for (const notice of reportNotices(report)) yield `${noticeAnnotation(notice, place)}\n`;
  const campaigns = report.campaigns.map((campaign) => perCampaign.get(campaign.id) ?? { errors: 0, warnings: 0 });
  yield `${verdictText(report, { errors, warnings: findings - errors, campaigns })}\n`;
};

/** The Markdown summary of a report, for $GITHUB_STEP_SUMMARY: the `markdown` format's text. */
export function githubSummary(report: Report, ctx: Pick<FormatContext, 'maxRows' | 'rules'> = {}): string {
  return markdownReport(report, ctx);
}

function annotation(finding: Finding, place: (file: string) => string): string {
  const properties: Array<[string, string]> = [];
  if (finding.file !== null) properties.push(['file', place(finding.file)]);
  if (finding.file !== null && finding.line !== null) properties.push(['line', String(finding.line)]);
  properties.push(['title', finding.ruleId]);
  // Without a file the annotation stands alone: say which campaign it is about.
  const about = finding.file === null && finding.campaignId !== null ? `${finding.campaignId}: ` : '';
  return command(
    finding.severity,
    properties,
    `${about}${finding.message}${finding.suggestion ? ` — what to do: ${finding.suggestion}` : ''}`,
  );
}

function moreNotice(first: Finding, hidden: number, place: (file: string) => string): string {
  const where = first.campaignId === null ? '' : ` in ${first.campaignId}`;
  const properties: Array<[string, string]> = [];
  if (first.file !== null) properties.push(['file', place(first.file)]);
  properties.push(['title', first.ruleId]);
  return command(
    'notice',
    properties,
    `${plural(hidden, `more ${first.ruleId} finding`)}${where} not annotated; the first ${ANNOTATIONS_PER_RULE} are. ` +
      'Every finding is in the json, csv and sarif formats.',
  );
}

/** "::error file=campaign.yaml,title=no-consent not checked::year-end: data/customers.csv has no column …". */
function notCheckedAnnotation(campaignId: string, campaignFile: string, gap: CoverageGap): string {
  const level = gap.level === 'error' ? 'error' : 'warning';
  return command(
    level,
    [
      ['file', campaignFile],
      ['title', `${gap.ruleId} not checked`],
    ],
    `${campaignId}: ${gap.reason}`,
  );
}

function noticeAnnotation(notice: Notice, place: (file: string) => string): string {
  const properties: Array<[string, string]> = [];
  if (notice.file !== null) properties.push(['file', place(notice.file)]);
  properties.push(['title', noticeTitle(notice.kind)]);
  return command('notice', properties, notice.message);
}

/** `::name key=value,…::data`, escaped as the Actions toolkit escapes them. */
function command(name: string, properties: Array<[string, string]>, data: string): string {
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${name}${list === '' ? '' : ` ${list}`}::${escapeData(data)}`;
}

/** Control characters are made visible first: the Actions log would act on an escape sequence. */
function escapeData(value: string): string {
  return sanitizeTextForTerminal(value).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
