// The command line: parses the flags, calls the engine, formats the report and decides the exit
// code. Errors the user can act on are thrown as InputError/UsageError; bin.ts prints them.
import { once } from 'node:events';
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Chalk } from 'chalk';
import { Command, CommanderError } from 'commander';
import { Document, visit } from 'yaml';
import { InputError, UsageError, closest } from '../errors.js';
import { plural } from '../text.js';
import { githubSummary } from '../formats/github.js';
import { formatFailureList } from '../formats/csv.js';
import { sanitizeForTerminal, sanitizeTextForTerminal } from '../formats/terminal.js';
import { ProgressLine, wantsProgress } from './progress.js';
import { formatStreams, type FormatStream } from '../formats/index.js';
import {
  check,
  chooseConfig,
  listRules,
  resolveCampaignConfig,
  VERSION,
  writeCleanAudiences,
  type ResolvedCampaignConfig,
  type RuleInfo,
  type RuleTiming,
} from '../index.js';
import { findCampaignFiles } from '../config/load.js';
import { displayPathOf } from '../engine/resolve-config.js';
import { StagedFiles } from '../staged-files.js';
import type { Severity, SeveritySetting } from '../types.js';

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

interface CheckFlags {
  config?: string;
  root?: string;
  format?: string[];
  output?: string;
  maxRows?: string;
  failuresOut?: string;
  maxWarnings?: string;
  failOn?: string;
  writeCleanAudience?: string;
  rule?: string[];
  quiet?: boolean;
  /** --redact / --no-redact; undefined when neither is given. */
  redact?: boolean;
}

interface PrintConfigFlags {
  config?: string;
  root?: string;
  rule?: string[];
  format?: string;
}

/** Runs the command line and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let exitCode = EXIT_PASS;
  const program = new Command('campaign-preflight')
    .description('Catch personalization failures in marketing campaigns before they are sent.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('--debug', 'print stack traces with error messages, and the config file and project root of each campaign')
    .showHelpAfterError('(add --help for more information)')
    // Commander must not exit the process: its own usage errors become exit code 2 below.
    .exitOverride()
    // Commander quotes what the user typed in its errors: a pasted escape sequence stays visible text.
    .configureOutput({ writeErr: (text) => process.stderr.write(sanitizeTextForTerminal(text)) });

  program
    .command('check')
    .description('check campaigns and report what would go wrong')
    .argument('<targets...>', 'campaign files, or folders to search for campaign.yaml and *.campaign.yaml')
    .option('-c, --config <file>', 'use this config file for every campaign instead of searching for one')
    .option(
      '--root <folder>',
      'the project root: files named in campaign files and found config files must lie inside it (default: the git top level, else the working folder)',
    )
    .option(
      '-f, --format <name[:file]>',
      `report format: ${Object.keys(formatStreams).join(', ')}; repeatable, each with its own file (default: stylish)`,
      collect,
    )
    .option('-o, --output <file>', 'write the report of a format given without a file here instead of standard output')
    .option('--max-rows <n>', 'rows shown per rule in the stylish, markdown and junit reports')
    .option('--failures-out <file>', "write every finding's campaign, rule, customer and line to this CSV file, uncapped")
    .option('--max-warnings <n>', 'a campaign with more than n warnings fails (default: no limit)')
    .option(
      '--fail-on <severity>',
      "the lowest severity whose findings fail a campaign: error (default) or warning; rules' max_findings and max_share still apply",
    )
    .option(
      '--write-clean-audience <folder>',
      "write each campaign's audience without its rows with errors to <folder>/<campaign id>/audience.csv, and those rows to excluded.csv",
    )
    .option('--rule <id=severity>', 'set a rule to off, warning or error; repeatable', collect)
    .option('--quiet', 'report errors only: warnings are neither shown nor counted toward --max-warnings')
    .option('--redact', 'mask emails, phones, postal addresses and names in every report (default when CI is set)')
    .option('--no-redact', 'show personal data in the reports, even when CI is set')
    .addHelpText(
      'after',
      '\nExit codes: 0 every campaign passes, 1 at least one fails, 2 usage, config or input error.\n' +
        'TIMING=1 in the environment prints the time each rule took, on standard error.\n' +
        'CI set in the environment (not "false" or "0") turns --redact on.',
    )
    .action(async (targets: string[], flags: CheckFlags) => {
      exitCode = await runCheck(targets, flags, Boolean(program.opts().debug));
    });

  program
    .command('print-config')
    .description('print the config a campaign is checked with: config file, project root, history and every rule')
    .argument('<campaign>', 'a campaign file')
    .option('-c, --config <file>', 'use this config file instead of searching for one, as check does')
    .option('--root <folder>', 'the project root, as with check')
    .option('--rule <id=severity>', 'set a rule to off, warning or error, as with check; repeatable', collect)
    .option('-f, --format <name>', 'yaml (default) or json')
    .action(async (target: string, flags: PrintConfigFlags) => {
      const format = parsePrintConfigFormat(flags.format ?? 'yaml');
      const resolved = await resolveCampaignConfig({
        target,
        cwd: process.cwd(),
        configPath: flags.config,
        root: flags.root,
        ruleOverrides: parseRuleOverrides(flags.rule ?? []),
      });
      const text = format === 'json' ? `${JSON.stringify(resolved, null, 2)}\n` : configAsYaml(resolved);
      // The config quotes its files (column names, values): on a terminal they must not act as escape sequences.
      await writeToStdout([process.stdout.isTTY === true ? sanitizeTextForTerminal(text) : text]);
    });

  program
    .command('rules')
    .description('list every rule with its default severity')
    .action(() => {
      process.stdout.write(rulesTable(listRules(), colorFor(process.stdout)));
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule-id>', 'the rule, as `rules` lists it')
    .action(async (ruleId: string) => {
      process.stdout.write(await ruleDocumentation(ruleId));
    });

  program
    .command('init')
    .description('write a starter config, campaign and data in the current folder; never overwrites a file')
    .action(async () => {
      process.stdout.write(await writeStarterFiles(process.cwd()));
    });

  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    // Commander has already printed its message, the help or the version.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_PASS : EXIT_USAGE;
    throw error;
  }
  return exitCode;
}

/** One report to write: a format, and the file it goes to (standard output when none). */
interface Destination {
  format: string;
  stream: FormatStream;
  file?: string;
}

