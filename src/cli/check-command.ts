// `check`: checks the campaigns, writes the reports and the clean audiences, and returns the exit
// code: 0 when every campaign passes, 1 otherwise.
import { findCampaignFiles } from '../config/targets.js';
import { displayPathOf } from '../engine/resolve-config.js';
import { DEFAULT_FORMAT } from '../formats/index.js';
import { sanitizeForTerminal, sanitizeLinesForTerminal } from '../formats/terminal.js';
import path from 'node:path';
import type { CheckOptions } from '../engine/check.js';
import type { HistoryEngine } from '../types.js';
import { check, chooseConfig, writeCleanAudiences, writeFixedAudiences, type FixedAudience, type RuleTiming } from '../index.js';
import { UsageError } from '../errors.js';
import { plural } from '../text.js';
import { EXIT_FAIL, EXIT_PASS, EXIT_USAGE } from './exit-codes.js';
import { parseCount, parseFailOn, parseFixFilter, parseRuleOverrides, redacts } from './flags.js';
import type { CliIo } from './io.js';
import { parseDestinations, refuseUnsafeOutputs, writeReports } from './outputs.js';
import { historyCacheOf } from './history-cache.js';
import { ProgressLine, wantsProgress } from './progress.js';
import { DEFAULT_SUPPRESSIONS_FILE, readSuppressions, writeSuppressions, type SuppressionCounts } from './suppressions.js';

export interface CheckFlags {
  config?: string;
  root?: string;
  format?: string[];
  output?: string;
  /** --output-file: ESLint's name for --output. */
  outputFile?: string;
  maxRows?: string;
  failuresOut?: string;
  maxWarnings?: string;
  maxWarningsPerCampaign?: string;
  failOn?: string;
  writeCleanAudience?: string;
  fix?: string;
  fixType?: string[];
  fixRule?: string[];
  rule?: string[];
  ignorePattern?: string[];
  /** --no-error-on-unmatched-pattern: false. */
  errorOnUnmatchedPattern?: boolean;
  quiet?: boolean;
  /** --redact / --no-redact; undefined when neither is given. */
  redact?: boolean;
  suppressionsLocation?: string;
  suppressAll?: boolean;
  suppressRule?: string[];
  pruneSuppressions?: boolean;
  passOnUnprunedSuppressions?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  cacheStrategy?: string;
  engine?: string;
}

/** The program's own flags that `check` heeds: --debug, and --color or --no-color (undefined when neither). */
export interface ProgramFlags {
  debug: boolean;
  color?: boolean;
}

