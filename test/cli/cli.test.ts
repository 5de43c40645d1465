// The command line's commands, run in-process as the executable runs them.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, STACK_LINE, temporaryFolders } from '../support/cli.js';
import { formatters } from '../../src/formats/index.js';

const STARTER_FILES = [
  'campaign-preflight.config.yaml',
  'campaign.yaml',
  'audience.csv',
  'data/customers.csv',
  'data/orders.csv',
];

function run(args: string[], cwd = ROOT) {
  return runCli(args, { cwd });
}

const emptyFolder = temporaryFolders('campaign-preflight-cli-');

describe('campaign-preflight', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { status, stdout } = await run(['--version']);
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('exits 2 on an unknown command', async () => {
    const { status, stderr } = await run(['chek', 'x']);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown command 'chek'");
  });
});

describe('rules and explain', () => {
  it('lists every rule of docs/rules.md with its default severity', async () => {
    const { status, stdout } = await run(['rules']);
    expect(status).toBe(0);
    for (const [id, severity] of [
      ['loyalty-inversion', 'error'],
      ['generic-salutation', 'error'],
      ['review-before-delivery', 'error'],
      ['life-stage-mismatch', 'warning'],
      ['reactivation-of-active', 'error'],
      ['inconsistent-offer', 'error'],
      ['duplicate-recipient', 'error'],
      ['no-consent', 'error'],
      ['contact-fatigue', 'warning'],
      ['stated-interest-ignored', 'error'],
      ['broken-personalization', 'error'],
      ['invalid-address', 'error'],
      ['unknown-recipient', 'warning'],
      ['control-group', 'warning'],
      ['invalid-value', 'error'],
    ]) {
      expect(stdout).toMatch(new RegExp(`^${id} +${severity} +\\S`, 'm'));
    }
  });

  it("prints a rule's documentation", async () => {
    const { status, stdout } = await run(['explain', 'no-consent']);
    expect(status).toBe(0);
    expect(stdout).toContain('no-consent');
  });

  it('exits 2 on an unknown rule, with a suggestion and no stack trace', async () => {
    const { status, stdout, stderr } = await run(['explain', 'no-consnt']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown rule "no-consnt"');
    expect(stderr).toContain('did you mean "no-consent"?');
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe('check', () => {
  it('exits 2 naming a campaign file that does not exist', async () => {
    const { status, stderr } = await run(['check', 'no-such-campaign.yaml'], emptyFolder());
    expect(status).toBe(2);
    expect(stderr).toContain('no-such-campaign.yaml');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 when --max-warnings is not a whole number', async () => {
    const { status, stderr } = await run(['check', '.', '--max-warnings', 'abc']);
    expect(status).toBe(2);
    expect(stderr).toContain('--max-warnings');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 on an unknown format, listing the formats', async () => {
    const { status, stderr } = await run(['check', '.', '--format', 'jsn']);
    expect(status).toBe(2);
    expect(stderr).toContain('did you mean "json"?');
    expect(stderr).toContain(`formats: ${Object.keys(formatters).join(', ')}`);
  });

  it('exits 2 on a --rule severity that does not exist', async () => {
    const { status, stderr } = await run(['check', '.', '--rule', 'no-consent=fatal']);
    expect(status).toBe(2);
    expect(stderr).toContain('the severity is off, warn, warning, error, 0, 1 or 2; got "fatal"');
  });

  it('never writes its report over an input file', async () => {
    const folder = emptyFolder();
    writeFileSync(path.join(folder, 'campaign.yaml'), 'id: x\n');
    const { status, stderr } = await run(['check', '.', '--output', 'campaign.yaml'], folder);
    expect(status).toBe(2);
    expect(stderr).toContain('campaign.yaml');
    expect(readFileSync(path.join(folder, 'campaign.yaml'), 'utf8')).toBe('id: x\n');
  });
});

describe('init', () => {
  it('creates the starter files, then leaves them unchanged', async () => {
    const folder = emptyFolder();
    const first = await run(['init'], folder);
    expect(first.status).toBe(0);
    for (const file of STARTER_FILES) expect(first.stdout).toContain(`created  ${file}`);
    expect(first.stdout).toContain('campaign-preflight check .');

    writeFileSync(path.join(folder, 'audience.csv'), 'edited by hand\n');
    const second = await run(['init'], folder);
    expect(second.status).toBe(0);
    for (const file of STARTER_FILES) expect(second.stdout).toContain(`${file}: exists, left unchanged`);
    expect(readFileSync(path.join(folder, 'audience.csv'), 'utf8')).toBe('edited by hand\n');
  });

  it('makes a project that passes its first check', async () => {
    const folder = emptyFolder();
    expect((await run(['init'], folder)).status).toBe(0);

    const stylish = await run(['check', '.'], folder);
    expect(stylish.stderr).toBe('');
    expect(stylish.stdout).toContain('✔ 1 campaign passes\n');
    expect(stylish.status).toBe(0);

    const json = await run(['check', '.', '--format', 'json', '--output', 'report.json'], folder);
    expect(json.status).toBe(0);
    expect(json.stdout).toBe('');
    const report = JSON.parse(readFileSync(path.join(folder, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ status: 'pass', campaigns: [{ file: 'campaign.yaml', recipients: 3 }], findings: [] });
  });
});
