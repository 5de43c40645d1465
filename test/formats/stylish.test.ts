// What could not be checked, as stylish shows it: under each campaign's findings the rules not
// checked (✖ when that fails the campaign, ⚠ when it counts as a warning), each with its reason,
// and those checked in part named on one dim ℹ line; the notices once, before the verdict, which counts
// the rules not checked as the campaigns do. The rest of stylish is tested in test/cli/formats.test.ts.
import { describe, expect, it } from 'vitest';
import { formatters, type FormatContext } from '../../src/formats/index.js';
import {
  NOT_CHECKED_REASON,
  NO_CUSTOMERS_REASON,
  NO_HISTORY_NOTICE,
  campaign,
  covered,
  failingOnNotChecked,
  finding,
  notCheckedForCustomers,
  passingWithNotChecked,
  report,
  sample,
} from './sample-report.js';

const plain: FormatContext = { color: false, cwd: '/work' };
const colored: FormatContext = { color: true, cwd: '/work' };
const stylish = formatters.stylish;
const text = stylish(sample, plain);

/** The verdict: stylish's last line. */
const verdict = (r: Parameters<typeof stylish>[0]) => stylish(r, plain).trimEnd().split('\n').at(-1);

/** The lines of a campaign's section, from its heading to the blank line that ends it. */
function section(id: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${id}  `));
  expect(start, id).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line === '' && lines[i + 1] !== '' && !lines[i + 1].startsWith('  '));
  return lines.slice(start, end);
}

describe('stylish: what could not be checked', () => {
  it('lists the rules not checked under the campaign, after its findings, with the reason; those checked in part by name after them', () => {
    const yearEnd = section('year-end');
    expect(yearEnd[0]).toBe('year-end  FAIL  15 errors, 2 warnings');
    expect(yearEnd.slice(-3)).toEqual([
      '',
      `  ✖ not checked  generic-salutation  ${NOT_CHECKED_REASON}`,
      '  ℹ checked in part: contact-fatigue (the json, html and markdown reports say why)',
    ]);
    // The findings come first.
    expect(yearEnd.indexOf('  control-group  warning  1 finding')).toBeLessThan(yearEnd.length - 3);
  });

  it('marks a rule not checked that only counts as a warning with ⚠, and leaves out rules not applicable', () => {
    expect(section('spring').at(-1)).toBe(`  ⚠ not checked  unknown-recipient  ${NO_CUSTOMERS_REASON}`);
    expect(text).not.toContain('review-before-delivery');
    // autumn has nothing to say but its heading.
    expect(text).toContain('autumn  PASS\ncampaigns/autumn/campaign.yaml · 80 recipients\n\n');
  });

  it('prints the notices once, before the verdict, with control characters escaped', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      'ℹ data/customers.csv: columns look like ones the rules read but were not read: "vorname" (first_name?), ' +
        '"Accepts <b>Email</b> | \\x1B[31mMarketing" (email_consent?); if so, map them in campaigns/year-end/campaign.yaml: ' +
        'history.customers: { path: …, columns: { first_name: "vorname" } }',
      `ℹ ${NO_HISTORY_NOTICE.message}`,
      '',
      '✖ 2 of 4 campaigns fail: 16 errors, 6 warnings (2 rules not checked)',
    ]);
    expect(text).not.toContain('\u001b');
  });

  it('escapes control characters in a reason', () => {
    const odd = report(
      [
        campaign({
          warnings: 1,
          coverage: [covered('no-consent', { status: 'not-checked', reason: 'header "a\u001b[2Jb\nc" ignored' })],
        }),
      ],
      [],
      'pass',
    );
    expect(stylish(odd, plain)).toContain('  ⚠ not checked  no-consent  header "a\\x1B[2Jb\\nc" ignored\n');
  });

  it('counts a rule not checked in the verdict, failing or passing', () => {
    expect(verdict(failingOnNotChecked)).toBe('✖ 1 of 1 campaign fails: 1 error, 0 warnings (1 rule not checked)');
    expect(stylish(failingOnNotChecked, plain)).toContain(
      'year-end  FAIL  1 error, 0 warnings\ncampaigns/year-end/campaign.yaml · 1,204 recipients\n\n  ✖ not checked  no-consent  no customers file\n',
    );
    expect(verdict(passingWithNotChecked)).toBe('✔ 1 campaign passes (1 warning; 1 rule not checked)');
  });

  it('counts a rule not checked by its severity, as the campaign does, under --fail-on warning and --quiet', () => {
    const unknown = notCheckedForCustomers('unknown-recipient');
    // --fail-on warning: the warning rule not checked fails the campaign (✖), and is still a warning.
    const failOnWarning = report(
      [
        campaign({
          status: 'fail',
          errors: 1,
          warnings: 1,
          failingRules: ['no-consent', 'unknown-recipient'],
          coverage: [unknown],
        }),
      ],
      [finding({})],
      'fail',
    );
    expect(stylish(failOnWarning, plain)).toContain('  ✖ not checked  unknown-recipient  no customers file\n');
    expect(verdict(failOnWarning)).toBe('✖ 1 of 1 campaign fails: 1 error, 1 warning (1 rule not checked)');
    // --quiet: the campaign does not count it; it is still shown.
    const quiet = report([campaign({ coverage: [unknown] })], [], 'pass');
    expect(stylish(quiet, plain)).toContain('  ⚠ not checked  unknown-recipient  no customers file\n');
    expect(verdict(quiet)).toBe('✔ 1 campaign passes (1 rule not checked)');
  });

  it('colours the marks, and dims the line of rules checked in part', () => {
    const colours = stylish(sample, colored);
    expect(colours).toContain('\u001b[31m✖ not checked\u001b[39m');
    expect(colours).toContain('\u001b[33m⚠ not checked\u001b[39m');
    expect(colours).toContain(
      '\u001b[2m  ℹ checked in part: contact-fatigue (the json, html and markdown reports say why)\u001b[22m',
    );
  });
});
