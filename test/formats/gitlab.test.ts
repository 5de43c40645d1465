import { describe, expect, it } from 'vitest';
import type { CodeQualityIssue } from '../../src/formats/gitlab.js';
import { formatStreams, formatters } from '../../src/formats/index.js';
import {
  FORMAT_CONTEXT,
  NOT_CHECKED_REASON,
  NO_CUSTOMERS_REASON,
  NO_HISTORY_NOTICE,
  UNREAD_COLUMNS_NOTICE,
  YEAR_END_AUDIENCE,
  campaign,
  finding,
  report,
  sample,
} from './sample-report.js';

const gitlab = formatters.gitlab;
const parse = (text: string) => JSON.parse(text) as CodeQualityIssue[];

describe('gitlab', () => {
  const issues = parse(gitlab(sample, FORMAT_CONTEXT));

  it("is GitLab Code Quality's array: one issue per finding, then rules not checked, then notices", () => {
    expect(issues).toHaveLength(sample.findings.length + 2 + 2);
    for (const issue of issues) {
      expect(Object.keys(issue)).toEqual(['description', 'check_name', 'fingerprint', 'severity', 'location']);
      expect(Object.keys(issue.location)).toEqual(['path', 'lines']);
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    const consent = issues.find((issue) => issue.check_name === 'no-consent')!;
    expect(consent).toEqual({
      description:
        'Customer 100 refused email (email_consent is false on customer record C-100) — what to do: remove: refused email',
      check_name: 'no-consent',
      fingerprint: consent.fingerprint,
      severity: 'major',
      location: { path: YEAR_END_AUDIENCE, lines: { begin: 10 } },
    });
  });

  it('gives an error major, a warning minor, a notice info', () => {
    const bySeverity = (severity: string) => issues.filter((issue) => issue.severity === severity).length;
    const findings = sample.findings;
    // The rule not checked at error is major, at warning minor.
    expect(bySeverity('major')).toBe(findings.filter((f) => f.severity === 'error').length + 1);
    expect(bySeverity('minor')).toBe(findings.filter((f) => f.severity === 'warning').length + 1);
    expect(bySeverity('info')).toBe(2);
  });

  it('places a finding of no file at its campaign file, and names its campaign', () => {
    expect(issues).toContainEqual(
      expect.objectContaining({
        description: 'spring: no control rows',
        check_name: 'control-group',
        location: { path: 'spring.campaign.yaml', lines: { begin: 1 } },
      }),
    );
  });

  it('puts rules not checked at their campaign file, and notices at their file or the first campaign file', () => {
    const tail = issues.slice(-4);
    expect(tail.map((issue) => [issue.check_name, issue.severity, issue.location.path])).toEqual([
      ['generic-salutation', 'major', 'campaigns/year-end/campaign.yaml'],
      ['unknown-recipient', 'minor', 'spring.campaign.yaml'],
      ['unread-columns', 'info', 'data/customers.csv'],
      ['no-history', 'info', 'campaigns/year-end/campaign.yaml'],
    ]);
    expect(tail[0].description).toBe(`year-end: generic-salutation not checked: ${NOT_CHECKED_REASON}`);
    expect(tail[1].description).toBe(`spring: unknown-recipient not checked: ${NO_CUSTOMERS_REASON}`);
    expect(tail[2].description).toBe(`data/customers.csv: ${UNREAD_COLUMNS_NOTICE.message}`);
    expect(tail[3].description).toBe(NO_HISTORY_NOTICE.message);
  });

  it('has unique fingerprints that survive rows added above', () => {
    const prints = issues.map((issue) => issue.fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    expect(prints.every((print) => /^[0-9a-f]{32}$/.test(print))).toBe(true);
    const moved = { ...sample, findings: sample.findings.map((f) => (f.customerId ? { ...f, line: f.line! + 2 } : f)) };
    expect(parse(gitlab(moved, FORMAT_CONTEXT)).map((issue) => issue.fingerprint)).toEqual(prints);
  });

  it('places files relative to the repository root when the command line knows it', () => {
    const placed = parse(
      gitlab(report([campaign({})], [finding({ file: '../shared/audience.csv' })], 'fail'), {
        ...FORMAT_CONTEXT,
        repositoryPath: (file) => file.replace('../', 'marketing/'),
      }),
    );
    expect(placed[0].location.path).toBe('marketing/shared/audience.csv');
  });

  it('is an empty array for a clean report, and escapes control characters', () => {
    expect(gitlab(report([campaign({})], [], 'pass'), FORMAT_CONTEXT)).toBe('[]\n');
    expect(gitlab(sample, FORMAT_CONTEXT)).not.toContain('\u001b');
    expect(gitlab(sample, FORMAT_CONTEXT)).toBe(gitlab(sample, FORMAT_CONTEXT));
  });

  it('is written issue by issue', () => {
    const pieces = [...formatStreams.gitlab(sample, FORMAT_CONTEXT)];
    expect(pieces.length).toBe(issues.length + 1);
  });
});
