// Markdown for pull-request comments and GitHub's job summary: a table of the campaigns (status,
// recipients, errors, warnings), then for each campaign with findings a table of its rules
// (each linked to its page with what it is about, severity, count, the first rows and what to do
// about them), the findings of no campaign in a section of their own, what
// could not be checked (per campaign, the rules not checked and those checked in part, with the
// reason; then the notices about the files), and the verdict line. Text from the data is escaped
// so that it can neither break a table nor turn into markup.
import type { CampaignSummary, Finding, Notice, Report } from '../types.js';
import {
  NOT_CHECKED_INTRO,
  NOT_CHECKED_TITLE,
  REDACTION_NOTE,
  RUN_SECTION_TITLE,
  campaignGaps,
  describeRule,
  digestReport,
  gapPredicate,
  noticeText,
  reportNotices,
  showsMask,
  verdictText,
  type CoverageGap,
  type RuleDigest,
  type SectionDigest,
} from './common.js';
import { placeIn } from '../places.js';
import { plural } from '../text.js';
import type { FormatContext, FormatStream } from './index.js';

/** Rows shown per rule unless `--max-rows` says otherwise; the rest are counted. */
const ROWS_SHOWN_PER_RULE = 3;

export const formatMarkdown: FormatStream = (report, ctx) => [markdownReport(report, ctx)];

/** The Markdown report: also what `githubSummary` appends to $GITHUB_STEP_SUMMARY. Its size is bounded by the rows shown. */
export function markdownReport(report: Report, ctx: Pick<FormatContext, 'maxRows' | 'rules'> = {}): string {
  const digest = digestReport(report, ctx.maxRows ?? ROWS_SHOWN_PER_RULE);
  const blocks = [`## ${escape(report.tool.name)} ${statusMark(report.status)}`, campaignsTable(report.campaigns)];
  for (const section of digest.campaigns) {
    if (section.rules.length > 0) blocks.push(campaignSection(section, ctx));
  }
  if (digest.unattached) blocks.push(`### ${RUN_SECTION_TITLE}\n\n${rulesTable(digest.unattached.rules, ctx)}`);
  const notChecked = notCheckedSection(report, ctx);
  if (notChecked) blocks.push(notChecked);
  // Said only where the report shows a mask: a reader who meets one learns what it is.
  const sections = digest.unattached ? [...digest.campaigns, digest.unattached] : digest.campaigns;
  const shown = sections.flatMap((section) => section.rules.flatMap((rule) => rule.first));
  if (shown.some((f) => showsMask(`${f.customerId ?? ''} ${f.message} ${f.suggestion ?? ''}`))) {
    blocks.push(`_${escape(REDACTION_NOTE)}_`);
  }
  blocks.push(`**${escape(verdictText(report, digest))}**`);
  return `${blocks.join('\n\n')}\n`;
}

function campaignsTable(campaigns: readonly CampaignSummary[]): string {
  if (campaigns.length === 0) return '_No campaigns were checked._';
  return table(
    ['Campaign', 'Status', 'Recipients', 'Errors', 'Warnings'],
    ['---', '---', '--:', '--:', '--:'],
    campaigns.map((c) => [
      escape(c.id),
      statusMark(c.status),
      c.recipients.toLocaleString('en-US'),
      c.errors.toLocaleString('en-US'),
      c.warnings.toLocaleString('en-US'),
    ]),
  );
}

function campaignSection(section: SectionDigest, ctx: Pick<FormatContext, 'rules'>): string {
  const campaign = section.campaign!;
  // Row findings point into the audience file: name it once here, so rows can say just "line 12".
  const audience = section.audienceFile;
  const facts = [escape(campaign.file), plural(campaign.recipients, 'recipient')];
  if (audience) facts.push(`audience ${escape(audience)}`);
  const table = rulesTable(section.rules, ctx, audience);
  return `### ${escape(campaign.id)} ${statusMark(campaign.status)}\n\n${facts.join(' · ')}\n\n${table}`;
}

function rulesTable(rules: readonly RuleDigest[], ctx: Pick<FormatContext, 'rules'>, audience?: string): string {
  return table(
    ['Rule', 'Severity', 'Findings', 'First rows', 'What to do'],
    ['---', '---', '--:', '---', '---'],
    rules.map(({ ruleId, severity, count, first }) => {
      const shown = first.map((finding) => row(finding, audience));
      const hidden = count - shown.length;
      if (hidden > 0) shown.push(`… and ${hidden.toLocaleString('en-US')} more`);
      return [ruleCell(ruleId, ctx), severity, count.toLocaleString('en-US'), shown.join('<br>'), toDo(first, audience)];
    }),
  );
}

