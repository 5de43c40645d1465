// When findings fail a campaign (docs/rules.md): any finding of a rule at a failing severity, unless the
// rule's max_findings / max_share relax it; --fail-on warning and --max-warnings, through check().
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { check, InputError, type CheckOptions, type Report } from '../../src/index.js';

const CUSTOMERS = `customer_id,first_name,last_name,email
${Array.from({ length: 8 }, (_, i) => `C-${i + 1},Name${i + 1},Family${i + 1},c${i + 1}@example.com`).join('\n')}
`;

/**
 * Ten recipients and two control rows: three rows greet generically (generic-salutation, error)
 * and two are not in the history (unknown-recipient, warning).
 */
const AUDIENCE = `customer_id,email,greeting,group
C-1,c1@example.com,Dear Name1,
C-2,c2@example.com,Dear Customer,
C-3,c3@example.com,Dear Name3,
C-4,c4@example.com,Dear Customer,
C-5,c5@example.com,Dear Name5,
C-6,c6@example.com,Dear Customer,
C-7,c7@example.com,Dear Name7,control
C-8,c8@example.com,Dear Name8,control
X-1,x1@example.com,Hello,
X-2,x2@example.com,Hello,
C-7,c7@example.com,Dear Name7,
C-8,c8@example.com,Dear Name8,
`;

const root = await mkdtemp(join(tmpdir(), 'preflight-thresholds-'));
afterAll(() => rm(root, { recursive: true, force: true }));

interface Project {
  /** `rules` of the config file. */
  config?: Record<string, unknown>;
  /** `rules` of the campaign file. */
  campaign?: Record<string, unknown>;
}

let projects = 0;

/** A one-campaign project with only generic-salutation and unknown-recipient on, checked. */
async function checkProject(project: Project, options: Partial<CheckOptions> = {}): Promise<Report> {
  const folder = join(root, `project-${projects++}`);
  const write = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  };
  await write('.git/HEAD', '');
  await write(
    'campaign-preflight.config.yaml',
    stringify({
      rules: {
        // no-consent too: the customers carry no consent, which would leave it not checked (docs/report.md).
        ...Object.fromEntries(['control-group', 'duplicate-recipient', 'no-consent'].map((id) => [id, 'off'])),
        ...project.config,
      },
    }),
  );
  await write('data/customers.csv', CUSTOMERS);
  await write('data/orders.csv', 'order_id,customer_id,ordered_at,status\n');
  await write(
    'campaign.yaml',
    stringify({
      id: 'spring',
      type: 'newsletter',
      channel: 'email',
      send_at: '2026-11-15T09:00:00Z',
      audience: 'audience.csv',
      history: { customers: 'data/customers.csv', orders: 'data/orders.csv' },
      control_group: { column: 'group', control_values: ['control'] },
      ...(project.campaign ? { rules: project.campaign } : {}),
    }),
  );
  await write('audience.csv', AUDIENCE);
  const { report, dispose } = await check({ targets: [join(folder, 'campaign.yaml')], cwd: folder, ...options });
  try {
    return { ...report, findings: [...report.findings] };
  } finally {
    dispose();
  }
}

function counts(report: Report): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const finding of report.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  return byRule;
}

