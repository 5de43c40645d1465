// The engine's entry: loads the campaigns and their configs, groups them into runs that share a
// history, checks each run (check-run.ts), collecting findings as they come (finding-tally.ts), and
// assembles the report (report.ts).

import { compareText } from '../text.js';
import { resolve } from 'node:path';
import { defaultConfig, ignoredByConfig, loadConfigFile } from '../config/config-file.js';
import { loadCampaign } from '../config/load.js';
import { findCampaignFiles } from '../config/targets.js';
import type { ProjectRoot } from '../config/project-root.js';
import { InputError, UsageError } from '../errors.js';
import { InputFiles, inputFilesOf } from '../input-files.js';
import { CsvProfileBuilder } from '../people/csv-profiles.js';
import type { EngineChoice } from '../people/duckdb-digest.js';
import { CachingProfileBuilder, type HistoryCacheOptions } from '../people/history-cache.js';
import type { ProfileBuilder, ProgressSink } from '../people/profiles.js';
import { DAY_MS } from '../time.js';
import type {
  Campaign,
  Config,
  CsvSource,
  Finding,
  HistoryEngine,
  Report,
  RowSuppression,
  Severity,
  SeveritySetting,
} from '../types.js';
import { checkRun, type RunGroup } from './check-run.js';
import { FindingTally, reportOrder, type FindingSink } from './finding-tally.js';
import { FindingList } from './findings.js';
import { CollectedFixes, refuseUnknownFixRules, type FixFilter } from './fixes.js';
import { pluginSourceOf } from './guard.js';
import { Redactor } from './redact.js';
import { buildReport } from './report.js';
import { chooseConfig, loadRules, refuseUnknownOverrides } from './resolve-config.js';
import { applySuppressions } from './bulk-suppressions.js';
import type { Rule } from './rule.js';
import { resolveRuleSettings, type CampaignRuleSettings } from './rule-settings.js';
import { RuleTimer } from './rule-timer.js';
import type { CampaignRun } from './row.js';
import { NoticeList } from './run-notices.js';
import { RenderBudget } from './templates.js';

export interface CheckOptions {
  /** Campaign files or folders, as given. */
  targets: string[];
  cwd: string;
  /** --config: one config file for every campaign instead of discovery. */
  configPath?: string;
  /** --root: where files named in campaign and found config files must lie (config/project-root.ts); default: the git top level. */
  root?: string;
  /** --rule id=severity */
  ruleOverrides?: Record<string, SeveritySetting>;
  /** --ignore-pattern: globs relative to `cwd`; campaign files they match are skipped. */
  ignorePatterns?: string[];
  /** --no-error-on-unmatched-pattern (false): a target that matches no campaign file is skipped, not an error. */
  errorOnUnmatchedPattern?: boolean;
  /** The most warnings a campaign may have (--max-warnings-per-campaign); undefined = unlimited. */
  maxWarnings?: number;
  /** --fail-on: the lowest severity whose findings fail a campaign (within rules' thresholds); default error. */
  failOn?: Severity;
  /** --quiet, as in ESLint: warnings are neither reported nor counted. */
  quiet?: boolean;
  /** TIMING=1: measure each rule's time. */
  timing?: boolean;
  /** The environment `history.postgres` reads its connection URL from; the process's by default. */
  env?: NodeJS.ProcessEnv;
  /** Builds persons from the history; the CSV builder unless another engine is given. */
  profileBuilder?: ProfileBuilder;
  /** --engine: who digests orders and contacts (docs/cli.md#history-engine); the default reader unless duckdb. */
  historyEngine?: HistoryEngine;
  /** With historyEngine duckdb: told who read each orders and contacts file, and why the default reader did when it did (--debug says so). */
  onEngineChoice?: (choice: EngineChoice) => void;
  /** --cache: keep the persons the CSV builder makes, and use them while the history is unchanged (see history-cache.ts). */
  cache?: HistoryCacheOptions;
  /** --redact: mask emails, phones, postal addresses and names in every finding (see redact.ts). */
  redact?: boolean;
  /**
   * --fix: keep the fixes of the row findings (of these actions and rules; all when not given),
   * unmasked, for writeFixedAudiences. A rule named that the check does not load is a UsageError.
   */
  collectFixes?: FixFilter;
  /** Files the caller will write (reports): the check stops with a UsageError, reading no data, if one is a file it reads. */
  outputs?: string[];
  /** Told every few thousand rows which file is being read and how many of its rows so far. */
  onProgress?: ProgressSink;
  /**
   * Bulk suppressions (docs/cli.md), as ESLint's: campaign file (absolute) → rule id → count. A
   * campaign's errors of a rule are suppressed, all of them, when there are no more than the count.
   */
  suppressions?: SuppressionMap | ((errorCounts: CheckResult['errorCounts']) => SuppressionMap);
}

