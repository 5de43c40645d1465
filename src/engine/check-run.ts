// One run: the campaigns that share a config and history files. Its persons are built once and its
// rules started once; each campaign's audience is then streamed through them, and the rules that
// compare rows report in `end`, once every audience is read.

import { DAY_MS } from '../time.js';
import type { CsvHeader } from '../csv/read.js';
import type { InvalidValue } from '../csv/typed-cells.js';
import type { ProfileBuilder, ProgressSink } from '../people/profiles.js';
import type { Campaign, Config } from '../types.js';
import { startRules } from './active-rules.js';
import { audienceBytes, audienceReach, checkAudience, reviewedOrderIds } from './check-audience.js';
import { finishCoverage, historyColumns, judgeCampaignCoverage } from './coverage.js';
import type { FindingSink } from './finding-tally.js';
import { callRule } from './guard.js';
import { LoyaltyScale } from './loyalty.js';
import type { Redactor } from './redact.js';
import type { Rule, RunInfo } from './rule.js';
import type { CampaignRuleSettings } from './rule-settings.js';
import type { RuleTimer } from './rule-timer.js';
import type { CampaignRun, RowServices } from './row.js';
import { noteAudienceColumns, noteHistory, type NoticeList } from './run-notices.js';
import { compileMessage, type RenderBudget } from './templates.js';

/** Campaigns checked together: same config and same history files. */
export interface RunGroup {
  config: Config;
  campaigns: Campaign[];
}

/** Checks one run: builds its persons, streams each campaign's audience through its rules, finishes coverage. */
export async function checkRun(
  group: RunGroup,
  rules: Map<string, Rule>,
  settings: CampaignRuleSettings[],
  builder: ProfileBuilder,
  record: FindingSink,
  timer: RuleTimer | undefined,
  redactor: Redactor | undefined,
  renderBudget: RenderBudget,
  notices: NoticeList,
  onProgress: ProgressSink | undefined,
): Promise<CampaignRun[]> {
  const { config } = group;
  const instants = [...new Set(group.campaigns.map((c) => c.sendAt))].sort((a, b) => a - b);
  const campaignRuns: CampaignRun[] = group.campaigns.map((campaign, index) => ({
    campaign,
    index,
    instant: instants.indexOf(campaign.sendAt),
    message: compileMessage(campaign, renderBudget),
    templateColumns: new Map(),
    recipients: 0,
    recipientsWithPerson: 0,
    controlRows: 0,
    coverage: [],
    notChecked: new Set(),
    perPersonRules: new Set(),
  }));

  const invalidHistoryValues: InvalidValue[] = [];
  const people = await builder.build({
    history: group.campaigns[0].history,
    instants,
    orderIds: await reviewedOrderIds(campaignRuns),
    identity: config.identity,
    ...(config.historyEngine ? { engine: config.historyEngine } : {}),
    contactLookbackMs: contactLookbackDays(rules, settings) * DAY_MS,
    onInvalidValue: (issue) => invalidHistoryValues.push(issue),
    onProgress,
    onNotice: (notice) => notices.add(notice),
    reach: { bytes: await audienceBytes(campaignRuns), read: () => audienceReach(campaignRuns) },
  });
  redactor?.addPeople(people);
  noteHistory(group.campaigns[0], people, notices);
  const windowMs = config.run.windowDays * DAY_MS;
  const loyalty = new LoyaltyScale(config.loyalty);
  const run: RunInfo = {
    campaigns: campaignRuns,
    people,
    loyalty,
    invalidHistoryValues,
    inWindow: (a, b) => Math.abs(a.campaign.sendAt - b.campaign.sendAt) <= windowMs,
  };

  const active = startRules(rules, settings, run, record, redactor, timer);

  const services: RowServices = {
    customer: (customerId) => people.customer(customerId),
    customersByAddress: (campaign, address) => people.customersByAddress(campaign.channel, address),
    loyalty,
  };
  for (const campaignRun of campaignRuns) {
    // Per campaign: two campaigns may name the same history files in files of their own.
    const historyFiles = historyColumns(campaignRun.campaign, people);
    const judge = (header: CsvHeader) => {
      judgeCampaignCoverage(campaignRun, header, historyFiles, rules, settings[campaignRun.index], config);
      noteAudienceColumns(campaignRun.campaign.audience, header, notices);
    };
    await checkAudience(campaignRun, settings[campaignRun.index], active, services, redactor, judge, onProgress);
  }
  for (const { hooks, state } of active.values()) hooks.end?.(state);
  for (const campaignRun of campaignRuns) {
    const rows = { recipients: campaignRun.recipients, withPerson: campaignRun.recipientsWithPerson };
    campaignRun.coverage = campaignRun.coverage.map((coverage) =>
      finishCoverage(
        coverage,
        campaignRun.perPersonRules.has(coverage.ruleId),
        rows,
        campaignRun.campaign.history.customers?.[0]?.displayPath ?? people.sources?.customers?.[0]?.file,
      ),
    );
  }
  return campaignRuns;
}

/** The most days of contacts any rule on in the run reads before a send. */
function contactLookbackDays(rules: Map<string, Rule>, settings: CampaignRuleSettings[]): number {
  let days = 0;
  for (const campaignSettings of settings) {
    for (const [id, setting] of campaignSettings) {
      const rule = rules.get(id);
      if (!rule?.needs) continue;
      const needs = callRule(rule, 'declaring the history it needs', () => rule.needs!(setting.options));
      days = Math.max(days, needs?.contactDays ?? 0);
    }
  }
  return days;
}
