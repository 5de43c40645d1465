import { describe, expect, it } from 'vitest';
import { formatters, type FormatContext } from '../../src/formats/index.js';
import type { Finding, Report } from '../../src/types.js';
import {
  BAD_ORDER_DATE,
  NO_CONTROL_ROWS,
  campaign,
  report,
  finding as sampleFinding,
  type ListedReport,
} from '../formats/sample-report.js';

const plain: FormatContext = { color: false, cwd: '/work' };
const colored: FormatContext = { color: true, cwd: '/work' };
const ANSI = /\u001b\[/;

/** The sample report's finding, with a short message. */
const finding = (overrides: Partial<Finding>): Finding => sampleFinding({ message: 'C-1001 refused email', ...overrides });

/** Year-end fails: 8 no-consent errors and a fatigue warning. Spring passes with a campaign-level warning. */
const mixed = report(
  [
    campaign({ status: 'fail', errors: 8, warnings: 1 }),
    campaign({ id: 'spring', file: 'spring.campaign.yaml', recipients: 1, warnings: 1 }),
  ],
  [
    ...Array.from({ length: 8 }, (_, i) =>
      finding({ line: 10 + i, customerId: `C-${100 + i}`, message: `C-${100 + i} refused email` }),
    ),
    finding({ ruleId: 'contact-fatigue', severity: 'warning', line: 40, message: '5 contacts in 7 days' }),
    NO_CONTROL_ROWS,
    BAD_ORDER_DATE,
  ],
  'fail',
);

describe('stylish', () => {
  const stylish = formatters.stylish;

  it('heads each campaign with its file, recipients, status and counts', () => {
    const text = stylish(mixed, plain);
    expect(text).toContain('year-end  FAIL  8 errors, 1 warning\n');
    expect(text).toContain('campaigns/year-end/campaign.yaml · 1,204 recipients · audience campaigns/year-end/audience.csv\n');
    expect(text).toContain('spring  PASS  0 errors, 1 warning\nspring.campaign.yaml · 1 recipient\n');
  });

  it('groups findings by rule, errors first, showing five rows and counting the rest', () => {
    const text = stylish(mixed, plain);
    expect(text).toContain(
      [
        '  no-consent  error  8 findings',
        '    line 10  C-100  C-100 refused email',
        '    line 11  C-101  C-101 refused email',
        '    line 12  C-102  C-102 refused email',
        '    line 13  C-103  C-103 refused email',
        '    line 14  C-104  C-104 refused email',
        '    … and 3 more',
        '',
        '  contact-fatigue  warning  1 finding',
        '    line 40  C-1001  5 contacts in 7 days',
      ].join('\n'),
    );
    expect(text).not.toContain('C-105');
  });

  it('shows a campaign-level finding without location or customer columns', () => {
    expect(stylish(mixed, plain)).toContain('  control-group  warning  1 finding\n    no control rows\n');
  });

  it('puts findings of no campaign in their own section, with their file', () => {
    expect(stylish(mixed, plain)).toContain(
      [
        'Not tied to a campaign  1 error, 0 warnings',
        '',
        '  invalid-value  error  1 finding',
        '    data/orders.csv:7  "2026-13-01" is not a date',
      ].join('\n'),
    );
  });

  it('names a file other than the audience on the row itself', () => {
    const text = stylish(
      report(
        [campaign({ status: 'fail', errors: 2 })],
        [finding({ line: 3 }), finding({ line: 4, file: 'campaigns/year-end/extra.csv' })],
        'fail',
      ),
      plain,
    );
    expect(text).toContain('    line 3                          C-1001');
    expect(text).toContain('    campaigns/year-end/extra.csv:4  C-1001');
  });

  it('ends with a verdict line', () => {
    const verdict = (r: Report) => stylish(r, plain).trimEnd().split('\n').at(-1);
    expect(verdict(mixed)).toBe('✖ 1 of 2 campaigns fails: 9 errors, 2 warnings');
    expect(
      verdict(
        report(
          [campaign({ status: 'fail', errors: 1 }), campaign({ id: 'b', status: 'fail', errors: 1 })],
          [finding({}), finding({ campaignId: 'b' })],
          'fail',
        ),
      ),
    ).toBe('✖ 2 of 2 campaigns fail: 2 errors, 0 warnings');
    const warnings = [50, 51, 52].map((line) => finding({ ruleId: 'contact-fatigue', severity: 'warning', line }));
    expect(verdict(report([campaign({ warnings: 3 }), campaign({ id: 'b' })], warnings, 'pass'))).toBe(
      '✔ 2 campaigns pass (3 warnings)',
    );
    expect(verdict(report([campaign({})], [], 'pass'))).toBe('✔ 1 campaign passes');
  });

  it('says the run fails when only a finding of no campaign fails it', () => {
    const runOnly = report([campaign({})], mixed.findings.slice(-1), 'fail');
    expect(stylish(runOnly, plain).trimEnd().split('\n').at(-1)).toBe('✖ the run fails: 1 error, 0 warnings');
  });

  it('uses colour only when asked to', () => {
    expect(stylish(mixed, plain)).not.toMatch(ANSI);
    expect(stylish(mixed, colored)).toMatch(ANSI);
  });
});

describe('json', () => {
  const json = formatters.json;

  it('prints the docs/report.md report, two-space indented, with a final newline', () => {
    const text = json(mixed, colored);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    expect(JSON.parse(text)).toEqual(mixed);
    expect(text).not.toMatch(ANSI);
  });

  it('keeps the documented key order and writes column only where it is set', () => {
    const parsed = JSON.parse(json(mixed, plain)) as ListedReport;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'status', 'campaigns', 'findings']);
    expect(Object.keys(parsed.campaigns[0])).toEqual(['id', 'file', 'recipients', 'status', 'errors', 'warnings']);
    const keys = ['ruleId', 'severity', 'campaignId', 'customerId', 'file', 'line', 'message', 'evidence'];
    expect(Object.keys(parsed.findings[0])).toEqual(keys);
    // column, where it is set, between line and message.
    expect(Object.keys(parsed.findings.at(-1)!)).toEqual([...keys.slice(0, 6), 'column', ...keys.slice(6)]);
  });

  it('leaves out anything that is not in the contract', () => {
    const withExtra = report([campaign({})], [{ ...finding({}), internal: 1 } as Finding], 'fail');
    expect(json(withExtra, plain)).not.toContain('internal');
  });
});