async function runCheck(targets: string[], flags: CheckFlags, debug: boolean): Promise<number> {
  const cwd = process.cwd();
  const destinations = parseDestinations(flags.format ?? ['stylish'], flags.output);
  const maxWarnings = flags.maxWarnings === undefined ? undefined : parseCount('--max-warnings', flags.maxWarnings);
  const maxRows = flags.maxRows === undefined ? undefined : parseCount('--max-rows', flags.maxRows);
  const failOn = flags.failOn === undefined ? undefined : parseFailOn(flags.failOn);
  const files = [...destinations.map((d) => d.file), flags.failuresOut].filter((file) => file !== undefined);
  await refuseUnsafeOutputs(files, cwd);
  if (debug) await printConfigChoices(targets, flags, cwd);

  const progress = wantsProgress(process.stderr, process.env, Boolean(flags.quiet)) ? new ProgressLine(process.stderr) : undefined;
  const { report, campaigns, timings, rules, dispose } = await check({
    onProgress: progress && ((at) => progress.update({ ...at, file: sanitizeForTerminal(at.file) })),
    targets,
    cwd,
    configPath: flags.config,
    root: flags.root,
    outputs: files,
    ruleOverrides: parseRuleOverrides(flags.rule ?? []),
    // Under --quiet warnings are not reported, so they cannot fail a campaign, as in ESLint.
    maxWarnings: flags.quiet ? undefined : maxWarnings,
    failOn,
    quiet: flags.quiet,
    redact: redacts(flags.redact, process.env),
    timing: Boolean(process.env.TIMING),
  }).finally(() => progress?.done());
  try {
    // Before the reports: a folder that would replace an input is refused with nothing written.
    const cleanAudiences =
      flags.writeCleanAudience === undefined ? [] : await writeCleanAudiences({ report, campaigns }, flags.writeCleanAudience, cwd);
    // Plugins' rules too: their descriptions reach SARIF and HTML.
    for (const { format, stream, file } of destinations) {
      if (file !== undefined) {
        await writeWholeFile(file, cwd, stream(report, { color: false, cwd, rules, maxRows }), format);
      } else {
        const pieces = stream(report, { color: colorFor(process.stdout), cwd, rules, maxRows });
        // On a terminal the data in a report must not act as escape sequences; stylish makes its data
        // safe itself, since its own colours are escape sequences.
        const onTerminal = process.stdout.isTTY === true && format !== 'stylish';
        await writeToStdout(onTerminal ? mapPieces(pieces, sanitizeTextForTerminal) : pieces);
      }
    }
    if (flags.failuresOut !== undefined) {
      await writeWholeFile(flags.failuresOut, cwd, formatFailureList(report), 'failure list');
    }
    // In GitHub Actions the run's summary page gets the Markdown report, whatever the format.
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (destinations.some((d) => d.format === 'github') && stepSummary) {
      await appendFile(stepSummary, githubSummary(report, { maxRows, rules }));
    }
    for (const { audienceFile, excludedFile, keptRows, excludedRows } of cleanAudiences) {
      const excluded = `${plural(excludedRows, 'row')} with errors in ${excludedFile}`;
      process.stderr.write(`${audienceFile}: ${plural(keptRows, 'row')} kept; ${excluded}\n`);
    }
  } finally {
    dispose();
  }
  if (timings) process.stderr.write(timingTable(timings));
  return report.status === 'pass' ? EXIT_PASS : EXIT_FAIL;
}

