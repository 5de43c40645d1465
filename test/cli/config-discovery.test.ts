// Config files found by searching under each of their names (issue 12, item 5), print-config, and
// the config files --debug names, through the command line.
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('campaign-preflight-config-discovery-');

/**
 * fixtures/passing in a git project of its own, its audience with one customer the history does
 * not know: a warning by default, an error under `extends: strict`. `files` are written into it.
 */
function project(files: Record<string, string> = {}): string {
  const folder = newFolder();
  cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
  mkdirSync(path.join(folder, '.git'));
  appendFileSync(path.join(folder, 'audience.csv'), 'H-999,stranger@example.com,Sam,Stranger,,treatment\n');
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  return folder;
}

interface JsonReport {
  status: string;
  findings: Array<{ ruleId: string; severity: string; customerId: string | null }>;
}

describe('config discovery', () => {
  it('finds campaign-preflight.config.yml, and --debug names it', async () => {
    const folder = project({ 'campaign-preflight.config.yml': 'extends: strict\n' });
    const { status, stdout, stderr } = await runCli(['check', '.', '--format', 'json', '--debug'], { cwd: folder });
    expect(stderr).toContain(
      `campaign.yaml: config campaign-preflight.config.yml; project root ${folder} (the folder holding .git)\n`,
    );
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'unknown-recipient', severity: 'error', customerId: 'H-999' }),
    ]);
  });

  it('finds campaign-preflight.config.json; without it the unknown recipient is a warning', async () => {
    const folder = project({ 'campaign-preflight.config.json': '{\n  "extends": "strict"\n}\n' });
    const strict = await runCli(['check', '.'], { cwd: folder });
    expect(strict.stderr).toBe('');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/unknown-recipient\s+error/);

    rmSync(path.join(folder, 'campaign-preflight.config.json'));
    const byDefault = await runCli(['check', '.', '--debug'], { cwd: folder });
    expect(byDefault.stderr).toContain('campaign.yaml: config none (defaults); project root');
    expect(byDefault.stdout).toMatch(/unknown-recipient\s+warning/);
    expect(byDefault.status).toBe(0);
  });

  it('two config files in one folder: exit 2 naming both', async () => {
    const folder = project({ 'campaign-preflight.config.yaml': 'extends: strict\n', 'campaign-preflight.config.yml': '' });
    const { status, stdout, stderr } = await runCli(['check', 'campaign.yaml'], { cwd: folder });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(
      'campaign-preflight.config.yaml: 2 config files in one folder: campaign-preflight.config.yaml, campaign-preflight.config.yml',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a JSON syntax error is exit 2 at file:line:column', async () => {
    const folder = project({ 'campaign-preflight.config.json': '{\n  "extends": "strict",\n}\n' });
    const { status, stderr } = await runCli(['check', '.'], { cwd: folder });
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      'campaign-preflight.config.json:3:1: invalid JSON: expected a property name in double quotes, found "}"',
    );
  });
});

describe('print-config', () => {
  const config = 'extends: strict\nrules:\n  contact-fatigue: [warning, { max: 5, max_findings: 2 }]\n';
  const campaignRules = 'rules:\n  no-consent: warning\n';

  it('prints the resolved config as YAML: the preset, the config file, and the campaign rules winning', async () => {
    const folder = project({ 'campaign-preflight.config.yml': config });
    appendFileSync(path.join(folder, 'campaign.yaml'), campaignRules);
    const { status, stdout, stderr } = await runCli(['print-config', 'campaign.yaml'], { cwd: folder });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('\nextends: strict\n');
    expect(stdout).toContain('\n  unknown-recipient: error\n');
    expect(parse(stdout)).toEqual({
      campaign: 'campaign.yaml',
      configFile: 'campaign-preflight.config.yml',
      projectRoot: folder,
      projectRootReason: 'the folder holding .git',
      extends: 'strict',
      history: {
        customers: { path: 'data/customers.csv' },
        orders: { path: 'data/orders.csv' },
        contacts: { path: 'data/contacts.csv' },
      },
      identity: { link_by: ['person_id', 'email', 'phone', 'name_postal'] },
      loyalty: { measure: 'orders', bands: [2, 5], tiers: [] },
      run: { window_days: 31 },
      plugins: [],
      rules: {
        'broken-personalization': 'error',
        'contact-fatigue': ['warning', { max: 5, window_days: 7, max_findings: 2 }],
        'control-group': 'error',
        'duplicate-recipient': 'error',
        'generic-salutation': 'error',
        'inconsistent-offer': 'error',
        'invalid-address': 'error',
        'invalid-value': 'error',
        'life-stage-mismatch': 'error',
        'loyalty-inversion': 'error',
        'no-consent': ['warning', { require_opt_in: false }],
        'reactivation-of-active': ['error', { active_days: 90 }],
        'review-before-delivery': 'error',
        'stated-interest-ignored': ['error', { require_match: false }],
        'unknown-recipient': 'error',
      },
    });
  });

  it('--format json, with --config and --rule as check takes them', async () => {
    const folder = project({ 'team.json': JSON.stringify({ extends: 'strict' }) });
    appendFileSync(path.join(folder, 'campaign.yaml'), campaignRules);
    const { status, stdout, stderr } = await runCli(
      ['print-config', 'campaign.yaml', '--config', 'team.json', '--rule', 'unknown-recipient=off', '--format', 'json'],
      { cwd: folder },
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const resolved = JSON.parse(stdout) as { configFile: string; extends: string; rules: Record<string, unknown> };
    expect(resolved).toMatchObject({ configFile: 'team.json', extends: 'strict' });
    expect(resolved.rules).toMatchObject({
      'unknown-recipient': 'off',
      'no-consent': ['warning', { require_opt_in: false }],
      'duplicate-recipient': 'error',
    });
  });
});
