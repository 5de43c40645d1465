import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
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

      const { log, console } = validate([ours, planted, paths], output, folder);
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

/**
 * Runs `sarif-multitool validate` on the files, with the SARIF rules and GitHub's (`--rule-kind
 * Sarif;Gh`), and returns the log it writes. The validator's exit code says only that it ran, so
 * the log is what tells. SARIF2006 is off: it fetches every URI in the file over the network.
 */
function validate(files: string[], output: string, folder: string): { log: SarifLog; console: string } {
  const config = path.join(folder, 'validate.xml');
  writeFileSync(
    config,
    `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`,
  );
  const run = spawnSync(
    multitool(folder),
    ['validate', ...files, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--config', config],
    // Invariant globalization: the .NET binary then runs on machines without ICU (libicu) too.
    { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 120_000 },
  );
  const console = `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}`;
  expect(run.status, console).toBe(0);
  return { log: parse(readFileSync(output, 'utf8')), console };
}

/**
 * The validator's binary for this platform. Its package makes it executable in an install script;
 * where scripts were skipped (--ignore-scripts), a copy is made executable instead.
 */
function multitool(folder: string): string {
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    const copy = path.join(folder, path.basename(binary));
    copyFileSync(binary, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}