/**
 * --debug: which config file and project root each campaign gets, one line each on standard
 * error, before the check reads anything else (so they show even when loading a config fails).
 */
async function printConfigChoices(targets: string[], flags: CheckFlags, cwd: string): Promise<void> {
  for (const file of await findCampaignFiles(targets, cwd)) {
    const { configPath, root } = await chooseConfig(file, { cwd, configPath: flags.config, root: flags.root });
    const config = configPath === undefined ? 'none (defaults)' : displayPathOf(configPath, cwd);
    const line = `${displayPathOf(file, cwd)}: config ${config}; project root ${root.path} (${root.reason})`;
    process.stderr.write(`${sanitizeForTerminal(line)}\n`);
  }
}

function parsePrintConfigFormat(value: string): 'yaml' | 'json' {
  if (value !== 'yaml' && value !== 'json') throw new UsageError(`print-config --format takes yaml or json; got "${value}"`);
  return value;
}

/** The resolved config as YAML, lists written inline (`[error, { max: 5 }]`) as a config file would. */
function configAsYaml(resolved: ResolvedCampaignConfig): string {
  const document = new Document(resolved, { version: '1.2', aliasDuplicateObjects: false });
  visit(document, {
    Seq(_key, node) {
      node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}

/**
 * `--format name[:file]`, repeatable. A format without a file goes to --output, else to standard
 * output; only one may go to each place.
 */
function parseDestinations(entries: string[], output: string | undefined): Destination[] {
  const destinations = entries.map((entry): Destination => {
    const separator = entry.indexOf(':');
    const format = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const file = separator < 0 ? output : entry.slice(separator + 1);
    if (file === '') throw new UsageError(`--format ${entry}: the file after ":" is missing`);
    return { format, stream: formatNamed(format), file };
  });
  const seen = new Map<string, string>();
  for (const { format, file } of destinations) {
    const place = file === undefined ? 'standard output' : path.resolve(file);
    const earlier = seen.get(place);
    if (earlier !== undefined) {
      throw new UsageError(`--format ${earlier} and --format ${format} would both write to ${file ?? place}`, [
        'give each format its own file, as in --format stylish --format sarif:preflight.sarif',
      ]);
    }
    seen.set(place, format);
  }
  return destinations;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatNamed(name: string): FormatStream {
  // Own keys only: "toString" is not a format.
  if (Object.hasOwn(formatStreams, name)) return formatStreams[name];
  const names = Object.keys(formatStreams);
  const suggestion = closest(name, names);
  throw new UsageError(`unknown format "${name}"`, [
    ...(suggestion ? [`did you mean "${suggestion}"?`] : []),
    `formats: ${names.join(', ')}`,
  ]);
}

function parseFailOn(value: string): Severity {
  if (value !== 'error' && value !== 'warning') {
    throw new UsageError(`--fail-on takes error or warning; got "${value}"`);
  }
  return value;
}

function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`${flag} takes a whole number, 0 or more; got "${value}"`);
  }
  return Number(value);
}

/**
 * `--rule id=severity` entries, the last one winning. Rule ids are checked by the engine, which
 * also knows the rules that plugins named in the config add.
 */
function parseRuleOverrides(entries: string[]): Record<string, SeveritySetting> {
  const overrides: Record<string, SeveritySetting> = {};
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const id = entry.slice(0, separator).trim();
    const severity = entry.slice(separator + 1).trim();
    if (separator < 0 || id === '') {
      throw new UsageError(`--rule takes id=severity; got "${entry}"`, ['for example: --rule contact-fatigue=off']);
    }
    if (!isSeveritySetting(severity)) {
      throw new UsageError(`--rule ${id}: the severity is off, warning or error; got "${severity}"`);
    }
    overrides[id] = severity;
  }
  return overrides;
}

function isSeveritySetting(value: string): value is SeveritySetting {
  return value === 'off' || value === 'warning' || value === 'error';
}

/**
 * Checked before the run, so that a long check does not end in a report that cannot be written.
 * The engine refuses an output that is one of the files the check reads (`outputs` of check).
 */
