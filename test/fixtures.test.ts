// Every story under fixtures/ through the command line: its exit code and exactly its expected
// findings. In-process, but for all of them in one run through the built executable, end to end.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli, runCli, type CliResult } from './support/cli.js';

interface Expected {
  exitCode: number;
  findings: Array<{ ruleId: string; severity: string; campaignId: string; customerId: string | null; line: number | null }>;
}

// fixtures/platforms holds platform exports, tested in test/platforms.test.ts.
const stories = readdirSync(join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'platforms')
  .map((entry) => entry.name);

async function runCheck(args: string[], run: (args: string[]) => Promise<CliResult> = runCli) {
  const result = await run(['check', ...args]);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fixtures', () => {
  it('has every story', () => {
    expect(stories).toEqual(
      expect.arrayContaining([
        'print-shop',
        'pizza-mailer',
        'kids-furniture',
        'yoga-mat',
        'passing',
        'car-dealer',
        'print-shop-two-addresses',
        'kids-sister-brand',
      ]),
    );
  });

  for (const story of stories) {
    it(`${story}: exit code and findings match expected.json`, async () => {
      const expected = JSON.parse(readFileSync(join(ROOT, 'fixtures', story, 'expected.json'), 'utf8')) as Expected;
      const { code, stdout, stderr } = await runCheck([`fixtures/${story}`, '--format', 'json']);
      expect(stderr).toBe('');
      expect(code).toBe(expected.exitCode);
      const report = JSON.parse(stdout);
      const found = report.findings.map((f: Expected['findings'][number]) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        campaignId: f.campaignId,
        customerId: f.customerId,
        line: f.line,
      }));
      expect(found).toEqual(expected.findings);
      // docs/report.md: every finding names the rule's message it was worded with.
      for (const finding of report.findings) expect(finding.messageId, finding.message).toMatch(/^[a-zA-Z]+$/);
      expect(report.status).toBe(expected.exitCode === 0 ? 'pass' : 'fail');
    });
  }

  it('checks every story as one run from the folder, with the same findings (the built executable)', async () => {
    const { code, stdout } = await runCheck(['fixtures', '--format', 'json'], runBuiltCli);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const ofStories = (file: string | null) => !file?.startsWith('fixtures/platforms/');
    report.campaigns = report.campaigns.filter((c: { file: string }) => ofStories(c.file));
    report.findings = report.findings.filter((f: { file: string | null }) => ofStories(f.file));
    const campaignFiles = stories.flatMap((story) =>
      readdirSync(join(ROOT, 'fixtures', story))
        .filter((name) => /^(campaign|.+\.campaign)\.ya?ml$/.test(name))
        .map((name) => `fixtures/${story}/${name}`),
    );
    expect(report.campaigns.map((c: { file: string }) => c.file).sort()).toEqual(campaignFiles.sort());
    const expectedCount = stories
      .map((s) => (JSON.parse(readFileSync(join(ROOT, 'fixtures', s, 'expected.json'), 'utf8')) as Expected).findings.length)
      .reduce((a, b) => a + b, 0);
    expect(report.findings).toHaveLength(expectedCount);
  });

  it('stylish output names the story rule and ends with the verdict', async () => {
    const { code, stdout } = await runCheck(['fixtures/print-shop']);
    expect(code).toBe(1);
    expect(stdout).toContain('loyalty-inversion');
    expect(stdout).toMatch(/Laura \(12 orders\) is offered 25% while 8 people with 0–1 orders and 2–4 orders are offered 40%/);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/1 of 1 campaign fails/);
  });
});
