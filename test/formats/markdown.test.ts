import { describe, expect, it } from 'vitest';
import { formatters, type FormatContext } from '../../src/formats/index.js';
import { campaign, finding, report, sample } from './sample-report.js';

const ctx: FormatContext = { color: false, cwd: '/work' };
const markdown = formatters.markdown;
const text = markdown(sample, ctx);

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
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /);
}

describe('markdown', () => {
  it('starts with the run status and a table of the campaigns', () => {
    expect(text.startsWith('## campaign-preflight ❌ fail\n\n')).toBe(true);
    expect(tableAfter('## campaign-preflight ❌ fail')).toEqual([
      '| Campaign | Status | Recipients | Errors | Warnings |',
      '| --- | --- | --: | --: | --: |',
      '| year-end | ❌ fail | 1,204 | 14 | 2 |',
      '| spring | ✅ pass | 3 | 0 | 2 |',
      '| summer-sale | ❌ fail | 250 | 0 | 1 |',
      '| autumn | ✅ pass | 80 | 0 | 0 |',
    ]);
  });

  it('gives each campaign with findings a table of its rules: severity, count and the first rows', () => {
    expect(text).toContain(
      '### year-end ❌ fail\n\ncampaigns/year-end/campaign.yaml · 1,204 recipients · audience campaigns/year-end/audience.csv\n\n',
    );
    const rules = tableAfter('### year-end ❌ fail');
    expect(rules[0]).toBe('| Rule | Severity | Findings | First rows |');
    expect(rules.slice(2).map((row) => cells(row)[0])).toEqual([
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
    // A clean campaign has no section of its own.
    expect(text).not.toContain('### autumn');
  });

  it('keeps every table row on one line with its cells, whatever the data holds', () => {
    for (const line of text.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.endsWith(' |'), line).toBe(true);
    }
    const nasty = tableAfter('### year-end ❌ fail').find((row) => row.includes('broken-personalization'))!;
    expect(cells(nasty)).toHaveLength(4);
    expect(cells(nasty)[3]).toBe('line 13 · C-103 · Dear "Ana" &lt;ana@example.com&gt; &amp; co: 100% off, \\| tab\there');
    const crlf = tableAfter('### spring ✅ pass').find((row) => row.includes('generic-salutation'))!;
    expect(cells(crlf)[3]).toBe(
      'line 4 · @&#8203;ada · greets "Dear customer" although first\\_name is "Ada" second line',
    );
    expect(text).not.toMatch(/[\u0001\uFFFE]/);
  });

  it('neither mentions people nor links issues', () => {
    const odd = markdown(
      report([campaign({ status: 'fail', errors: 1 })], [finding({ message: 'cc @octocat about order #12, ana@example.com' })], 'fail'),
      ctx,
    );
    expect(odd).toContain('cc @&#8203;octocat about order #&#8203;12, ana@example.com');
  });

  it('names the file on rows outside the audience, and gives the findings of no campaign their own table', () => {
    const run = tableAfter('### Not tied to a campaign');
    expect(cells(run[2])).toEqual([
      '[invalid-value](https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/invalid-value/README.md)',
      'error',
      '1',
      'data/orders.csv:7 · "2026-13-01" is not a date',
    ]);
  });

  it('ends with the verdict line', () => {
    expect(text.endsWith('\n\n**✖ 2 of 4 campaigns fail: 15 errors, 5 warnings**\n')).toBe(true);
    expect(markdown(report([campaign({})], [], 'pass'), ctx)).toBe(
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
    expect(markdown(sample, ctx)).toBe(text);
  });
});
