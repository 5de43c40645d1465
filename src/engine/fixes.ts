// `--fix` (docs/cli.md, Fixed audiences): the fixes of a check's row findings, collected as the
// findings are recorded. A fix is kept as the rule made it, before --redact masked it: the fixed
// audience is the marketer's file and must carry the real values. Everything else kept with it (the
// customer id, the message) is as the report shows it, masked under --redact.

import { UsageError, closest } from '../errors.js';
import type { Finding, Fix } from '../types.js';
import type { Redactor } from './redact.js';

export const FIX_ACTIONS = ['set', 'remove'] as const satisfies ReadonlyArray<Fix['action']>;

/** Which fixes are collected: --fix-type and --fix-rule. Every fix of every rule when not given. */
export interface FixFilter {
  actions?: ReadonlyArray<Fix['action']>;
  rules?: readonly string[];
}

/** A finding's fix of its audience row. */
export interface RowFix {
  /** The line where the row starts in its audience file. */
  line: number;
  /** As the report shows it: masked under --redact. */
  customerId: string | null;
  ruleId: string;
  /** The finding's message, as the report words it. */
  message: string;
  /** As the rule made it, never masked. */
  fix: Fix;
}

export class CollectedFixes {
  private readonly byCampaign = new Map<string, RowFix[]>();

  constructor(
    private readonly filter: FixFilter,
    private readonly redactor: Redactor | undefined,
  ) {}

  /** Whether what is written about the fixes (not the audience) is masked: --redact. */
  get redacts(): boolean {
    return this.redactor !== undefined;
  }

  /** A value of an audience column as a report may show it: masked under --redact. */
  shown(value: string, column?: string): string {
    return this.redactor ? this.redactor.value(value, column) : value;
  }

  /** Keeps a recorded finding's fix, when it has one that concerns a row and passes the filter. */
  add(finding: Finding, fix: Fix | undefined): void {
    if (fix === undefined || finding.campaignId === null || finding.line === null) return;
    if (!isFindingFix(fix)) {
      throw new TypeError('a fix must be { action: "set", column, value } with strings, or { action: "remove" }');
    }
    if (this.filter.actions && !this.filter.actions.includes(fix.action)) return;
    if (this.filter.rules && !this.filter.rules.includes(finding.ruleId)) return;
    let fixes = this.byCampaign.get(finding.campaignId);
    if (!fixes) this.byCampaign.set(finding.campaignId, (fixes = []));
    const { line, customerId, ruleId, message } = finding;
    fixes.push({ line, customerId, ruleId, message, fix: { ...fix } });
  }

  /** Leaves out the fixes of rules whose findings a bulk suppressions file suppressed: campaign id → rule ids. */
  dropSuppressed(suppressed: ReadonlyMap<string, ReadonlySet<string>>): void {
    for (const [campaignId, rules] of suppressed) {
      const fixes = this.byCampaign.get(campaignId);
      if (fixes)
        this.byCampaign.set(
          campaignId,
          fixes.filter((fix) => !rules.has(fix.ruleId)),
        );
    }
  }

  /** A campaign's fixes, in the order they were made. */
  of(campaignId: string): readonly RowFix[] {
    return this.byCampaign.get(campaignId) ?? [];
  }
}

/** Refuses a --fix-rule that names no rule the check loaded. */
export function refuseUnknownFixRules(filter: FixFilter, ruleIds: ReadonlySet<string>): void {
  for (const id of filter.rules ?? []) {
    if (ruleIds.has(id)) continue;
    const suggestion = closest(id, [...ruleIds]);
    throw new UsageError(`unknown rule "${id}" in --fix-rule${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, [
      'run `campaign-preflight rules` to list the rules',
    ]);
  }
}

function isFindingFix(fix: unknown): fix is Fix {
  const candidate = fix as Partial<Record<string, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null) return false;
  if (candidate.action === 'remove') return true;
  return candidate.action === 'set' && typeof candidate.column === 'string' && typeof candidate.value === 'string';
}
