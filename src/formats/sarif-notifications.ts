// SARIF's toolExecutionNotifications: what could not be checked, the notices about the inputs,
// and the results a capped log leaves out.

import { createHash } from 'node:crypto';
import type { Finding, Notice } from '../types.js';
import { plural } from '../text.js';
import { noticeText, type CoverageGap } from './common.js';
import { artifactLocation, locationOf, type Placing } from './sarif-locations.js';

/**
 * The most results a log holds, those that stand for the findings left out included: what GitHub
 * code scanning shows of a run (it accepts 25,000, and shows the 5,000 most severe).
 */
export const RESULTS_PER_RUN = 5_000;

/** The key of our fingerprint; its version changes only if the recipe below ever does. */
export const FINGERPRINT_KEY = 'campaignPreflightFinding/v1';

/** The kind of notification that says findings were left out of the results. */
export const CAPPED = 'results-capped';

export function omittedKey(finding: Finding): string {
  return JSON.stringify([finding.ruleId, finding.severity]);
}

/** "100,000 findings: 4,990 of them, the errors first, are results; …", a warning about the run. */
export function cappedNotification(total: number, listed: number, kindIndex: ReadonlyMap<string, number>): object {
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
export function omittedResult(
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

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** What each kind of notification is, as the driver's `notifications` describe them. */
export const NOTIFICATION_KINDS: Readonly<Record<string, { name: string; text: string; level: 'error' | 'warning' | 'note' }>> = {
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

export function notificationDescriptor(kind: string): object {
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
export function gapNotification(
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
export function noticeNotification(notice: Notice, kindIndex: ReadonlyMap<string, number>, ctx: Placing): object {
  return {
    level: 'note',
    message: { text: noticeText(notice) },
    descriptor: { id: notice.kind, index: kindIndex.get(notice.kind)! },
    ...(notice.file !== null
      ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(notice.file, ctx) } }] }
      : {}),
  };
}

/** "no-consent" → "NoConsent", "plugin/late-send" → "PluginLateSend": SARIF's rule names are identifiers. */
export function pascalCase(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
