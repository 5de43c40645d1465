import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { guardRule, notePluginRule, RuleError } from '../../src/engine/guard.js';
import { defineRule, type Rule, type RuleContext, type RuleHooks } from '../../src/engine/rule.js';
import type { AudienceRow } from '../../src/engine/row.js';

const context = {} as RuleContext<unknown, Record<string, never>>;
/** As much of a row as the guard reads: where it is. */
const row = { line: 7, campaign: { campaign: { audience: { displayPath: 'lists/audience.csv' } } } } as unknown as AudienceRow;

function ruleWith(id: string, create: () => RuleHooks<undefined>): Rule {
  return defineRule({ id, meta: { severity: 'error', description: 'a test rule', messages: {} }, create });
}

function thrown(action: () => void): RuleError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError);
    return error as RuleError;
  }
  throw new Error('nothing was thrown');
}

describe('guardRule', () => {
  it('passes calls and state through to the hooks', () => {
    const seen: unknown[] = [];
    const hooks = guardRule(
      ruleWith('calm', () => ({ row: (r, state) => seen.push(r, state), end: (state) => seen.push(state) })),
      context,
    );
    hooks.row!(row, 'state');
    hooks.end!('end state');
    expect(seen).toEqual([row, 'state', 'end state']);
  });

  it('leaves out the hooks a rule does not have', () => {
    expect(
      guardRule(
        ruleWith('quiet', () => ({})),
        context,
      ),
    ).toEqual({ row: undefined, end: undefined });
  });

  it('names a built-in rule and the row it was checking, and calls it a bug; the error is the cause', () => {
    const failure = new TypeError('x is undefined');
    const hooks = guardRule(
      ruleWith('loyalty-inversion', () => ({
        row() {
          throw failure;
        },
      })),
      context,
    );
    const error = thrown(() => hooks.row!(row, undefined));
    expect(error).toBeInstanceOf(InputError);
    expect(error.format()).toBe(
      'rule "loyalty-inversion" threw while checking lists/audience.csv:7: TypeError: x is undefined\n' +
        '  this is a bug in campaign-preflight; --debug prints its stack trace',
    );
    expect(error.cause).toBe(failure);
  });

  it("names a plugin's rule with its plugin, at start and at the end of the run", () => {
    const starting = ruleWith('acme/early', () => {
      throw new Error('no licence');
    });
    notePluginRule(starting, { name: './rules/acme.js' });
    expect(thrown(() => guardRule(starting, context)).message).toBe(
      'rule "acme/early" from plugin ./rules/acme.js threw while starting: Error: no licence',
    );

    const ending = ruleWith('acme/late', () => ({
      end() {
        throw 'a string';
      },
    }));
    notePluginRule(ending, { name: './rules/acme.js' });
    const error = thrown(() => guardRule(ending, context).end!(undefined));
    expect(error.message).toBe(
      'rule "acme/late" from plugin ./rules/acme.js threw while comparing the rows of the run: a string',
    );
    expect(error.details).toEqual([]);
  });
});
