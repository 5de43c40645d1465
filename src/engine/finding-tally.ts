// How a check collects its findings: in report order as they are made, and counted per campaign
// and rule as they arrive, so that judging the campaigns never reads the findings back.

import { compareText } from '../text.js';
import type { Finding, Fix } from '../types.js';
import type { FindingOrder, FindingSortKey } from './findings.js';

/**
 * Where a run's rules hand their findings; with a finding's fix, the fix as the rule made it,
 * before --redact masked it (a fixed audience needs the real value).
 */
export type FindingSink = (finding: Finding, unmaskedFix?: Fix) => void;

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/** docs/report.md: by campaign (in the order given; the run's own findings last), then line, then rule id. */
export function reportOrder(campaignOrder: ReadonlyMap<string, number>): FindingOrder {
  const rank = (finding: FindingSortKey): number =>
    finding.campaignId === null ? Infinity : (campaignOrder.get(finding.campaignId) ?? Infinity);
  return (a, b) =>
    rank(a) - rank(b) ||
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** What a campaign's findings add up to: all the report needs to know whether it fails. */
export interface CampaignCounts {
  errors: number;
  warnings: number;
  /** Findings per rule: a rule has one severity in a campaign. */
  byRule: Map<string, number>;
}

/** Findings counted per campaign and rule as they arrive, so the report never re-reads them. */
export class FindingTally {
  readonly byCampaign = new Map<string, CampaignCounts>();
  /** Findings that belong to the run (bad values in shared history files), by severity. */
  readonly run = { errors: 0, warnings: 0 };

  add(finding: Finding): void {
    const severityKey = finding.severity === 'error' ? 'errors' : 'warnings';
    if (finding.campaignId === null) {
      this.run[severityKey]++;
      return;
    }
    let counts = this.byCampaign.get(finding.campaignId);
    if (!counts) this.byCampaign.set(finding.campaignId, (counts = { errors: 0, warnings: 0, byRule: new Map() }));
    counts[severityKey]++;
    counts.byRule.set(finding.ruleId, (counts.byRule.get(finding.ruleId) ?? 0) + 1);
  }
}
