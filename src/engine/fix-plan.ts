// What `--fix` does to each audience row with fixes: remove it, or set cells. A removal wins over
// every set on its row (a row left out needs no cell fixed). Rules that set one cell to the same
// value agree; rules that set it to different values conflict, and the cell is left as it was:
// which of them is right is the marketer's call, not the tool's.

import { compareText } from '../text.js';
import type { RowFix } from './fixes.js';

/** A rule's fix as the plan keeps it: which rule, its finding's message, the value it sets. */
export interface FixSource {
  ruleId: string;
  message: string;
}

export interface CellSet {
  column: string;
  value: string;
  /** The rules that set it, each once, in rule id order. */
  by: FixSource[];
}

export interface CellConflict {
  column: string;
  /** Each rule's value, in rule id order. */
  proposals: Array<FixSource & { value: string }>;
}

export interface RowPlan {
  line: number;
  customerId: string | null;
  /** The rules that remove the row; empty when it stays. */
  removedBy: FixSource[];
  /** Cells set, in the order their columns were first fixed; none when the row is removed. */
  sets: CellSet[];
  conflicts: CellConflict[];
}

/** Each row's plan, by line. */
export function planRowFixes(fixes: readonly RowFix[]): RowPlan[] {
  const byLine = new Map<number, RowFix[]>();
  for (const fix of fixes) {
    let row = byLine.get(fix.line);
    if (!row) byLine.set(fix.line, (row = []));
    row.push(fix);
  }
  return [...byLine.keys()].sort((a, b) => a - b).map((line) => planRow(line, byLine.get(line)!));
}

function planRow(line: number, fixes: RowFix[]): RowPlan {
  const sorted = [...fixes].sort((a, b) => compareText(a.ruleId, b.ruleId));
  const plan: RowPlan = { line, customerId: fixes[0].customerId, removedBy: [], sets: [], conflicts: [] };
  const source = ({ ruleId, message }: RowFix): FixSource => ({ ruleId, message });
  for (const fix of sorted) if (fix.fix.action === 'remove') plan.removedBy.push(source(fix));
  if (plan.removedBy.length > 0) {
    plan.removedBy = onePerRule(plan.removedBy);
    return plan;
  }
  const byColumn = new Map<string, Array<FixSource & { value: string }>>();
  for (const fix of fixes) {
    if (fix.fix.action !== 'set') continue;
    if (!byColumn.has(fix.fix.column)) byColumn.set(fix.fix.column, []);
  }
  for (const fix of sorted) {
    if (fix.fix.action === 'set') byColumn.get(fix.fix.column)!.push({ ...source(fix), value: fix.fix.value });
  }
  for (const [column, proposals] of byColumn) {
    const values = new Set(proposals.map((proposal) => proposal.value));
    if (values.size === 1) plan.sets.push({ column, value: proposals[0].value, by: onePerRule(proposals) });
    else plan.conflicts.push({ column, proposals: onePerRule(proposals) });
  }
  return plan;
}

/** The first of each rule's entries (a rule reporting a row twice fixes it once). */
function onePerRule<T extends FixSource & { value?: string }>(sources: T[]): T[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = `${source.ruleId}\u0000${source.value ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
