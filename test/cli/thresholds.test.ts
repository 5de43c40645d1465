// Thresholds through the command line: a rule entry's max_findings and max_share, --fail-on
// --max-warnings and --max-warnings-per-campaign decide the exit code, and the verdict line names what failed. The pizza story
// has 3 generic-salutation errors among 9 recipients.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A copy of the pizza story with `rules` appended to its campaign file, and a config file if given. */
function pizzaWith(campaignRules: string, config?: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'preflight-thresholds-'));
  folders.push(folder);
  cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), folder, { recursive: true });
  mkdirSync(path.join(folder, '.git')); // config discovery stops here
  if (campaignRules)
    writeFileSync(
      path.join(folder, 'campaign.yaml'),
      `${readFileSync(path.join(folder, 'campaign.yaml'), 'utf8')}rules:\n${campaignRules}`,
    );
  if (config !== undefined) writeFileSync(path.join(folder, 'campaign-preflight.config.yaml'), config);
  return folder;
}

async function check(folder: string, ...args: string[]) {
  const { status, stdout, stderr } = await runCli(['check', '.', ...args], { cwd: folder });
  return { status, stdout, stderr, verdict: stdout.trimEnd().split('\n').at(-1) };
}

describe('rule thresholds', () => {
  it('max_findings relaxes: 3 errors within max_findings 3 pass, still reported', async () => {
    const folder = pizzaWith('  generic-salutation: [error, { max_findings: 3 }]\n');
    const result = await check(folder);
    expect(result.status).toBe(0);
    expect(result.verdict).toBe('✔ 1 campaign passes (3 errors within thresholds)');
    expect(result.stdout).toContain('generic-salutation  error  3 findings');
    const json = JSON.parse((await check(folder, '--format', 'json')).stdout);
    expect(json.status).toBe('pass');
    expect(json.findings).toHaveLength(3);
    expect(Object.keys(json.campaigns[0])).not.toContain('thresholdsExceeded');
  });

  it('max_share fails when the share of recipients is exceeded, and the verdict names it', async () => {
    const folder = pizzaWith('  generic-salutation: [error, { max_share: 0.25 }]\n');
    const result = await check(folder);
    expect(result.status).toBe(1);
    expect(result.verdict).toBe(
      '✖ 1 of 1 campaign fails: 3 errors, 0 warnings — pizza-we-miss-you: generic-salutation 33.33% of recipients > max_share 25%',
    );
    const json = JSON.parse((await check(folder, '--format', 'json')).stdout);
    expect(json.campaigns[0].thresholdsExceeded).toEqual([
      { ruleId: 'generic-salutation', threshold: 'max_share', actual: 3 / 9, limit: 0.25 },
    ]);
    expect((await check(pizzaWith('  generic-salutation: [error, { max_share: 0.4 }]\n'))).status).toBe(0);
  });

  it('thresholds in the config file apply to its campaigns', async () => {
    const folder = pizzaWith('', 'rules:\n  generic-salutation: [error, { max_findings: 2 }]\n');
    const result = await check(folder);
    expect(result.status).toBe(1);
    expect(result.verdict).toMatch(/— pizza-we-miss-you: generic-salutation 3 findings > max_findings 2$/);
  });

  it('a threshold of the wrong type is an input error at its place (exit 2)', async () => {
    const folder = pizzaWith('', 'rules:\n  generic-salutation: [error, { max_findings: ten }]\n');
    const result = await check(folder);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^campaign-preflight\.config\.yaml:2:33: rule "generic-salutation" max_findings: expected a whole number, 0 or more, got "ten"$/m,
    );
    const share = await check(pizzaWith('  generic-salutation: [error, { max_share: 1.5 }]\n'));
    expect(share.status).toBe(2);
    expect(share.stderr).toMatch(/^campaign\.yaml:\d+:\d+: rule "generic-salutation" max_share: expected a fraction/m);
  });
});

describe('--fail-on and --max-warnings', () => {
  it('--fail-on warning fails a campaign on a warning, within its rule thresholds', async () => {
    const folder = pizzaWith('');
    expect((await check(folder, '--rule', 'generic-salutation=warning')).status).toBe(0);
    const failing = await check(folder, '--rule', 'generic-salutation=warning', '--fail-on', 'warning');
    expect(failing.status).toBe(1);
    expect(failing.verdict).toBe('✖ 1 of 1 campaign fails: 0 errors, 3 warnings');
    const relaxed = pizzaWith('  generic-salutation: [warning, { max_findings: 3 }]\n');
    expect((await check(relaxed, '--fail-on', 'warning')).status).toBe(0);
  });

  it('--max-warnings-per-campaign is named in the verdict', async () => {
    const result = await check(pizzaWith(''), '--rule', 'generic-salutation=warning', '--max-warnings-per-campaign', '2');
    expect(result.status).toBe(1);
    expect(result.verdict).toBe(
      '✖ 1 of 1 campaign fails: 0 errors, 3 warnings — pizza-we-miss-you: 3 warnings > --max-warnings-per-campaign 2',
    );
  });

  it('--max-warnings counts the warnings of the whole run, as ESLint does: the reports unchanged, exit 1, and a line saying so', async () => {
    const folder = pizzaWith('');
    const over = await check(folder, '--rule', 'generic-salutation=warning', '--max-warnings', '2');
    expect(over.status).toBe(1);
    expect(over.verdict).toBe('✔ 1 campaign passes (3 warnings)');
    expect(over.stderr).toBe('campaign-preflight: 3 warnings found; --max-warnings is 2\n');
    const within = await check(folder, '--rule', 'generic-salutation=warning', '--max-warnings', '3');
    expect(within).toMatchObject({ status: 0, stderr: '' });
    // --quiet: warnings are not counted.
    expect((await check(folder, '--rule', 'generic-salutation=warning', '--max-warnings', '0', '--quiet')).status).toBe(0);
  });

  it('--fail-on takes error or warning only', async () => {
    const result = await check(pizzaWith(''), '--fail-on', 'info');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on takes error or warning; got "info"');
  });
});
