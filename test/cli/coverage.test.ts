// Coverage through the command line (issue 12, docs/report.md): a check that could not run a rule
// says so, and a rule at error that could check nothing fails the campaign.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-coverage-');

interface Coverage {
  ruleId: string;
  status: string;
  rows: number;
  reason: string | null;
}

/** fixtures/passing in its own git top level, with files replaced or edited. */
function project(edit: (folder: string) => void): string {
  const folder = newFolder();
  mkdirSync(path.join(folder, '.git'));
  cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
  edit(folder);
  return folder;
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
}

async function checkJson(folder: string, args: string[] = []) {
  const result = await runCli(['check', '.', '--format', 'json', ...args], { cwd: folder });
  return { status: result.status, stderr: result.stderr, report: JSON.parse(result.stdout) };
}

const coverageOf = (report: { campaigns: Array<{ coverage: Coverage[] }> }, ruleId: string) =>
  report.campaigns[0].coverage.find((entry) => entry.ruleId === ruleId);

describe('coverage', () => {
  it('a customers file in another language: no-consent and generic-salutation are not checked, and the campaign fails', async () => {
    const folder = project((dir) => {
      const customers = path.join(dir, 'data/customers.csv');
      replaceIn(
        customers,
        /^.*$/m,
        'customer_id,vorname,nachname,email,phone,interests,einwilligung_email,do_not_contact,unsubscribed_at',
      );
      // Without the rename do_not_contact and unsubscribed_at would still make no-consent partial.
      replaceIn(customers, 'do_not_contact,unsubscribed_at', 'sperrvermerk,abgemeldet_am');
      replaceIn(path.join(dir, 'campaign.yaml'), /^ {2}greeting: .*$/m, '  greeting: "Dear Customer,"');
    });
    const { status, report } = await checkJson(folder);
    expect(status).toBe(1);
    expect(report.findings).toEqual([]);
    expect(report.campaigns[0]).toMatchObject({ status: 'fail', errors: 2, warnings: 0 });
    for (const ruleId of ['no-consent', 'generic-salutation']) {
      expect(coverageOf(report, ruleId)).toMatchObject({ status: 'not-checked', rows: 0 });
      expect(coverageOf(report, ruleId)!.reason).toContain('data/customers.csv');
    }
    expect(coverageOf(report, 'generic-salutation')!.reason).toMatch(
      /^data\/customers\.csv has no column first_name .*columns found: "customer_id", "vorname", .*did you mean "vorname"\? map it in campaign\.yaml: history\.customers: \{ path: …, columns: \{ first_name: "vorname" \} \}/,
    );
    expect(coverageOf(report, 'no-consent')!.reason).toMatch(/did you mean "einwilligung_email"/);
    expect(coverageOf(report, 'unknown-recipient')).toEqual({
      ruleId: 'unknown-recipient',
      status: 'checked',
      rows: 8,
      reason: null,
    });
    expect(coverageOf(report, 'review-before-delivery')).toMatchObject({ status: 'not-applicable', rows: 0 });
    expect(report.notices).toEqual([
      expect.objectContaining({
        kind: 'unread-columns',
        file: 'data/customers.csv',
        message: expect.stringMatching(/"vorname" \(first_name\?\).*"einwilligung_email" \(email_consent\?\)/),
      }),
    ]);
  });

  it('the mapping it suggests makes the campaign pass', async () => {
    const folder = project((dir) => {
      replaceIn(path.join(dir, 'data/customers.csv'), 'first_name', 'Vorname');
      replaceIn(
        path.join(dir, 'campaign.yaml'),
        '  customers: data/customers.csv',
        '  customers: { path: data/customers.csv, columns: { first_name: "Vorname" } }',
      );
    });
    const { status, report } = await checkJson(folder);
    expect(status).toBe(0);
    expect(coverageOf(report, 'generic-salutation')).toMatchObject({ status: 'checked', reason: null });
    expect(report.notices).toEqual([]);
  });

  it('no history: one notice, history rules not checked instead of a warning per row, and off means off', async () => {
    const folder = project((dir) => {
      replaceIn(path.join(dir, 'campaign.yaml'), /^history:\n(?: {2}.*\n)+/m, '');
      writeFileSync(path.join(dir, 'campaign-preflight.config.yaml'), 'rules:\n  no-consent: off\n');
    });
    const { status, report } = await checkJson(folder);
    expect(status).toBe(1);
    expect(report.notices).toEqual([
      { kind: 'no-history', file: null, message: expect.stringMatching(/^no customer history is named/) },
    ]);
    expect(report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'unknown-recipient')).toEqual([]);
    expect(coverageOf(report, 'unknown-recipient')).toMatchObject({
      status: 'not-checked',
      reason: expect.stringMatching(/^no customers file/),
    });
    expect(coverageOf(report, 'no-consent')).toBeUndefined();
    // unknown-recipient and contact-fatigue (warnings) count one warning each; generic-salutation,
    // loyalty-inversion, inconsistent-offer and stated-interest-ignored (errors) fail it.
    expect(report.campaigns[0]).toMatchObject({ status: 'fail', errors: 4, warnings: 2 });
  });

  it('contact-fatigue without a contacts file is partial: reported, not failed', async () => {
    const folder = project((dir) => replaceIn(path.join(dir, 'campaign.yaml'), /^ {2}contacts: .*\n/m, ''));
    const { status, report } = await checkJson(folder, ['--max-warnings', '0']);
    expect(status).toBe(0);
    expect(coverageOf(report, 'contact-fatigue')).toMatchObject({
      status: 'partial',
      rows: 8,
      reason: expect.stringMatching(/^no contacts file/),
    });
    expect(report.campaigns[0]).toMatchObject({ status: 'pass', errors: 0, warnings: 0 });
  });

  it('a rule not checked at warning counts as a warning: --max-warnings-per-campaign fails on it, and --rule off says "we know"', async () => {
    const folder = project((dir) => replaceIn(path.join(dir, 'campaign.yaml'), /^history:\n(?: {2}.*\n)+/m, ''));
    const errorRulesOff = [
      'generic-salutation',
      'loyalty-inversion',
      'inconsistent-offer',
      'no-consent',
      'stated-interest-ignored',
    ].flatMap((id) => ['--rule', `${id}=off`]);
    const counted = await checkJson(folder, [...errorRulesOff, '--max-warnings-per-campaign', '1']);
    expect(counted.report.campaigns[0]).toMatchObject({ status: 'fail', errors: 0, warnings: 2 });
    expect(counted.report.campaigns[0].thresholdsExceeded).toEqual([
      { ruleId: null, threshold: 'max_warnings', actual: 2, limit: 1 },
    ]);
    expect(counted.status).toBe(1);
    const off = await checkJson(folder, [
      ...errorRulesOff,
      '--rule',
      'unknown-recipient=off',
      '--rule',
      'contact-fatigue=off',
      '--max-warnings',
      '0',
    ]);
    expect(off.status).toBe(0);
    expect(coverageOf(off.report, 'unknown-recipient')).toBeUndefined();
  });
});