export async function runCheck(targets: string[], flags: CheckFlags, program: ProgramFlags, io: CliIo): Promise<number> {
  const { cwd, env, stderr } = io;
  const { debug, color } = program;
  const destinations = await parseDestinations(flags.format ?? [DEFAULT_FORMAT], outputOf(flags), cwd);
  const maxWarnings = flags.maxWarnings === undefined ? undefined : parseCount('--max-warnings', flags.maxWarnings);
  const maxWarningsPerCampaign =
    flags.maxWarningsPerCampaign === undefined
      ? undefined
      : parseCount('--max-warnings-per-campaign', flags.maxWarningsPerCampaign);
  const maxRows = flags.maxRows === undefined ? undefined : parseCount('--max-rows', flags.maxRows);
  const failOn = flags.failOn === undefined ? undefined : parseFailOn(flags.failOn);
  const collectFixes = parseFixFilter(flags.fix, flags.fixType, flags.fixRule);
  if (flags.fix !== undefined && flags.writeCleanAudience !== undefined) {
    if (path.resolve(cwd, flags.fix) === path.resolve(cwd, flags.writeCleanAudience)) {
      throw new UsageError('--fix and --write-clean-audience name the same folder; give each its own');
    }
  }
  const files = [...destinations.map((d) => d.file), flags.failuresOut].filter((file) => file !== undefined);
  await refuseUnsafeOutputs(files, cwd);
  const bulk = await bulkSuppressions(flags, cwd);
  const outputs = bulk.writes ? [...files, bulk.file] : files;
  if (bulk.writes) await refuseUnsafeOutputs(outputs, cwd);
  const cache = await historyCacheOf(flags, io, debug);
  const historyEngine = historyEngineOf(flags.engine);
  if (debug) await printConfigChoices(targets, flags, io);

  const progress = wantsProgress(stderr, env, Boolean(flags.quiet)) ? new ProgressLine(stderr) : undefined;
  const { report, campaigns, timings, rules, warnings, dispose, unusedSuppressions, fixes } = await check({
    onProgress: progress && ((at) => progress.update({ ...at, file: sanitizeForTerminal(at.file) })),
    targets,
    cwd,
    configPath: flags.config,
    root: flags.root,
    outputs,
    ruleOverrides: parseRuleOverrides(flags.rule ?? []),
    ignorePatterns: flags.ignorePattern,
    errorOnUnmatchedPattern: flags.errorOnUnmatchedPattern,
    // Under --quiet warnings are not reported, so they cannot fail a campaign, as in ESLint.
    maxWarnings: flags.quiet ? undefined : maxWarningsPerCampaign,
    failOn,
    quiet: flags.quiet,
    redact: redacts(flags.redact, env),
    timing: Boolean(env.TIMING),
    env,
    suppressions: bulk.suppressions,
    cache,
    historyEngine,
    onEngineChoice: !debug
      ? undefined
      : ({ file, reader, reason }) =>
          io.stderr.write(
            reader === 'duckdb'
              ? `campaign-preflight: ${sanitizeForTerminal(file)} read by DuckDB\n`
              : `campaign-preflight: ${sanitizeForTerminal(file)} read by the default reader, not DuckDB: ${sanitizeForTerminal(reason ?? '')}\n`,
          ),
    collectFixes,
  }).finally(() => progress?.done());
  try {
    // The suppressions file first: a check that fails to write it writes nothing else.
    if (bulk.writes && bulk.updated) {
      await writeSuppressions(bulk.file, bulk.updated);
      stderr.write(`campaign-preflight: suppressions written to ${sanitizeForTerminal(bulk.given)}\n`);
    }
    // Before the reports: a folder that would replace an input is refused with nothing written.
    const cleanAudiences =
      flags.writeCleanAudience === undefined
        ? []
        : await writeCleanAudiences({ report, campaigns }, flags.writeCleanAudience, cwd);
    const fixedAudiences = flags.fix === undefined ? [] : await writeFixedAudiences({ campaigns, fixes }, flags.fix, cwd);
    await writeReports({ report, rules, maxRows, color }, destinations, flags.failuresOut, io);
    for (const { audienceFile, excludedFile, keptRows, excludedRows } of cleanAudiences) {
      const excluded = `${plural(excludedRows, 'row')} with errors in ${excludedFile}`;
      stderr.write(`${audienceFile}: ${plural(keptRows, 'row')} kept; ${excluded}\n`);
    }
    for (const fixed of fixedAudiences) stderr.write(sanitizeLinesForTerminal(fixedAudienceSummary(fixed)));
  } finally {
    dispose();
  }
  if (timings) stderr.write(timingTable(timings));
  if (report.campaigns.length === 0)
    stderr.write('campaign-preflight: no campaign files to check: every target was unmatched or ignored\n');
  // --max-warnings counts the warnings of the whole run, as ESLint does; the reports are unchanged.
  const tooManyWarnings = !flags.quiet && maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings)
    stderr.write(`campaign-preflight: ${plural(warnings, 'warning')} found; --max-warnings is ${maxWarnings}\n`);
  // ESLint's bulk suppressions: a count with more room than the errors it meets is an error
  // (exit 2) until --prune-suppressions lowers it, unless --pass-on-unpruned-suppressions.
  if (!bulk.writes && unusedSuppressions.length > 0) {
    const listed = unusedSuppressions
      .map(
        ({ campaignFile, ruleId, count, errors }) =>
          `  ${campaignFile}: ${ruleId} count ${count}, ${plural(errors, 'error')} found`,
      )
      .join('\n');
    const what = `${plural(unusedSuppressions.length, 'suppression')} in ${bulk.given} allow more errors than remain`;
    stderr.write(sanitizeForTerminal(`campaign-preflight: ${what}:\n${listed}\n`));
    if (!flags.passOnUnprunedSuppressions) {
      stderr.write(
        'campaign-preflight: run again with --prune-suppressions to tighten the file, or pass --pass-on-unpruned-suppressions\n',
      );
      return EXIT_USAGE;
    }
    stderr.write('campaign-preflight: --prune-suppressions would tighten the file\n');
  }
  return report.status === 'pass' && !tooManyWarnings ? EXIT_PASS : EXIT_FAIL;
}

interface BulkSuppressions {
  /** The file, absolute, and as given. */
  file: string;
  given: string;
  /** Whether this check writes the file: --suppress-all, --suppress-rule or --prune-suppressions. */
  writes: boolean;
  suppressions?: CheckOptions['suppressions'];
  /** The counts written, once the check has worked them out. */
  updated?: SuppressionCounts;
}

