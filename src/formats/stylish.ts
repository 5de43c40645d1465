// The report for people: a section per campaign with its findings grouped by rule (the first few
// rows of each shown) and then the rules it could not check, the findings of no campaign in a
// section of their own, the notices about the inputs, then one verdict line.
import { Chalk, type ChalkInstance } from 'chalk';
import { placeIn } from '../places.js';
import type { Finding, Notice } from '../types.js';
import type { FormatStream } from './index.js';
import {
  countText,
  coverageGaps,
  digestReport,
  noticeText,
  reportNotices,
  verdictText,
  type CoverageGap,
  type RuleDigest,
  type SectionDigest,
} from './common.js';
import { plural } from '../text.js';
import { sanitizeForTerminal } from './terminal.js';

/** Rows shown per rule unless `--max-rows` says otherwise; the rest are counted in "… and N more". */
export const ROWS_SHOWN_PER_RULE = 5;

export const formatStylish: FormatStream = function* (report, ctx) {
  const paint = new Chalk({ level: ctx.color ? 1 : 0 });
  const digest = digestReport(report, ctx.maxRows ?? ROWS_SHOWN_PER_RULE);
  for (const section of digest.campaigns) yield `${campaignSection(section, paint)}\n\n`;
  if (digest.unattached) yield `${unattachedSection(digest.unattached, paint)}\n\n`;
  const notices = reportNotices(report);
  if (notices.length > 0) yield `${notices.map((notice) => noticeLine(notice, paint)).join('\n')}\n\n`;
  const text = verdictText(report, digest);
  yield `${report.status === 'pass' ? paint.green.bold(text) : paint.red.bold(text)}\n`;
};

function campaignSection(section: SectionDigest, paint: ChalkInstance): string {
  const campaign = section.campaign!;
  const status = campaign.status === 'pass' ? paint.green.bold('PASS') : paint.red.bold('FAIL');
  const counts = campaign.errors + campaign.warnings > 0 ? `  ${countText(campaign.errors, campaign.warnings)}` : '';
  // Row findings point into the audience file: name it once here, so rows can say just "line 12".
  const audienceFile = section.audienceFile;
  const facts = [campaign.file, plural(campaign.recipients, 'recipient')];
  if (audienceFile) facts.push(`audience ${audienceFile}`);
  const filesNamed = new Set([campaign.file, ...(audienceFile ? [audienceFile] : [])]);
  const gaps = coverageGaps(campaign);
  return [
    `${paint.bold(campaign.id)}  ${status}${counts}`,
    paint.dim(sanitizeForTerminal(facts.join(' · '))),
    ...section.rules.flatMap((rule) => ['', ...ruleGroup(rule, filesNamed, paint)]),
    ...(gaps.length > 0 ? ['', ...gapLines(gaps, paint)] : []),
  ].join('\n');
}

/**
 * The rules that could not check every row: each not checked with its reason, `✖` when that fails
 * the campaign and `⚠` when it counts as a warning; those checked in part on one dim line, their
 * reasons left to the fuller reports, since most real files lack some optional column. Reasons
 * quote header names from the user's files: their control characters are escaped.
 */
function gapLines(gaps: readonly CoverageGap[], paint: ChalkInstance): string[] {
  const lines = gaps
    .filter((gap) => gap.level !== 'note')
    .map((gap) => {
      const mark = gap.level === 'error' ? paint.red('✖ not checked') : paint.yellow('⚠ not checked');
      return `  ${mark}  ${paint.bold(gap.ruleId)}  ${sanitizeForTerminal(gap.reason)}`;
    });
  const partial = gaps.filter((gap) => gap.level === 'note').map((gap) => gap.ruleId);
  if (partial.length > 0) {
    lines.push(paint.dim(`  ℹ checked in part: ${partial.join(', ')} (the json, html and markdown reports say why)`));
  }
  return lines;
}

/** A notice about an input file or the run, once: "ℹ data/customers.csv: columns look like …". */
function noticeLine(notice: Notice, paint: ChalkInstance): string {
  return `${paint.blue('ℹ')} ${sanitizeForTerminal(noticeText(notice))}`;
}

/** Findings of no campaign in the report: bad values in shared history files, for instance. */
function unattachedSection(section: SectionDigest, paint: ChalkInstance): string {
  const heading = `${paint.bold('Not tied to a campaign')}  ${countText(section.errors, section.warnings)}`;
  return [heading, ...section.rules.flatMap((rule) => ['', ...ruleGroup(rule, new Set(), paint)])].join('\n');
}

function ruleGroup(rule: RuleDigest, filesNamed: ReadonlySet<string>, paint: ChalkInstance): string[] {
  const { ruleId, severity, count, first } = rule;
  const severityText = severity === 'error' ? paint.red(severity) : paint.yellow(severity);
  const heading = `  ${paint.bold(ruleId)}  ${severityText}  ${paint.dim(plural(count, 'finding'))}`;
  // Locations, customer ids and messages quote the user's files: escape their control characters.
  const rows = rowLines(
    first.map((f) => ({
      location: sanitizeForTerminal(location(f, filesNamed)),
      customer: sanitizeForTerminal(f.customerId ?? ''),
      message: sanitizeForTerminal(f.message),
      suggestion: sanitizeForTerminal(f.suggestion ?? ''),
    })),
    paint,
  );
  const hidden = count - first.length;
  return hidden > 0 ? [heading, ...rows, paint.dim(`    … and ${hidden.toLocaleString('en-US')} more`)] : [heading, ...rows];
}

interface Row {
  location: string;
  customer: string;
  message: string;
  suggestion: string;
}

/** Rows with their location and customer columns aligned; a column empty on every row is left out. */
function rowLines(rows: Row[], paint: ChalkInstance): string[] {
  const locationWidth = Math.max(...rows.map((row) => row.location.length));
  const customerWidth = Math.max(...rows.map((row) => row.customer.length));
  return rows.map(({ location, customer, message, suggestion }) => {
    const cells: string[] = [];
    if (locationWidth > 0) cells.push(paint.dim(location.padEnd(locationWidth)));
    if (customerWidth > 0) cells.push(customer.padEnd(customerWidth));
    cells.push(message);
    // What to do, after what is wrong: "→ remove: unsubscribed on 2026-03-02".
    if (suggestion !== '') cells.push(paint.cyan(`→ ${suggestion}`));
    return `    ${cells.join('  ')}`;
  });
}

/** "line 12" in a file the heading names, else "file:12" (or just the file); a Parquet file's rows are "row 12". */
function location(finding: Finding, filesNamed: ReadonlySet<string>): string {
  const { file, line } = finding;
  if (file !== null && !filesNamed.has(file)) return line === null ? file : placeIn(file, line);
  return line === null ? '' : `line ${line}`;
}
