// The engine: loads the campaigns and their configs, groups them into runs that share a history,
// builds each run's persons once, streams every audience once calling every rule per row, and
// assembles the report.

import { performance } from 'node:perf_hooks';
import { compareText } from '../text.js';
import { DAY_MS } from '../time.js';
import { defaultConfig, findCampaignFiles, loadCampaign, loadConfigFile } from '../config/load.js';
import type { ProjectRoot } from '../config/project-root.js';
import { unreadColumnsNotice } from '../csv/column-hints.js';
import { AUDIENCE_COLUMNS, COLUMNS_OF_KIND } from '../csv/columns.js';
import { columnsOf, describeColumnsFound, readCsv, type CsvHeader } from '../csv/read.js';
import type { InvalidValue } from '../csv/typed-cells.js';
import { InputError, quoteText, UsageError } from '../errors.js';
import { InputFiles, inputFilesOf } from '../input-files.js';
import { CsvProfileBuilder } from '../people/csv-profiles.js';
import { PROGRESS_EVERY_ROWS, type People, type ProfileBuilder, type ProgressSink } from '../people/profiles.js';
import { ADDRESS_COLUMN, HISTORY_KINDS, type Campaign, type CampaignSummary, type Config, type CsvSource, type ExceededThreshold, type Finding, type Notice, type Report, type RuleCoverage, type Severity, type SeveritySetting, type SourceSummary } from '../types.js';
import { VERSION } from '../version.js';
import { finishCoverage, historyColumns, judgeRequirements } from './coverage.js';
import { FindingList, type FindingOrder, type FindingSortKey } from './findings.js';
import { callRule, guardRule, pluginSourceOf } from './guard.js';
import { LoyaltyScale } from './loyalty.js';
import { Redactor } from './redact.js';
import { chooseConfig, loadRules, refuseUnknownOverrides } from './resolve-config.js';
import type { Rule, RuleContext, RuleHooks, RunInfo } from './rule.js';
import { resolveRuleSettings, type CampaignRuleSettings } from './rule-settings.js';
import { AudienceRow, type CampaignRun, type RowServices } from './row.js';
import { compileMessage, RenderBudget } from './templates.js';

export interface CheckOptions {
  /** Campaign files or folders, as given. */
  targets: string[];
  cwd: string;
  /** --config: one config file for every campaign instead of discovery. */
  configPath?: string;
  /**
   * --root: the folder that files named in campaign files and discovered config files must lie in
   * (see config/project-root.ts); by default each campaign's git top level, else the working folder.
   */
  root?: string;
  /** --rule id=severity */
  ruleOverrides?: Record<string, SeveritySetting>;
  /** --max-warnings; undefined = unlimited. */
  maxWarnings?: number;
  /** --fail-on: the lowest severity whose findings fail a campaign (within rules' thresholds); default error. */
  failOn?: Severity;
  /** --quiet, as in ESLint: warnings are neither reported nor counted. */
  quiet?: boolean;
  /** TIMING=1: measure each rule's time. */
  timing?: boolean;
  /** Builds persons from the history; the CSV builder unless another engine is given. */
  profileBuilder?: ProfileBuilder;
  /** --redact: mask emails, phones, postal addresses and names in every finding (see redact.ts). */
  redact?: boolean;
  /** Files the caller will write (reports): the check stops with a UsageError, reading no data, if one is a file it reads. */
  outputs?: string[];
  /** Told every few thousand rows which file is being read and how many of its rows so far. */
  onProgress?: ProgressSink;
}

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
  /** Every rule the check loaded, built-in and from plugins, by id: what the formats say about a rule. */
  rules: Array<{ id: string; severity: Severity; description: string; docsUrl?: string }>;
  /** Removes what the report keeps on disk (the findings of large runs). */
  dispose(): void;
}


interface LoadedCampaign {
  campaign: Campaign;
  config: Config;
}

/** Campaigns checked together: same config and same history files. */
interface RunGroup {
  config: Config;
  campaigns: Campaign[];
}

