// Which rules are on, at what severity and with which options, for each campaign: the preset, then
// the config's `rules`, then the campaign's, then `--rule` from the command line.

import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest, InputError } from '../errors.js';
import type { Campaign, Config, Locator, RuleEntry, Severity, SeveritySetting } from '../types.js';
import { isRule, type Rule } from './rule.js';

export interface RuleSetting {
  severity: Severity;
  options: unknown;
}

/** Settings of every rule that is on for a campaign, by rule id. */
export type CampaignRuleSettings = Map<string, RuleSetting>;

export function resolveRuleSettings(
  rules: ReadonlyMap<string, Rule>,
  config: Config,
  campaign: Campaign,
  overrides: Readonly<Record<string, SeveritySetting>>,
): CampaignRuleSettings {
  const severity = new Map<string, SeveritySetting>();
  const rawOptions = new Map<string, { value: Record<string, unknown>; locate: Locator; keyPath: Array<string | number> }>();
  for (const [id, rule] of rules) severity.set(id, config.extends === 'strict' ? 'error' : rule.meta.severity);

  const layers: Array<{ entries: Record<string, RuleEntry>; locate?: Locator }> = [
    { entries: config.rules, locate: config.locate },
    { entries: campaign.rules, locate: campaign.locate },
  ];
  for (const { entries, locate } of layers) {
    for (const [id, entry] of Object.entries(entries)) {
      if (!rules.has(id)) {
        const where = locate?.(['rules', id]) ?? {};
        const suggestion = closest(id, [...rules.keys()]);
        throw new InputError(
          `unknown rule "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          where,
          ['run `campaign-preflight rules` to list the rules'],
        );
      }
      const [level, options] = Array.isArray(entry) ? entry : [entry, undefined];
      severity.set(id, level);
      if (options !== undefined && locate) rawOptions.set(id, { value: options, locate, keyPath: ['rules', id, 1] });
    }
  }
  for (const [id, level] of Object.entries(overrides)) severity.set(id, level);

  const settings: CampaignRuleSettings = new Map();
  for (const [id, level] of severity) {
    if (level === 'off') continue;
    const rule = rules.get(id)!;
    const given = rawOptions.get(id);
    const parsed = rule.options.safeParse(given?.value ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const keyPath = [...(given?.keyPath ?? ['rules', id]), ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))];
      const where = given?.locate(keyPath) ?? {};
      const option = issue.path.length > 0 ? ` option "${issue.path.join('.')}"` : ' options';
      throw new InputError(`rule "${id}"${option}: ${describeIssue(issue)}`, where);
    }
    settings.set(id, { severity: level, options: parsed.data });
  }
  return settings;
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** Loads the rules of the config's plugins: a module's default export is a rule or an array of rules. */
export async function loadPlugins(config: Config): Promise<Rule[]> {
  const loaded: Rule[] = [];
  for (const specifier of config.plugins) {
    const where = config.locate?.(['plugins', config.plugins.indexOf(specifier)]) ?? { file: config.displayPath };
    let module: { default?: unknown };
    try {
      const resolved = isAbsolute(specifier)
        ? specifier
        : createRequire(config.path ?? `${process.cwd()}/`).resolve(specifier);
      module = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
    } catch (error) {
      throw new InputError(`plugin "${specifier}" failed to load: ${(error as Error).message.split('\n')[0]}`, where);
    }
    const exported = Array.isArray(module.default) ? module.default : [module.default];
    if (exported.length === 0 || !exported.every(isRule)) {
      throw new InputError(
        `plugin "${specifier}" exports no rule: its default export must be a rule made with defineRule, or an array of them`,
        where,
      );
    }
    loaded.push(...(exported as Rule[]));
  }
  return loaded;
}
