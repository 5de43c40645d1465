// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run, the rules that have
// findings (with their docs), and one result per finding located at its file and line.
//
// Every result has a location with a region, since GitHub code scanning requires
// `region.startLine`: a finding of no row (a campaign-level finding) points at line 1 of its file
// (the audience's header row), or of the campaign file when it names no file. `partialFingerprints` let GitHub recognise a finding from one
// run to the next, even when rows above it were added or removed.
//
// What could not be checked (docs/report.md) is not a result about a file's content but about the run, so
// it goes where SARIF puts such conditions: the invocation's `toolExecutionNotifications`. One
// notification per rule not checked (level `error` when that fails the campaign, else `warning`)
// or checked in part (`note`) in a campaign, located at the campaign file, whose mapping would fix
// it; and one `note` per notice about the inputs. As SARIF has it, a notification's `descriptor`
// names the kind of notification (`not-checked`, `partial`, the notice's kind, each described in
// the driver's `notifications`) and its `associatedRule` the rule, which the driver's `rules` then
// describes too. `executionSuccessful` stays true: the tool ran; the data it needed was missing.
//
// GitHub code scanning rejects a run of more than 25,000 results, and shows 5,000 of them, the most
// severe first. A log holds at most RESULTS_PER_RUN (5,000) results, so that GitHub shows every
// one, and we rather than GitHub choose them: the errors first, then the warnings, each in report
// order. Whatever is left out is one result per rule and severity at the campaign file of its first
// finding, "12,000 more no-consent findings at error are not listed here …", and a
// `results-capped` notification says so. Every finding stays in the json and csv formats.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Finding, Notice, Severity } from '../types.js';
import { compareText, plural } from '../text.js';
import { REPOSITORY_URL } from '../version.js';
import { campaignGaps, ciPath, describeRule, noticeText, reportNotices, type CoverageGap } from './common.js';
import { fingerprinter } from './fingerprint.js';
import type { FormatContext, FormatStream } from './index.js';
import { escapeJsonControls } from './terminal.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Relative artifact URIs resolve against this base: the repository's root, or the folder the check ran in. */
const SOURCE_ROOT = '%SRCROOT%';

/** The key of our fingerprint; its version changes only if the recipe below ever does. */
const FINGERPRINT_KEY = 'campaignPreflightFinding/v1';

/**
 * The most results a log holds, those that stand for the findings left out included: what GitHub
 * code scanning shows of a run (it accepts 25,000, and shows the 5,000 most severe).
 */
export const RESULTS_PER_RUN = 5_000;

export const formatSarif: FormatStream = function* (report, ctx) {
  // A first pass learns which rules have findings, since the log lists them before the results.
  // It counts them by rule and severity too, to choose the findings that are results.
  const severityOf = new Map<string, Severity>();
  const counts = { error: 0, warning: 0 };
  const groups = new Set<string>();
  for (const finding of report.findings) {
    if (!severityOf.has(finding.ruleId)) severityOf.set(finding.ruleId, finding.severity);
    counts[finding.severity]++;
    groups.add(omittedKey(finding));
  }
  const total = counts.error + counts.warning;
  // Over the cap, room is kept for one result per rule and severity that has findings left out.
  const room = total <= RESULTS_PER_RUN ? total : RESULTS_PER_RUN - groups.size;
  const kept = { error: Math.min(counts.error, room), warning: Math.min(counts.warning, room - Math.min(counts.error, room)) };
  // Rules that could not check a campaign are described as well, for their notifications.
  const gaps = campaignGaps(report);
  for (const { gaps: campaignGaps } of gaps) {
    for (const gap of campaignGaps)
      if (!severityOf.has(gap.ruleId)) severityOf.set(gap.ruleId, gap.level === 'error' ? 'error' : 'warning');
  }
  const ruleIds = [...severityOf.keys()].sort(compareText);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const campaignFiles = new Map(report.campaigns.map((c) => [c.id, c.file]));
  const fingerprint = fingerprinter((file) => ciPath(ctx, file));
  const capped = total > room;

  const notices = reportNotices(report);
  const kinds = [
    ...new Set([
      ...gaps.flatMap(({ gaps: campaignGaps }) => campaignGaps.map((gap) => gap.status)),
      ...notices.map((n) => n.kind),
      ...(capped ? [CAPPED] : []),
    ]),
  ];
  const kindIndex = new Map(kinds.map((kind, index) => [kind, index]));
  const notifications = [
    ...gaps.flatMap(({ campaign, gaps: campaignGaps }) =>
      campaignGaps.map((gap) => gapNotification(campaign.id, campaign.file, gap, kindIndex, ruleIndex, ctx)),
    ),
    ...notices.map((notice) => noticeNotification(notice, kindIndex, ctx)),
    ...(capped ? [cappedNotification(total, kept.error + kept.warning, kindIndex)] : []),
  ];
  const run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: REPOSITORY_URL,
        rules: ruleIds.map((id) => ruleDescriptor(id, severityOf.get(id)!, ctx)),
        ...(kinds.length > 0 ? { notifications: kinds.map(notificationDescriptor) } : {}),
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
  };
  const log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  // The log up to the run's last key, then its results one by one, indented as in the whole.
  const opening = escapeJsonControls(JSON.stringify(log, null, 2));
  const runEnd = opening.lastIndexOf('\n    }\n  ]\n}');
  yield `${opening.slice(0, runEnd)},\n      "results": [`;
  let first = true;
  const listed = { error: 0, warning: 0 };
  // Per rule and severity, the findings left out and where the first of them is.
  const omitted = new Map<string, { finding: Finding; count: number }>();
  for (const finding of report.findings) {
    // Every finding is fingerprinted, listed or not: a fingerprint counts the findings alike before it.
    const print = fingerprint(finding);
    if (listed[finding.severity] >= kept[finding.severity]) {
      const key = omittedKey(finding);
      const group = omitted.get(key);
      if (group) group.count++;
      else omitted.set(key, { finding, count: 1 });
      continue;
    }
    listed[finding.severity]++;
    const result = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: finding.severity,
      message: { text: finding.message },
      locations: locationOf(finding, campaignFiles, ctx),
      partialFingerprints: { [FINGERPRINT_KEY]: print },
      properties: {
        campaignId: finding.campaignId,
        customerId: finding.customerId,
        ...(finding.column !== undefined ? { column: finding.column } : {}),
        evidence: finding.evidence,
      },
    };
    yield `${first ? '' : ','}\n        ${escapeJsonControls(JSON.stringify(result, null, 2)).replaceAll('\n', '\n        ')}`;
    first = false;
  }
  for (const { finding, count } of omitted.values()) {
    const result = omittedResult(finding, count, ruleIndex.get(finding.ruleId)!, campaignFiles, ctx);
    yield `${first ? '' : ','}\n        ${escapeJsonControls(JSON.stringify(result, null, 2)).replaceAll('\n', '\n        ')}`;
    first = false;
  }
  yield `${first ? '' : '\n      '}]\n    }\n  ]\n}\n`;
};

