// TIMING=1: how long each rule's hooks take, as ESLint's TIMING reports.

import { performance } from 'node:perf_hooks';
import type { RuleTiming } from './check.js';
import type { RuleHooks } from './rule.js';

/** TIMING=1: each rule's time, as ESLint's TIMING does. */
export class RuleTimer {
  private readonly totals = new Map<string, number>();

  wrap(id: string, hooks: RuleHooks<unknown>): RuleHooks<unknown> {
    this.totals.set(id, 0);
    const add = (ms: number): void => {
      this.totals.set(id, this.totals.get(id)! + ms);
    };
    return {
      row: hooks.row
        ? (row, state) => {
            const start = performance.now();
            hooks.row!(row, state);
            add(performance.now() - start);
          }
        : undefined,
      end: hooks.end
        ? (state) => {
            const start = performance.now();
            hooks.end!(state);
            add(performance.now() - start);
          }
        : undefined,
    };
  }

  results(): RuleTiming[] {
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0) || 1;
    return [...this.totals].map(([ruleId, ms]) => ({ ruleId, ms, share: ms / total })).sort((a, b) => b.ms - a.ms);
  }
}
