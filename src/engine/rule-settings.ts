// Which rules are on, at what severity and with which options, for each campaign: the preset, then
// the config's `rules`, then the campaign's, then `--rule` from the command line.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest, InputError, type ErrorLocation } from '../errors.js';
import type { Campaign, Config, Locator, RuleEntry, Severity, SeveritySetting } from '../types.js';
import { realPathInside } from '../config/project-root.js';
import { frameIn, notePluginRule } from './guard.js';
import { isRule, type Rule } from './rule.js';

export interface RuleSetting {
  severity: Severity;
  options: unknown;
  /** When the rule's findings fail a campaign; none given: any finding at a failing severity does. */
  thresholds: RuleThresholds;
}

/** `max_findings` and `max_share` of a rule entry: engine settings beside the rule's own options. */
export interface RuleThresholds {
  /** The campaign fails when the rule has more findings than this. */
  maxFindings?: number;
  /** The campaign fails when the rule's findings exceed this fraction of its recipients. */
  maxShare?: number;
}

/** A rule entry's options as written, with where they were written. */
interface GivenOptions {
  value: Record<string, unknown>;
  locate: Locator;
  keyPath: Array<string | number>;
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
  const rawOptions = new Map<string, GivenOptions>();
  for (const [id, rule] of rules) severity.set(id, config.extends === 'strict' ? 'error' : rule.meta.severity);

