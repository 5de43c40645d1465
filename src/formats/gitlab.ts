// GitLab Code Quality (`artifacts: reports: codequality`): a JSON array of issues, each with the
// keys GitLab reads (docs.gitlab.com/ci/testing/code_quality/, "Code Quality report format"):
// `description`, `check_name`, `fingerprint`, `severity` and `location: { path, lines: { begin } }`.
// GitLab shows them in the merge request widget, new ones against the target branch's report.
//
// - One issue per finding: the rule's id as `check_name`, the message as `description`; an error
//   is `major`, a warning `minor` (GitLab's scale is info, minor, major, critical, blocker; nothing
//   here blocks more than a failing test does). A finding of no row is at line 1 of its file, or of
//   its campaign's file.
// - `fingerprint` is the one SARIF uses (fingerprint.ts): rule, campaign, file and customer (line
//   for a history file's finding), so that a row moved by rows added above it is not a new issue
//   while the same problem stays; findings alike in all of these are told apart by their order.
// - A rule that could not check a campaign is an issue at the campaign file, whose mapping would fix
//   it: `major` when that fails the campaign, else `minor`; each notice about the inputs is `info`.
//   Rules checked in part are not issues (every campaign would repeat them).
// - Paths are relative to the repository's root (`ctx.repositoryPath`), as GitLab places them.
//
// Written issue by issue, as the json format is, so a report of millions is never held whole.
import { createHash } from 'node:crypto';
import type { Finding, Notice } from '../types.js';
import { campaignGaps, ciPath, noticeText, reportNotices, type CoverageGap } from './common.js';
import { fingerprinter } from './fingerprint.js';
import type { FormatStream } from './index.js';
import { escapeJsonControls } from './terminal.js';

/** A Code Quality issue, in the order GitLab's docs list its keys. */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

export const formatGitlab: FormatStream = function* (report, ctx) {
  const place = (file: string): string => ciPath(ctx, file);
  const fingerprint = fingerprinter(place);
  const campaignFiles = new Map(report.campaigns.map((c) => [c.id, c.file]));
  let first = true;
  const item = (issue: CodeQualityIssue): string => {
    const text = `${first ? '[' : ','}\n  ${escapeJsonControls(JSON.stringify(issue, null, 2)).replaceAll('\n', '\n  ')}`;
    first = false;
    return text;
  };
  for (const finding of report.findings) {
    const file =
      finding.file ??
      (finding.campaignId === null ? undefined : campaignFiles.get(finding.campaignId)) ??
      campaignFiles.values().next().value;
    // GitLab needs a path; the engine makes no finding without a file or campaign.
    const issue = findingIssue(finding, fingerprint(finding), file === undefined ? '' : place(file));
    yield item(issue);
  }
  for (const { campaign, gaps } of campaignGaps(report)) {
    for (const gap of gaps) if (gap.level !== 'note') yield item(gapIssue(campaign.id, place(campaign.file), gap));
  }
  for (const notice of reportNotices(report)) {
    const file = notice.file ?? report.campaigns[0]?.file;
    if (file !== undefined) yield item(noticeIssue(notice, place(file)));
  }
  yield first ? '[]\n' : '\n]\n';
};

function findingIssue(finding: Finding, fingerprint: string, path: string): CodeQualityIssue {
  // Without a file of its own the issue is at its campaign file: say which campaign it is about.
  const about = finding.file === null && finding.campaignId !== null ? `${finding.campaignId}: ` : '';
  return {
    description: `${about}${finding.message}${finding.suggestion ? ` — what to do: ${finding.suggestion}` : ''}`,
    check_name: finding.ruleId,
    fingerprint,
    severity: finding.severity === 'error' ? 'major' : 'minor',
    location: { path, lines: { begin: finding.line !== null && finding.line >= 1 ? finding.line : 1 } },
  };
}

/** "year-end: generic-salutation not checked: data/customers.csv has no column first_name …". */
function gapIssue(campaignId: string, path: string, gap: CoverageGap): CodeQualityIssue {
  return {
    description: `${campaignId}: ${gap.ruleId} not checked: ${gap.reason}`,
    check_name: gap.ruleId,
    fingerprint: hash(['not-checked', campaignId, gap.ruleId]),
    severity: gap.level === 'error' ? 'major' : 'minor',
    location: { path, lines: { begin: 1 } },
  };
}

/** A notice, at its file, or at the first campaign file for a notice about the run. */
function noticeIssue(notice: Notice, path: string): CodeQualityIssue {
  return {
    description: noticeText(notice),
    check_name: notice.kind,
    fingerprint: hash(['notice', notice.kind, notice.file === null ? null : path]),
    severity: 'info',
    location: { path, lines: { begin: 1 } },
  };
}

function hash(identity: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}
