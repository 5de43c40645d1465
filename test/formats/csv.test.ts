import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/csv/write.js';
import { formatFailureList } from '../../src/formats/csv.js';
import { formatters } from '../../src/formats/index.js';
import { NASTY_MESSAGE, campaign, finding, report, sample, FORMAT_CONTEXT } from './sample-report.js';

const csv = formatters.csv;
const text = csv(sample, FORMAT_CONTEXT);
const HEADER = [
  'campaign',
  'file',
  'line',
  'customer_id',
  'rule',
  'severity',
  'column',
  'message',
  'evidence',
  'what_to_do',
  'fix',
];

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
      'remove: refused email',
      '{"action":"remove"}',
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
      '',
      '',
    ]);
  });

  it('writes missing values as empty fields and evidence as JSON', () => {
    const spring = records.find((r) => r[0] === 'spring' && r[4] === 'control-group')!;
    expect(spring).toEqual(['spring', '', '', '', 'control-group', 'warning', '', 'no control rows', '{}', '', '']);
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
    expect(text).toContain('\r\nspring,,,,control-group,warning,,no control rows,{},,\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const fatigue = records.find((r) => r[4] === 'contact-fatigue' && r[0] === 'year-end')!;
    expect(fatigue[3]).toBe("'+44 20 7946 0000");
    expect(fatigue[7]).toBe('\'=HYPERLINK("http://evil.example","5 contacts in 7 days")');
    expect(records.find((r) => r[4] === 'acme/late-send')![7]).toBe("'-1 days before the holiday: sent too late");
    expect(records.find((r) => r[4] === 'generic-salutation')![3]).toBe("'@ada");
    const starts = ['\tTAB', '\rCR', '=1+1', '+1', '-1', '@SUM(A1)'];
    const odd = parse(
      csv(
        report(
          [campaign({})],
          starts.map((message) => finding({ message })),
          'fail',
        ),
        FORMAT_CONTEXT,
      ),
    ) as string[][];
    expect(odd.slice(1).map((r) => r[7])).toEqual(starts.map((s) => `'${s}`));
    // Nothing but those: a value that merely contains them is left alone.
    expect(records.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
  });

  describe('for a spreadsheet that splits on ; or tabs (much of Europe), where a quote opens a cell only at its start', () => {
    const HOSTILE = [
      "x;=cmd|' /C calc'!A0",
      '  =1+1',
      '\u3000@SUM(A1)',
      '＝HYPERLINK("http://evil.example","click")',
      '＋1',
      '－1',
      '＠SUM(A1)',
      ' "=1+1"',
      'a\tb=1',
      'a\t=1',
      'a;  ＋1',
      'line\r\n-1',
      'line\n@x',
    ];
    const hostile = report(
      [campaign({})],
      HOSTILE.map((value) => finding({ customerId: value, message: value })),
      'fail',
    );

    /** Every cell such a reader may see, at its worst: split at every `;`, tab and line break, quotes ignored. */
    const naiveCells = (csvText: string): string[] => csvText.split(/[;\t\r\n]/);
    const looksLikeFormula = (cell: string): boolean => /^[\s"]*[=+\-@＝＋－＠]/u.test(cell);

    it('leaves no cell starting with a formula, after blanks, quotes or full-width lookalikes', () => {
      for (const csvText of [csv(hostile, FORMAT_CONTEXT), [...formatFailureList(hostile)].join('')]) {
        const cells = naiveCells(csvText);
        expect(cells.length).toBeGreaterThan(HOSTILE.length);
        expect(cells.filter(looksLikeFormula)).toEqual([]);
      }
    });

    it('quotes a cell that holds ; or a tab, and prefixes the formula at its start or after a separator', () => {
      const line = (value: string) => csvLine([value]);
      expect(line("x;=cmd|' /C calc'!A0")).toBe(`"x;'=cmd|' /C calc'!A0"\r\n`);
      expect(line('  =1+1')).toBe("'  =1+1\r\n");
      expect(line('＝HYPERLINK("x")')).toBe(`"'＝HYPERLINK(""x"")"\r\n`);
      expect(line('a\t=1')).toBe(`"a\t'=1"\r\n`);
      expect(line('line\r\n-1')).toBe(`"line\r\n'-1"\r\n`); // the line break itself stays whole
      expect(line(' "=1+1"')).toBe(`"' ""=1+1"""\r\n`);
    });

    it('reads back, by an RFC 4180 reader, as the value with only the apostrophes added', () => {
      const cells = (parse(csv(hostile, FORMAT_CONTEXT)) as string[][]).slice(1).map((r) => r[3]);
      expect(cells).toEqual([
        "x;'=cmd|' /C calc'!A0",
        "'  =1+1",
        "'\u3000@SUM(A1)",
        '\'＝HYPERLINK("http://evil.example","click")',
        "'＋1",
        "'－1",
        "'＠SUM(A1)",
        '\' "=1+1"',
        'a\tb=1',
        "a\t'=1",
        "a;  '＋1",
        "line\r\n'-1",
        "line\n'@x",
      ]);
    });

    it('leaves values alone that only hold separators or formula characters inside', () => {
      const plain = [
        'a;b',
        'no-consent;generic-salutation',
        '50% off; see terms',
        'tab\there',
        'C-100',
        'a=b',
        'x@example.com',
        '1+1',
      ];
      const written = plain.map((value) => csvLine([value]));
      expect(written).toEqual([
        '"a;b"\r\n',
        '"no-consent;generic-salutation"\r\n',
        '"50% off; see terms"\r\n',
        '"tab\there"\r\n',
        'C-100\r\n',
        'a=b\r\n',
        'x@example.com\r\n',
        '1+1\r\n',
      ]);
      expect(written.map((text) => (parse(text) as string[][])[0][0])).toEqual(plain);
    });
  });

  it('writes only the header for a report without findings', () => {
    expect(csv(report([campaign({})], [], 'pass'), FORMAT_CONTEXT)).toBe(`${HEADER.join(',')}\r\n`);
  });

  it('is deterministic', () => {
    expect(csv(sample, FORMAT_CONTEXT)).toBe(text);
  });
});