/** The kind of notification that says findings were left out of the results. */
const CAPPED = 'results-capped';

function omittedKey(finding: Finding): string {
  return JSON.stringify([finding.ruleId, finding.severity]);
}

/** "100,000 findings: 4,990 of them, the errors first, are results; …", a warning about the run. */
function cappedNotification(total: number, listed: number, kindIndex: ReadonlyMap<string, number>): object {
  return {
    level: 'warning',
    message: {
      text:
        `${plural(total, 'finding')}: ${count(listed)} of them, the errors first, are results; each rule's others are ` +
        `counted in one result at the end. GitHub code scanning shows at most ${count(RESULTS_PER_RUN)} results of a run. ` +
        'Every finding is in the json and csv formats (and --failures-out).',
    },
    descriptor: { id: CAPPED, index: kindIndex.get(CAPPED)! },
    properties: { findings: total, listed },
  };
}

/** The findings of a rule at a severity left out of the results, as one result at the campaign file of the first. */
function omittedResult(
  first: Finding,
  omitted: number,
  ruleIndex: number,
  campaignFiles: ReadonlyMap<string, string>,
  ctx: Placing,
): object {
  const atCampaign: Finding = {
    ...first,
    file: (first.campaignId === null ? undefined : campaignFiles.get(first.campaignId)) ?? first.file,
    line: null,
  };
  return {
    ruleId: first.ruleId,
    ruleIndex,
    level: first.severity,
    message: {
      text:
        `${plural(omitted, `more ${first.ruleId} finding`)} at ${first.severity} ${omitted === 1 ? 'is' : 'are'} not listed here: ` +
        `GitHub code scanning shows at most ${count(RESULTS_PER_RUN)} results of a run. See the json or csv report.`,
    },
    locations: locationOf(atCampaign, campaignFiles, ctx),
    partialFingerprints: {
      [FINGERPRINT_KEY]: createHash('sha256')
        .update(JSON.stringify(['omitted', first.ruleId, first.severity]))
        .digest('hex')
        .slice(0, 32),
    },
    properties: { omitted },
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** What each kind of notification is, as the driver's `notifications` describe them. */
const NOTIFICATION_KINDS: Readonly<Record<string, { name: string; text: string; level: 'error' | 'warning' | 'note' }>> = {
  'not-checked': {
    name: 'RuleNotChecked',
    text: 'A rule that is on could not check a campaign: a file or a column it needs is missing. At error this fails the campaign, at warning it counts as a warning. Map the column or name the file as the message says, or turn the rule off.',
    level: 'error',
  },
  partial: {
    name: 'RuleCheckedInPart',
    text: 'A rule checked a campaign only in part: some rows, or some of what the rule reads, lacked the data. This is reported, and fails nothing.',
    level: 'note',
  },
  'unread-columns': {
    name: 'ColumnsNotRead',
    text: 'Columns of an input file look like ones the rules read, but were not read: map them in the config or the campaign file to have them checked.',
    level: 'note',
  },
  [CAPPED]: {
    name: 'ResultsCapped',
    text: `More findings than GitHub code scanning shows (${RESULTS_PER_RUN.toLocaleString('en-US')} results a run): the errors come first, each rule's findings left out are counted in one result at its campaign file. Every finding is in the json and csv formats.`,
    level: 'warning',
  },
  'no-history': {
    name: 'NoHistory',
    text: 'No customer history is named, so the rules that need it were not checked.',
    level: 'note',
  },
};

function notificationDescriptor(kind: string): object {
  const known = NOTIFICATION_KINDS[kind];
  const text = known?.text ?? `A notice about the inputs (${kind}).`;
  return {
    id: kind,
    name: known?.name ?? `${pascalCase(kind)}Notice`,
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: known?.level ?? 'note' },
  };
}

/** "year-end: not checked: data/customers.csv has no column first_name …", at the campaign file. */
function gapNotification(
  campaignId: string,
  campaignFile: string,
  gap: CoverageGap,
  kindIndex: ReadonlyMap<string, number>,
  ruleIndex: ReadonlyMap<string, number>,
  ctx: Placing,
): object {
  const what = gap.status === 'not-checked' ? 'not checked' : 'checked only in part';
  return {
    level: gap.level,
    message: { text: `${campaignId}: ${what}: ${gap.reason}` },
    descriptor: { id: gap.status, index: kindIndex.get(gap.status)! },
    associatedRule: { id: gap.ruleId, index: ruleIndex.get(gap.ruleId)! },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(campaignFile, ctx) } }],
    properties: { campaignId, status: gap.status, rows: gap.rows },
  };
}

