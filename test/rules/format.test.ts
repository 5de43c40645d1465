import { describe, expect, it } from 'vitest';
import { cappedList, joinFirst, LIST_LIMIT, listWords } from '../../rules/format.js';

const words = (count: number): string[] => Array.from({ length: count }, (_, i) => `w${i + 1}`);

describe('lists in findings, capped at LIST_LIMIT', () => {
  it('is 10', () => expect(LIST_LIMIT).toBe(10));

  it('listWords names up to 10 words as before, then the first 10 and a count', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listWords(words(10))).toBe('w1, w2, w3, w4, w5, w6, w7, w8, w9 and w10');
    expect(listWords(words(11))).toBe('w1, w2, w3, w4, w5, w6, w7, w8, w9, w10 and 1 more');
    expect(listWords(words(3), 1000)).toBe('w1, w2, w3 and 997 more');
  });

  it('joinFirst joins up to 10 texts with commas, then counts the rest', () => {
    expect(joinFirst(['a', 'b'])).toBe('a, b');
    expect(joinFirst(words(10))).toBe('w1, w2, w3, w4, w5, w6, w7, w8, w9, w10');
    expect(joinFirst(words(50))).toBe('w1, w2, w3, w4, w5, w6, w7, w8, w9, w10 and 40 more');
  });

  it('cappedList keeps and describes the first 10 items and gives the total beside them', () => {
    expect(cappedList('sends', [1, 2])).toEqual({ sends: [1, 2], sendsTotal: 2 });
    const described: number[] = [];
    const capped = cappedList(
      'sends',
      Array.from({ length: 1000 }, (_, i) => i),
      (i) => (described.push(i), { line: i + 2 }),
    );
    expect(capped.sends).toHaveLength(10);
    expect(capped.sends[9]).toEqual({ line: 11 });
    expect(capped.sendsTotal).toBe(1000);
    expect(described).toHaveLength(10);
  });
});
