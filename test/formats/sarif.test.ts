import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
import { RESULTS_PER_RUN } from '../../src/formats/sarif.js';
import {
  NASTY_MESSAGE,
  NOT_CHECKED_REASON,
  NO_CUSTOMERS_REASON,
  PARTIAL_REASON,
  UNREAD_COLUMNS_NOTICE,
  campaign,
  covered,
  finding,
  report,
  sample,
  FORMAT_CONTEXT,
} from './sample-report.js';
import { validateSarif } from '../support/sarif-multitool.js';

const sarif = formatters.sarif;

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[]; notifications?: SarifRule[] } };
    results: SarifResult[];
    invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: SarifNotification[] }>;
  }>;
}
interface SarifNotification {
  level: string;
  message: { text: string };
  descriptor: { id: string; index: number };
  associatedRule?: { id: string; index: number };
  locations?: SarifResult['locations'];
  properties?: Record<string, unknown>;
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;

describe('sarif', () => {
  const log = parse(sarif(sample, FORMAT_CONTEXT));
  const [run] = log.runs;

  it('is one SARIF 2.1.0 run of campaign-preflight', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'campaign-preflight',
      version: '1.2.3',
      informationUri: 'https://github.com/campaign-preflight/campaign-preflight',
    });
  });

  it('describes every rule that has a finding or could not check a campaign, and no other, with its docs', () => {
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual([
      'acme/late-send',
      'broken-personalization',
      'contact-fatigue',
      'control-group',
      'generic-salutation',
      'invalid-value',
      'no-consent',
      // Not checked in spring, without findings: described for its notification.
      'unknown-recipient',
    ]);
    const noConsent = run.tool.driver.rules.find((rule) => rule.id === 'no-consent')!;
    const docs = 'https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/no-consent/README.md';
    expect(noConsent.helpUri).toBe(docs);
    expect(noConsent.shortDescription.text).toMatch(/refused the channel/);
    expect(noConsent.fullDescription.text).toMatch(/refused the channel/);
    expect(noConsent.help.text).toContain(docs);
    expect(noConsent.help.markdown).toContain(`](${docs})`);
    expect(noConsent.defaultConfiguration.level).toBe('error');
    // generic-salutation is an error by default, whatever this run made of it.
    expect(run.tool.driver.rules.find((rule) => rule.id === 'generic-salutation')!.defaultConfiguration.level).toBe('error');
  });

  it("describes a plugin's rule without a link, from what the command line knows of it", () => {
    const plugin = run.tool.driver.rules.find((rule) => rule.id === 'acme/late-send')!;
    expect(plugin.helpUri).toBeUndefined();
    expect(plugin.defaultConfiguration.level).toBe('error');
    const described = parse(
      sarif(sample, {
        ...FORMAT_CONTEXT,
        rules: [{ id: 'acme/late-send', description: 'Sent after the holiday.', severity: 'warning' }],
      }),
    ).runs[0].tool.driver.rules[0];
    expect(described.shortDescription.text).toBe('Sent after the holiday.');
    expect(described.defaultConfiguration.level).toBe('warning');
  });

  it('gives one result per finding, in report order, pointing at its rule', () => {
    expect(run.results).toHaveLength(sample.findings.length);
    run.results.forEach((result, i) => {
      const source = sample.findings[i];
      expect(result.ruleId).toBe(source.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(source.ruleId);
      expect(result.level).toBe(source.severity);
      expect(result.message.text).toBe(source.message);
      expect(result.properties).toMatchObject({
        campaignId: source.campaignId,
        customerId: source.customerId,
        evidence: source.evidence,
      });
    });
    expect(run.results.find((r) => r.ruleId === 'broken-personalization')!.message.text).toBe(NASTY_MESSAGE);
    expect(run.results.find((r) => r.ruleId === 'invalid-value')!.properties.column).toBe('ordered_at');
  });

  it('locates a row at its file and line, relative to %SRCROOT%, with the path URI-encoded', () => {
    const location = (i: number) => run.results[i].locations[0].physicalLocation;
    const row = sample.findings.findIndex((f) => f.ruleId === 'no-consent');
    expect(location(row)).toEqual({
      artifactLocation: { uri: 'campaigns/year-end/audience.csv', uriBaseId: '%SRCROOT%' },
      region: { startLine: sample.findings[row].line },
    });
    const summer = sample.findings.findIndex((f) => f.campaignId === 'summer-sale');
    expect(location(summer).artifactLocation.uri).toBe('campaigns/summer%20sale/audience.csv');
    const history = sample.findings.findIndex((f) => f.campaignId === null);
    expect(location(history)).toEqual({
      artifactLocation: { uri: 'data/orders.csv', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7 },
    });
  });

  it('locates a campaign-level finding at line 1 of its file, or of its campaign file', () => {
    const results = run.results.filter((r) => r.ruleId === 'control-group');
    expect(results.map((r) => r.locations[0].physicalLocation)).toEqual([
      { artifactLocation: { uri: 'campaigns/year-end/audience.csv', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
      { artifactLocation: { uri: 'spring.campaign.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
    ]);
  });

  it('makes absolute paths relative to the working folder, and keeps others as file URIs', () => {
    const at = (file: string) =>
      parse(sarif(report([], [finding({ file })], 'fail'), { color: false, cwd: '/work/shop' })).runs[0].results[0].locations[0]
        .physicalLocation.artifactLocation;
    expect(at('/work/shop/campaigns/a b.csv')).toEqual({ uri: 'campaigns/a%20b.csv', uriBaseId: '%SRCROOT%' });
    expect(at('./audience.csv')).toEqual({ uri: 'audience.csv', uriBaseId: '%SRCROOT%' });
    expect(at('campaigns\\win\\audience.csv')).toEqual({ uri: 'campaigns/win/audience.csv', uriBaseId: '%SRCROOT%' });
    expect(at('/srv/data/audience.csv')).toEqual({ uri: 'file:///srv/data/audience.csv' });
  });

  it('fingerprints every finding distinctly, and the same finding alike when rows move', () => {
    const prints = run.results.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(prints).size).toBe(prints.length);
    expect(prints.every((p) => /^[0-9a-f]{32}$/.test(p))).toBe(true);
    // Two rows inserted above every row finding: lines change, fingerprints do not.
    const moved = { ...sample, findings: sample.findings.map((f) => (f.customerId ? { ...f, line: f.line! + 2 } : f)) };
    expect(parse(sarif(moved, FORMAT_CONTEXT)).runs[0].results.map((r) => r.partialFingerprints)).toEqual(
      run.results.map((r) => r.partialFingerprints),
    );
  });

  it('says what could not be checked in the invocation: a notification per rule not checked or checked in part, at its campaign file', () => {
    const [invocation] = run.invocations!;
    expect(run.invocations).toHaveLength(1);
    expect(invocation.executionSuccessful).toBe(true);
    const notifications = invocation.toolExecutionNotifications!;
    const campaignFile = (uri: string) => [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }];
    const ruleAt = (id: string) => run.tool.driver.rules.findIndex((rule) => rule.id === id);
    const kindAt = (id: string) => run.tool.driver.notifications!.findIndex((kind) => kind.id === id);
    // Not checked and failing year-end: an error, about the rule, at the campaign file.
    expect(notifications[0]).toEqual({
      level: 'error',
      message: { text: `year-end: not checked: ${NOT_CHECKED_REASON}` },
      descriptor: { id: 'not-checked', index: kindAt('not-checked') },
      associatedRule: { id: 'generic-salutation', index: ruleAt('generic-salutation') },
      locations: campaignFile('campaigns/year-end/campaign.yaml'),
      properties: { campaignId: 'year-end', status: 'not-checked', rows: 0 },
    });
    // Checked in part: a note. Not checked at warning (not in failingRules): a warning.
    expect(notifications.map((n) => [n.level, n.associatedRule?.id ?? n.descriptor.id])).toEqual([
      ['error', 'generic-salutation'],
      ['note', 'contact-fatigue'],
      ['warning', 'unknown-recipient'],
      ['note', 'no-consent'],
      ['note', 'unread-columns'],
      ['note', 'no-history'],
    ]);
    expect(notifications[1].message.text).toBe(`year-end: checked only in part: ${PARTIAL_REASON}`);
    expect(notifications[2].message.text).toBe(`spring: not checked: ${NO_CUSTOMERS_REASON}`);
    expect(notifications[2].locations).toEqual(campaignFile('spring.campaign.yaml'));
    expect(notifications[3].locations).toEqual(campaignFile('campaigns/summer%20sale/campaign.yaml'));
    // Not applicable is nothing to say: review-before-delivery has no notification.
    expect(notifications.some((n) => n.associatedRule?.id === 'review-before-delivery')).toBe(false);
  });

  it('gives a note per notice, at its file when it has one, and describes each kind of notification', () => {
    const notifications = run.invocations![0].toolExecutionNotifications!;
    const unread = notifications.find((n) => n.descriptor.id === 'unread-columns')!;
    expect(unread.level).toBe('note');
    expect(unread.message.text).toBe(`data/customers.csv: ${UNREAD_COLUMNS_NOTICE.message}`);
    expect(unread.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'data/customers.csv', uriBaseId: '%SRCROOT%' } } },
    ]);
    expect(notifications.find((n) => n.descriptor.id === 'no-history')!.locations).toBeUndefined();
    expect(run.tool.driver.notifications!.map((kind) => [kind.id, kind.defaultConfiguration.level])).toEqual([
      ['not-checked', 'error'],
      ['partial', 'note'],
      ['unread-columns', 'note'],
      ['no-history', 'note'],
    ]);
    // The escape sequence in a header name is written as a \u escape, inert wherever the log is shown.
    expect(sarif(sample, FORMAT_CONTEXT)).not.toContain('\u001b');
  });

  it('has an invocation without notifications when everything was checked', () => {
    const clean = parse(
      sarif(report([campaign({ coverage: [covered('no-consent', { rows: 3 })] })], [], 'pass', []), FORMAT_CONTEXT),
    ).runs[0];
    expect(clean.invocations).toEqual([{ executionSuccessful: true }]);
    expect(clean.tool.driver.notifications).toBeUndefined();
    expect(clean.results).toEqual([]);
  });

  it('is deterministic', () => {
    expect(sarif(sample, FORMAT_CONTEXT)).toBe(sarif(sample, FORMAT_CONTEXT));
    expect(sarif(sample, FORMAT_CONTEXT).endsWith('}\n')).toBe(true);
  });

  // The validator is a .NET program that takes a few seconds to start.
  it(
    "passes Microsoft's SARIF validator, GitHub code scanning's rules included, without errors or warnings",
    { timeout: 120_000 },
    () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'preflight-sarif-'));
      cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
      const ours = path.join(folder, 'preflight.sarif');
      writeFileSync(ours, sarif(sample, FORMAT_CONTEXT));
      // A control: the validator must find the error planted here, or it did not really validate.
      const planted = path.join(folder, 'planted.sarif');
      writeFileSync(planted, sarif(sample, FORMAT_CONTEXT).replace('"startLine": 10\n', '"startLine": 0\n'));
      // Paths outside the working folder: relative with "..", absolute, a Windows drive.
      const paths = path.join(folder, 'paths.sarif');
      const outside = ['../shared/audience.csv', '/srv/x y/a#b.csv', 'C:\\data\\a.csv'];
      writeFileSync(
        paths,
        sarif(
          report(
            [campaign({})],
            outside.map((file) => finding({ file })),
            'fail',
          ),
          FORMAT_CONTEXT,
        ),
      );
      const output = path.join(folder, 'validation.sarif');

      const { log: raw, console } = validateSarif([ours, planted, paths], output, folder);
      const log = raw as SarifLog;
      const problems = log.runs[0].results.map((r) => ({
        file: path.basename(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)),
        level: r.level ?? 'warning',
        rule: r.ruleId,
        where: r.message.arguments?.[0],
      }));
      expect(log.runs[0].invocations?.[0].executionSuccessful, console).toBe(true);
      expect(problems.filter((p) => p.file === 'planted.sarif' && p.level === 'error').length, console).toBeGreaterThan(0);
      expect(
        problems.filter((p) => p.file !== 'planted.sarif' && p.level !== 'note'),
        console,
      ).toEqual([]);
    },
  );
});

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

