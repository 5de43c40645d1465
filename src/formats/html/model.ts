// The numbers the HTML page shows, gathered in one pass over the findings.

import type { CampaignSummary, Finding, Notice, Report } from '../../types.js';
import { compareText } from '../../text.js';
import { coverageGaps, notCheckedCounts, reportNotices, type CoverageGap } from '../common.js';
import type { FormatContext } from '../index.js';

/** Rows of each rule written into the page; the rest are counted, and the CSV format has them all. */
export const HTML_ROWS_PER_RULE = 200;

export interface CampaignView {
  summary: CampaignSummary;
  /** The key the filter uses: c0, c1, … (campaign ids are data, keys are not). */
  key: string;
  /** The file its first flagged row is in (its audience), so a row there needs no file name. */
  audienceFile: string | null;
  flaggedRows: number;
  byRule: Map<string, number>;
  /** Its findings by severity (its summary's counts also hold the rules not checked). */
  found: { errors: number; warnings: number };
  /** The rules that could not check it, or only in part. */
  gaps: CoverageGap[];
}

export interface RuleView {
  id: string;
  description: string | undefined;
  docsUrl: string | undefined;
  errors: number;
  warnings: number;
  total: number;
  shown: number;
}

export interface Model {
  report: Report;
  errors: number;
  warnings: number;
  /** Every finding, shown or not. */
  total: number;
  campaigns: CampaignView[];
  /** Findings of no campaign in the report (a bad value in a shared history file, say). */
  unattached: { errors: number; warnings: number; byRule: Map<string, number> };
  rules: RuleView[];
  /** Rules the command line listed that found nothing. */
  quietRules: string[];
  /** The rows written into the page: the first HTML_ROWS_PER_RULE of each rule, in report order. */
  rows: Finding[];
  /** Rules not checked, over every campaign (a rule in two campaigns counts twice). */
  notChecked: number;
  /** Of those, the ones that count as an error (they fail their campaign) and as a warning. */
  unchecked: { errors: number; warnings: number };
  notices: readonly Notice[];
  /** What each rule looks for, from the command line's rules. */
  descriptions: ReadonlyMap<string, string>;
  /** Each rule's documentation page, where it declares one. */
  docsUrls: ReadonlyMap<string, string | undefined>;
}

export const UNATTACHED_KEY = 'none';

export function buildModel(report: Report, ctx: FormatContext): Model {
  const campaignsById = new Map<string, CampaignView>();
  report.campaigns.forEach((summary, index) => {
    if (!campaignsById.has(summary.id)) {
      campaignsById.set(summary.id, {
        summary,
        key: `c${index}`,
        audienceFile: null,
        flaggedRows: 0,
        byRule: new Map(),
        found: { errors: 0, warnings: 0 },
        gaps: coverageGaps(summary),
      });
    }
  });
  const descriptions = new Map((ctx.rules ?? []).map((rule) => [rule.id, rule.description]));
  const docsUrls = new Map((ctx.rules ?? []).map((rule) => [rule.id, rule.docsUrl]));
  const rules = new Map<string, RuleView>();
  const unattached = { errors: 0, warnings: 0, byRule: new Map<string, number>() };
  // Findings come by campaign, then line (docs/report.md), so a row's findings are adjacent: a row is
  // counted when it differs from the campaign's previous one, without a set of a million keys.
  const lastRow = new Map<CampaignView, string>();
  const rows: Finding[] = [];
  let errors = 0;
  let total = 0;

  for (const finding of report.findings) {
    total++;
    const isError = finding.severity === 'error';
    if (isError) errors++;
    let rule = rules.get(finding.ruleId);
    if (!rule) {
      rule = {
        id: finding.ruleId,
        description: descriptions.get(finding.ruleId),
        docsUrl: docsUrls.get(finding.ruleId),
        errors: 0,
        warnings: 0,
        total: 0,
        shown: 0,
      };
      rules.set(finding.ruleId, rule);
    }
    rule.total++;
    if (isError) rule.errors++;
    else rule.warnings++;
    if (rule.shown < HTML_ROWS_PER_RULE) {
      rule.shown++;
      rows.push(finding);
    }

    const campaign = finding.campaignId === null ? undefined : campaignsById.get(finding.campaignId);
    if (!campaign) {
      if (isError) unattached.errors++;
      else unattached.warnings++;
      increment(unattached.byRule, finding.ruleId);
      continue;
    }
    increment(campaign.byRule, finding.ruleId);
    campaign.found[isError ? 'errors' : 'warnings']++;
    if (finding.line !== null && finding.file !== null) {
      campaign.audienceFile ??= finding.file;
      const row = `${finding.line}\u0000${finding.file}`;
      if (lastRow.get(campaign) !== row) {
        lastRow.set(campaign, row);
        campaign.flaggedRows++;
      }
    }
  }

  const ruleViews = [...rules.values()].sort(
    (a, b) => Number(b.errors > 0) - Number(a.errors > 0) || b.total - a.total || compareText(a.id, b.id),
  );
  // A rule that could not check a campaign found no problem there, but is no all-clear.
  const notCheckedRules = new Set(
    [...campaignsById.values()].flatMap((campaign) =>
      campaign.gaps.filter((gap) => gap.level !== 'note').map((gap) => gap.ruleId),
    ),
  );
  const quietRules = (ctx.rules ?? [])
    .map((rule) => rule.id)
    .filter((id) => !rules.has(id) && !notCheckedRules.has(id))
    .sort(compareText);
  const unchecked = notCheckedCounts(
    report,
    report.campaigns.map((summary) => campaignsById.get(summary.id)!.found),
  );
  // Failing campaigns first, each group in the report's order.
  const campaigns = [...campaignsById.values()].sort(
    (a, b) => Number(b.summary.status === 'fail') - Number(a.summary.status === 'fail'),
  );
  return {
    report,
    errors,
    warnings: total - errors,
    total,
    campaigns,
    unattached,
    rules: ruleViews,
    quietRules: [...new Set(quietRules)],
    rows,
    notChecked: unchecked.rules,
    unchecked,
    notices: reportNotices(report),
    descriptions,
    docsUrls,
  };
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
