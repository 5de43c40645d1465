import { describe, expect, it } from 'vitest';
import { campaignSchema } from '../../src/config/schema.js';
import { validate } from '../../src/config/validate.js';
import { parseIsoInstant } from '../../src/time.js';
import { parseYaml } from '../../src/config/yaml.js';
import { InputError } from '../../src/errors.js';

function thrown(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseYaml', () => {
  const text = [
    'id:', // 1
    'name: ~', // 2
    'base: &options { max: 5 }', // 3
    'rules:', // 4
    '  x: [warning, *options]', // 5
    '  y:', // 6
    '    - error', // 7
    '    - max: 3', // 8
    '      per: day', // 9
    '',
  ].join('\n');
  const { value, locate } = parseYaml(text, 'f.yaml');

  it('reads YAML 1.2 into plain data', () => {
    expect(value).toEqual({
      id: null,
      name: null,
      base: { max: 5 },
      rules: { x: ['warning', { max: 5 }], y: ['error', { max: 3, per: 'day' }] },
    });
    expect(parseYaml('', 'empty.yaml').value).toBeNull();
    expect(parseYaml('\ufeffa: off\n', 'bom.yaml').value).toEqual({ a: 'off' });
  });

  it('locates keys, and values on request', () => {
    expect(locate(['rules', 'y', 1, 'max'])).toEqual({ file: 'f.yaml', line: 8, column: 7 });
    expect(locate(['rules', 'y', 1, 'max'], 'value')).toEqual({ file: 'f.yaml', line: 8, column: 12 });
    expect(locate(['rules', 'y', 0])).toEqual({ file: 'f.yaml', line: 7, column: 7 });
    expect(locate(['name'], 'value')).toEqual({ file: 'f.yaml', line: 2, column: 7 });
    // `id:` has no value to point at.
    expect(locate(['id'], 'value')).toEqual({ file: 'f.yaml', line: 1, column: 1 });
  });

  it('follows aliases to where the value is written', () => {
    expect(locate(['rules', 'x', 1, 'max'], 'value')).toEqual({ file: 'f.yaml', line: 3, column: 23 });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(locate(['rules', 'y', 1, 'nope'])).toEqual({ file: 'f.yaml', line: 8, column: 7 });
    expect(locate(['rules', 'y', 5])).toEqual({ file: 'f.yaml', line: 6, column: 3 });
    expect(locate(['nope', 'deeper'])).toEqual({ file: 'f.yaml', line: 1, column: 1 });
    expect(parseYaml('', 'empty.yaml').locate(['a'])).toEqual({ file: 'empty.yaml', line: 1, column: 1 });
  });

  it('reports every syntax error, the first as the error', () => {
    const error = thrown(() => parseYaml('a: "x" y\nb: [\n', 'bad.yaml'));
    expect(error).toMatchObject({
      message: 'invalid YAML: Unexpected scalar at node end',
      file: 'bad.yaml',
      line: 1,
      column: 8,
    });
    expect(error.details).toEqual([
      'bad.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('names a repeated key where it repeats, and where it was first', () => {
    const error = thrown(() => parseYaml('id: a\nrules:\n  no-consent: error\n  no-consent: warning\n', 'c.yaml'));
    expect(error).toMatchObject({
      message: 'invalid YAML: duplicate key "no-consent" (first on line 3)',
      file: 'c.yaml',
      line: 4,
      column: 3,
    });
    // In a flow mapping too, and every repeated key is listed.
    const flow = thrown(() => parseYaml('offer: { discount_pct: 10, discount_pct: 20 }\nid: a\nid: b\n', 'f.yaml'));
    expect(flow).toMatchObject({ message: 'invalid YAML: duplicate key "discount_pct" (first on line 1)', line: 1, column: 28 });
    expect(flow.details).toEqual(['f.yaml:3:1: duplicate key "id" (first on line 2)']);
  });

  it('quotes a repeated key bounded and escaped', () => {
    const long = 'k'.repeat(1000);
    expect(thrown(() => parseYaml(`${long}: 1\n${long}: 2\n`, 'c.yaml')).message).toBe(
      `invalid YAML: duplicate key "${'k'.repeat(60)}…" (first on line 1)`,
    );
    const control = thrown(() => parseYaml('"a\\nb\\u0007\\u202e": 1\n"a\\nb\\u0007\\u202e": 2\n', 'c.yaml'));
    expect(control.message).toBe('invalid YAML: duplicate key "a\\nb\\u0007\\u202e" (first on line 1)');
    expect(control.line).toBe(2);
  });

  it('takes keys that become the same property for one key', () => {
    // YAML tells 1 from "1"; the plain object the file is read into does not.
    const error = thrown(() => parseYaml('1: a\n"1": b\n', 'c.yaml'));
    expect(error).toMatchObject({ message: 'invalid YAML: duplicate key "1" (first on line 1)', line: 2, column: 1 });
  });

  it('checks the keys of a large mapping in linear time', () => {
    // yaml's own check compared each key with every earlier one: 80,000 keys took a minute.
    const keys = Array.from({ length: 80_000 }, (_, i) => `key_${i}: ${i}`);
    const started = performance.now();
    const error = thrown(() => parseYaml(`${keys.join('\n')}\nkey_0: again\n`, 'big.yaml'));
    expect(error).toMatchObject({ message: 'invalid YAML: duplicate key "key_0" (first on line 1)', line: 80_001, column: 1 });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('rejects a second document', () => {
    const error = thrown(() => parseYaml('a: 1\n---\nb: 2\n', 'two.yaml'));
    expect(error).toMatchObject({
      message: 'invalid YAML: expected one document, found a second one ("---")',
      file: 'two.yaml',
      line: 2,
      column: 1,
    });
  });
});

describe('validate', () => {
  it('lists at most 20 further problems', () => {
    const keys = Array.from({ length: 25 }, (_, i) => `unknown_${String(i).padStart(2, '0')}: 1`);
    const { value, locate } = parseYaml(keys.join('\n'), 'many.yaml');
    const error = thrown(() => validate(campaignSchema, value, locate, 'campaign'));
    expect(error).toMatchObject({ message: 'unknown key "unknown_00" in campaign', line: 1, column: 1 });
    // 24 unknown keys and 5 missing ones after the first.
    expect(error.details).toHaveLength(21);
    expect(error.details[0]).toBe('many.yaml:2:1: unknown key "unknown_01" in campaign');
    expect(error.details[20]).toBe('… and 9 more');
  });
});

describe('parseIsoInstant', () => {
  it.each([
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    ['2026-12-01T09:00', Date.UTC(2026, 11, 1, 9)],
    ['2026-12-01T09:00:00Z', Date.UTC(2026, 11, 1, 9)],
    ['2026-12-01 09:00:00+01:00', Date.UTC(2026, 11, 1, 8)],
    ['2026-12-01T09:00:00-0230', Date.UTC(2026, 11, 1, 11, 30)],
    ['2024-02-29T23:59:59.5Z', Date.UTC(2024, 1, 29, 23, 59, 59, 500)],
  ])('reads %s', (text, expected) => {
    expect(parseIsoInstant(text)).toBe(expected);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-12-01T24:00:00Z', '12/01/2026', '2026-12-01T09', 'tomorrow'])(
    'rejects %s',
    (text) => {
      expect(parseIsoInstant(text)).toBeUndefined();
    },
  );
});
