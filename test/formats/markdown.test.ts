import { describe, expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
import {
  NOT_CHECKED_REASON,
  NO_HISTORY_NOTICE,
  campaign,
  covered,
  finding,
  report,
  sample,
  FORMAT_CONTEXT,
} from './sample-report.js';

const markdown = formatters.markdown;
const text = markdown(sample, FORMAT_CONTEXT);

/** The table that follows a heading. */
function tableAfter(heading: string): string[] {
  const start = text.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start).split('\n');
  const first = rest.findIndex((line) => line.startsWith('|'));
  const end = rest.findIndex((line, i) => i > first && !line.startsWith('|'));
  return rest.slice(first, end);
}

/** The cells of a table row, split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

describe('markdown', () => {
  it('starts with the run status and a table of the campaigns', () => {
    expect(text.startsWith('## campaign-preflight ❌ fail\n\n')).toBe(true);
    expect(tableAfter('## campaign-preflight ❌ fail')).toEqual([
      '| Campaign | Status | Recipients | Errors | Warnings |',
      '| --- | --- | --: | --: | --: |',
      '| year-end | ❌ fail | 1,204 | 15 | 2 |',
      '| spring | ✅ pass | 3 | 0 | 3 |',
      '| summer-sale | ❌ fail | 250 | 0 | 1 |',
      '| autumn | ✅ pass | 80 | 0 | 0 |',
    ]);
  });

  it('gives each campaign with findings a table of its rules: severity, count and the first rows', () => {
    expect(text).toContain(
      '### year-end ❌ fail\n\ncampaigns/year-end/campaign.yaml · 1,204 recipients · audience campaigns/year-end/audience.csv\n\n',
    );
    const rules = tableAfter('### year-end ❌ fail');
    expect(rules[0]).toBe('| Rule | Severity | Findings | First rows | What to do |');
    // Each rule's id links to its page, with what the rule is about beneath.
    expect(cells(rules[4])[0]).toBe(
      '[no-consent](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/no-consent/README.md)<br>A recipient who refused the channel, unsubscribed, or must not be contacted at all.',
    );
    expect(rules.slice(2).map((row) => cells(row)[0].split('<br>')[0])).toEqual([
      'acme/late-send',
      '[broken-personalization](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/broken-personalization/README.md)',
      '[no-consent](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/no-consent/README.md)',
      '[contact-fatigue](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/contact-fatigue/README.md)',
      '[control-group](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/control-group/README.md)',
    ]);
    const noConsent = cells(rules[4]);
    expect(noConsent.slice(1, 3)).toEqual(['error', '12']);
    expect(noConsent[3].split('<br>')).toEqual([
      'line 10 · C-100 · Customer 100 refused email (email\\_consent is false on customer record C-100)',
      'line 11 · C-101 · Customer 101 refused email (email\\_consent is false on customer record C-101)',
      'line 12 · C-102 · Customer 102 refused email (email\\_consent is false on customer record C-102)',
      '… and 9 more',
    ]);
    expect(noConsent[4].split('<br>')).toEqual([
      'line 10: remove: refused email',
      'line 11: remove: refused email',
      'line 12: remove: refused email',
    ]);
    // A clean campaign has no section of its own.
    expect(text).not.toContain('### autumn');
  });

  it('keeps every table row on one line with its cells, whatever the data holds', () => {
    for (const line of text.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.endsWith(' |'), line).toBe(true);
    }
    const nasty = tableAfter('### year-end ❌ fail').find((row) => row.includes('broken-personalization'))!;
    expect(cells(nasty)).toHaveLength(5);
    expect(cells(nasty)[3]).toBe('line 13 · C-103 · Dear "Ana" &lt;ana@example.com&gt; &amp; co: 100% off, \\| tab\there');
    const crlf = tableAfter('### spring ✅ pass').find((row) => row.includes('generic-salutation'))!;
    expect(cells(crlf)[3]).toBe('line 4 · @&#8203;ada · greets "Dear customer" although first\\_name is "Ada" second line');
    expect(text).not.toMatch(/[\u0001\uFFFE]/);
  });

  it('neither mentions people nor links issues', () => {
    const odd = markdown(
      report(
        [campaign({ status: 'fail', errors: 1 })],
        [finding({ message: 'cc @octocat about order #12, ana@example.com' })],
        'fail',
      ),
      FORMAT_CONTEXT,
    );
    expect(odd).toContain('cc @&#8203;octocat about order #&#8203;12, ana@example.com');
  });

  it('names the file on rows outside the audience, and gives the findings of no campaign their own table', () => {
    const run = tableAfter('### Not tied to a campaign');
    expect(cells(run[2])).toEqual([
      '[invalid-value](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/invalid-value/README.md)<br>A cell that cannot be read as its column’s type, or a discount outside 0–100.',
      'error',
      '1',
      'data/orders.csv:7 · "2026-13-01" is not a date',
      '',
    ]);
  });

  it('says what could not be checked, campaign by campaign, in plain words with the reasons, and the notices', () => {
    const start = text.indexOf('### What could not be checked\n\n');
    expect(start).toBeGreaterThan(text.indexOf('### Not tied to a campaign'));
    const section = text.slice(start, text.lastIndexOf('\n\n**✖'));
    const docs = (rule: string) => `https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/${rule}/README.md`;
    const escaped = (reason: string) => reason.replaceAll('_', '\\_');
    expect(section).toContain(
      '**year-end** ❌ fail\n\n' +
        `- ❌ [generic-salutation](${docs('generic-salutation')}) was not checked, which fails the campaign: ${escaped(NOT_CHECKED_REASON)}\n` +
        `- ℹ️ [contact-fatigue](${docs('contact-fatigue')}) was checked only in part: no contacts file`,
    );
    expect(section).toContain(
      `**spring** ✅ pass\n\n- ⚠️ [unknown-recipient](${docs('unknown-recipient')}) was not checked (this counts as a warning): no customers file`,
    );
    expect(section).toContain('**summer-sale** ❌ fail\n\n- ℹ️ [no-consent]');
    // Not applicable is nothing to show; a campaign with nothing to show is left out.
    expect(section).not.toContain('review-before-delivery');
    expect(section).not.toContain('autumn');
    // The notices: header names are data, escaped like any other.
    expect(section).toContain(
      '**About the files**\n\n' +
        '- data/customers.csv: columns look like ones the rules read but were not read: "vorname" (first\\_name?), ' +
        '"Accepts &lt;b&gt;Email&lt;/b&gt; \\| \\[31mMarketing" (email\\_consent?); ',
    );
    expect(section).toContain(`\n- ${NO_HISTORY_NOTICE.message}`);
    expect(section).not.toMatch(/[\u001b]/);
  });

  it('has no such section when every rule could check every campaign', () => {
    const clean = markdown(
      report(
        [
          campaign({
            coverage: [covered('no-consent', { rows: 3 }), covered('review-before-delivery', { status: 'not-applicable' })],
          }),
        ],
        [],
        'pass',
        [],
      ),
      FORMAT_CONTEXT,
    );
    expect(clean).not.toContain('could not be checked');
    const noticeOnly = markdown(report([campaign({})], [], 'pass', [NO_HISTORY_NOTICE]), FORMAT_CONTEXT);
    expect(noticeOnly).toContain(
      `### What could not be checked\n\n**About the files**\n\n- ${NO_HISTORY_NOTICE.message}\n\n**✔ 1 campaign passes**`,
    );
  });

  it('ends with the verdict line, which counts the rules not checked', () => {
    expect(text.endsWith('\n\n**✖ 2 of 4 campaigns fail: 16 errors, 6 warnings (2 rules not checked)**\n')).toBe(true);
    expect(markdown(report([campaign({})], [], 'pass'), FORMAT_CONTEXT)).toBe(
      [
        '## campaign-preflight ✅ pass',
        '',
        '| Campaign | Status | Recipients | Errors | Warnings |',
        '| --- | --- | --: | --: | --: |',
        '| year-end | ✅ pass | 1,204 | 0 | 0 |',
        '',
        '**✔ 1 campaign passes**',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic', () => {
    expect(markdown(sample, FORMAT_CONTEXT)).toBe(text);
  });
});
