// Bulk suppressions through the command line, as ESLint's: a repository with 40 accepted errors
// adopts the gate with one --suppress-all, passes, and fails on the 41st; --prune-suppressions
// lowers the counts; a count with more room than the errors left is exit 2 unless
// --pass-on-unpruned-suppressions; a malformed file is exit 2 naming its line and column.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const FILE = 'campaign-preflight-suppressions.json';

/** Audience rows greeted "Postal Customer" although their customers are known by name: one generic-salutation error each. */
function addGenericRows(folder: string, from: number, count: number): void {
  const story = path.join(folder, 'campaigns/pizza');
  for (let n = from; n < from + count; n++) {
    const address = `"${n} Main Street, Springfield, IL 62701"`;
    const name = `Lee${letters(n)}`; // a person each: names with digits are not names
    appendFileSync(path.join(story, 'data/customers.csv'), `Q-${n},${name},Chan,q${n}@example.com,${address},62701,true,false\n`);
    appendFileSync(path.join(story, 'audience.csv'), `Q-${n},,Chan,${address},Postal Customer\n`);
  }
}

/** 1 → "b", 27 → "bb": a number in letters. */
function letters(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : letters(Math.floor(n / 26)) + String.fromCharCode(97 + (n % 26));
}

/** The pizza story (3 generic-salutation errors) with 37 more rows like them: 40 errors. */
function repositoryWith40Errors(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'preflight-suppressions-'));
  folders.push(folder);
  cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), path.join(folder, 'campaigns/pizza'), { recursive: true });
  mkdirSync(path.join(folder, '.git'));
  addGenericRows(folder, 1, 37);
  return folder;
}

async function check(folder: string, ...args: string[]) {
  const { status, stdout, stderr } = await runCli(['check', 'campaigns', ...args], { cwd: folder });
  return { status, stdout, stderr, verdict: stdout.trimEnd().split('\n').at(-1) };
}

async function json(folder: string, ...args: string[]) {
  const result = await check(folder, '--format', 'json', ...args);
  return { ...result, report: JSON.parse(result.stdout) };
}