/** A notice about an input file (located there) or the run. */
function noticeNotification(notice: Notice, kindIndex: ReadonlyMap<string, number>, ctx: Placing): object {
  return {
    level: 'note',
    message: { text: noticeText(notice) },
    descriptor: { id: notice.kind, index: kindIndex.get(notice.kind)! },
    ...(notice.file !== null
      ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(notice.file, ctx) } }] }
      : {}),
  };
}

/**
 * A rule as SARIF describes it: its one-line description, default severity and docs page as the
 * rule declares them (built-in or a plugin's); without them, its id and the severity it was reported at.
 */
function ruleDescriptor(ruleId: string, reportedAt: Severity, ctx: FormatContext): object {
  const info = describeRule(ctx, ruleId);
  const severity = info?.severity ?? reportedAt;
  const description = info?.description ?? `The ${ruleId} rule.`;
  const docsUrl = info?.docsUrl;
  return {
    id: ruleId,
    name: pascalCase(ruleId),
    shortDescription: { text: description },
    fullDescription: { text: description },
    ...(docsUrl ? { helpUri: docsUrl } : {}),
    help: {
      text: docsUrl ? `${description} Documentation: ${docsUrl}` : description,
      markdown: docsUrl ? `${description}\n\n[Documentation of ${ruleId}](${docsUrl})` : description,
    },
    defaultConfiguration: { level: severity },
  };
}

/**
 * Where a finding is: its file and line; line 1 of its file, or else of its campaign's file; a
 * finding of no file and no campaign (the engine makes none) at the first campaign file, since
 * GitHub code scanning rejects a result without a location.
 */
function locationOf(finding: Finding, campaignFiles: ReadonlyMap<string, string>, ctx: Placing): object[] {
  const file =
    finding.file ??
    (finding.campaignId === null ? undefined : campaignFiles.get(finding.campaignId)) ??
    campaignFiles.values().next().value;
  if (file === undefined) return [];
  return [
    {
      physicalLocation: {
        artifactLocation: artifactLocation(file, ctx),
        region: { startLine: finding.line !== null && finding.line >= 1 ? finding.line : 1 },
      },
    },
  ];
}

/** What places a file: the working folder, and the repository's root when the caller knows it. */
type Placing = Pick<FormatContext, 'cwd' | 'repositoryPath'>;

/**
 * A path relative to the repository's root (`ctx.repositoryPath`: GitHub code scanning resolves
 * %SRCROOT% to the root of the checkout) or, without it, to the folder the check ran in (as the
 * user gave it, or made so), with forward slashes and percent-encoded, based at %SRCROOT%; a path
 * in no repository and outside that folder as a file: URI.
 */
function artifactLocation(file: string, { cwd, repositoryPath }: Placing): { uri: string; uriBaseId?: string } {
  const placed = repositoryPath?.(file);
  if (placed !== undefined) return { uri: encodePath(placed), uriBaseId: SOURCE_ROOT };
  const isAbsolute = path.isAbsolute(file) || path.win32.isAbsolute(file);
  const relative = isAbsolute ? path.relative(cwd, file) : file;
  if (isAbsolute && (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))) {
    const slashed = file.replaceAll('\\', '/');
    return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${encodePath(slashed)}` };
  }
  const slashed = relative.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return { uri: encodePath(slashed), uriBaseId: SOURCE_ROOT };
}

/** Percent-encodes each segment of a path, keeping the slashes and a drive letter's colon. */
function encodePath(slashed: string): string {
  return slashed
    .split('/')
    .map((segment, i) => (i <= 1 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

/** "no-consent" → "NoConsent", "plugin/late-send" → "PluginLateSend": SARIF's rule names are identifiers. */
function pascalCase(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
