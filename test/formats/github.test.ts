import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_RULE, githubSummary } from '../../src/formats/github.js';
import { formatters } from '../../src/formats/index.js';
import {
  NOT_CHECKED_REASON,
  NO_CUSTOMERS_REASON,
  NO_HISTORY_NOTICE,
  campaign,
  failingOnNotChecked,
  finding,
  report,
  sample,
  FORMAT_CONTEXT,
} from './sample-report.js';

const github = formatters.github;

describe('github', () => {
  const lines = github(sample, FORMAT_CONTEXT).trimEnd().split('\n');

  it('annotates each finding at its file and line, titled with its rule, in report order', () => {
    // Then two rules not checked and two notices.
    expect(lines).toHaveLength(sample.findings.length + 2 + 2 + 1);
    expect(lines[1]).toBe(
      '::error file=campaigns/year-end/audience.csv,line=10,title=no-consent::' +
        'Customer 100 refused email (email_consent is false on customer record C-100) — what to do: remove: refused email',
    );
    expect(lines.filter((line) => line.startsWith('::error ') && !line.includes(' not checked::'))).toHaveLength(15);
    expect(lines.filter((line) => line.startsWith('::warning ') && !line.includes(' not checked::'))).toHaveLength(5);
    expect(lines).toContain('::error file=data/orders.csv,line=7,title=invalid-value::"2026-13-01" is not a date');
  });

  it('annotates a campaign-level finding at its file without a line, or names its campaign', () => {
    expect(lines[0]).toBe(
      '::warning file=campaigns/year-end/audience.csv,title=control-group::' +
        'The control group of 12 rows is too small: 1,540 are needed to detect a 20%25 uplift',
    );
    expect(lines).toContain('::warning title=control-group::spring: no control rows');
  });

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(lines).toContain(
      '::error file=campaigns/year-end/audience.csv,line=13,title=broken-personalization::' +
        'Dear "Ana" <ana@example.com> & co:%0A100%25 off, | tab\there',
    );
    expect(lines).toContain(
      '::warning file=spring-audience.csv,line=4,title=generic-salutation::' +
        'greets "Dear customer" although first_name is "Ada"%0D%0Asecond line',
    );
    const odd = github(report([], [finding({ file: 'a,b:c%\nd.csv', ruleId: 'acme/x,y' })], 'fail'), FORMAT_CONTEXT);
    expect(odd.split('\n')[0]).toMatch(/^::error file=a%2Cb%3Ac%25%0Ad\.csv,line=2,title=acme\/x%2Cy::/);
    // No line of the data can start a command of its own.
    expect(
      github(sample, FORMAT_CONTEXT)
        .split('\n')
        .every((line) => line === '' || line.startsWith('::') || line.startsWith('✖')),
    ).toBe(true);
  });

  it('annotates a rule not checked at its campaign file: an error when that fails the campaign, else a warning', () => {
    const notChecked = lines.filter((line) => line.includes(' not checked::'));
    expect(notChecked).toEqual([
      `::error file=campaigns/year-end/campaign.yaml,title=generic-salutation not checked::year-end: ${NOT_CHECKED_REASON}`,
      `::warning file=spring.campaign.yaml,title=unknown-recipient not checked::spring: ${NO_CUSTOMERS_REASON}`,
    ]);
    // Checked in part and not applicable: no annotation (the summary lists those checked in part).
    expect(lines.some((line) => line.includes('contact-fatigue not checked') || line.includes('review-before-delivery'))).toBe(
      false,
    );
    expect(lines.filter((line) => line.startsWith('::') && line.includes('summer-sale:'))).toEqual([]);
  });

  it('gives each notice a ::notice, at its file when it has one, with its data escaped', () => {
    const notices = lines.filter((line) => line.startsWith('::notice '));
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(
      /^::notice file=data\/customers\.csv,title=Columns not read::columns look like ones the rules read but were not read: "vorname" \(first_name\?\), "Accepts <b>Email<\/b> \| \\x1B\[31mMarketing"/,
    );
    expect(notices[1]).toBe(`::notice title=No customer history::${NO_HISTORY_NOTICE.message}`);
    // A notice alone, before the verdict.
    const alone = github(report([campaign({})], [], 'pass', [NO_HISTORY_NOTICE]), FORMAT_CONTEXT).split('\n');
    expect(alone).toEqual([`::notice title=No customer history::${NO_HISTORY_NOTICE.message}`, '✔ 1 campaign passes', '']);
  });

  it('counts a rule not checked in the verdict as the campaign does', () => {
    expect(github(failingOnNotChecked, FORMAT_CONTEXT)).toBe(
      '::error file=campaigns/year-end/campaign.yaml,title=no-consent not checked::year-end: no customers file\n' +
        '✖ 1 of 1 campaign fails: 1 error, 0 warnings (1 rule not checked)\n',
    );
  });

  it(`annotates the first ${ANNOTATIONS_PER_RULE} findings of a rule in a campaign and notes the rest`, () => {
    const many = Array.from({ length: 130 }, (_, i) => finding({ line: 2 + i, customerId: `C-${i}` }));
    const other = finding({ campaignId: 'spring', file: 'spring.csv', line: 2 });
    const text = github(
      report(
        [campaign({ status: 'fail', errors: 130 }), campaign({ id: 'spring', status: 'fail', errors: 1 })],
        [...many, other],
        'fail',
      ),
      FORMAT_CONTEXT,
    );
    const out = text.trimEnd().split('\n');
    expect(out.filter((line) => line.includes('title=no-consent::Ada'))).toHaveLength(ANNOTATIONS_PER_RULE + 1);
    expect(out).toContain('::error file=spring.csv,line=2,title=no-consent::' + other.message);
    expect(out.filter((line) => line.startsWith('::notice '))).toEqual([
      `::notice file=campaigns/year-end/audience.csv,title=no-consent::80 more no-consent findings in year-end not annotated; the first ${ANNOTATIONS_PER_RULE} are. Every finding is in the json, csv and sarif formats.`,
    ]);
    expect(out.at(-1)).toBe('✖ 2 of 2 campaigns fail: 131 errors, 0 warnings');
  });

  it('ends with the verdict line', () => {
    expect(lines.at(-1)).toBe('✖ 2 of 4 campaigns fail: 16 errors, 6 warnings (2 rules not checked)');
    expect(github(report([campaign({})], [], 'pass'), FORMAT_CONTEXT)).toBe('✔ 1 campaign passes\n');
  });

  it('is deterministic', () => {
    expect(github(sample, FORMAT_CONTEXT)).toBe(github(sample, FORMAT_CONTEXT));
  });
});

describe('githubSummary', () => {
  it("is the markdown format's report, for $GITHUB_STEP_SUMMARY", () => {
    expect(githubSummary(sample, FORMAT_CONTEXT)).toBe(formatters.markdown(sample, FORMAT_CONTEXT));
    expect(githubSummary(sample, FORMAT_CONTEXT)).toBe(githubSummary(sample, FORMAT_CONTEXT));
  });
});
