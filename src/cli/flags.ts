// The values of the command line's flags, checked: a value the flag does not take is a UsageError
// (exit code 2) saying what it takes.
import { UsageError } from '../errors.js';
import { SEVERITY_FORMS, severityOf } from '../config/severity.js';
import { FIX_ACTIONS, type FixFilter } from '../engine/fixes.js';
import type { Severity, SeveritySetting } from '../types.js';

/** Commander's collector of a repeatable flag's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseFailOn(value: string): Severity {
  if (value !== 'error' && value !== 'warning') {
    throw new UsageError(`--fail-on takes error or warning; got "${value}"`);
  }
  return value;
}

export function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`${flag} takes a whole number, 0 or more; got "${value}"`);
  }
  return Number(value);
}

/**
 * `--rule id=severity` entries, the last one winning. Rule ids are checked by the engine, which
 * also knows the rules that plugins named in the config add.
 */
export function parseRuleOverrides(entries: string[]): Record<string, SeveritySetting> {
  const overrides: Record<string, SeveritySetting> = {};
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const id = entry.slice(0, separator).trim();
    const severity = entry.slice(separator + 1).trim();
    if (separator < 0 || id === '') {
      throw new UsageError(`--rule takes id=severity; got "${entry}"`, ['for example: --rule contact-fatigue=off']);
    }
    const setting = severityOf(severity);
    if (setting === undefined) {
      throw new UsageError(`--rule ${id}: the severity is ${SEVERITY_FORMS}; got "${severity}"`);
    }
    overrides[id] = setting;
  }
  return overrides;
}

/**
 * --fix-type and --fix-rule as the fixes to collect; undefined without --fix, which they need.
 * Rule ids are checked by the engine, as for --rule.
 */
export function parseFixFilter(fix: string | undefined, types: string[] = [], rules: string[] = []): FixFilter | undefined {
  if (fix === undefined) {
    const given = types.length > 0 ? '--fix-type' : rules.length > 0 ? '--fix-rule' : undefined;
    if (given) throw new UsageError(`${given} needs --fix <folder>`);
    return undefined;
  }
  for (const type of types) {
    if (!(FIX_ACTIONS as readonly string[]).includes(type)) {
      throw new UsageError(`--fix-type takes ${FIX_ACTIONS.join(' or ')}; got "${type}"`);
    }
  }
  return {
    ...(types.length > 0 ? { actions: types as FixFilter['actions'] } : {}),
    ...(rules.length > 0 ? { rules } : {}),
  };
}

/** --redact or --no-redact as given, else on when the CI environment variable is set, non-empty, and not "false" or "0". */
export function redacts(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  const normalized = (env.CI ?? '').trim().toLowerCase();
  return normalized !== '' && normalized !== 'false' && normalized !== '0';
}

/**
 * Whether an error that ends the run is printed with its data masked: as the reports would be.
 * Read from the arguments, since the error may come before or while commander parses them; the
 * last of --redact and --no-redact wins, as with commander.
 */
export function redactsErrors(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const flag = args.findLast((arg) => arg === '--redact' || arg === '--no-redact');
  return redacts(flag === undefined ? undefined : flag === '--redact', env);
}