/** Campaign file (absolute) → rule id → how many of its errors are suppressed. */
export type SuppressionMap = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface RuleTiming {
  ruleId: string;
  ms: number;
  /** Fraction of all rules' time. */
  share: number;
}

export interface CheckResult {
  /** Its findings are a `FindingList`: call `dispose()` when done with the report. */
  report: Report;
  /** The campaigns checked, in the report's order, as loaded (their audience and history sources resolved). */
  campaigns: Campaign[];
  timings?: RuleTiming[];
  /** The warnings of the whole check: every campaign's (rules not checked at warning included) and the run's own. */
  warnings: number;
  /** Every rule the check loaded, built-in and from plugins, by id: what the formats say about a rule. */
  rules: Array<{ id: string; severity: Severity; description: string; docsUrl?: string }>;
  /** Removes what the report keeps on disk (the findings of large runs). */
  dispose(): void;
  /** Each campaign's errors per rule before any suppression: campaign file (absolute) → rule id → errors. */
  errorCounts: Map<string, Map<string, number>>;
  /** Suppressions with more room than the errors they meet, in the campaigns checked: what --prune-suppressions lowers. */
  unusedSuppressions: Array<{ campaignFile: string; ruleId: string; count: number; errors: number }>;
  /** With `collectFixes`: the fixes of the findings reported, per campaign. */
  fixes?: CollectedFixes;
}

interface LoadedCampaign {
  campaign: Campaign;
  config: Config;
}

