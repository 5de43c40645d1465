import { describe, expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
import {
  escapeJsonControls,
  sanitizeForTerminal,
  sanitizeLinesForTerminal,
  sanitizeTextForTerminal,
} from '../../src/formats/terminal.js';
import type { Report } from '../../src/types.js';

describe('sanitizeForTerminal', () => {
  it.each([
    ['an escape sequence', 'Hi \x1b[31mAna\x1b[0m', 'Hi \\x1B[31mAna\\x1B[0m'],
    ['a title change ended by BEL', '\x1b]0;owned\x07', '\\x1B]0;owned\\x07'],
    ['line breaks', 'one\r\ntwo\nthree', 'one\\r\\ntwo\\nthree'],
    ['NUL, backspace and DEL', 'a\0b\bc\x7f', 'a\\x00b\\x08c\\x7F'],
    ['C1 controls (CSI)', 'a\u009b2Jb', 'a\\x9B2Jb'],
    ['bidirectional overrides', 'abc\u202eevil\u2066', 'abc\\u202Eevil\\u2066'],
  ])('escapes %s', (_, text, expected) => {
    expect(sanitizeForTerminal(text)).toBe(expected);
  });

  it('keeps tabs, accents, other scripts and emoji as they are', () => {
    const text = 'Fábio\tKátia 中文 😀 \\x1B';
    expect(sanitizeForTerminal(text)).toBe(text);
  });
});

describe('sanitizeLinesForTerminal', () => {
  it('keeps the line breaks between lines and escapes the rest', () => {
    expect(sanitizeLinesForTerminal('file:1: bad\n  columns found: a\x1b[2J, b\r')).toBe(
      'file:1: bad\n  columns found: a\\x1B[2J, b\\r',
    );
  });
});

describe('reports that may reach a terminal or a CI log', () => {
  it('a text report keeps its line breaks (LF and CRLF) and makes every other control visible', () => {
    expect(sanitizeTextForTerminal('a,b\r\nHi \x1b[31m,lone\rcr\n\u202e')).toBe('a,b\r\nHi \\x1B[31m,lone\\rcr\n\\u202E');
  });

  it('JSON text carries C1, bidirectional and line-separator characters as \\u escapes: the same data, inert', () => {
    const value = 'a\u009bb\u202ec\u2028d';
    const json = escapeJsonControls(JSON.stringify({ value }));
    expect(json).toBe('{"value":"a\\u009bb\\u202ec\\u2028d"}');
    expect(JSON.parse(json)).toEqual({ value });
  });

  it('the github format never lets an escape sequence from the data reach the Actions log', () => {
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'campaign-preflight', version: '1.0.0' },
      status: 'fail',
      campaigns: [{ id: 'c', file: 'c.yaml', recipients: 1, status: 'fail', errors: 1, warnings: 0 }],
      findings: [
        {
          ruleId: 'broken-personalization',
          severity: 'error',
          campaignId: 'c',
          customerId: 'C-\x1b]0;x\x07',
          file: 'a.csv',
          line: 2,
          message: 'greeting "Hi \x1b[31mfriend\u202e"',
          evidence: {},
        },
      ],
    };
    const text = formatters.github(report, { color: false, cwd: '/' });
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(text).toContain('Hi \\x1B[31mfriend\\u202E');
  });
});
