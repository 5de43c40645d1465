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
import type { Finding, Severity } from '../types.js';
import { compareText } from '../text.js';
import { REPOSITORY_URL } from '../version.js';
import { campaignGaps, ciPath, describeRule, reportNotices } from './common.js';
import { fingerprinter } from './fingerprint.js';
import type { FormatContext, FormatStream } from './index.js';
import { escapeJsonControls } from './terminal.js';
import { locationOf, sarifFixes } from './sarif-locations.js';
import {
  CAPPED,
  FINGERPRINT_KEY,
  RESULTS_PER_RUN,
  cappedNotification,
  gapNotification,
  noticeNotification,
  notificationDescriptor,
  omittedKey,
  omittedResult,
  pascalCase,
} from './sarif-notifications.js';

export { RESULTS_PER_RUN };

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

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
      ...sarifFixes(finding, ctx),
      properties: {
        campaignId: finding.campaignId,
        customerId: finding.customerId,
        ...(finding.column !== undefined ? { column: finding.column } : {}),
        ...(finding.suggestion !== undefined ? { suggestion: finding.suggestion } : {}),
        ...(finding.fix !== undefined ? { fix: finding.fix } : {}),
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
