// Applies findings' fixes to a rule case's audience, as a tool acting on them would: for the rule
// tester to show that a fix makes the rule pass for its row. Audiences of rule cases are plain CSV,
// one line a row, no quoted commas.
import type { Finding } from '../../src/index.js';

export interface FixedAudience {
  audience: string;
  /** The line, in the fixed audience, of each row a `set` fix changed. */
  setLines: number[];
}

export function applyFixes(audience: string, findings: readonly Finding[]): FixedAudience {
  const lines = audience.replace(/\n$/, '').split('\n');
  const header = lines[0].split(',').map((name) => name.trim().toLowerCase());
  const removed = new Set<number>();
  const set = new Set<number>();
  for (const { line, fix } of findings) {
    if (!fix || line === null) continue;
    if (fix.action === 'remove') {
      removed.add(line);
      continue;
    }
    const at = header.indexOf(fix.column);
    if (at < 0) throw new Error(`a fix sets ${fix.column}, which the audience has no column for`);
    const cells = lines[line - 1].split(',');
    cells[at] = fix.value;
    lines[line - 1] = cells.join(',');
    set.add(line);
  }
  const kept: string[] = [];
  const setLines: number[] = [];
  lines.forEach((text, i) => {
    if (removed.has(i + 1)) return;
    kept.push(text);
    if (set.has(i + 1)) setLines.push(kept.length);
  });
  return { audience: `${kept.join('\n')}\n`, setLines };
}