async function refuseUnsafeOutputs(files: string[], cwd: string): Promise<void> {
  const seen = new Set<string>();
  for (const given of files) {
    const outputFile = path.resolve(cwd, given);
    if (seen.has(outputFile)) throw new UsageError(`two reports would be written to ${given}`);
    seen.add(outputFile);
    // A path that cannot be examined is reported when the report is written.
    const existing = await stat(outputFile).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw new UsageError(`the output ${given} is a folder; give the path of a file`);
    }
  }
}

/**
 * Writes a temporary file beside the target, then renames it: the file is written whole or not at
 * all. The text comes in pieces, gathered into blocks so that a million small pieces make few writes.
 */
async function writeWholeFile(given: string, cwd: string, pieces: Iterable<string>, what: string): Promise<void> {
  const staged = new StagedFiles();
  try {
    const handle = await staged.open(path.resolve(cwd, given));
    try {
      for (const block of blocks(pieces)) {
        for (let offset = 0; offset < block.length; ) offset += (await handle.write(block, offset)).bytesWritten;
      }
    } finally {
      await handle.close();
    }
    await staged.commit();
  } catch (error) {
    await staged.discard();
    if (error instanceof InputError || error instanceof UsageError) throw error;
    throw new InputError(`cannot write the ${what}: ${(error as Error).message}`, { file: given });
  }
}

/** Writes to standard output, waiting whenever the pipe is full rather than buffering the report. */
function* mapPieces(pieces: Iterable<string>, map: (piece: string) => string): Generator<string> {
  for (const piece of pieces) yield map(piece);
}

async function writeToStdout(pieces: Iterable<string>): Promise<void> {
  for (const block of blocks(pieces)) {
    // A copy: the stream may still hold the block when the next one is filled.
    if (!process.stdout.write(Buffer.from(block))) await once(process.stdout, 'drain');
  }
}

const BLOCK_BYTES = 1 << 16;

/**
 * Gathers pieces into blocks of UTF-8 so that a million small pieces make few writes. The blocks
 * share one buffer, each valid until the next is asked for: joined strings instead would outlive
 * V8's young generation and pile up, a report's size in garbage.
 */