  const layers: Array<{ entries: Record<string, RuleEntry>; locate?: Locator }> = [
    // With `extends`: the rules of each config extended, then the config's own.
    ...(config.ruleLayers ?? [{ entries: config.rules, locate: config.locate }]),
    { entries: campaign.rules, locate: campaign.locate },
  ];
  for (const { entries, locate } of layers) {
    for (const [id, entry] of Object.entries(entries)) {
      if (!rules.has(id)) {
        const where = locate?.(['rules', id]) ?? {};
        const suggestion = closest(id, [...rules.keys()]);
        throw new InputError(`unknown rule "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, where, [
          'run `campaign-preflight rules` to list the rules',
        ]);
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
    const { options, thresholds } = separateThresholds(id, given);
    const parsed = rule.options.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const keyPath = [...(given?.keyPath ?? ['rules', id]), ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))];
      const where = given?.locate(keyPath) ?? {};
      const option = issue.path.length > 0 ? ` option "${issue.path.join('.')}"` : ' options';
      throw new InputError(`rule "${id}"${option}: ${describeIssue(issue)}`, where);
    }
    settings.set(id, { severity: level, options: parsed.data, thresholds });
  }
  return settings;
}

/**
 * Takes the thresholds out of a rule entry's options, checked, so that the rule's own (strict)
 * schema sees only its options. `key:` with nothing after it is not set, as elsewhere in the YAML.
 */
function separateThresholds(
  id: string,
  given: GivenOptions | undefined,
): { options: Record<string, unknown>; thresholds: RuleThresholds } {
  if (!given) return { options: {}, thresholds: {} };
  const { max_findings: maxFindings, max_share: maxShare, ...options } = given.value;
  const refusal = (key: string, expected: string, value: unknown): InputError =>
    new InputError(
      `rule "${id}" ${key}: expected ${expected}, got ${JSON.stringify(value)}`,
      given.locate([...given.keyPath, key]),
    );
  const thresholds: RuleThresholds = {};
  if (maxFindings != null) {
    if (typeof maxFindings !== 'number' || !Number.isInteger(maxFindings) || maxFindings < 0) {
      throw refusal('max_findings', 'a whole number, 0 or more', maxFindings);
    }
    thresholds.maxFindings = maxFindings;
  }
  if (maxShare != null) {
    if (typeof maxShare !== 'number' || !(maxShare >= 0 && maxShare <= 1)) {
      throw refusal('max_share', "a fraction of the campaign's recipients from 0 to 1, such as 0.05", maxShare);
    }
    thresholds.maxShare = maxShare;
  }
  return { options, thresholds };
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/**
 * Loads the rules of the config's plugins: a module's default export is a rule or an array of
 * rules. Each rule is noted with its plugin, which names it when it throws (see guard.ts). Plugin
 * files are shown relative to `cwd`, the working folder.
 */
export async function loadPlugins(config: Config, cwd: string): Promise<Rule[]> {
  const loaded: Rule[] = [];
  for (const [index, specifier] of config.plugins.entries()) {
    const where = config.locate?.(['plugins', index]) ?? { file: config.displayPath };
    const name = pluginName(specifier, config);
    let module: { default?: unknown };
    let file: string | undefined;
    try {
      file = isAbsolute(specifier) ? specifier : createRequire(config.path ?? `${cwd}/`).resolve(specifier);
    } catch (error) {
      throw pluginLoadError(name, file, error, where, cwd);
    }
    // A config found by searching runs only code inside the project root (see config/project-root.ts).
    if (config.root) file = await realPathInside(file, config.root, { key: `plugins[${index}]`, given: specifier, where });
    try {
      module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw pluginLoadError(name, file, error, where, cwd);
    }
    const exported: unknown[] = Array.isArray(module.default) ? module.default : [module.default];
    if (exported.length === 0 || !exported.every(isRule)) {
      throw new InputError(
        `plugin ${name} exports no rule: its default export must be a rule made with defineRule, or an array of them`,
        where,
      );
    }
    for (const rule of exported as Rule[]) {
      const problem = ruleShapeProblem(rule);
      if (problem) throw new InputError(`plugin ${name}: rule "${rule.id}" ${problem}`, where);
      notePluginRule(rule, { name, file, shownFile: relative(cwd, file) });
      loaded.push(rule);
    }
  }
  return loaded;
}

/** A plugin as the config names it: a path relative to the config file, or a package name. */
function pluginName(specifier: string, config: Config): string {
  if (!isAbsolute(specifier) || !config.path) return specifier;
  const path = relative(dirname(config.path), specifier);
  return path.startsWith('..') || isAbsolute(path) ? path : `./${path}`;
}

/** What makes a rule unusable although it looks like one; defineRule ensures all but the severity. */
function ruleShapeProblem(rule: Rule): string | undefined {
  if (rule.meta.severity !== 'error' && rule.meta.severity !== 'warning') {
    return `has meta.severity ${JSON.stringify(rule.meta.severity)}: it must be "error" or "warning"`;
  }
  if (typeof rule.meta.messages !== 'object' || rule.meta.messages === null) return 'has no meta.messages';
  if (typeof rule.options?.safeParse !== 'function') return 'has options that are not a zod schema';
  return undefined;
}

const MODULE_NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** Why a plugin did not load, with where in its code when that is known. */
function pluginLoadError(name: string, file: string | undefined, error: unknown, where: ErrorLocation, cwd: string): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && MODULE_NOT_FOUND.has(code) && (file === undefined || !existsSync(file))) {
    if (file === undefined) {
      return new InputError(`plugin ${name} not found`, where, [
        `install the package (npm install --save-dev ${name}), or give the plugin's path relative to the config file`,
      ]);
    }
    return new InputError(`plugin ${name} not found: there is no file ${relative(cwd, file)}`, where, [
      'plugin paths are relative to the config file',
    ]);
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  const details = file === undefined ? [] : failurePlace(error, file, relative(cwd, file));
  return new InputError(`plugin ${name} failed to load: ${reason}`, where, details);
}

/** Where in its file a plugin failed to load, when that is known: the frame that threw, or the syntax error. */
function failurePlace(error: unknown, file: string, shownFile: string): string[] {
  const thrownAt = frameIn(error, file, shownFile);
  if (thrownAt) return [`thrown at ${thrownAt}`];
  const syntaxErrorAt = error instanceof SyntaxError ? syntaxErrorPlace(error, file, shownFile) : undefined;
  return syntaxErrorAt ? [`the syntax error is at ${syntaxErrorAt}`] : [];
}

/**
 * `file:line:column` of a syntax error in a plugin's module file, the file written as `shownFile`.
 * Node puts it at the top of the stack of a CommonJS module, but not of an ES module: `node
 * --check` finds it there. Only ever run for a plugin that failed to load.
 */
function syntaxErrorPlace(error: SyntaxError, file: string, shownFile: string): string | undefined {
  const fromStack = caretPosition(error.stack ?? '', file);
  if (fromStack) return `${shownFile}:${fromStack}`;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const { stderr } = spawnSync(process.execPath, ['--input-type=module', '--check'], {
    input: source,
    encoding: 'utf8',
    timeout: 10_000,
  });
  const fromCheck = caretPosition(stderr ?? '', '[stdin]');
  return fromCheck ? `${shownFile}:${fromCheck}` : undefined;
}

/** `line:column` from Node's "<name>:<line>", source line, caret line that starts a syntax error's text. */
function caretPosition(text: string, name: string): string | undefined {
  const [first = '', , caret = ''] = text.split('\n');
  if (!first.startsWith(`${name}:`)) return undefined;
  const line = /^\d+$/.exec(first.slice(name.length + 1))?.[0];
  if (!line) return undefined;
  const column = caret.indexOf('^') + 1;
  return column > 0 ? `${line}:${column}` : line;
}
