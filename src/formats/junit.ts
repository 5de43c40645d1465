// JUnit XML, the test report CI systems read (Jenkins, GitLab, Azure Pipelines, CircleCI…): a test
// suite per campaign and a test case per rule that has findings there.
//
// The report lists findings, not the rules that ran, so a campaign without findings gets one passing
// case, "campaign-preflight". A case fails when its findings failed the campaign: a rule the engine
// names in `failingRules` (errors, or findings beyond the rule's thresholds), and warnings when
// the campaign went over --max-warnings; findings that did not fail it (a rule within its
// thresholds, say) are listed in the case's <system-out>. The
// findings of no campaign (history files) make a suite of their own, where errors fail.
//
// What could not be checked (docs/report.md) is a case of the campaign's suite too. A rule not checked
// that fails the campaign (in `failingRules`) is a failing case, its reason the failure's text; one
// that does not (at warning) is a skipped case, which Jenkins and GitLab list, with its reason, as
// skipped: a test that did not run, exactly what it is. A rule checked in part passes, with the
// reason in its <system-out> (in the case of its findings, if it has any). A rule not applicable
// to the campaign (a review rule in a promotion) gets no case: every campaign has a few, and as
// skipped cases they would bury the skips that matter under ones that never will, while as passing
// cases they would claim checks that were not made. With any case, a campaign has no clean case.
// The notices about the inputs (columns not read, no history) belong to no campaign: they are the
// <system-out> of the suite of the findings of no campaign, which then exists even without any.
//
// Attributes and elements are those of the common JUnit schema (Jenkins' junit-10.xsd); no time
// attributes, so the same report always gives the same file. Files are given relative to the
// repository's root (`ctx.repositoryPath`), as CI systems place them.
import { isParquetFile } from '../places.js';
import type { CampaignSummary, Finding, Severity } from '../types.js';
import {
  RUN_SECTION_TITLE,
  ciPath,
  coverageGaps,
  digestReport,
  noticeText,
  reportNotices,
  verdictText,
  type CoverageGap,
  type RuleDigest,
} from './common.js';
import { plural } from '../text.js';
import type { FormatStream } from './index.js';

/** Rows listed in a case's text unless --max-rows says otherwise; the rest are counted. */
const ROWS_LISTED_PER_CASE = 10;

/** The case of a campaign without findings. */
const CLEAN_CASE = 'campaign-preflight';

interface Suite {
  name: string;
  /** Whether a rule's case fails here. */
  fails(rule: RuleDigest): boolean;
  properties: Array<[string, string]>;
  rules: RuleDigest[];
  /** The rules not checked or checked in part in the campaign. */
  gaps: CoverageGap[];
  /** The suite's own output: the notices, in the suite of no campaign. */
  output?: string;
  /** A file as the CI system places it. */
  place(file: string): string;
}

export const formatJunit: FormatStream = (report, ctx) => {
  const digest = digestReport(report, ctx.maxRows ?? ROWS_LISTED_PER_CASE);
  const place = (file: string): string => ciPath(ctx, file);
  const suites: Suite[] = report.campaigns.map((campaign, index) => ({
    name: campaign.id,
    fails: failingCases(campaign),
    properties: [
      ['file', place(campaign.file)],
      ['recipients', String(campaign.recipients)],
      ['status', campaign.status],
      ['errors', String(campaign.errors)],
      ['warnings', String(campaign.warnings)],
    ],
    rules: digest.campaigns[index].rules,
    gaps: coverageGaps(campaign),
    place,
  }));
  // A history file's error fails the run whatever the campaigns say.
  const notices = reportNotices(report);
  if (digest.unattached || notices.length > 0) {
    suites.push({
      name: RUN_SECTION_TITLE,
      fails: (rule) => rule.severity === 'error',
      properties: [],
      rules: digest.unattached?.rules ?? [],
      gaps: [],
      place,
      ...(notices.length > 0 ? { output: notices.map(noticeText).join('\n') } : {}),
    });
  }

  const rendered = suites.map(renderSuite);
  const tests = rendered.reduce((sum, suite) => sum + suite.tests, 0);
  const failures = rendered.reduce((sum, suite) => sum + suite.failures, 0);
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${comment(`${report.tool.name} ${report.tool.version}: ${verdictText(report, digest)}`)} -->`,
    `<testsuites name="${escapeAttr(report.tool.name)}" tests="${tests}" failures="${failures}" errors="0">`,
    ...rendered.flatMap((suite) => suite.lines),
    '</testsuites>',
    '',
  ].join('\n');
  return [text];
};

/**
 * Which cases fail in a campaign's suite. A report made without the engine's `failingRules` (by a
 * library caller) fails on its errors, or on its warnings when it has none.
 */
function failingCases(campaign: CampaignSummary): (rule: RuleDigest) => boolean {
  if (campaign.status === 'pass') return () => false;
  if (campaign.failingRules === undefined && campaign.thresholdsExceeded === undefined) {
    const severity: Severity = campaign.errors > 0 ? 'error' : 'warning';
    return (rule) => rule.severity === severity;
  }
  const failing = new Set(campaign.failingRules);
  const overMaxWarnings = (campaign.thresholdsExceeded ?? []).some((t) => t.threshold === 'max_warnings');
  return (rule) => failing.has(rule.ruleId) || (overMaxWarnings && rule.severity === 'warning');
}

function renderSuite(suite: Suite): { lines: string[]; tests: number; failures: number } {
  const groups = suite.rules;
  const withFindings = new Set(groups.map((rule) => rule.ruleId));
  const partOf = (ruleId: string) => suite.gaps.find((gap) => gap.level === 'note' && gap.ruleId === ruleId);
  // A rule checked in part with findings says so in its findings' case; the other gaps have cases of their own.
  const gapCases = suite.gaps.filter((gap) => !(gap.level === 'note' && withFindings.has(gap.ruleId)));
  // A suite of notices alone has no case: nothing was tested there.
  const cases =
    groups.length + gapCases.length === 0
      ? suite.output !== undefined
        ? []
        : [[`    <testcase name="${CLEAN_CASE}" classname="${escapeAttr(suite.name)}"/>`]]
      : [
          ...groups.map((rule) => renderCase(suite, rule, partOf(rule.ruleId))),
          ...gapCases.map((gap) => renderGapCase(suite, gap)),
        ];
  const failures = groups.filter((rule) => suite.fails(rule)).length + gapCases.filter((gap) => gap.level === 'error').length;
  const skipped = gapCases.filter((gap) => gap.level === 'warning').length;
  const properties =
    suite.properties.length === 0
      ? []
      : [
          '    <properties>',
          ...suite.properties.map(([name, value]) => `      <property name="${escapeAttr(name)}" value="${escapeAttr(value)}"/>`),
          '    </properties>',
        ];
  return {
    tests: cases.length,
    failures,
    lines: [
      `  <testsuite name="${escapeAttr(suite.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...properties,
      ...cases.flat(),
      ...(suite.output !== undefined ? [`    <system-out>${escapeText(suite.output)}</system-out>`] : []),
      '  </testsuite>',
    ],
  };
}

