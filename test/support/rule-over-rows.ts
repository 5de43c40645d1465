// A rule run straight over rows made in the test, without files or the engine: its row hook for
// each row, into one state, then `end`. For the rules that compare rows, with persons and runs the
// rule tester's CSV cases cannot easily make (many rows, person indexes far apart).
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import type { AudienceRow, CampaignRun, RowRef } from '../../src/engine/row.js';
import type { LoyaltyScale } from '../../src/engine/loyalty.js';
import { DAY_MS } from '../../src/time.js';

export interface RowsRun {
  campaigns: readonly CampaignRun[];
  /** The options every campaign has; none by default. */
  options?: unknown;
  loyalty?: LoyaltyScale;
  /** Campaigns this many days apart or fewer are in one run; 31 by default. */
  windowDays?: number;
}

/** Campaign `index` of a run: `id`, an email campaign sent `day` days after 1970-01-01. */
export function campaignRun(index: number, id: string, day: number): CampaignRun {
  return { campaign: { id, channel: 'email', sendAt: day * DAY_MS }, index } as unknown as CampaignRun;
}

/** The findings of `rule` over `rows`, as sorted lines: `campaign:line customerId messageId data evidence`. */
export function ruleFindingsOver(
  rule: Rule,
  rows: readonly AudienceRow[],
  { campaigns, options = {}, loyalty, windowDays = 31 }: RowsRun,
): string[] {
  const reported: string[] = [];
  const context = {
    options: () => options,
    run: {
      campaigns,
      loyalty,
      // No history: the rows' persons are the test's own.
      people: {
        personCount: 0,
        customerCount: 0,
        customer: () => undefined,
        customersByAddress: () => [],
        order: () => undefined,
      },
      inWindow: (a: CampaignRun, b: CampaignRun) => Math.abs(a.campaign.sendAt - b.campaign.sendAt) <= windowDays * DAY_MS,
    },
    report: ({ at, messageId, data, evidence }: { at: RowRef; messageId: string; data: unknown; evidence: unknown }) =>
      reported.push(
        `${at.campaign.campaign.id}:${at.line} ${at.customerId} ${messageId} ${JSON.stringify(data)} ${JSON.stringify(evidence)}`,
      ),
  } as unknown as RuleContext<unknown, Rule['meta']['messages']>;
  const hooks = rule.create(context);
  const state = rule.state!.init();
  for (const row of rows) hooks.row!(row, state);
  hooks.end!(state);
  return reported.sort();
}
