// The report of a check: each campaign judged pass or fail from its counted findings and the rules
// that could not check it (docs/rules.md, docs/report.md), and the check as a whole.

import { compareText } from '../text.js';
import {
  HISTORY_KINDS,
  type Campaign,
  type CampaignSummary,
  type ExceededThreshold,
  type Finding,
  type Notice,
  type Report,
  type RuleCoverage,
  type Severity,
  type SourceSummary,
} from '../types.js';
import { VERSION } from '../version.js';
import type { CampaignCounts, FindingTally } from './finding-tally.js';
import type { CampaignRuleSettings } from './rule-settings.js';
import type { CampaignRun } from './row.js';

/** When a campaign fails: --max-warnings, --fail-on and --quiet. */
export interface FailurePolicy {
  maxWarnings: number | undefined;
  failOn: Severity;
  /** --quiet: warnings are not counted. */
  quiet: boolean;
}

/** The report: each campaign's summary and verdict, the run's notices and every finding. */
export function buildReport(
  campaignRuns: CampaignRun[],
  settingsOf: ReadonlyMap<string, CampaignRuleSettings>,
  findings: Iterable<Finding>,
  tally: FindingTally,
  notices: Notice[],
  policy: FailurePolicy,
): Report {
  const campaigns: CampaignSummary[] = campaignRuns.map((run) => {
    const id = run.campaign.id;
    const settings = settingsOf.get(id)!;
    const found = tally.byCampaign.get(id) ?? { errors: 0, warnings: 0, byRule: new Map<string, number>() };
    // docs/report.md: a rule that could check nothing counts as one finding at its severity, whatever its thresholds.
    const gaps = uncheckedRules(run.coverage, settings, policy);
    const counts = { ...found, errors: found.errors + gaps.errors.length, warnings: found.warnings + gaps.warnings.length };
    const judged = judgeCampaign(counts, run.recipients, settings, policy);
    const failingRules = [...new Set([...judged.failingRules, ...gaps.failing])].sort(compareText);
    return {
      id,
      file: run.campaign.displayPath,
      recipients: run.recipients,
      status: judged.failing || gaps.failing.length > 0 ? 'fail' : 'pass',
      errors: counts.errors,
      warnings: counts.warnings,
      ...(judged.exceeded.length > 0 ? { thresholdsExceeded: judged.exceeded } : {}),
      ...(failingRules.length > 0 ? { failingRules } : {}),
      sources: sourcesOf(run.campaign),
      coverage: run.coverage,
    };
  });
  // The run's own findings belong to no campaign and no campaign's thresholds.
  const runFails = tally.run.errors > 0 || (policy.failOn === 'warning' && tally.run.warnings > 0);
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-preflight', version: VERSION },
    status: runFails || campaigns.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    campaigns,
    notices,
    findings,
  };
}

/** The files a campaign reads, the audience first, with their presets. */
function sourcesOf(campaign: Campaign): SourceSummary[] {
  const files = [
    ['audience', campaign.audience] as const,
    ...HISTORY_KINDS.flatMap((kind) => (campaign.history[kind] ?? []).map((source) => [kind, source] as const)),
  ];
  return files.map(([kind, source]) => ({ kind, file: source.displayPath, preset: source.preset ?? null }));
}

/** The rules not checked in a campaign by severity, and those of them that fail it. */
function uncheckedRules(
  coverage: readonly RuleCoverage[],
  settings: CampaignRuleSettings,
  policy: FailurePolicy,
): { errors: string[]; warnings: string[]; failing: string[] } {
  const gaps = { errors: [] as string[], warnings: [] as string[], failing: [] as string[] };
  for (const { ruleId, status } of coverage) {
    if (status !== 'not-checked') continue;
    const severity = settings.get(ruleId)!.severity;
    if (severity === 'warning' && policy.quiet) continue;
    (severity === 'error' ? gaps.errors : gaps.warnings).push(ruleId);
    if (severity === 'error' || policy.failOn === 'warning') gaps.failing.push(ruleId);
  }
  return gaps;
}

/**
 * docs/rules.md: a campaign fails on any finding of a rule at a failing severity, unless the rule has
 * thresholds: then only when its findings exceed `max_findings` or their share of the recipients
 * exceeds `max_share`. Warnings beyond --max-warnings fail it too. `exceeded` lists the thresholds
 * that failed it, rules in id order, for the verdict.
 */
function judgeCampaign(
  counts: CampaignCounts,
  recipients: number,
  settings: CampaignRuleSettings,
  policy: FailurePolicy,
): { failing: boolean; exceeded: ExceededThreshold[]; failingRules: string[] } {
  let failing = false;
  const exceeded: ExceededThreshold[] = [];
  const failingRules: string[] = [];
  for (const ruleId of [...counts.byRule.keys()].sort(compareText)) {
    const findingCount = counts.byRule.get(ruleId)!;
    const setting = settings.get(ruleId);
    if (!setting || (setting.severity === 'warning' && policy.failOn === 'error')) continue;
    const { maxFindings, maxShare } = setting.thresholds;
    if (maxFindings === undefined && maxShare === undefined) {
      failing = true;
      failingRules.push(ruleId);
      continue;
    }
    const exceededBefore = exceeded.length;
    if (maxFindings !== undefined && findingCount > maxFindings) {
      exceeded.push({ ruleId, threshold: 'max_findings', actual: findingCount, limit: maxFindings });
    }
    // A campaign without recipients has nobody to share the findings among: each counts whole.
    const share = findingCount / Math.max(recipients, 1);
    if (maxShare !== undefined && share > maxShare) {
      exceeded.push({ ruleId, threshold: 'max_share', actual: share, limit: maxShare });
    }
    if (exceeded.length > exceededBefore) failingRules.push(ruleId);
  }
  if (policy.maxWarnings !== undefined && counts.warnings > policy.maxWarnings) {
    exceeded.push({ ruleId: null, threshold: 'max_warnings', actual: counts.warnings, limit: policy.maxWarnings });
  }
  return { failing: failing || exceeded.length > 0, exceeded, failingRules };
}
