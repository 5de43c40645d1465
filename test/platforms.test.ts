// Platform exports read with zero mapping (issue 13): each folder under fixtures/platforms holds
// a platform's own export files, exactly as its documentation lists their headers, and a campaign
// that names only the files. Every file must be read with a preset, the run must never stop on
// input (exit 2), and where the folder has an expected.json, the findings must be exactly the
// planted problems its README lists. A folder without one has findings the engine cannot give
// yet: its README lists them under "Needs".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli, runCli, type CliResult } from './support/cli.js';

interface Expected {
  exitCode: number;
  findings: Array<{ ruleId: string; severity: string; campaignId: string; customerId: string | null; line: number | null }>;
}

const folder = join(ROOT, 'fixtures/platforms');
const platforms = readdirSync(folder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function check(platform: string, run: (args: string[]) => Promise<CliResult> = runCli) {
  const result = await run(['check', `fixtures/platforms/${platform}`, '--format', 'json']);
  return { code: result.status, stderr: result.stderr, report: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe('platform exports', () => {
  it('has the eight platforms of issue 13', () => {
    expect(platforms).toEqual(['braze', 'brevo', 'hubspot', 'klaviyo', 'mailchimp', 'sfmc', 'shopify', 'woocommerce']);
  });

  for (const platform of platforms) {
    it(`${platform}: every file read with a preset, never exit 2, and the expected findings where listed`, async () => {
      const { code, stderr, report } = await check(platform);
      expect(stderr).toBe('');
      expect([0, 1]).toContain(code);
      for (const campaign of report.campaigns) {
        for (const source of campaign.sources) expect(source.preset, `${campaign.id}: ${source.file}`).not.toBeNull();
      }
      const expectedFile = join(folder, platform, 'expected.json');
      if (!existsSync(expectedFile)) return;
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
      expect(code).toBe(expected.exitCode);
      const found = report.findings.map(({ ruleId, severity, campaignId, customerId, line }: Expected['findings'][number]) => ({
        ruleId,
        severity,
        campaignId,
        customerId,
        line,
      }));
      expect(found).toEqual(expected.findings);
    });
  }

  // End to end: the built executable, its presets and its history worker.
  it('a finding that rests on an assumed delivery date says so (Shopify exports none; the built executable)', async () => {
    const { report } = await check('shopify', runBuiltCli);
    const unfulfilled = report.findings.find(
      (finding: { line: number; ruleId: string }) => finding.line === 2 && finding.ruleId === 'review-before-delivery',
    );
    expect(unfulfilled.message).toMatch(/\(delivery assumed 7 days after Fulfilled at\)$/);
    expect(unfulfilled.evidence.deliveryAssumed).toBe('7 days after Fulfilled at');
  });

  it('every platform gives exactly its planted problems', () => {
    const withExpected = platforms.filter((platform) => existsSync(join(folder, platform, 'expected.json')));
    expect(withExpected).toEqual(platforms);
  });
});
