import { describe, expect, it } from 'vitest';
import { InputError, ProblemList, quoteData, quoteText } from '../src/errors.js';

describe('quoteText', () => {
  it('quotes short text as JSON does', () => {
    expect(quoteText('Ann "the" Lee')).toBe('"Ann \\"the\\" Lee"');
  });

  it('escapes control, bidirectional and line-separator characters', () => {
    expect(quoteText('a\x1b[2J\n\u202eb\u2028\u0085')).toBe('"a\\u001b[2J\\n\\u202eb\\u2028\\u0085"');
  });

  it('keeps at most 60 characters, never splitting one', () => {
    expect(quoteText('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…"`);
    expect(quoteText('😀'.repeat(100))).toBe(`"${'😀'.repeat(60)}…"`);
    expect(quoteText('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
    expect(quoteText('abcdef', 3)).toBe('"abc…"');
  });
});

describe('InputError with data', () => {
  const error = new InputError(
    `duplicate customer_id ${quoteData('ann@example.com')}: it is on line 2 and on line 4`,
    {
      file: 'customers.csv',
      line: 4,
    },
    [`first seen as ${quoteData('ann@example.com')}`],
  );

  it('shows the value as an escaped snippet', () => {
    expect(error.message).toBe('duplicate customer_id "ann@example.com": it is on line 2 and on line 4');
    expect(error.format()).toBe(
      'customers.csv:4: duplicate customer_id "ann@example.com": it is on line 2 and on line 4\n  first seen as "ann@example.com"',
    );
  });

  it('masks it under redact, the same value with the same mask', () => {
    const text = error.format({ redact: true });
    expect(text).toMatch(
      /^customers\.csv:4: duplicate customer_id \[value [0-9a-f]{8}\]: it is on line 2 and on line 4\n {2}first seen as \[value [0-9a-f]{8}\]$/,
    );
    expect(text).not.toContain('ann');
    const masks = text.match(/\[value [0-9a-f]{8}\]/g)!;
    expect(masks[0]).toBe(masks[1]);
  });

  it('a value cannot forge or end its own mark', () => {
    const forged = new InputError(`id ${quoteData('x\ue001 "secret" \ue000y')}`);
    expect(forged.format({ redact: true })).toMatch(/^id \[value [0-9a-f]{8}\]$/);
    expect(forged.message).toBe('id "x\\ue001 \\"secret\\" \\ue000y"');
  });

  it('keeps the marks through a problem list and a worker thread', () => {
    const list = new ProblemList();
    list.add({ file: 'a.csv', line: 2, message: `bad ${quoteData('Ann')}` });
    list.add({ file: 'a.csv', line: 3, message: `bad ${quoteData('Bob')}` });
    const { message, details } = list.toError().marked;
    const passedOn = new InputError(message, { file: 'a.csv', line: 2 }, details);
    expect(passedOn.format({ redact: true })).not.toMatch(/Ann|Bob/);
    expect(passedOn.format()).toBe('a.csv:2: bad "Ann"\n  a.csv:3: bad "Bob"');
  });
});