describe(`sarif over ${RESULTS_PER_RUN.toLocaleString('en-US')} findings`, () => {
  // 6,000 warnings of one rule, then 500 errors of another, in report order; and a second campaign's warnings.
  const warnings = Array.from({ length: 6_000 }, (_, i) =>
    finding({ ruleId: 'generic-salutation', severity: 'warning', line: 2 + i, customerId: `W-${i}` }),
  );
  const errors = Array.from({ length: 500 }, (_, i) => finding({ line: 2 + i, customerId: `E-${i}` }));
  const spring = Array.from({ length: 10 }, (_, i) =>
    finding({ ruleId: 'contact-fatigue', severity: 'warning', campaignId: 'spring', file: 'spring.csv', line: 2 + i }),
  );
  const big = report(
    [campaign({ status: 'fail', errors: 500, warnings: 6_000 }), campaign({ id: 'spring', file: 'spring.campaign.yaml' })],
    [...warnings, ...errors, ...spring],
    'fail',
  );
  const capped = parse(sarif(big, FORMAT_CONTEXT)).runs[0];

  it('keeps every error and the first warnings, and sums up the rest per rule and severity', () => {
    // Room was kept for three summaries; the errors, all listed, need none.
    expect(capped.results).toHaveLength(RESULTS_PER_RUN - 1);
    const listed = capped.results.filter((r) => r.properties.omitted === undefined);
    const summaries = capped.results.filter((r) => r.properties.omitted !== undefined);
    expect(listed.filter((r) => r.level === 'error')).toHaveLength(500);
    // Room for a summary for each of the three (rule, severity) groups.
    expect(listed.filter((r) => r.level === 'warning')).toHaveLength(RESULTS_PER_RUN - 500 - 3);
    // In report order: the warnings listed are the first ones.
    expect(listed[0].properties.customerId).toBe('W-0');
    const left = 6_000 + 10 - (RESULTS_PER_RUN - 503);
    expect(summaries.map((r) => [r.ruleId, r.level, r.properties.omitted])).toEqual([
      ['generic-salutation', 'warning', left - 10],
      ['contact-fatigue', 'warning', 10],
    ]);
    expect(summaries[0].message.text).toBe(
      `${(left - 10).toLocaleString('en-US')} more generic-salutation findings at warning are not listed here: ` +
        `GitHub code scanning shows at most 5,000 results of a run. See the json or csv report.`,
    );
    // At the campaign file of the first finding left out.
    expect(summaries[1].locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'spring.campaign.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
      },
    ]);
  });

  it('says so in a notification about the run, and keeps the fingerprints of the findings listed', () => {
    const notification = capped.invocations![0].toolExecutionNotifications!.find((n) => n.descriptor.id === 'results-capped')!;
    expect(notification.level).toBe('warning');
    expect(notification.message.text).toMatch(/^6,510 findings: 4,997 of them, the errors first, are results;/);
    expect(capped.tool.driver.notifications!.map((kind) => kind.id)).toContain('results-capped');
    const uncapped = parse(sarif({ ...big, findings: warnings.slice(0, 100) }, FORMAT_CONTEXT)).runs[0];
    expect(capped.results.slice(0, 100).map((r) => r.partialFingerprints)).toEqual(
      uncapped.results.map((r) => r.partialFingerprints),
    );
  });

  it(`is unchanged up to ${RESULTS_PER_RUN.toLocaleString('en-US')} findings`, () => {
    const exact = parse(sarif({ ...big, findings: warnings.slice(0, RESULTS_PER_RUN) }, FORMAT_CONTEXT)).runs[0];
    expect(exact.results).toHaveLength(RESULTS_PER_RUN);
    expect(exact.results.every((r) => r.properties.omitted === undefined)).toBe(true);
    expect(exact.invocations).toEqual([{ executionSuccessful: true }]);
  });
});
