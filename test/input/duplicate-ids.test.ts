import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DuplicateIdFinder, FingerprintSet } from '../../src/people/duplicate-ids.js';

const folder = mkdtempSync(path.join(tmpdir(), 'duplicate-ids-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('FingerprintSet', () => {
  it('tells texts seen before from new ones, across growth', () => {
    const set = new FingerprintSet();
    const ids = Array.from({ length: 50_000 }, (_, i) => `O${String(i).padStart(8, '0')}`);
    expect(ids.every((id) => set.add(id))).toBe(true);
    expect(ids.every((id) => !set.add(id))).toBe(true);
    expect(set.add('')).toBe(true);
    expect(set.add('')).toBe(false);
  });
});

describe('DuplicateIdFinder', () => {
  const spec = { canonical: ['order_id', 'customer_id'], required: ['order_id'] };

  async function findIn(text: string): Promise<InputError | undefined> {
    const file = path.join(folder, `orders-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    const finder = new DuplicateIdFinder({ path: file, displayPath: 'orders.csv' }, spec, 'order_id');
    text
      .split('\n')
      .slice(1)
      .forEach((line, i) => finder.see(line.split(',')[0].trim(), i + 2));
    return finder.check('a hint').then(
      () => undefined,
      (error: unknown) => error as InputError,
    );
  }

  it('passes unique ids, and empty ones however many', async () => {
    expect(await findIn('order_id,customer_id\nO1,c1\n,c2\nO2,c3\n,c4\n')).toBeUndefined();
  });

  it('names each repeat and the line of the first', async () => {
    const error = await findIn('order_id,customer_id\nO1,c1\nO2,c1\nO1,c2\nO3,c3\nO1,c4\nO2,c5\n');
    expect(error).toBeInstanceOf(InputError);
    expect(error!.format()).toBe(
      [
        'orders.csv:4: duplicate order_id "O1": it is on line 2 and on line 4',
        '  orders.csv:6: duplicate order_id "O1": it is on line 2 and on line 6',
        '  orders.csv:7: duplicate order_id "O2": it is on line 3 and on line 7',
        '  a hint',
      ].join('\n'),
    );
  });

  it('finds the first line of an id written with blanks around it', async () => {
    const error = await findIn('order_id,customer_id\n O9 ,c1\nO9,c2\n');
    expect(error!.message).toBe('duplicate order_id "O9": it is on line 2 and on line 3');
  });
});