export async function check(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd;
  const files = await findCampaignFiles(options.targets, cwd);
  const loaded = await loadCampaigns(files, options);
  const groups = groupIntoRuns(loaded);
  const overrides = options.ruleOverrides ?? {};
  const timer = options.timing ? new RuleTimer() : undefined;
  const redactor = options.redact ? new Redactor() : undefined;
  const renderBudget = new RenderBudget();

  const campaignOrder = new Map(groups.flatMap((group) => group.campaigns).map((campaign, i) => [campaign.id, i]));
  const findings = new FindingList(reportOrder(campaignOrder));
  const tally = new FindingTally();
  const record: FindingSink = (finding) => {
    if (options.quiet && finding.severity === 'warning') return;
    findings.add(finding);
    tally.add(finding);
  };
  const settingsOf = new Map<string, CampaignRuleSettings>();
  const prepared: Array<{ group: RunGroup; rules: Map<string, Rule>; settings: CampaignRuleSettings[] }> = [];
  for (const group of groups) {
    const rules = await loadRules(group.config);
    refuseUnknownOverrides(overrides, rules);
    const settings = group.campaigns.map((campaign) => resolveRuleSettings(rules, group.config, campaign, overrides));
    group.campaigns.forEach((campaign, index) => settingsOf.set(campaign.id, settings[index]));
    prepared.push({ group, rules, settings });
  }
  // Before any data is read, so that a long check does not end in a report that cannot be written.
  await refuseOutputsOverInputs(options.outputs ?? [], cwd, prepared);

  const runs: CampaignRun[][] = [];
  const notices = new NoticeList();
  for (const { group, rules, settings } of prepared) {
    const builder = options.profileBuilder ?? new CsvProfileBuilder();
    try {
      runs.push(await checkRun(group, rules, settings, builder, record, timer, redactor, renderBudget, notices, options.onProgress));
    } catch (error) {
      findings.dispose();
      throw error;
    }
  }

  const campaignRuns = runs.flat();
  // --redact: coverage reasons and notices quote header names, which a header-less file makes data.
  const mask = (text: string) => (redactor ? redactor.text(text) : text);
  if (redactor) {
    for (const run of campaignRuns) run.coverage = run.coverage.map((entry) => (entry.reason === null ? entry : { ...entry, reason: mask(entry.reason) }));
  }
  const noticesShown = notices.list.map((notice) => ({ ...notice, message: mask(notice.message) }));
  const report = buildReport(campaignRuns, settingsOf, findings, tally, noticesShown, {
    maxWarnings: options.maxWarnings,
    failOn: options.failOn ?? 'error',
    quiet: options.quiet ?? false,
  });
  return {
    report,
    campaigns: campaignRuns.map((run) => run.campaign),
    timings: timer?.results(),
    rules: loadedRules(prepared),
    dispose: () => findings.dispose(),
  };
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

interface ActiveRule {
  rule: Rule;
  hooks: RuleHooks<unknown>;
  state: unknown;
}

async function checkRun(
  group: RunGroup,
  rules: Map<string, Rule>,
  settings: CampaignRuleSettings[],
  builder: ProfileBuilder,
  record: FindingSink,
  timer: RuleTimer | undefined,
  redactor: Redactor | undefined,
  renderBudget: RenderBudget,
  notices: NoticeList,
  onProgress: CheckOptions['onProgress'],
): Promise<CampaignRun[]> {
  const { config } = group;
  const instants = [...new Set(group.campaigns.map((c) => c.sendAt))].sort((a, b) => a - b);
  const campaignRuns: CampaignRun[] = group.campaigns.map((campaign, index) => ({
    campaign,
    index,
    instant: instants.indexOf(campaign.sendAt),
    message: compileMessage(campaign, renderBudget),
    templateColumns: new Map(),
    recipients: 0,
    recipientsWithPerson: 0,
    controlRows: 0,
    coverage: [],
    notChecked: new Set(),
    perPersonRules: new Set(),
  }));

  const invalidHistoryValues: InvalidValue[] = [];
  const people = await builder.build({
    history: group.campaigns[0].history,
    instants,
    orderIds: await reviewedOrderIds(campaignRuns),
    identity: config.identity,
    contactLookbackMs: contactLookbackDays(rules, settings) * DAY_MS,
    onInvalidValue: (issue) => invalidHistoryValues.push(issue),
    onProgress,
    onNotice: (notice) => notices.add(notice),
  });
  redactor?.addPeople(people);
  noteHistory(group.campaigns[0], people, notices);
  const windowMs = config.run.windowDays * DAY_MS;
  const loyalty = new LoyaltyScale(config.loyalty);
  const run: RunInfo = {
    campaigns: campaignRuns,
    people,
    loyalty,
    invalidHistoryValues,
    inWindow: (a, b) => Math.abs(a.campaign.sendAt - b.campaign.sendAt) <= windowMs,
  };

  // One instance per rule that is on for any campaign of the run.
  const active = new Map<string, ActiveRule>();
  for (const [id, rule] of rules) {
    if (!settings.some((s) => s.has(id))) continue;
    // Where a rule is off for a campaign it reports nothing there, but a rule that compares rows
    // still sees that campaign's rows (they are part of the run), read with default options; a
    // rule whose options have required keys (a plugin's, say) uses those of a campaign where it is on.
    const parsedDefaults = rule.options.safeParse({});
    const defaults = parsedDefaults.success
      ? parsedDefaults.data
      : settings.find((s) => s.has(id))!.get(id)!.options;
    const context: RuleContext<unknown, Record<string, (data: never) => string>> = {
      options: (campaign) => settings[campaign.index].get(id)?.options ?? defaults,
      run,
      report: (reported) => {
        // --redact: the data are masked before the message is rendered from them, so no finding
        // made holds personal data, not even in the files where large runs spill their findings.
        const { at, messageId, data, evidence, column } = redactor ? redactor.reported(reported) : reported;
        const template = rule.meta.messages[messageId] as (d: unknown) => string;
        const message = redactor ? redactor.message(template(data)) : template(data);
        const finding = { ...(column !== undefined ? { column } : {}), message, messageId, evidence: evidence ?? {} };
        if ('file' in at) {
          // A history file's finding belongs to the run: at the strongest severity the rule has in it.
          const severity = settings.some((s) => s.get(id)?.severity === 'error') ? 'error' : 'warning';
          record({ ruleId: id, severity, campaignId: null, customerId: null, file: at.file, line: at.line, ...finding });
          return;
        }
        const campaign = 'line' in at ? at.campaign : at;
        const setting = settings[campaign.index].get(id);
        if (!setting || campaign.notChecked.has(id)) return;
        const row = 'line' in at ? at : undefined;
        record({
          ruleId: id,
          severity: setting.severity,
          campaignId: campaign.campaign.id,
          customerId: row ? (redactor ? redactor.customerId(row.customerId) : row.customerId) : null,
          file: campaign.campaign.audience.displayPath,
          line: row ? row.line : null,
          ...finding,
        });
      },
    };
    const hooks = guardRule(rule, context);
    const state = rule.state && callRule(rule, 'starting its state', () => rule.state!.init());
    active.set(id, { rule, hooks: timer ? timer.wrap(id, hooks) : hooks, state });
  }

  const services: RowServices = {
    customer: (customerId) => people.customer(customerId),
    customersByAddress: (campaign, address) => people.customersByAddress(campaign.channel, address),
    loyalty,
  };
  for (const campaignRun of campaignRuns) {
    // Per campaign: two campaigns may name the same history files in files of their own.
    const historyFiles = historyColumns(campaignRun.campaign, people);
    const judge = (header: CsvHeader) => {
      judgeCampaignCoverage(campaignRun, header, historyFiles, rules, settings[campaignRun.index], config);
      const { audience } = campaignRun.campaign;
      const file = { file: audience.displayPath, namedIn: audience.namedIn, key: 'audience' };
      notices.add(unreadColumnsNotice(file, header.names, AUDIENCE_COLUMNS, new Set(columnsOf(header, AUDIENCE_COLUMNS).columns), mappedHeaders(audience)));
    };
    await checkAudience(campaignRun, settings[campaignRun.index], active, services, redactor, judge, onProgress);
  }
  for (const { hooks, state } of active.values()) hooks.end?.(state);
  for (const campaignRun of campaignRuns) {
    const rows = { recipients: campaignRun.recipients, withPerson: campaignRun.recipientsWithPerson };
    campaignRun.coverage = campaignRun.coverage.map((coverage) =>
      finishCoverage(coverage, campaignRun.perPersonRules.has(coverage.ruleId), rows, campaignRun.campaign.history.customers?.[0]?.displayPath),
    );
  }
  return campaignRuns;
}

/** The notices of a check, each once, in the order they were made. */
class NoticeList {
  readonly list: Notice[] = [];
  private readonly seen = new Set<string>();

  add(notice: Notice | undefined): void {
    if (!notice) return;
    const key = `${notice.kind}\u0000${notice.file}\u0000${notice.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(notice);
  }
}

/** A run without any history, once; and each history file's columns that look like ours but were not read. */
function noteHistory(campaign: Campaign, people: People, notices: NoticeList): void {
  const { history } = campaign;
  if (!history.customers && !history.orders && !history.contacts) {
    notices.add({
      kind: 'no-history',
      file: null,
      message:
        'no customer history is named (history: customers, orders, contacts, in the config or the campaign file): ' +
        'the rules that need it were not checked',
    });
  }
  for (const kind of ['customers', 'orders', 'contacts'] as const) {
    const read = people.sources?.[kind] ?? [];
    (history[kind] ?? []).forEach((source, i) => {
      if (!read[i]) return;
      const file = { file: source.displayPath, namedIn: source.namedIn, key: `history.${kind}` };
      notices.add(unreadColumnsNotice(file, read[i].header, COLUMNS_OF_KIND[kind], new Set(read[i].columns), mappedHeaders(source)));
    });
  }
}

/** The headers a source's `columns:` (or its preset's) reads as one of ours. */
function mappedHeaders(source: CsvSource): Set<string> {
  return new Set(Object.values(source.columns ?? {}));
}

/**
 * What each rule on for the campaign can check, once its audience header is known (SPEC §6). The
 * rules that cannot check it report nothing in it: one `not-checked` entry says why instead.
 */
function judgeCampaignCoverage(
  campaignRun: CampaignRun,
  header: CsvHeader,
  historyFiles: ReturnType<typeof historyColumns>,
  rules: ReadonlyMap<string, Rule>,
  settings: CampaignRuleSettings,
  config: Config,
): void {
  const { campaign } = campaignRun;
  const files = {
    ...historyFiles,
    audience: {
      file: campaign.audience.displayPath,
      namedIn: campaign.displayPath,
      has: (column: string) => header.indexOf(column) >= 0,
      header: header.names,
    },
  };
  for (const id of [...settings.keys()].sort(compareText)) {
    const rule = rules.get(id)!;
    const requirements = rule.requires && callRule(rule, 'declaring what it requires', () => rule.requires!({ campaign, config }, settings.get(id)!.options));
    const coverage = judgeRequirements(id, requirements, files);
    campaignRun.coverage.push(coverage);
    if (coverage.status === 'not-checked') campaignRun.notChecked.add(id);
    if (requirements && 'data' in requirements && requirements.perPerson) campaignRun.perPersonRules.add(id);
  }
}

/** Streams one campaign's audience, calling every rule that is on for it, per row. */
async function checkAudience(
  campaignRun: CampaignRun,
  settings: CampaignRuleSettings,
  active: Map<string, ActiveRule>,
  services: RowServices,
  redactor: Redactor | undefined,
  onHeader: (header: CsvHeader) => void,
  onProgress: CheckOptions['onProgress'],
): Promise<void> {
  const { campaign } = campaignRun;
  const forSends: ActiveRule[] = [];
  const forControlRows: ActiveRule[] = [];
  for (const [id, entry] of active) {
    if (!entry.hooks.row || !(settings.has(id) || entry.rule.state)) continue;
    forSends.push(entry);
    if (entry.rule.meta.seesControlRows) forControlRows.push(entry);
  }
  const control = campaign.controlGroup;
  const controlValues = new Set(control?.controlValues.map((v) => v.trim().toLowerCase()));
  let controlAt = -1;
  let header: CsvHeader | undefined;
  let rowsRead = 0;

  await readCsv(
    campaign.audience,
    { canonical: AUDIENCE_COLUMNS, required: [] },
    (found) => {
      header = found;
      requireRecipientColumns(campaign, found);
      campaignRun.header = found;
      campaignRun.templateColumns = templateColumns(found);
      if (control) {
        controlAt = found.indexOf(control.column);
        if (controlAt < 0) {
          throw new InputError(
            `the audience has no column ${quoteText(control.column)}, named by control_group.column`,
            { file: campaign.audience.displayPath, line: 1 },
            [describeColumnsFound(found.names)],
          );
        }
      }
      onHeader(found);
    },
    (cells, line) => {
      if (onProgress && ++rowsRead % PROGRESS_EVERY_ROWS === 0) onProgress({ file: campaign.audience.displayPath, rows: rowsRead });
      const isControl = controlAt >= 0 && controlValues.has((cells[controlAt] ?? '').trim().toLowerCase());
      const row = new AudienceRow(campaignRun, line, cells, header!, services);
      redactor?.addAudienceRow(row);
      if (isControl) campaignRun.controlRows++;
      else {
        campaignRun.recipients++;
        if (row.person) campaignRun.recipientsWithPerson++;
      }
      const targets = isControl ? forControlRows : forSends;
      for (let i = 0; i < targets.length; i++) targets[i].hooks.row!(row, targets[i].state);
    },
  );
}

/** The most days of contacts any rule on in the run reads before a send. */
function contactLookbackDays(rules: Map<string, Rule>, settings: CampaignRuleSettings[]): number {
  let days = 0;
  for (const campaignSettings of settings) {
    for (const [id, setting] of campaignSettings) {
      const rule = rules.get(id);
      if (!rule?.needs) continue;
      const needs = callRule(rule, 'declaring the history it needs', () => rule.needs!(setting.options));
      days = Math.max(days, needs?.contactDays ?? 0);
    }
  }
  return days;
}

/** SPEC §1.2: a row needs customer_id or an address for the campaign's channel. */
function requireRecipientColumns(campaign: Campaign, header: CsvHeader): void {
  if (header.indexOf('customer_id') >= 0) return;
  const addressColumn = ADDRESS_COLUMN[campaign.channel];
  if (addressColumn && header.indexOf(addressColumn) >= 0) return;
  const wanted = addressColumn ? `"customer_id" or "${addressColumn}"` : '"customer_id"';
  throw new InputError(
    `the audience needs a column ${wanted} to know who each row is for (channel ${campaign.channel})`,
    { file: campaign.audience.displayPath, line: 1 },
    [describeColumnsFound(header.names)],
  );
}

/** Names a template may use for a cell: the header as written, in lower case, or canonical. */
function templateColumns(header: CsvHeader): Map<string, number> {
  const columns = new Map<string, number>();
  for (const canonical of AUDIENCE_COLUMNS) {
    const index = header.indexOf(canonical);
    if (index >= 0) columns.set(canonical, index);
  }
  header.names.forEach((name, index) => {
    if (!columns.has(name.trim().toLowerCase())) columns.set(name.trim().toLowerCase(), index);
    columns.set(name, index);
  });
  return columns;
}

/** The order ids that review requests name: the only orders the run keeps whole. */
async function reviewedOrderIds(campaignRuns: CampaignRun[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { campaign } of campaignRuns) {
    if (campaign.type !== 'review_request') continue;
    let orderIdAt = -1;
    await readCsv(
      campaign.audience,
      { canonical: AUDIENCE_COLUMNS, required: [] },
      (header) => {
        orderIdAt = header.indexOf('order_id');
      },
      (cells) => {
        const id = orderIdAt >= 0 ? (cells[orderIdAt] ?? '').trim() : '';
        if (id) ids.add(id);
      },
    );
  }
  return ids;
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;


type FindingSink = (finding: Finding) => void;

/** SPEC §5: by campaign (in the order given; the run's own findings last), then line, then rule id. */
function reportOrder(campaignOrder: ReadonlyMap<string, number>): FindingOrder {
  const rank = (finding: FindingSortKey): number =>
    finding.campaignId === null ? Infinity : (campaignOrder.get(finding.campaignId) ?? Infinity);
  return (a, b) =>
    rank(a) - rank(b) ||
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** What a campaign's findings add up to: all the report needs to know whether it fails. */
interface CampaignCounts {
  errors: number;
  warnings: number;
  /** Findings per rule: a rule has one severity in a campaign. */
  byRule: Map<string, number>;
}

/** Findings counted per campaign and rule as they arrive, so the report never re-reads them. */
class FindingTally {
  readonly byCampaign = new Map<string, CampaignCounts>();
  /** Findings that belong to the run (bad values in shared history files), by severity. */
  readonly run = { errors: 0, warnings: 0 };

  add(finding: Finding): void {
    const severityKey = finding.severity === 'error' ? 'errors' : 'warnings';
    if (finding.campaignId === null) {
      this.run[severityKey]++;
      return;
    }
    let counts = this.byCampaign.get(finding.campaignId);
    if (!counts) this.byCampaign.set(finding.campaignId, (counts = { errors: 0, warnings: 0, byRule: new Map() }));
    counts[severityKey]++;
    counts.byRule.set(finding.ruleId, (counts.byRule.get(finding.ruleId) ?? 0) + 1);
  }
}

/** The files a campaign reads, the audience first, with their presets. */
function sourcesOf(campaign: Campaign): SourceSummary[] {
  const files = [
    ['audience', campaign.audience] as const,
    ...HISTORY_KINDS.flatMap((kind) => (campaign.history[kind] ?? []).map((source) => [kind, source] as const)),
  ];
  return files.map(([kind, source]) => ({ kind, file: source.displayPath, preset: source.preset ?? null }));
}

interface FailurePolicy {
  maxWarnings: number | undefined;
  failOn: Severity;
  /** --quiet: warnings are not counted. */
  quiet: boolean;
}

/** The rules not checked in a campaign by severity, and those of them that fail it. */
function uncheckedRules(
  coverage: readonly RuleCoverage[],
  settings: CampaignRuleSettings,
  policy: FailurePolicy,
): { errors: string[]; warnings: string[]; failing: string[] } {
  const gaps = { errors: [] as string[], warnings: [] as string[], failing: [] as string[] };
  for (const { ruleId, status } of coverage) {
    if (status !== 'not-checked') continue;
    const severity = settings.get(ruleId)!.severity;
    if (severity === 'warning' && policy.quiet) continue;
    (severity === 'error' ? gaps.errors : gaps.warnings).push(ruleId);
    if (severity === 'error' || policy.failOn === 'warning') gaps.failing.push(ruleId);
  }
  return gaps;
}

function buildReport(
  campaignRuns: CampaignRun[],
  settingsOf: ReadonlyMap<string, CampaignRuleSettings>,
  findings: FindingList,
  tally: FindingTally,
  notices: Notice[],
  policy: FailurePolicy,
): Report {
  const campaigns: CampaignSummary[] = campaignRuns.map((run) => {
    const id = run.campaign.id;
    const settings = settingsOf.get(id)!;
    const found = tally.byCampaign.get(id) ?? { errors: 0, warnings: 0, byRule: new Map<string, number>() };
    // SPEC §6: a rule that could check nothing counts as one finding at its severity, whatever its thresholds.
    const gaps = uncheckedRules(run.coverage, settings, policy);
    const counts = { ...found, errors: found.errors + gaps.errors.length, warnings: found.warnings + gaps.warnings.length };
    const judged = judgeCampaign(counts, run.recipients, settings, policy);
    const failingRules = [...new Set([...judged.failingRules, ...gaps.failing])].sort(compareText);
    return {
      id,
      file: run.campaign.displayPath,
      recipients: run.recipients,
      status: judged.failing || gaps.failing.length > 0 ? 'fail' : 'pass',
      errors: counts.errors,
      warnings: counts.warnings,
      ...(judged.exceeded.length > 0 ? { thresholdsExceeded: judged.exceeded } : {}),
      ...(failingRules.length > 0 ? { failingRules } : {}),
      sources: sourcesOf(run.campaign),
      coverage: run.coverage,
    };
  });
  // The run's own findings belong to no campaign and no campaign's thresholds.
  const runFails = tally.run.errors > 0 || (policy.failOn === 'warning' && tally.run.warnings > 0);
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-preflight', version: VERSION },
    status: runFails || campaigns.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    campaigns,
    notices,
    findings,
  };
}

/**
 * SPEC §3: a campaign fails on any finding of a rule at a failing severity, unless the rule has
 * thresholds: then only when its findings exceed `max_findings` or their share of the recipients
 * exceeds `max_share`. Warnings beyond --max-warnings fail it too. `exceeded` lists the thresholds
 * that failed it, rules in id order, for the verdict.
 */
function judgeCampaign(
  counts: CampaignCounts,
  recipients: number,
  settings: CampaignRuleSettings,
  policy: FailurePolicy,
): { failing: boolean; exceeded: ExceededThreshold[]; failingRules: string[] } {
  let failing = false;
  const exceeded: ExceededThreshold[] = [];
  const failingRules: string[] = [];
  for (const ruleId of [...counts.byRule.keys()].sort(compareText)) {
    const findingCount = counts.byRule.get(ruleId)!;
    const setting = settings.get(ruleId);
    if (!setting || (setting.severity === 'warning' && policy.failOn === 'error')) continue;
    const { maxFindings, maxShare } = setting.thresholds;
    if (maxFindings === undefined && maxShare === undefined) {
      failing = true;
      failingRules.push(ruleId);
      continue;
    }
    const exceededBefore = exceeded.length;
    if (maxFindings !== undefined && findingCount > maxFindings) {
      exceeded.push({ ruleId, threshold: 'max_findings', actual: findingCount, limit: maxFindings });
    }
    // A campaign without recipients has nobody to share the findings among: each counts whole.
    const share = findingCount / Math.max(recipients, 1);
    if (maxShare !== undefined && share > maxShare) {
      exceeded.push({ ruleId, threshold: 'max_share', actual: share, limit: maxShare });
    }
    if (exceeded.length > exceededBefore) failingRules.push(ruleId);
  }
  if (policy.maxWarnings !== undefined && counts.warnings > policy.maxWarnings) {
    exceeded.push({ ruleId: null, threshold: 'max_warnings', actual: counts.warnings, limit: policy.maxWarnings });
  }
  return { failing: failing || exceeded.length > 0, exceeded, failingRules };
}

/** TIMING=1: each rule's time, as ESLint's TIMING does. */
class RuleTimer {
  private readonly totals = new Map<string, number>();

  wrap(id: string, hooks: RuleHooks<unknown>): RuleHooks<unknown> {
    this.totals.set(id, 0);
    const add = (ms: number): void => {
      this.totals.set(id, this.totals.get(id)! + ms);
    };
    return {
      row: hooks.row
        ? (row, state) => {
            const start = performance.now();
            hooks.row!(row, state);
            add(performance.now() - start);
          }
        : undefined,
      end: hooks.end
        ? (state) => {
            const start = performance.now();
            hooks.end!(state);
            add(performance.now() - start);
          }
        : undefined,
    };
  }

  results(): RuleTiming[] {
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0) || 1;
    return [...this.totals]
      .map(([ruleId, ms]) => ({ ruleId, ms, share: ms / total }))
      .sort((a, b) => b.ms - a.ms);
  }
}