describe('thresholds', () => {
  it('without thresholds, any error fails the campaign and nothing is listed as exceeded', async () => {
    const report = await checkProject({});
    expect(counts(report)).toEqual({ 'generic-salutation': 3, 'unknown-recipient': 2 });
    expect(report.campaigns[0]).toMatchObject({ recipients: 10, status: 'fail', errors: 3, warnings: 2 });
    expect(report.campaigns[0].thresholdsExceeded).toBeUndefined();
    expect(report.status).toBe('fail');
  });

  it('max_findings relaxes: 3 findings within max_findings 5 pass, and are still reported', async () => {
    const report = await checkProject({ config: { 'generic-salutation': ['error', { max_findings: 5 }] } });
    expect(report.status).toBe('pass');
    expect(report.campaigns[0]).toMatchObject({ status: 'pass', errors: 3 });
    expect(report.campaigns[0].thresholdsExceeded).toBeUndefined();
    expect(counts(report)['generic-salutation']).toBe(3);
  });

  it('max_findings fails when the findings exceed it, not when they equal it', async () => {
    const equal = await checkProject({ config: { 'generic-salutation': ['error', { max_findings: 3 }] } });
    expect(equal.status).toBe('pass');
    const over = await checkProject({ config: { 'generic-salutation': ['error', { max_findings: 2 }] } });
    expect(over.status).toBe('fail');
    expect(over.campaigns[0].thresholdsExceeded).toEqual([
      { ruleId: 'generic-salutation', threshold: 'max_findings', actual: 3, limit: 2 },
    ]);
  });

  it("max_share is a share of the campaign's recipients, control rows not counted", async () => {
    // 3 findings among 10 recipients (12 rows with the control rows): 30%.
    const within = await checkProject({ config: { 'generic-salutation': ['error', { max_share: 0.3 }] } });
    expect(within.status).toBe('pass');
    const over = await checkProject({ config: { 'generic-salutation': ['error', { max_share: 0.25 }] } });
    expect(over.status).toBe('fail');
    expect(over.campaigns[0].thresholdsExceeded).toEqual([
      { ruleId: 'generic-salutation', threshold: 'max_share', actual: 0.3, limit: 0.25 },
    ]);
  });

  it('with both thresholds, exceeding either fails', async () => {
    const report = await checkProject({ config: { 'generic-salutation': ['error', { max_findings: 10, max_share: 0.1 }] } });
    expect(report.status).toBe('fail');
    expect(report.campaigns[0].thresholdsExceeded?.map((t) => t.threshold)).toEqual(['max_share']);
    const both = await checkProject({ config: { 'generic-salutation': ['error', { max_findings: 1, max_share: 0.1 }] } });
    expect(both.campaigns[0].thresholdsExceeded?.map((t) => t.threshold)).toEqual(['max_findings', 'max_share']);
  });

  it("a campaign's entry replaces the config's, thresholds and options together; a bare severity keeps them", async () => {
    const replaced = await checkProject({
      config: { 'generic-salutation': ['error', { max_findings: 5 }] },
      campaign: { 'generic-salutation': ['error', { max_findings: 1 }] },
    });
    expect(replaced.campaigns[0].thresholdsExceeded?.[0]).toMatchObject({ limit: 1 });
    const kept = await checkProject({
      config: { 'generic-salutation': ['error', { max_findings: 5 }] },
      campaign: { 'generic-salutation': 'error' },
    });
    expect(kept.status).toBe('pass');
  });

  it('thresholds sit beside the rule options, which the rule still validates', async () => {
    const report = await checkProject({ config: { 'contact-fatigue': ['warning', { max: 5, max_findings: 0 }] } });
    expect(report.campaigns[0].status).toBe('fail'); // on generic-salutation: the options were accepted
    await expect(checkProject({ config: { 'contact-fatigue': ['warning', { mx: 5, max_findings: 0 }] } })).rejects.toThrow(
      /rule "contact-fatigue" options?.*"mx"/,
    );
  });
});

describe('--fail-on and --max-warnings', () => {
  const relaxed = { config: { 'generic-salutation': ['error', { max_findings: 5 }] } };

  it('fail-on warning: a warning fails the campaign', async () => {
    expect((await checkProject(relaxed)).status).toBe('pass');
    const report = await checkProject(relaxed, { failOn: 'warning' });
    expect(report.status).toBe('fail');
    expect(report.campaigns[0].thresholdsExceeded).toBeUndefined();
  });

  it("fail-on warning still honours a warning rule's thresholds", async () => {
    const within = await checkProject(
      { config: { ...relaxed.config, 'unknown-recipient': ['warning', { max_findings: 2 }] } },
      { failOn: 'warning' },
    );
    expect(within.status).toBe('pass');
    const over = await checkProject(
      { config: { ...relaxed.config, 'unknown-recipient': ['warning', { max_share: 0.1 }] } },
      { failOn: 'warning' },
    );
    expect(over.status).toBe('fail');
    expect(over.campaigns[0].thresholdsExceeded).toEqual([
      { ruleId: 'unknown-recipient', threshold: 'max_share', actual: 0.2, limit: 0.1 },
    ]);
  });

  it("a warning rule's thresholds do not fail the campaign unless warnings fail it", async () => {
    const report = await checkProject({ config: { ...relaxed.config, 'unknown-recipient': ['warning', { max_findings: 0 }] } });
    expect(report.status).toBe('pass');
  });

  it('max-warnings counts every warning and is listed as exceeded', async () => {
    const report = await checkProject(relaxed, { maxWarnings: 1 });
    expect(report.status).toBe('fail');
    expect(report.campaigns[0].thresholdsExceeded).toEqual([{ ruleId: null, threshold: 'max_warnings', actual: 2, limit: 1 }]);
    expect((await checkProject(relaxed, { maxWarnings: 2 })).status).toBe('pass');
  });
});

describe('bad thresholds are input errors at their place', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'a negative max_findings',
      { max_findings: -1 },
      /rule "generic-salutation" max_findings: expected a whole number, 0 or more, got -1/,
    ],
    ['a fractional max_findings', { max_findings: 2.5 }, /max_findings: expected a whole number/],
    ['max_share as text', { max_share: '5%' }, /max_share: expected a fraction .* from 0 to 1.*got "5%"/],
    ['max_share above 1', { max_share: 5 }, /max_share: expected a fraction/],
  ];
  for (const [name, thresholds, message] of cases) {
    it(name, async () => {
      const error = await checkProject({ campaign: { 'generic-salutation': ['error', thresholds] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(message);
      expect((error as InputError).file).toMatch(/campaign\.yaml$/);
      expect((error as InputError).line).toBeGreaterThan(1);
      expect((error as InputError).column).toBeGreaterThan(1);
    });
  }
});
