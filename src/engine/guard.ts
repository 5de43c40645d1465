// A rule that throws must not end the run with a stack trace: its error becomes an input error
// (exit code 2) naming the rule, the plugin it came from and the row it was checking. A plugin's
// rule throwing is the plugin author's to fix; a built-in rule throwing is a bug of ours, reported
// the same way. The original error is kept as `cause`, whose stack --debug prints.

import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import type { MessageTemplates, Rule, RuleContext, RuleHooks } from './rule.js';

/** Where a plugin's rule came from. */
export interface PluginSource {
  /** The plugin as the config names it. */
  name: string;
  /** The module file, when it is known, for pointing into the plugin's own code. */
  file?: string;
  /** That file as messages show it: relative to the working folder. */
  shownFile?: string;
}

const pluginSources = new WeakMap<Rule, PluginSource>();

/** Records that a rule came from a plugin; loadPlugins calls it for every rule it loads. */
export function notePluginRule(rule: Rule, source: PluginSource): void {
  pluginSources.set(rule, source);
}

export function pluginSourceOf(rule: Rule): PluginSource | undefined {
  return pluginSources.get(rule);
}

/** An exception of a rule, as the user reads it: the message says where it was thrown. */
export class RuleError extends InputError {
  constructor(message: string, details: string[], cause: unknown) {
    super(message, {}, details);
    this.name = 'RuleError';
    this.cause = cause;
  }
}

/** The error to stop the run with when a rule threw while `doing` something. */
export function ruleFailure(rule: Rule, doing: string, error: unknown): InputError {
  // A problem of the input, found while the rule read it (a template that fails to render, say), is not the rule's.
  if (error instanceof InputError) return error;
  const plugin = pluginSources.get(rule);
  const who = plugin ? `rule "${rule.id}" from plugin ${plugin.name}` : `rule "${rule.id}"`;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const frame = plugin?.file && plugin.shownFile ? frameIn(error, plugin.file, plugin.shownFile) : undefined;
  const details = plugin
    ? frame
      ? [`thrown at ${frame}`]
      : []
    : ['this is a bug in campaign-preflight; --debug prints its stack trace'];
  return new RuleError(`${who} threw while ${doing}: ${message}`, details, error);
}

/** Calls one of the rule's own functions (`needs`, `state.init`), turning an exception into a RuleError. */
export function callRule<T>(rule: Rule, doing: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw ruleFailure(rule, doing, error);
  }
}

/** Creates the rule's hooks and wraps each so that an exception becomes a RuleError. */
export function guardRule(rule: Rule, context: RuleContext<unknown, MessageTemplates>): RuleHooks<unknown> {
  const fail = (doing: string, error: unknown): InputError => ruleFailure(rule, doing, error);

  let hooks: RuleHooks<unknown>;
  try {
    hooks = rule.create(context);
  } catch (error) {
    throw fail('starting', error);
  }
  const { row, end } = hooks ?? {};
  return {
    row: row
      ? (audienceRow, state) => {
          try {
            row.call(hooks, audienceRow, state);
          } catch (error) {
            throw fail(`checking ${audienceRow.campaign.campaign.audience.displayPath}:${audienceRow.line}`, error);
          }
        }
      : undefined,
    end: end
      ? (state) => {
          try {
            end.call(hooks, state);
          } catch (error) {
            throw fail('comparing the rows of the run', error);
          }
        }
      : undefined,
  };
}

/**
 * `file:line:column` of the first frame of the error's stack inside `file`, the file written as
 * `shownFile`: where in the plugin the error was thrown. Frames name an ES module by its URL and a
 * CommonJS one by its path.
 */
export function frameIn(error: unknown, file: string, shownFile: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n')) {
    for (const name of [file, pathToFileURL(file).href]) {
      const at = line.indexOf(`${name}:`);
      const position = at < 0 ? null : /^:(\d+):(\d+)/.exec(line.slice(at + name.length));
      if (position) return `${shownFile}:${position[1]}:${position[2]}`;
    }
  }
  return undefined;
}