describe('bulk suppressions', () => {
  it('a repository with 40 errors adopts the gate with --suppress-all, passes, then fails on the 41st', async () => {
    const folder = repositoryWith40Errors();
    const before = await json(folder);
    expect(before.status).toBe(1);
    expect(before.report.campaigns[0].errors).toBe(40);
    expect(Object.keys(before.report.campaigns[0])).not.toContain('suppressed');

    const adopted = await check(folder, '--suppress-all');
    expect(adopted.status).toBe(0);
    expect(adopted.verdict).toBe('✔ 1 campaign passes (40 findings suppressed)');
    expect(JSON.parse(readFileSync(path.join(folder, FILE), 'utf8'))).toEqual({
      'campaigns/pizza/campaign.yaml': { 'generic-salutation': { count: 40 } },
    });

    const gated = await json(folder);
    expect(gated.status).toBe(0);
    expect(gated.report.campaigns[0]).toMatchObject({ status: 'pass', errors: 0, suppressed: 40 });
    expect(gated.report.findings).toEqual([]);

    addGenericRows(folder, 100, 1);
    const fails = await json(folder);
    expect(fails.status).toBe(1);
    // As in ESLint: more errors than the count, and every one of them is reported.
    expect(fails.report.campaigns[0]).toMatchObject({ status: 'fail', errors: 41, suppressed: 0 });
    expect(fails.report.findings).toHaveLength(41);
  });

  it('fewer errors than the count: exit 2 naming --prune-suppressions, which lowers the count', async () => {
    const folder = repositoryWith40Errors();
    expect((await check(folder, '--suppress-all')).status).toBe(0);
    const audience = path.join(folder, 'campaigns/pizza/audience.csv');
    writeFileSync(audience, readFileSync(audience, 'utf8').split('\n').slice(0, -11).join('\n') + '\n');

    const unpruned = await check(folder);
    expect(unpruned.status).toBe(2);
    expect(unpruned.stderr).toContain('campaigns/pizza/campaign.yaml: generic-salutation count 40, 30 errors found');
    expect(unpruned.stderr).toContain('--prune-suppressions');
    const passing = await check(folder, '--pass-on-unpruned-suppressions');
    expect(passing.status).toBe(0);
    expect(passing.stderr).toContain('--prune-suppressions would tighten the file');

    expect((await check(folder, '--prune-suppressions')).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(folder, FILE), 'utf8'))).toEqual({
      'campaigns/pizza/campaign.yaml': { 'generic-salutation': { count: 30 } },
    });
    expect((await check(folder)).status).toBe(0);
  });

  it('--suppress-rule writes only the rules named; --suppressions-location moves the file', async () => {
    const folder = repositoryWith40Errors();
    const result = await check(folder, '--suppress-rule', 'no-such-finding', '--suppressions-location', 'gate/s.json');
    expect(result.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(folder, 'gate/s.json'), 'utf8'))).toEqual({});
    expect((await check(folder, '--suppress-rule', 'generic-salutation', '--suppressions-location', 'gate/s.json')).status).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(path.join(folder, 'gate/s.json'), 'utf8'))).toEqual({
      '../campaigns/pizza/campaign.yaml': { 'generic-salutation': { count: 40 } },
    });
    expect((await check(folder, '--suppressions-location', 'gate/s.json')).status).toBe(0);
    expect((await check(folder, '--suppressions-location', 'missing.json')).status).toBe(2);
    expect((await check(folder, '--suppress-all', '--prune-suppressions')).status).toBe(2);
  });

  it('is never written over a file the check reads, nor half-written', async () => {
    const folder = repositoryWith40Errors();
    const audience = path.join(folder, 'campaigns/pizza/audience.csv');
    const before = readFileSync(audience, 'utf8');
    const result = await check(folder, '--suppress-all', '--suppressions-location', 'campaigns/pizza/audience.csv');
    expect(result.status).toBe(2);
    // Refused either way: a CSV file is no suppressions file, and the check refuses outputs over its inputs.
    expect(result.stderr).toMatch(/invalid JSON|is a file this check reads/);
    expect(readFileSync(audience, 'utf8')).toBe(before);
    expect(readdirSync(path.join(folder, 'campaigns/pizza')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const config = path.join(folder, 'campaign-preflight.config.json');
    writeFileSync(config, '{}\n');
    const overConfig = await check(folder, '--suppress-all', '--suppressions-location', 'campaign-preflight.config.json');
    expect(overConfig.status).toBe(2);
    expect(overConfig.stderr).toContain('is a file this check reads');
    expect(readFileSync(config, 'utf8')).toBe('{}\n');
  });

  it('a malformed suppressions file is exit 2 naming its file, line and column', async () => {
    const folder = repositoryWith40Errors();
    writeFileSync(
      path.join(folder, FILE),
      '{\n  "campaigns/pizza/campaign.yaml": {\n    "generic-salutation": { count: 40 }\n  }\n}\n',
    );
    const result = await check(folder);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/campaign-preflight-suppressions\.json:3:29/);
    writeFileSync(path.join(folder, FILE), '{ "campaigns/pizza/campaign.yaml": { "generic-salutation": { "count": -1 } } }');
    const shape = await check(folder);
    expect(shape.status).toBe(2);
    expect(shape.stderr).toContain('"generic-salutation" must be { "count"');
  });
});

describe('row suppressions: suppress: in the campaign file', () => {
  /** The pizza story (generic-salutation errors at P-101 line 2, P-102 line 3, P-108 line 9; sent 2026-10-15) with `suppress`. */
  function pizzaSuppressing(suppress: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'preflight-row-suppressions-'));
    folders.push(folder);
    cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), path.join(folder, 'campaigns/pizza'), { recursive: true });
    mkdirSync(path.join(folder, '.git'));
    appendFileSync(path.join(folder, 'campaigns/pizza/campaign.yaml'), `suppress:\n${suppress}`);
    return folder;
  }

  it('suppresses by customer_id or line until the send passes `until`, then fails naming the suppression', async () => {
    const folder = pizzaSuppressing(
      [
        '  - { rule: generic-salutation, customer_id: P-101, reason: "greeting re-printed by hand", until: 2026-12-31 }',
        '  - { rule: generic-salutation, line: 3, reason: "franchise card", until: 2026-10-15 }',
        '  - { rule: generic-salutation, customer_id: P-108, reason: "asked to be called Customer", until: 2026-10-14 }',
        '',
      ].join('\n'),
    );
    const { status, report } = await json(folder);
    expect(status).toBe(1);
    expect(report.campaigns[0]).toMatchObject({ status: 'fail', errors: 1, suppressed: 2 });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].customerId).toBe('P-108');
    expect(report.findings[0].message).toContain(
      'the suppression of generic-salutation for customer P-108 expired after 2026-10-14 ("asked to be called Customer")',
    );
  });

  it('reason is required, and customer_id or line', async () => {
    const noReason = await check(pizzaSuppressing('  - { rule: generic-salutation, customer_id: P-101, until: 2026-12-31 }\n'));
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('reason');
    const noRow = await check(pizzaSuppressing('  - { rule: generic-salutation, reason: "x", until: 2026-12-31 }\n'));
    expect(noRow.status).toBe(2);
    expect(noRow.stderr).toContain('give customer_id or line');
  });
});