function* blocks(pieces: Iterable<string>): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  for (const piece of pieces) {
    const most = piece.length * 3; // the most UTF-8 bytes a string of this length can take
    if (used + most > buffer.length) {
      if (used > 0) yield buffer.subarray(0, used);
      used = 0;
      if (most > buffer.length) {
        yield Buffer.from(piece);
        continue;
      }
    }
    used += buffer.write(piece, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** --redact or --no-redact as given, else on when the CI environment variable is set, non-empty, and not "false" or "0". */
function redacts(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  const normalized = (env.CI ?? '').trim().toLowerCase();
  return normalized !== '' && normalized !== 'false' && normalized !== '0';
}

/**
 * Whether an error that ends the run is printed with its data masked: as the reports would be.
 * Read from the arguments, since the error may come before or while commander parses them; the
 * last of --redact and --no-redact wins, as with commander.
 */
export function redactsErrors(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const flag = args.findLast((arg) => arg === '--redact' || arg === '--no-redact');
  return redacts(flag === undefined ? undefined : flag === '--redact', env);
}

/** Colour as chalk decides it, plus NO_COLOR (no-color.org): FORCE_COLOR wins, then NO_COLOR, then a terminal. */
function colorFor(stream: NodeJS.WriteStream): boolean {
  const { FORCE_COLOR, NO_COLOR, TERM } = process.env;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  if (NO_COLOR) return false;
  return stream.isTTY === true && TERM !== 'dumb';
}

function rulesTable(rules: RuleInfo[], color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  const idWidth = Math.max('Rule'.length, ...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max('Default'.length, ...rules.map((rule) => rule.severity.length));
  const heading = paint.dim(`${'Rule'.padEnd(idWidth)}  ${'Default'.padEnd(severityWidth)}  Description`);
  const lines = rules.map((rule) => {
    const severity = rule.severity.padEnd(severityWidth);
    const severityText = rule.severity === 'error' ? paint.red(severity) : paint.yellow(severity);
    return `${rule.id.padEnd(idWidth)}  ${severityText}  ${rule.description}`;
  });
  return `${[heading, ...lines].join('\n')}\n`;
}

async function ruleDocumentation(ruleId: string): Promise<string> {
  const rules = listRules();
  const rule = rules.find((candidate) => candidate.id === ruleId);
  if (!rule) {
    const suggestion = closest(ruleId, rules.map((candidate) => candidate.id));
    throw new UsageError(`unknown rule "${ruleId}"`, [
      ...(suggestion ? [`did you mean "${suggestion}"?`] : []),
      '"campaign-preflight rules" lists every rule',
    ]);
  }
  const text = await readFile(rule.docsFile, 'utf8').catch(() => {
    throw new InputError(`the documentation of ${ruleId} is missing`, { file: rule.docsFile });
  });
  return text.endsWith('\n') ? text : `${text}\n`;
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

/** `init`: creates each starter file that does not exist yet and says what it did. */
async function writeStarterFiles(folder: string): Promise<string> {
  const lines: string[] = [];
  for (const { file, text } of STARTER_FILES) {
    const target = path.join(folder, file);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // "wx" fails when the file exists, so nothing is ever overwritten, even in a race.
      await writeFile(target, text, { flag: 'wx' });
      lines.push(`created  ${file}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(`cannot create the file: ${(error as Error).message}`, { file });
      }
      lines.push(`skipped  ${file}: exists, left unchanged`);
    }
  }
  return `${lines.join('\n')}\n\nNext: campaign-preflight check .\n`;
}

/**
 * What `init` writes: a config, a promotion and the data it reads, clean on every rule so that
 * `check .` passes straight away and the user can change one thing at a time.
 */
const STARTER_FILES: ReadonlyArray<{ file: string; text: string }> = [
  {
    file: 'campaign-preflight.config.yaml',
    text: `# campaign-preflight settings for every campaign in this folder and below.
# "campaign-preflight rules" lists the rules; "campaign-preflight explain <rule-id>" documents one.

extends: recommended            # every rule at its default severity (or: strict)

history:                        # the data campaigns are checked against; paths relative to this file
  customers: data/customers.csv
  orders: data/orders.csv
  # contacts: data/contacts.csv # messages already sent, for contact-fatigue

# run:
#   window_days: 31             # campaigns sent within this many days of each other are checked together

rules:                          # each rule: off, warning, error, or [severity, { options }]
  contact-fatigue: [warning, { max: 3, window_days: 7 }]   # at most 3 messages a person in 7 days
  # no-consent: [error, { require_opt_in: true }]          # also flag people whose consent is unknown
`,
  },
  {
    file: 'campaign.yaml',
    text: `# A campaign to check before it is sent. Paths are relative to this file.
id: autumn-thank-you              # lower case letters, digits, ".", "_" and "-"
name: Autumn thank-you            # optional, for people
type: promotion                   # promotion | reactivation | review_request | newsletter | announcement | transactional
channel: email                    # email | sms | push | direct_mail | phone
send_at: 2026-11-20T09:00:00Z     # when it goes out; every time-based rule measures from this instant
audience: audience.csv            # one row per recipient
# history: the config file names it for every campaign; a campaign may name its own here.

message:                          # Liquid templates, rendered against each audience row
  subject: "{{ first_name }}, 15% off your next order"
  greeting: "Hi {{ first_name }},"
  body: "Thank you for shopping with us. Your discount applies to all stationery until the end of the month."

offer:                            # what every row is offered; an audience column such as discount_pct overrides it
  discount_pct: 15
  categories: [stationery]

# control_group:                  # rows held back to measure the campaign's uplift
#   column: group                 # the audience column that marks them
#   control_values: [control]
#   baseline_conversion: 0.05
#   min_detectable_uplift: 0.2

rules:                            # settings for this campaign only, in the config file's form
  control-group: off              # three rows are too few to measure uplift; remove this for a real audience
`,
  },
  {
    file: 'audience.csv',
    text: `customer_id,email,first_name
C-1001,ada.lovelace@example.com,Ada
C-1002,grace.hopper@example.com,Grace
C-1003,alan.turing@example.com,Alan
`,
  },
  {
    file: 'data/customers.csv',
    text: `customer_id,first_name,last_name,email,postal_code,email_consent,unsubscribed_at,do_not_contact
C-1001,Ada,Lovelace,ada.lovelace@example.com,N1 9GU,yes,,no
C-1002,Grace,Hopper,grace.hopper@example.com,10001,yes,,no
C-1003,Alan,Turing,alan.turing@example.com,SK9 5AP,yes,,no
`,
  },
  {
    file: 'data/orders.csv',
    text: `order_id,customer_id,ordered_at,status,delivered_at,total,category
O-5001,C-1001,2026-09-14,delivered,2026-09-17,42.50,stationery
O-5002,C-1001,2026-10-02,delivered,2026-10-05,18.00,stationery
O-5003,C-1002,2026-10-21,shipped,,64.90,office
`,
  },
];
