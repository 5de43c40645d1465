// In GitHub Actions: workflow commands on stdout, and the Markdown summary appended to the step summary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const folder = mkdtempSync(path.join(tmpdir(), 'preflight-github-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('annotates the audience lines and appends the summary to $GITHUB_STEP_SUMMARY', () => {
  const summary = path.join(folder, 'summary.md');
  writeFileSync(summary, '# Earlier step\n');
  // Without --no-redact, GitHub Actions' CI=true would mask the names this test reads.
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_STEP_SUMMARY: summary };
  delete env.CI;
  const { status, stdout } = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/src/cli/bin.js'), 'check', 'fixtures/print-shop', '--format', 'github'],
    { cwd: ROOT, encoding: 'utf8', env },
  );
  expect(status).toBe(1);
  expect(stdout).toMatch(/^::error file=fixtures\/print-shop\/audience\.csv,line=2,title=loyalty-inversion::Laura \(12 orders\)/m);
  const written = readFileSync(summary, 'utf8');
  expect(written.startsWith('# Earlier step\n')).toBe(true);
  expect(written).toContain('print-shop-fall-coupon');
  expect(written).toContain('loyalty-inversion');
});
