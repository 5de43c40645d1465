import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatters, type FormatContext } from '../../src/formats/index.js';
import { NASTY_MESSAGE, campaign, finding, report, sample } from './sample-report.js';

const ctx: FormatContext = { color: false, cwd: '/work' };
const csv = formatters.csv;
const text = csv(sample, ctx);
const HEADER = ['campaign', 'file', 'line', 'customer_id', 'rule', 'severity', 'column', 'message', 'evidence'];

/** The records as a spreadsheet (or csv-parse, strictly) reads them. */
const records = parse(text, { relaxQuotes: false, relaxColumnCount: false }) as string[][];

describe('csv', () => {
  it('has a header and one record per finding, in report order', () => {
    expect(records[0]).toEqual(HEADER);
    expect(records).toHaveLength(sample.findings.length + 1);
    expect(records[2]).toEqual([
      'year-end',
      'campaigns/year-end/audience.csv',
      '10',
      'C-100',
      'no-consent',
      'error',
      '',
      'Customer 100 refused email (email_consent is false on customer record C-100)',
      '{"email_consent":"no","customerRecord":"C-100"}',
    ]);
    expect(records.at(-1)).toEqual([
      '',
      'data/orders.csv',
      '7',
      '',
      'invalid-value',
      'error',
      'ordered_at',
      '"2026-13-01" is not a date',
      '{"value":"2026-13-01"}',
    ]);
  });

  it('writes missing values as empty fields and evidence as JSON', () => {
    const spring = records.find((r) => r[0] === 'spring' && r[4] === 'control-group')!;
    expect(spring).toEqual(['spring', '', '', '', 'control-group', 'warning', '', 'no control rows', '{}']);
    const nasty = records.find((r) => r[4] === 'broken-personalization')!;
    expect(JSON.parse(nasty[8])).toEqual(sample.findings.find((f) => f.ruleId === 'broken-personalization')!.evidence);
  });

  it('follows RFC 4180: CRLF line ends, quoted fields with doubled quotes, line breaks kept', () => {
    expect(text.startsWith(`${HEADER.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain(',"Dear ""Ana"" <ana@example.com> & co:\n100% off, | tab\there",');
    expect(records.find((r) => r[4] === 'broken-personalization')![7]).toBe(NASTY_MESSAGE);
    expect(records.find((r) => r[4] === 'generic-salutation')![7]).toBe(
      'greets "Dear customer" although first_name is "Ada"\r\nsecond line',
    );
    // Unquoted where nothing calls for quotes.
    expect(text).toContain('\r\nspring,,,,control-group,warning,,no control rows,{}\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const fatigue = records.find((r) => r[4] === 'contact-fatigue' && r[0] === 'year-end')!;
    expect(fatigue[3]).toBe("'+44 20 7946 0000");
    expect(fatigue[7]).toBe('\'=HYPERLINK("http://evil.example","5 contacts in 7 days")');
    expect(records.find((r) => r[4] === 'acme/late-send')![7]).toBe("'-1 days before the holiday: sent too late");
    expect(records.find((r) => r[4] === 'generic-salutation')![3]).toBe("'@ada");
    const starts = ['\tTAB', '\rCR', '=1+1', '+1', '-1', '@SUM(A1)'];
    const odd = parse(
      csv(report([campaign({})], starts.map((message) => finding({ message })), 'fail'), ctx),
    ) as string[][];
    expect(odd.slice(1).map((r) => r[7])).toEqual(starts.map((s) => `'${s}`));
    // Nothing but those: a value that merely contains them is left alone.
    expect(records.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
  });

  it('writes only the header for a report without findings', () => {
    expect(csv(report([campaign({})], [], 'pass'), ctx)).toBe(`${HEADER.join(',')}\r\n`);
  });

  it('is deterministic', () => {
    expect(csv(sample, ctx)).toBe(text);
  });
});
