// A run of 100,000 findings as GitHub code scanning takes it: at most 25,000 results in a run (we
// write 5,000, what it shows), under 10 MB gzipped, and valid for Microsoft's SARIF validator with
// GitHub's rules. In the slow suite: the validator takes seconds on a file of 5,000 results.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
import { RESULTS_PER_RUN } from '../../src/formats/sarif.js';
import { FORMAT_CONTEXT, NASTY_MESSAGE, campaign, finding, report } from '../formats/sample-report.js';
import { temporaryFolders } from '../support/cli.js';
import { sarifProblems, validateSarif } from '../support/sarif-multitool.js';

const newFolder = temporaryFolders('preflight-sarif-cap-');

it('writes 100,000 findings as a SARIF log GitHub code scanning accepts', { timeout: 180_000 }, () => {
  const rules = ['no-consent', 'generic-salutation', 'contact-fatigue', 'broken-personalization'];
  const findings = Array.from({ length: 100_000 }, (_, i) =>
    finding({
      ruleId: rules[i % rules.length],
      severity: i % 3 === 0 ? 'error' : 'warning',
      campaignId: i < 50_000 ? 'year-end' : 'spring',
      file: i < 50_000 ? 'campaigns/year-end/audience.csv' : 'spring/audience.csv',
      line: 2 + (i % 50_000),
      customerId: `C-${i}`,
      message: i % 1000 === 0 ? NASTY_MESSAGE : `Customer C-${i} refused email (email_consent is false)`,
      evidence: { customerRecord: `C-${i}`, email_consent: 'no' },
    }),
  );
  const big = report(
    [
      campaign({ status: 'fail', errors: 16_667, warnings: 33_333 }),
      campaign({ id: 'spring', file: 'spring/campaign.yaml', status: 'fail', errors: 16_667, warnings: 33_333 }),
    ],
    findings,
    'fail',
  );
  const text = formatters.sarif(big, FORMAT_CONTEXT);
  const log = JSON.parse(text) as { runs: Array<{ results: Array<{ level: string; properties: { omitted?: number } }> }> };
  const results = log.runs.flatMap((run) => run.results);
  const bytes = Buffer.byteLength(text);
  const gzipped = gzipSync(text).length;
  console.log(`sarif of 100,000 findings: ${results.length} results, ${bytes} bytes, ${gzipped} gzipped`);

  expect(log.runs.length).toBeLessThanOrEqual(20);
  expect(results.length).toBeLessThanOrEqual(25_000);
  expect(results.length).toBeLessThanOrEqual(RESULTS_PER_RUN);
  expect(gzipped).toBeLessThan(10 * 1024 * 1024);
  // The most severe first: 33,334 errors outnumber the room, so every finding listed is an error.
  expect(results.filter((r) => r.properties.omitted === undefined).every((r) => r.level === 'error')).toBe(true);
  const omitted = results.reduce((sum, r) => sum + (r.properties.omitted ?? 0), 0);
  expect(results.length - results.filter((r) => r.properties.omitted !== undefined).length + omitted).toBe(100_000);

  const folder = newFolder();
  const file = path.join(folder, 'big.sarif');
  writeFileSync(file, text);
  const { log: validation, console: output } = validateSarif([file], path.join(folder, 'validation.sarif'), folder);
  expect(validation.runs[0].invocations?.[0].executionSuccessful, output).toBe(true);
  expect(sarifProblems(validation, file), output).toEqual([]);
});
