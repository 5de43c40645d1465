// In GitHub Actions: workflow commands on stdout, and the Markdown summary appended to the step summary.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-github-');

it('annotates the audience lines and appends the summary to $GITHUB_STEP_SUMMARY', async () => {
  const summary = path.join(newFolder(), 'summary.md');
  writeFileSync(summary, '# Earlier step\n');
  // CI is not set: GitHub Actions' CI=true would mask the names this test reads.
  const { status, stdout } = await runCli(['check', 'fixtures/print-shop', '--format', 'github'], {
    env: { GITHUB_STEP_SUMMARY: summary },
  });
  expect(status).toBe(1);
  expect(stdout).toMatch(
    /^::error file=fixtures\/print-shop\/audience\.csv,line=2,title=loyalty-inversion::Laura \(12 orders\)/m,
  );
  const written = readFileSync(summary, 'utf8');
  expect(written.startsWith('# Earlier step\n')).toBe(true);
  expect(written).toContain('print-shop-fall-coupon');
  expect(written).toContain('loyalty-inversion');
});
