// A run split by customer and joined with `merge`: each part's rows go through the rule's row hook
// into a state of their own, the states are merged, and `end` reports from the merged state. The
// rules that compare rows must report exactly what an unsplit run reports.
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import type { AudienceRow, CampaignRun, RowRef } from '../../src/engine/row.js';
import type { LoyaltyScale } from '../../src/engine/loyalty.js';
import { DAY_MS } from '../../src/time.js';


export interface SplitRun {
  campaigns: readonly CampaignRun[];
  /** The options every campaign has; none by default. */
  options?: unknown;
  loyalty?: LoyaltyScale;
  /** Campaigns this many days apart or fewer are in one run; 31 by default. */
  windowDays?: number;
}

/**
 * Runs `rule` over `rows`, split by `parts` (each a test of the rows it holds), and returns its
 * findings as sorted lines: `campaign:line customerId messageId data evidence`.
 */
export function splitRunFindings(
  rule: Rule,
  rows: readonly AudienceRow[],
  parts: ReadonlyArray<(row: AudienceRow) => boolean>,
  { campaigns, options = {}, loyalty, windowDays = 31 }: SplitRun,
): string[] {
  const reported: string[] = [];
  const context = {
    options: () => options,
    run: {
      campaigns,
      loyalty,
      inWindow: (a: CampaignRun, b: CampaignRun) => Math.abs(a.campaign.sendAt - b.campaign.sendAt) <= windowDays * DAY_MS,
    },
    report: ({ at, messageId, data, evidence }: { at: RowRef; messageId: string; data: unknown; evidence: unknown }) =>
      reported.push(
        `${at.campaign.campaign.id}:${at.line} ${at.customerId} ${messageId} ${JSON.stringify(data)} ${JSON.stringify(evidence)}`,
      ),
  } as unknown as RuleContext<unknown, Rule['meta']['messages']>;
  const hooks = rule.create(context);
  const state = rule.state!;
  const states = parts.map((inPart) => {
    const partState = state.init();
    for (const row of rows) if (inPart(row)) hooks.row!(row, partState);
    return partState;
  });
  hooks.end!(states.reduce((a, b) => state.merge(a, b)));
  return reported.sort();
}
