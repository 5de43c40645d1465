// The config a campaign is checked with, resolved as `check` resolves it: which config file (given
// with --config, or found by searching from the campaign's folder), which project root, and every
// rule's severity and options after the preset, the config's rules, the campaign's and --rule.
// `campaign-preflight print-config` prints it; `check --debug` names the files.

import { isAbsolute, relative, resolve } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { closest, InputError, UsageError } from '../errors.js';
import { defaultConfig, loadConfigFile } from '../config/config-file.js';
import { findConfigFile, loadCampaign } from '../config/load.js';
import { findCampaignFiles } from '../config/targets.js';
import { projectRootOf, type ProjectRoot } from '../config/project-root.js';
import { HISTORY_KINDS, type Config, type CsvSource, type HistoryEngine, type Severity, type SeveritySetting } from '../types.js';
import type { Rule } from './rule.js';
import { compareText } from '../text.js';
import { loadPlugins, resolveRuleSettings, type RuleSetting } from './rule-settings.js';

export interface ConfigChoiceOptions {
  cwd: string;
  /** --config: this config file for every campaign instead of searching. */
  configPath?: string;
  /** --root: the project root instead of the git top level or the working folder. */
  root?: string;
}

/** Which config file a campaign file is checked with, and its project root. */
export interface ConfigChoice {
  /** The config file as given with --config or as found, undefined when there is none (the defaults). */
  configPath?: string;
  /** Whether it was found by searching, and so is held to the project root (config/project-root.ts). */
  discovered: boolean;
  root: ProjectRoot;
}

/** The config file and project root of one campaign file (as findCampaignFiles lists it), as `check` chooses them. */
export async function chooseConfig(campaignFile: string, options: ConfigChoiceOptions): Promise<ConfigChoice> {
  const root = await projectRootOf(resolve(options.cwd, campaignFile), options.cwd, options.root);
  if (options.configPath !== undefined) return { configPath: options.configPath, discovered: false, root };
  return { configPath: await findConfigFile(campaignFile, options.cwd, root), discovered: true, root };
}

/** A path as the engine shows a file the user named: relative to `cwd` unless given absolute. */
export function displayPathOf(given: string, cwd: string): string {
  return isAbsolute(given) ? resolve(given) : relative(cwd, resolve(cwd, given)) || '.';
}

/** A rule as a config file would set it: `off`, a severity, or `[severity, { options }]` with its thresholds. */
export type ResolvedRuleEntry = SeveritySetting | [Severity, Record<string, unknown>];

/** A CSV source as a config file would name it, its path as shown in reports. */
export interface ResolvedCsvSource {
  path: string;
  delimiter?: string;
  encoding?: string;
  columns?: Record<string, string>;
  values?: Record<string, Record<string, string>>;
  date_format?: string;
  timezone?: string;
  /** The platform preset it is read with. */
  preset?: string;
}

/** A history kind as a config file names it: one file, or a list. */
export type ResolvedHistory = ResolvedCsvSource | ResolvedCsvSource[];

/** The resolved config of one campaign, in the config file's own words (plain JSON). */
export interface ResolvedCampaignConfig {
  /** The campaign file, as shown in reports. */
  campaign: string;
  /** The config file used, as shown in reports; null when there is none and the defaults apply. */
  configFile: string | null;
  /** The project root (absolute), and how it was chosen. */
  projectRoot: string;
  projectRootReason: ProjectRoot['reason'];
  extends: 'recommended' | 'strict';
  /** The history the campaign reads: its own sources, else the config's. */
  history: {
    customers?: ResolvedHistory;
    orders?: ResolvedHistory;
    contacts?: ResolvedHistory;
    suppressions?: ResolvedHistory;
    profiles?: ResolvedHistory;
    /** The database holding the history, as the config writes it (`url: env:NAME`, never the URL). */
    postgres?: {
      url: string;
      tables: Partial<Record<string, string | string[]>>;
      columns: Partial<Record<string, Record<string, string>>>;
    };
    /** The config's `history.engine`, when it names one. */
    engine?: HistoryEngine;
  };
  identity: { link_by: string[] };
  loyalty: { measure: 'orders' | 'tier'; bands: number[]; tiers: string[] };
  run: { window_days: number };
  /** Plugin files as shown in reports (relative to the working folder), or package names. */
  plugins: string[];
  /** Every rule, built-in and plugin, by id. */
  rules: Record<string, ResolvedRuleEntry>;
}

export interface ResolveConfigOptions extends ConfigChoiceOptions {
  /** One campaign file, or a folder holding exactly one. */
  target: string;
  /** --rule id=severity */
  ruleOverrides?: Readonly<Record<string, SeveritySetting>>;
}

/**
 * The config `check` would use for one campaign: loaded as check loads it (a config found by
 * searching is held to the project root, and may load plugins only at the root), its plugins
 * loaded (which runs their code), every rule resolved for the campaign.
 */
