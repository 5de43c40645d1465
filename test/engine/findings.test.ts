import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FindingList, type FindingSortKey } from '../../src/engine/findings.js';
import type { Finding } from '../../src/types.js';

const byLineThenRule = (a: FindingSortKey, b: FindingSortKey): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

function finding(line: number, ruleId: string, message = `${ruleId} at ${line}`): Finding {
  return {
    ruleId,
    severity: 'error',
    campaignId: 'c',
    customerId: `C-${line}`,
    file: 'a.csv',
    line,
    message,
    evidence: { line },
  };
}

/** A deterministic shuffle of 0..n-1 (a linear congruential walk). */
function scrambled(n: number): number[] {
  const out: number[] = [];
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(x % 1000);
  }
  return out;
}

describe('FindingList', () => {
  it('keeps a small list in memory and yields it in order', () => {
    const list = new FindingList(byLineThenRule, 100);
    for (const line of [5, 1, 3]) list.add(finding(line, 'r'));
    expect([...list].map((f) => f.line)).toEqual([1, 3, 5]);
    expect(list.spills).toBe(0);
    expect(list.size).toBe(3);
  });

  it('spills sorted chunks to disk and merges them back into one order, as often as asked', () => {
    const lines = scrambled(2_500);
    const list = new FindingList(byLineThenRule, 300);
    lines.forEach((line, i) => list.add(finding(line, i % 2 === 0 ? 'b-rule' : 'a-rule', `#${i}`)));
    expect(list.spills).toBe(8);
    const expected = lines.map((line, i) => finding(line, i % 2 === 0 ? 'b-rule' : 'a-rule', `#${i}`)).sort(byLineThenRule); // Array.prototype.sort is stable: ties keep the order they were added in
    expect([...list]).toEqual(expected);
    expect([...list]).toEqual(expected);
    list.dispose();
  });

  it('keeps findings that compare equal in the order they were added, across chunks', () => {
    const list = new FindingList(byLineThenRule, 4);
    for (let i = 0; i < 10; i++) list.add(finding(1, 'same', `#${i}`));
    expect([...list].map((f) => f.message)).toEqual(Array.from({ length: 10 }, (_, i) => `#${i}`));
    list.dispose();
  });

  it('reads back text that JSON lines could break: line breaks, quotes and characters beyond the BMP', () => {
    const list = new FindingList(byLineThenRule, 1);
    const message = 'a "quoted"\nline\u2028with 🎉 and \u0000';
    list.add(finding(2, 'r', message));
    list.add(finding(1, 'r', message));
    expect([...list].map((f) => f.message)).toEqual([message, message]);
    list.dispose();
  });

  it('reads back lines longer than its read buffer, and multi-byte characters cut by a buffer boundary', () => {
    // Messages of 1..200,000 characters of three-byte "€" and four-byte "🎉" put buffer edges inside characters.
    const lengths = [1, 21_845, 21_846, 65_536, 200_000, 7, 70_001];
    const messages = lengths.map((length, i) => (i % 2 === 0 ? '€' : '🎉').repeat(length));
    const list = new FindingList(byLineThenRule, 3);
    messages.forEach((message, i) => list.add(finding(i, 'r', message)));
    expect(list.spills).toBe(2);
    expect([...list].map((f) => f.message)).toEqual(messages);
    list.dispose();
  });

  it('spills a chunk before its JSON would pass the byte limit, whatever its count', () => {
    const list = new FindingList(byLineThenRule, 1_000, 1_000);
    const messages = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(200)); // about 330 bytes of JSON each
    messages.forEach((message, i) => list.add(finding(5 - i, 'r', message)));
    expect(list.spills).toBe(5); // each next finding might pass 1,000 bytes (3 bytes per character at most): one a chunk
    expect([...list].map((f) => f.message)).toEqual([...messages].reverse());
    list.dispose();
  });

  it('removes its spilled chunks on dispose', () => {
    const list = new FindingList(byLineThenRule, 2);
    for (let i = 0; i < 5; i++) list.add(finding(i, 'r'));
    const folder = (list as unknown as { folder: string }).folder;
    expect(folder.startsWith(tmpdir())).toBe(true);
    expect(existsSync(folder)).toBe(true);
    list.dispose();
    expect(existsSync(folder)).toBe(false);
    expect([...list]).toEqual([]);
  });
});