/** The suppressions file and what the check does with it (docs/cli.md). */
async function bulkSuppressions(flags: CheckFlags, cwd: string): Promise<BulkSuppressions> {
  const given = flags.suppressionsLocation ?? DEFAULT_SUPPRESSIONS_FILE;
  const file = path.resolve(cwd, given);
  const suppressRules = flags.suppressRule ?? [];
  if (flags.suppressAll && suppressRules.length > 0) {
    throw new UsageError('--suppress-all and --suppress-rule cannot be used together');
  }
  const suppressing = Boolean(flags.suppressAll) || suppressRules.length > 0;
  if (flags.pruneSuppressions && suppressing) {
    throw new UsageError('--prune-suppressions cannot be used with --suppress-all or --suppress-rule');
  }
  const existing = await readSuppressions(file);
  if (existing === undefined && flags.suppressionsLocation !== undefined && !suppressing) {
    throw new UsageError(`the suppressions file ${given} does not exist`, [
      'write it with --suppress-all or --suppress-rule <id>',
    ]);
  }
  const bulk: BulkSuppressions = { file, given, writes: suppressing || Boolean(flags.pruneSuppressions) };
  if (!bulk.writes) {
    bulk.suppressions = existing;
    return bulk;
  }
  bulk.suppressions = (errorCounts) => {
    const updated: SuppressionCounts = new Map([...(existing ?? [])].map(([campaign, rules]) => [campaign, new Map(rules)]));
    for (const [campaign, errors] of errorCounts) {
      let rules = updated.get(campaign);
      if (flags.pruneSuppressions) {
        // Lowered to the errors that remain; zeros are dropped when written.
        for (const [ruleId, count] of rules ?? []) rules!.set(ruleId, Math.min(count, errors.get(ruleId) ?? 0));
        continue;
      }
      for (const [ruleId, found] of errors) {
        if (found === 0 || (!flags.suppressAll && !suppressRules.includes(ruleId))) continue;
        if (!rules) updated.set(campaign, (rules = new Map()));
        rules.set(ruleId, found);
      }
    }
    bulk.updated = updated;
    return updated;
  };
  return bulk;
}

/** --output or its alias --output-file; both, naming different files, is a usage error. */
function outputOf({ output, outputFile }: CheckFlags): string | undefined {
  if (output !== undefined && outputFile !== undefined && output !== outputFile) {
    throw new UsageError(`--output ${output} and --output-file ${outputFile} name two files; give one of them`);
  }
  return output ?? outputFile;
}

/**
 * --debug: which config file and project root each campaign gets, one line each on standard
 * error, before the check reads anything else (so they show even when loading a config fails).
 */
async function printConfigChoices(targets: string[], flags: CheckFlags, { cwd, stderr }: CliIo): Promise<void> {
  const targetOptions = { ignorePatterns: flags.ignorePattern, errorOnUnmatchedPattern: flags.errorOnUnmatchedPattern };
  for (const file of await findCampaignFiles(targets, cwd, targetOptions)) {
    const { configPath, root } = await chooseConfig(file, { cwd, configPath: flags.config, root: flags.root });
    const config = configPath === undefined ? 'none (defaults)' : displayPathOf(configPath, cwd);
    const line = `${displayPathOf(file, cwd)}: config ${config}; project root ${root.path} (${root.reason})`;
    stderr.write(`${sanitizeForTerminal(line)}\n`);
  }
}

/** How many fixes not applied standard error lists per campaign; changes.csv has them all. */
const NOT_APPLIED_SHOWN = 5;

/** "fixed/spring/audience.csv: 3 cells changed, 1 row removed; changes in fixed/spring/changes.csv", and the fixes not applied. */
function fixedAudienceSummary({ audienceFile, changesFile, cellsChanged, rowsRemoved, notApplied }: FixedAudience): string {
  const notAppliedText = notApplied.length > 0 ? `, ${plural(notApplied.length, 'fix', 'fixes')} not applied` : '';
  const lines = [
    `${audienceFile}: ${plural(cellsChanged, 'cell')} changed, ${plural(rowsRemoved, 'row')} removed${notAppliedText}; changes in ${changesFile}`,
    ...notApplied.slice(0, NOT_APPLIED_SHOWN).map(({ line, column, reasons }) => `  line ${line}, ${column}: ${reasons[0]}`),
    ...(notApplied.length > NOT_APPLIED_SHOWN ? [`  … and ${notApplied.length - NOT_APPLIED_SHOWN} more in ${changesFile}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** ESLint's TIMING table: each rule's time and share of all rules' time, slowest first. */
function timingTable(timings: RuleTiming[]): string {
  const rows = [...timings]
    .sort((a, b) => b.ms - a.ms)
    .map((timing) => [timing.ruleId, timing.ms.toFixed(3), `${(timing.share * 100).toFixed(1)}%`]);
  const heading = ['Rule', 'Time (ms)', 'Relative'];
  const widths = heading.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = ([ruleId, ms, share]: string[]): string =>
    `${ruleId.padEnd(widths[0])} | ${ms.padStart(widths[1])} | ${share.padStart(widths[2])}`;
  const separator = `:${'-'.repeat(widths[0])}|${'-'.repeat(widths[1] + 1)}:|${'-'.repeat(widths[2])}:`;
  return `${[line(heading), separator, ...rows.map(line)].join('\n')}\n`;
}

/** --engine: default or duckdb. */
function historyEngineOf(given: string | undefined): HistoryEngine | undefined {
  if (given === undefined || given === 'default' || given === 'duckdb') return given;
  throw new UsageError(`--engine must be default or duckdb, not ${JSON.stringify(sanitizeForTerminal(given))}`);
}
