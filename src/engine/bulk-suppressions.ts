// ESLint's bulk suppressions (docs/cli.md) applied to a check's tally: which campaigns' rules are
// suppressed, how many errors that took out, and the counts with room to spare.

import { compareText } from '../text.js';
import type { CheckOptions, CheckResult } from './check.js';
import type { FindingTally } from './finding-tally.js';
import type { CampaignRun } from './row.js';
import type { CampaignRuleSettings } from './rule-settings.js';

/**
 * ESLint's bulk suppressions: per campaign and rule at error, when the errors are no more than the
 * file's count, all of them are suppressed (taken out of the tally and the findings); when there
 * are more, none is, since which are new cannot be told. Warnings are never suppressed.
 */
export function applySuppressions(
  campaignRuns: readonly CampaignRun[],
  settingsOf: ReadonlyMap<string, CampaignRuleSettings>,
  tally: FindingTally,
  given: CheckOptions['suppressions'],
): {
  suppressed: Map<string, Set<string>>;
  counts: Map<string, number>;
  errorCounts: CheckResult['errorCounts'];
  unused: CheckResult['unusedSuppressions'];
} {
  const result = {
    suppressed: new Map<string, Set<string>>(),
    counts: new Map<string, number>(),
    errorCounts: new Map<string, Map<string, number>>(),
    unused: [] as CheckResult['unusedSuppressions'],
  };
  for (const { campaign } of campaignRuns) {
    const counts = tally.byCampaign.get(campaign.id);
    const settings = settingsOf.get(campaign.id)!;
    const errors = new Map<string, number>();
    for (const [ruleId, found] of counts?.byRule ?? []) {
      if (settings.get(ruleId)?.severity === 'error') errors.set(ruleId, found);
    }
    result.errorCounts.set(campaign.path, errors);
  }
  // --suppress-all, --suppress-rule and --prune-suppressions work the counts out from the errors found.
  const suppressions = typeof given === 'function' ? given(result.errorCounts) : given;
  for (const { campaign } of campaignRuns) {
    const counts = tally.byCampaign.get(campaign.id);
    const errors = result.errorCounts.get(campaign.path)!;
    const allowed = suppressions?.get(campaign.path);
    if (!allowed) continue;
    for (const [ruleId, count] of [...allowed].sort(([a], [b]) => compareText(a, b))) {
      const found = errors.get(ruleId) ?? 0;
      if (found < count) result.unused.push({ campaignFile: campaign.displayPath, ruleId, count, errors: found });
      if (found === 0 || found > count || !counts) continue;
      counts.errors -= found;
      counts.byRule.delete(ruleId);
      result.counts.set(campaign.id, (result.counts.get(campaign.id) ?? 0) + found);
      let rules = result.suppressed.get(campaign.id);
      if (!rules) result.suppressed.set(campaign.id, (rules = new Set()));
      rules.add(ruleId);
    }
  }
  return result;
}
