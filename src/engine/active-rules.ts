// The rules of a run as the engine calls them: each with its context (its options per campaign and
// the run), its findings rendered, masked under --redact and recorded at their severity, its hooks
// guarded against throwing and timed under TIMING=1, and its state.

import type { FindingSink } from './finding-tally.js';
import { callRule, guardRule } from './guard.js';
import type { Redactor } from './redact.js';
import type { Rule, RuleContext, RuleHooks, RunInfo } from './rule.js';
import type { CampaignRuleSettings } from './rule-settings.js';
import type { RuleTimer } from './rule-timer.js';

/** A rule started for a run: its hooks as the engine calls them, and its state. */
export interface ActiveRule {
  rule: Rule;
  hooks: RuleHooks<unknown>;
  state: unknown;
}

/** One instance per rule that is on for any campaign of the run, by rule id. */
export function startRules(
  rules: Map<string, Rule>,
  settings: CampaignRuleSettings[],
  run: RunInfo,
  record: FindingSink,
  redactor: Redactor | undefined,
  timer: RuleTimer | undefined,
): Map<string, ActiveRule> {
  const active = new Map<string, ActiveRule>();
  for (const [id, rule] of rules) {
    if (!settings.some((s) => s.has(id))) continue;
    // Where a rule is off for a campaign it reports nothing there, but a rule that compares rows
    // still sees that campaign's rows (they are part of the run), read with default options; a
    // rule whose options have required keys (a plugin's, say) uses those of a campaign where it is on.
    const parsedDefaults = rule.options.safeParse({});
    const defaults = parsedDefaults.success ? parsedDefaults.data : settings.find((s) => s.has(id))!.get(id)!.options;
    const context: RuleContext<unknown, Record<string, (data: never) => string>> = {
      options: (campaign) => settings[campaign.index].get(id)?.options ?? defaults,
      run,
      report: (reported) => {
        // --redact: the data are masked before the message is rendered from them, so no finding
        // made holds personal data, not even in the files where large runs spill their findings.
        const { at, messageId, data, evidence, column, suggestion, fix } = redactor ? redactor.reported(reported) : reported;
        const finding = {
          ...(column !== undefined ? { column } : {}),
          message: render(rule.meta.messages[messageId], data),
          messageId,
          ...(suggestion !== undefined ? { suggestion: render(rule.meta.suggestions?.[suggestion.id], suggestion.data) } : {}),
          ...(fix !== undefined ? { fix } : {}),
          evidence: evidence ?? {},
        };
        if ('file' in at) {
          // A history file's finding belongs to the run: at the strongest severity the rule has in it.
          const severity = settings.some((s) => s.get(id)?.severity === 'error') ? 'error' : 'warning';
          record({ ruleId: id, severity, campaignId: null, customerId: null, file: at.file, line: at.line, ...finding });
          return;
        }
        const campaign = 'line' in at ? at.campaign : at;
        const setting = settings[campaign.index].get(id);
        if (!setting || campaign.notChecked.has(id)) return;
        const row = 'line' in at ? at : undefined;
        const address = row?.address;
        record(
          {
            ruleId: id,
            severity: setting.severity,
            campaignId: campaign.campaign.id,
            customerId: row ? (redactor ? redactor.customerId(row.customerId) : row.customerId) : null,
            file: campaign.campaign.audience.displayPath,
            line: row ? row.line : null,
            ...finding,
            ...(address ? { address: redactor ? redactor.address(address) : address } : {}),
          },
          reported.fix,
        );
      },
    };
    /** A message or suggestion of the rule from its (masked) data; under --redact, emails and phones it computed masked too. */
    const render = (template: ((data: never) => string) | undefined, data: unknown): string => {
      if (!template) throw new Error('reported a message or suggestion id its meta does not declare');
      const text = (template as (d: unknown) => string)(data);
      return redactor ? redactor.message(text) : text;
    };
    const hooks = guardRule(rule, context);
    const state = rule.state && callRule(rule, 'starting its state', () => rule.state!.init());
    active.set(id, { rule, hooks: timer ? timer.wrap(id, hooks) : hooks, state });
  }
  return active;
}