export async function check(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd;
  const files = await findCampaignFiles(options.targets, cwd, options);
  const loaded = await loadCampaigns(files, options);
  const groups = groupIntoRuns(loaded);
  const overrides = options.ruleOverrides ?? {};
  const timer = options.timing ? new RuleTimer() : undefined;
  const redactor = options.redact ? new Redactor() : undefined;
  const renderBudget = new RenderBudget();

  const campaignOrder = new Map(groups.flatMap((group) => group.campaigns).map((campaign, i) => [campaign.id, i]));
  const findings = new FindingList(reportOrder(campaignOrder));
  const tally = new FindingTally();
  const campaignsById = new Map(groups.flatMap((group) => group.campaigns).map((campaign) => [campaign.id, campaign]));
  const rowSuppressed = new Map<string, number>();
  const fixes = options.collectFixes && new CollectedFixes(options.collectFixes, redactor);
  const record: FindingSink = (found, unmaskedFix) => {
    if (options.quiet && found.severity === 'warning') return;
    let finding = found;
    const campaign = finding.campaignId === null ? undefined : campaignsById.get(finding.campaignId);
    const suppression = campaign?.suppress && rowSuppressionOf(finding, campaign);
    if (suppression && campaign) {
      if (campaign.sendAt < suppression.untilInstant + DAY_MS) {
        rowSuppressed.set(campaign.id, (rowSuppressed.get(campaign.id) ?? 0) + 1);
        return;
      }
      finding = { ...finding, message: `${finding.message} (${expiredText(suppression)})` };
    }
    findings.add(finding);
    tally.add(finding);
    fixes?.add(finding, unmaskedFix);
  };
  const settingsOf = new Map<string, CampaignRuleSettings>();
  const prepared: Array<{ group: RunGroup; rules: Map<string, Rule>; settings: CampaignRuleSettings[] }> = [];
  for (const group of groups) {
    const rules = await loadRules(group.config, cwd);
    refuseUnknownOverrides(overrides, rules);
    const settings = group.campaigns.map((campaign) => resolveRuleSettings(rules, group.config, campaign, overrides));
    group.campaigns.forEach((campaign, index) => settingsOf.set(campaign.id, settings[index]));
    prepared.push({ group, rules, settings });
  }
  if (options.collectFixes && prepared.length > 0)
    refuseUnknownFixRules(options.collectFixes, new Set(prepared.flatMap(({ rules }) => [...rules.keys()])));
  // Before any data is read, so that a long check does not end in a report that cannot be written.
  await refuseOutputsOverInputs(options.outputs ?? [], cwd, prepared);

  const runs: CampaignRun[][] = [];
  const notices = new NoticeList();
  const csvBuilder = new CsvProfileBuilder({
    engine: options.historyEngine,
    onEngineChoice: options.onEngineChoice,
    ...(options.env ? { env: options.env } : {}),
  });
  const builder = options.profileBuilder ?? (options.cache ? new CachingProfileBuilder(options.cache, csvBuilder) : csvBuilder);
  for (const { group, rules, settings } of prepared) {
    try {
      runs.push(
        await checkRun(group, rules, settings, builder, record, timer, redactor, renderBudget, notices, options.onProgress),
      );
    } catch (error) {
      findings.dispose();
      throw error;
    }
  }

  const campaignRuns = runs.flat();
  // --redact: coverage reasons and notices quote header names, which a header-less file makes data.
  const mask = (text: string) => (redactor ? redactor.text(text) : text);
  if (redactor) {
    for (const run of campaignRuns)
      run.coverage = run.coverage.map((entry) => (entry.reason === null ? entry : { ...entry, reason: mask(entry.reason) }));
  }
  const noticesShown = notices.list.map((notice) => ({ ...notice, message: mask(notice.message) }));
  const suppression = applySuppressions(campaignRuns, settingsOf, tally, options.suppressions);
  fixes?.dropSuppressed(suppression.suppressed);
  const shownFindings: Iterable<Finding> =
    suppression.suppressed.size === 0
      ? findings
      : {
          *[Symbol.iterator]() {
            for (const finding of findings) {
              if (finding.campaignId !== null && suppression.suppressed.get(finding.campaignId)?.has(finding.ruleId)) continue;
              yield finding;
            }
          },
        };
  const report = buildReport(campaignRuns, settingsOf, shownFindings, tally, noticesShown, {
    maxWarnings: options.maxWarnings,
    failOn: options.failOn ?? 'error',
    quiet: options.quiet ?? false,
  });
  for (const summary of report.campaigns) {
    if (!options.suppressions && !campaignsById.get(summary.id)?.suppress) continue;
    summary.suppressed = (suppression.counts.get(summary.id) ?? 0) + (rowSuppressed.get(summary.id) ?? 0);
  }
  return {
    report,
    campaigns: campaignRuns.map((run) => run.campaign),
    timings: timer?.results(),
    warnings: report.campaigns.reduce((sum, campaign) => sum + campaign.warnings, tally.run.warnings),
    rules: loadedRules(prepared),
    dispose: () => findings.dispose(),
    errorCounts: suppression.errorCounts,
    unusedSuppressions: suppression.unused,
    ...(fixes ? { fixes } : {}),
  };
}

/** The campaign's `suppress:` entry for a finding: same rule, and the same customer id or audience line. */
function rowSuppressionOf(finding: Finding, campaign: Campaign): RowSuppression | undefined {
  return campaign.suppress?.find(
    (entry) =>
      entry.ruleId === finding.ruleId &&
      (entry.customerId !== undefined
        ? entry.customerId === finding.customerId
        : entry.line === finding.line && finding.file === campaign.audience.displayPath),
  );
}