/** The rule's id, linked to its page, and what it is about: "[no-consent](…)<br>A recipient who refused …". */
function ruleCell(ruleId: string, ctx: Pick<FormatContext, 'rules'>): string {
  const info = describeRule(ctx, ruleId);
  const id = info?.docsUrl ? `[${escape(ruleId)}](${info.docsUrl})` : escape(ruleId);
  return info ? `${id}<br>${escape(info.description)}` : id;
}

/** Each shown row's suggestion, after its place: "line 12: remove: unsubscribed on 2026-03-02". */
function toDo(findings: readonly Finding[], audience: string | undefined): string {
  return findings
    .filter((finding) => finding.suggestion !== undefined)
    .map((finding) => {
      const where = location(finding, audience);
      return escape(where === '' ? finding.suggestion! : `${where}: ${finding.suggestion!}`);
    })
    .join('<br>');
}

/** "line 12 · C-1001 · message" in the audience named above, else "file:12 · …"; each part escaped. */
function row(finding: Finding, audience: string | undefined): string {
  return [location(finding, audience), finding.customerId ?? '', finding.message]
    .filter((part) => part !== '')
    .map(escape)
    .join(' · ');
}

function location(finding: Finding, audience: string | undefined): string {
  const { file, line } = finding;
  if (file !== null && file !== audience) return line === null ? file : placeIn(file, line);
  return line === null ? '' : `line ${line}`;
}

/**
 * What could not be checked, in plain words: per campaign, each rule not checked (and whether
 * that fails the campaign) with the reason, then those checked in part; then the notices about
 * the files. Undefined when every rule could check every campaign and there is nothing to notice.
 */
function notCheckedSection(report: Report, ctx: Pick<FormatContext, 'rules'>): string | undefined {
  const byCampaign = campaignGaps(report);
  const notices = reportNotices(report);
  if (byCampaign.length === 0 && notices.length === 0) return undefined;
  const blocks = [`### ${NOT_CHECKED_TITLE}`];
  if (byCampaign.length > 0) {
    blocks.push(
      `${NOT_CHECKED_INTRO} Add the file or map the column as each reason says, or turn the rule off in the config if you mean to.`,
    );
    for (const { campaign, gaps } of byCampaign) {
      blocks.push(
        `**${escape(campaign.id)}** ${statusMark(campaign.status)}\n\n${gaps.map((gap) => gapItem(gap, ctx)).join('\n')}`,
      );
    }
  }
  if (notices.length > 0) blocks.push(`**About the files**\n\n${notices.map(noticeItem).join('\n')}`);
  return blocks.join('\n\n');
}

const GAP_MARK: Record<CoverageGap['level'], string> = { error: '❌', warning: '⚠️', note: 'ℹ️' };

/** "- ❌ [no-consent](docs) was not checked, which fails the campaign: data/customers.csv has no column …". */
function gapItem(gap: CoverageGap, ctx: Pick<FormatContext, 'rules'>): string {
  const docs = describeRule(ctx, gap.ruleId)?.docsUrl;
  const rule = docs ? `[${escape(gap.ruleId)}](${docs})` : escape(gap.ruleId);
  return `- ${GAP_MARK[gap.level]} ${rule} ${escape(gapPredicate(gap))}: ${escape(gap.reason)}`;
}

function noticeItem(notice: Notice): string {
  return `- ${escape(noticeText(notice))}`;
}

function table(heading: string[], alignment: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(heading), line(alignment), ...rows.map(line)].join('\n');
}

function statusMark(status: 'pass' | 'fail'): string {
  return status === 'pass' ? '✅ pass' : '❌ fail';
}

/**
 * Text from the data, made inert inside a table cell: line breaks as spaces, control characters
 * dropped, HTML's special characters as entities, Markdown's punctuation behind a backslash (a pipe
 * would end the cell), and a zero-width space after an @ or # that starts a word, so that no
 * "@name" pings anybody and no "#12" links an issue from a pull-request comment.
 */
function escape(value: string): string {
  return value
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/(^|[^\p{L}\p{N}_])([@#])(?=[\p{L}\p{N}_])/gu, '$1$2&#8203;');
}