function renderCase(suite: Suite, rule: RuleDigest, partial: CoverageGap | undefined): string[] {
  const { ruleId, severity } = rule;
  const open = `    <testcase name="${escapeAttr(ruleId)}" classname="${escapeAttr(suite.name)}">`;
  const text = escapeText(caseText(rule, suite.place));
  const partly = partial ? escapeText(gapText(partial)) : undefined;
  if (suite.fails(rule)) {
    const message = plural(rule.count, 'finding');
    return [
      open,
      `      <failure message="${escapeAttr(message)}" type="${severity}">${text}</failure>`,
      ...(partly !== undefined ? [`      <system-out>${partly}</system-out>`] : []),
      '    </testcase>',
    ];
  }
  return [open, `      <system-out>${partly !== undefined ? `${partly}\n\n` : ''}${text}</system-out>`, '    </testcase>'];
}

/**
 * A rule that could not check the campaign: failing when that fails the campaign, skipped when it
 * counts as a warning; a rule checked in part, without findings, passes with the reason as output.
 * The reason is in the element's text as well as its message: GitLab shows the text, Jenkins the message.
 */
function renderGapCase(suite: Suite, gap: CoverageGap): string[] {
  const open = `    <testcase name="${escapeAttr(gap.ruleId)}" classname="${escapeAttr(suite.name)}">`;
  const text = escapeText(gapText(gap));
  switch (gap.level) {
    case 'error':
      return [
        open,
        `      <failure message="${escapeAttr(`not checked: ${oneLine(gap.reason)}`)}" type="not-checked">${text}</failure>`,
        '    </testcase>',
      ];
    case 'warning':
      return [
        open,
        `      <skipped message="${escapeAttr(`not checked: ${oneLine(gap.reason)}`)}">${text}</skipped>`,
        '    </testcase>',
      ];
    case 'note':
      return [open, `      <system-out>${text}</system-out>`, '    </testcase>'];
  }
}

/** "generic-salutation: not checked: data/customers.csv has no column first_name …". */
function gapText(gap: CoverageGap): string {
  const what = gap.status === 'not-checked' ? 'not checked' : `checked only in part (${plural(gap.rows, 'row')} judged)`;
  return `${gap.ruleId}: ${what}: ${gap.reason}`;
}

/** The count, then the first rows: "file:line  customer  message". */
function caseText({ ruleId, severity, count, first }: RuleDigest, place: (file: string) => string): string {
  const rows = first.map((f) =>
    [location(f, place), f.customerId ?? '', oneLine(f.message), f.suggestion ? `→ ${oneLine(f.suggestion)}` : '']
      .filter((cell) => cell !== '')
      .join('  '),
  );
  const hidden = count - first.length;
  return [
    `${ruleId}: ${plural(count, severity)}`,
    ...rows,
    ...(hidden > 0 ? [`… and ${hidden.toLocaleString('en-US')} more`] : []),
  ].join('\n');
}

function location(finding: Finding, place: (file: string) => string): string {
  if (finding.file === null) return '';
  if (finding.line === null) return place(finding.file);
  return isParquetFile(finding.file) ? `${place(finding.file)} row ${finding.line}` : `${place(finding.file)}:${finding.line}`;
}

function oneLine(message: string): string {
  return message.replace(/\r\n?|\n/g, ' ');
}

/**
 * Characters XML 1.0 cannot carry at all (controls other than tab and line breaks, lone
 * surrogates, U+FFFE and U+FFFF) are dropped: no escape can represent them.
 */
function legal(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Element text: the markup characters escaped, a carriage return kept as a reference. */
function escapeText(value: string): string {
  return legal(value).replace(/[&<>\r]/g, (c) => ENTITY[c]);
}

/** Attribute values: also quotes, and tabs and line breaks, which a parser would turn into spaces. */
function escapeAttr(value: string): string {
  return legal(value).replace(/[&<>"'\t\n\r]/g, (c) => ENTITY[c]);
}

/** A comment cannot contain "--" or end in "-". */
function comment(value: string): string {
  return legal(value)
    .replace(/-(?=-)/g, '- ')
    .replace(/-$/, '- ');
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