/** What an expired row suppression adds to its finding's message. */
function expiredText(entry: RowSuppression): string {
  const row = entry.customerId !== undefined ? `customer ${entry.customerId}` : `line ${entry.line}`;
  return `the suppression of ${entry.ruleId} for ${row} expired after ${entry.until} ("${entry.reason}")`;
}

/** The rules of every run, once each, in id order, as the formats describe them. */
function loadedRules(prepared: ReadonlyArray<{ rules: Map<string, Rule> }>): CheckResult['rules'] {
  const byId = new Map<string, Rule>();
  for (const { rules } of prepared) for (const [id, rule] of rules) byId.set(id, rule);
  return [...byId.values()]
    .map(({ id, meta }) => ({ id, severity: meta.severity, description: meta.description, docsUrl: meta.docsUrl }))
    .sort((a, b) => compareText(a.id, b.id));
}

/** Refuses an output that is a file the run reads: a campaign, config, CSV or plugin file. */
async function refuseOutputsOverInputs(
  outputs: readonly string[],
  cwd: string,
  prepared: ReadonlyArray<{ group: RunGroup; rules: Map<string, Rule> }>,
): Promise<void> {
  if (outputs.length === 0) return;
  const inputs = await InputFiles.of(
    prepared.flatMap(({ group, rules }) => [
      ...group.campaigns.flatMap(inputFilesOf),
      ...(group.config.path ? [group.config.path] : []),
      ...(group.config.extendedFiles ?? []),
      ...[...rules.values()].flatMap((rule) => pluginSourceOf(rule)?.file ?? []),
    ]),
  );
  for (const output of outputs) {
    if (await inputs.includes(output, cwd)) {
      throw new UsageError(`the output ${output} is a file this check reads; it is left unchanged`, [
        'write the report to a file of its own, for example report.json',
      ]);
    }
  }
}

async function loadCampaigns(files: string[], options: CheckOptions): Promise<LoadedCampaign[]> {
  const configs = new Map<string, Promise<Config>>();
  /** The config at `path`; `root` for one found by searching, which is held to the trust boundary. */
  const configAt = (path: string | undefined, root?: ProjectRoot): Promise<Config> => {
    if (path === undefined) return Promise.resolve(defaultConfig());
    const key = `${path}\u0000${root?.real ?? ''}`;
    let config = configs.get(key);
    if (!config) {
      config = loadConfigFile(path, options.cwd, root);
      configs.set(key, config);
    }
    return config;
  };
  const loaded: LoadedCampaign[] = [];
  const seenIds = new Map<string, Campaign>();
  for (const file of files) {
    const { configPath, discovered, root } = await chooseConfig(file, options);
    const config = await configAt(configPath, discovered ? root : undefined);
    if (ignoredByConfig(config, resolve(options.cwd, file))) continue;
    const campaign = await loadCampaign(file, options.cwd, config, root);
    const earlier = seenIds.get(campaign.id);
    if (earlier) {
      throw new InputError(`campaign id "${campaign.id}" is also used by ${earlier.displayPath}`, campaign.locate(['id']));
    }
    seenIds.set(campaign.id, campaign);
    loaded.push({ campaign, config });
  }
  return loaded;
}

function groupIntoRuns(loaded: LoadedCampaign[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const { campaign, config } of loaded) {
    const { customers = [], orders = [], contacts = [], suppressions = [] } = campaign.history;
    const paths = (files: readonly CsvSource[]) => files.map((source) => source.path).join('\u0001');
    const key = [config.path ?? '', paths(customers), paths(orders), paths(contacts), paths(suppressions)].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { config, campaigns: [] };
      groups.set(key, group);
    }
    group.campaigns.push(campaign);
  }
  return [...groups.values()];
}