export async function resolveCampaignConfig(options: ResolveConfigOptions): Promise<ResolvedCampaignConfig> {
  const { cwd } = options;
  const files = await findCampaignFiles([options.target], cwd);
  if (files.length > 1) {
    throw new UsageError(`${options.target} holds ${files.length} campaign files; name one of them`, [
      ...files.slice(0, 10),
      ...(files.length > 10 ? [`… and ${files.length - 10} more`] : []),
    ]);
  }
  const choice = await chooseConfig(files[0], options);
  const config =
    choice.configPath === undefined
      ? defaultConfig()
      : await loadConfigFile(choice.configPath, cwd, choice.discovered ? choice.root : undefined);
  const campaign = await loadCampaign(files[0], cwd, config, choice.root);
  const rules = await loadRules(config, cwd);
  const overrides = options.ruleOverrides ?? {};
  refuseUnknownOverrides(overrides, rules);
  const settings = resolveRuleSettings(rules, config, campaign, overrides);

  const history: ResolvedCampaignConfig['history'] = {};
  for (const kind of HISTORY_KINDS) {
    const sources = campaign.history[kind];
    if (sources) history[kind] = sources.length === 1 ? resolvedSource(sources[0]) : sources.map(resolvedSource);
  }
  const { postgres } = campaign.history;
  if (postgres) history.postgres = { url: `env:${postgres.urlVariable}`, tables: postgres.tables, columns: postgres.columns };
  if (config.historyEngine) history.engine = config.historyEngine;
  return {
    campaign: campaign.displayPath,
    configFile: config.displayPath ?? null,
    projectRoot: choice.root.path,
    projectRootReason: choice.root.reason,
    extends: config.extends ?? 'recommended',
    history,
    identity: { link_by: [...config.identity.linkBy] },
    loyalty: { measure: config.loyalty.measure, bands: [...config.loyalty.bands], tiers: [...config.loyalty.tiers] },
    run: { window_days: config.run.windowDays },
    plugins: config.plugins.map((plugin) => (isAbsolute(plugin) ? displayPluginPath(plugin, config, cwd) : plugin)),
    rules: Object.fromEntries([...rules.keys()].sort(compareText).map((id) => [id, resolvedEntry(settings.get(id))])),
  };
}

/**
 * The built-in rules and those of the config's plugins, as `check` loads them; plugin files are
 * shown relative to `cwd`. check.ts calls it without one: the process's working folder then.
 */
export async function loadRules(config: Config, cwd: string): Promise<Map<string, Rule>> {
  const rules = new Map<string, Rule>(builtinRules.map((rule) => [rule.id, rule]));
  for (const rule of await loadPlugins(config, cwd)) {
    if (rules.has(rule.id)) {
      throw new InputError(`plugin rule "${rule.id}" has the id of a rule already loaded`, { file: config.displayPath });
    }
    rules.set(rule.id, rule);
  }
  return rules;
}

/** --rule naming a rule that is not loaded is a usage error. */
export function refuseUnknownOverrides(
  overrides: Readonly<Record<string, SeveritySetting>>,
  rules: ReadonlyMap<string, Rule>,
): void {
  for (const id of Object.keys(overrides)) {
    if (rules.has(id)) continue;
    const suggestion = closest(id, [...rules.keys()]);
    throw new UsageError(`unknown rule "${id}" in --rule${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, [
      'run `campaign-preflight rules` to list the rules',
    ]);
  }
}

function resolvedEntry(setting: RuleSetting | undefined): ResolvedRuleEntry {
  if (!setting) return 'off';
  const options: Record<string, unknown> =
    typeof setting.options === 'object' && setting.options !== null ? { ...(setting.options as Record<string, unknown>) } : {};
  if (setting.thresholds.maxFindings !== undefined) options.max_findings = setting.thresholds.maxFindings;
  if (setting.thresholds.maxShare !== undefined) options.max_share = setting.thresholds.maxShare;
  return Object.keys(options).length === 0 ? setting.severity : [setting.severity, options];
}

function resolvedSource(source: CsvSource): ResolvedCsvSource {
  const resolved: ResolvedCsvSource = { path: source.displayPath };
  if (source.delimiter !== undefined) resolved.delimiter = source.delimiter;
  if (source.encoding !== undefined) resolved.encoding = source.encoding;
  if (source.columns !== undefined) resolved.columns = source.columns;
  if (source.values !== undefined) resolved.values = source.values;
  if (source.dateFormat !== undefined) resolved.date_format = source.dateFormat;
  if (source.timezone !== undefined) resolved.timezone = source.timezone;
  if (source.preset !== undefined) resolved.preset = source.preset;
  return resolved;
}

/** A plugin file shown as its config file is: relative to the working folder unless the config was named absolute. */
function displayPluginPath(plugin: string, config: Config, cwd: string): string {
  return config.displayPath !== undefined && isAbsolute(config.displayPath) ? plugin : relative(cwd, plugin) || '.';
}
