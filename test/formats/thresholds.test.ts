// The thresholds a campaign exceeded, as the formats show them: named in the one verdict line
// (stylish, markdown, junit, github), in the JSON campaign after the contract's keys, on the html card.
import { describe, expect, it } from 'vitest';
import { verdictText } from '../../src/formats/common.js';
import { formatters } from '../../src/formats/index.js';
import type { ExceededThreshold } from '../../src/types.js';
import { campaign, finding, report } from './sample-report.js';

const ctx = { color: false, cwd: '/' };

const noConsentOverLimit: ExceededThreshold = { ruleId: 'no-consent', threshold: 'max_findings', actual: 12, limit: 10 };
const tooManyWarnings: ExceededThreshold = { ruleId: null, threshold: 'max_warnings', actual: 12, limit: 10 };

/** spring fails on no-consent's max_findings, summer on --max-warnings-per-campaign. */
const failing = report(
  [
    campaign({ id: 'spring', status: 'fail', errors: 12, thresholdsExceeded: [noConsentOverLimit] }),
    campaign({ id: 'summer', status: 'fail', warnings: 12, thresholdsExceeded: [tooManyWarnings] }),
    campaign({ id: 'autumn' }),
  ],
  [
    ...Array.from({ length: 12 }, (_, i) => finding({ campaignId: 'spring', line: i + 2 })),
    ...Array.from({ length: 12 }, (_, i) =>
      finding({ campaignId: 'summer', ruleId: 'contact-fatigue', severity: 'warning', line: i + 2 }),
    ),
  ],
  'fail',
);

const VERDICT =
  '✖ 2 of 3 campaigns fail: 12 errors, 12 warnings — spring: no-consent 12 findings > max_findings 10; ' +
  'summer: 12 warnings > --max-warnings-per-campaign 10';

describe('the verdict line', () => {
  it('names each exceeded threshold after the counts, campaign by campaign', () => {
    expect(verdictText(failing, { errors: 12, warnings: 12 })).toBe(VERDICT);
  });

  it('writes a share as a percentage of the recipients', () => {
    const share = report(
      [
        campaign({
          status: 'fail',
          errors: 3,
          thresholdsExceeded: [{ ruleId: 'no-consent', threshold: 'max_share', actual: 1 / 3, limit: 0.25 }],
        }),
      ],
      [],
      'fail',
    );
    expect(verdictText(share, { errors: 3, warnings: 0 })).toBe(
      '✖ 1 of 1 campaign fails: 3 errors, 0 warnings — year-end: no-consent 33.33% of recipients > max_share 25%',
    );
  });

  it('names the first five and counts the others', () => {
    const many = report(
      Array.from({ length: 4 }, (_, i) =>
        campaign({ id: `c${i}`, status: 'fail', thresholdsExceeded: [noConsentOverLimit, tooManyWarnings] }),
      ),
      [],
      'fail',
    );
    const text = verdictText(many, { errors: 48, warnings: 48 });
    expect(text.split('; ')).toHaveLength(6);
    expect(text).toMatch(/c2: no-consent 12 findings > max_findings 10; and 3 more$/);
    expect(text).not.toContain('\n');
  });

  it('says that the errors of a passing run are within thresholds', () => {
    const relaxed = report([campaign({ errors: 3, warnings: 1 })], [], 'pass');
    expect(verdictText(relaxed, { errors: 3, warnings: 1 })).toBe('✔ 1 campaign passes (3 errors within thresholds, 1 warning)');
    expect(verdictText(report([campaign({})], [], 'pass'), { errors: 0, warnings: 2 })).toBe('✔ 1 campaign passes (2 warnings)');
  });

  it('ends every human format', () => {
    expect(formatters.stylish(failing, ctx).trimEnd().split('\n').at(-1)).toBe(VERDICT);
    const markdownEscaped = VERDICT.replaceAll('_', '\\_').replaceAll('>', '&gt;');
    expect(formatters.markdown(failing, ctx).trimEnd().split('\n').at(-1)).toBe(`**${markdownEscaped}**`);
    expect(formatters.github(failing, ctx).trimEnd().split('\n').at(-1)).toBe(VERDICT);
    // An XML comment cannot hold "--".
    expect(formatters.junit(failing, ctx)).toContain(`<!-- campaign-preflight 1.2.3: ${VERDICT.replace('--', '- -')} -->`);
  });
});

describe('json', () => {
  it("adds thresholdsExceeded after the contract's keys, only to a campaign that exceeded one", () => {
    const { campaigns } = JSON.parse(formatters.json(failing, ctx));
    expect(Object.keys(campaigns[0])).toEqual(['id', 'file', 'recipients', 'status', 'errors', 'warnings', 'thresholdsExceeded']);
    expect(campaigns[0].thresholdsExceeded).toEqual([noConsentOverLimit]);
    expect(campaigns[1].thresholdsExceeded).toEqual([tooManyWarnings]);
    expect(Object.keys(campaigns[2])).toEqual(['id', 'file', 'recipients', 'status', 'errors', 'warnings']);
  });
});

describe('html', () => {
  it("names the exceeded thresholds on the campaign's card, and relaxed errors in the headline", () => {
    const page = formatters.html(failing, ctx);
    expect(page).toContain('<p class="exceeded">Over its limits: no-consent 12 findings &gt; max_findings 10</p>');
    expect(page).toContain('<p class="exceeded">Over its limits: 12 warnings &gt; --max-warnings-per-campaign 10</p>');
    const relaxed = formatters.html(report([campaign({ errors: 3 })], [finding({})], 'pass'), ctx);
    expect(relaxed).toContain('Ready to send: the campaign passes, with 1 error within thresholds');
    expect(relaxed).not.toContain('class="exceeded"');
  });
});
