// The command line: its commands and flags (main), and `run`, which prints an error that ends the
// run and returns exit code 2, as the executable and the tests that run it in-process both need.
// Errors the user can act on are thrown as InputError/UsageError. Everything the command line
// takes from its process comes through a CliIo.
import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { InputError } from '../errors.js';
import { DEFAULT_FORMAT, reportFormats } from '../formats/index.js';
import { sanitizeLinesForTerminal, sanitizeTextForTerminal } from '../formats/terminal.js';
import { listRules, VERSION } from '../index.js';
import { runCheck, type CheckFlags } from './check-command.js';
import { EXIT_PASS, EXIT_USAGE } from './exit-codes.js';
import { collect, redactsErrors } from './flags.js';
import { writeStarterFiles } from './init.js';
import { colorFor, type CliIo, type CliOutput } from './io.js';
import { isClosedPipe } from './outputs.js';
import { printConfig, type PrintConfigFlags } from './print-config.js';
import { printProfilesSql, type ProfilesSqlFlags } from './profiles-sql-command.js';
import { ruleDocumentation, rulesTable } from './rules-command.js';
import { DEFAULT_CACHE_FOLDER } from './history-cache.js';
import { DEFAULT_SUPPRESSIONS_FILE } from './suppressions.js';

/** Runs the command line and returns the exit code; an error that ends the run is thrown. */
export async function main(args: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_PASS;
  const program = new Command('campaign-preflight')
    .description('Catch personalization failures in marketing campaigns before they are sent.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('--debug', 'print stack traces with error messages, and the config file and project root of each campaign')
    .option('--color', 'colour standard output, whatever the environment says')
    .option('--no-color', 'no colour on standard output, whatever the environment says')
    .showHelpAfterError('(add --help for more information)')
    // Commander must not exit the process: its own usage errors become exit code 2 below.
    .exitOverride()
    .configureOutput(commanderOutput(io));

  const formatNames = Object.keys(reportFormats);
  const nameWidth = Math.max(...formatNames.map((name) => name.length));
  const formatList = formatNames.map((name) => `  ${name.padEnd(nameWidth)}  ${reportFormats[name].description}`).join('\n');
  program
    .command('check')
    .description('check campaigns and report what would go wrong')
    .argument(
      '<targets...>',
      "campaign files, folders to search for campaign.yaml and *.campaign.yaml, or quoted globs ('campaigns/**/*.campaign.yaml')",
    )
    .option('-c, --config <file>', 'use this config file for every campaign instead of searching for one')
    .option(
      '--root <folder>',
      'the project root: files named in campaign files and found config files must lie inside it (default: the git top level, else the working folder)',
    )
    .option(
      '-f, --format <name[:file]>',
      `report format: ${formatNames.join(', ')}, or a custom formatter's path or package; repeatable, each with its own file (default: ${DEFAULT_FORMAT})`,
      collect,
    )
    .option('-o, --output <file>', 'write the report of a format given without a file here instead of standard output')
    .option('--output-file <file>', "the same as --output (ESLint's name)")
    .option(
      '--max-rows <n>',
      `rows shown per rule in the ${andList(formatNames.filter((name) => reportFormats[name].honorsMaxRows))} reports`,
    )
    .option(
      '--failures-out <file>',
      "write every finding's campaign, rule, customer, line, address, reason and what to do to this CSV file, uncapped",
    )
    .option('--max-warnings <n>', 'exit with 1 when the run has more than n warnings in all (default: no limit)')
    .option('--max-warnings-per-campaign <n>', 'a campaign with more than n warnings fails, in its report (default: no limit)')
    .option(
      '--fail-on <severity>',
      "the lowest severity whose findings fail a campaign: error (default) or warning; rules' max_findings and max_share still apply",
    )
    .option(
      '--write-clean-audience <folder>',
      "write each campaign's audience without its rows with errors to <folder>/<campaign id>/audience.csv, and those rows to excluded.csv",
    )
    .option(
      '--fix <folder>',
      "write each campaign's audience with its findings' fixes applied to <folder>/<campaign id>/audience.csv, and every change to changes.csv",
    )
    .option(
      '--fix-type <type>',
      'with --fix, apply only the fixes of this type: set (a cell) or remove (the row); repeatable',
      collect,
    )
    .option('--fix-rule <id>', "with --fix, apply only this rule's fixes; repeatable", collect)
    .option('--rule <id=severity>', 'set a rule to off, warn(ing) or error (or 0, 1, 2); repeatable', collect)
    .option(
      '--ignore-pattern <glob>',
      'skip the campaign files this glob matches (relative to the working folder); repeatable',
      collect,
    )
    .option('--no-error-on-unmatched-pattern', 'skip a target that matches no campaign file instead of exiting with 2')
    .option('--quiet', 'report errors only: warnings are neither shown nor counted toward --max-warnings')
    .option('--redact', 'mask emails, phones, postal addresses and names in every report (default when CI is set)')
    .option('--no-redact', 'show personal data in the reports, even when CI is set')
    .option(
      '--cache',
      'keep the persons built from the history, and reuse them while the history files and settings are unchanged',
    )
    .option(
      '--cache-location <folder>',
      `the folder of the history cache (default: ${DEFAULT_CACHE_FOLDER} in the working folder)`,
    )
    .option(
      '--cache-strategy <strategy>',
      'how a history file is known unchanged: content (default; its size and SHA-256) or metadata (its size and modification time)',
    )
    .option(
      '--engine <engine>',
      'who reads the history: default, or duckdb (DuckDB, when @duckdb/node-api is installed; the same findings, holding only the persons the audiences reach: for a history far larger than its audiences)',
    )
    .option(
      '--suppressions-location <file>',
      `the bulk suppressions file (default: ${DEFAULT_SUPPRESSIONS_FILE} in the working folder)`,
    )
    .option('--suppress-all', "write every campaign's errors per rule into the suppressions file, suppressing them")
    .option('--suppress-rule <id>', "write this rule's errors into the suppressions file; repeatable", collect)
    .option('--prune-suppressions', 'lower the counts of the suppressions file to the errors that remain')
    .option('--pass-on-unpruned-suppressions', 'do not exit with 2 when the suppressions file allows more errors than remain')
    .addHelpText(
      'after',
      `\nFormats:\n${formatList}\n` +
        '\nExit codes: 0 every campaign passes, 1 at least one fails, 2 usage, config or input error.\n' +
        'TIMING=1 in the environment prints the time each rule took, on standard error.\n' +
        'CI set in the environment (not "false" or "0") turns --redact on.',
    )
    .action(async (targets: string[], flags: CheckFlags) => {
      const { debug, color } = program.opts<{ debug?: boolean; color?: boolean }>();
      exitCode = await runCheck(targets, flags, { debug: Boolean(debug), color }, io);
    });

  program
    .command('print-config')
    .description('print the config a campaign is checked with: config file, project root, history and every rule')
    .argument('<campaign>', 'a campaign file')
    .option('-c, --config <file>', 'use this config file instead of searching for one, as check does')
    .option('--root <folder>', 'the project root, as with check')
    .option('--rule <id=severity>', 'set a rule to off, warn(ing) or error (or 0, 1, 2), as with check; repeatable', collect)
    .option('-f, --format <name>', 'yaml (default) or json')
    .action((target: string, flags: PrintConfigFlags) => printConfig(target, flags, io));

  program
    .command('profiles-sql')
    .description(
      "print the SQL that builds the campaigns' profiles table in a database or warehouse, for history.profiles (docs/profiles-sql.md)",
    )
    .argument(
      '<targets...>',
      'campaign files or folders, as with check: the SQL is made for their send times and review requests',
    )
    .requiredOption('--dialect <dialect>', 'duckdb, postgres, bigquery, snowflake or spark')
    .option('-c, --config <file>', 'use this config file for every campaign instead of searching for one, as check does')
    .option('--root <folder>', 'the project root, as with check')
    .option('--rule <id=severity>', 'set a rule to off, warn(ing) or error, as with check; repeatable', collect)
    .option(
      '--table <kind=table>',
      "the table of customers, orders or contacts (default: the run's history files with duckdb, else a table named after the kind); repeatable",
      collect,
    )
    .option(
      '--columns <kind=columns>',
      "the columns a table has, canonical names separated by commas, name=its own where it differs (default: the history file's header); repeatable",
      collect,
    )
    .option('--link-rounds <n>', 'rounds of linking records into persons; the table says when they were too few (default: 16)')
    .action(async (targets: string[], flags: ProfilesSqlFlags) => {
      await printProfilesSql(targets, flags, io);
    });

  program
    .command('rules')
    .description('list every rule with its default severity')
    .action(() => {
      io.stdout.write(rulesTable(listRules(), colorFor(io.stdout, io.env, program.opts<{ color?: boolean }>().color)));
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule-id>', 'the rule, as `rules` lists it')
    .action(async (ruleId: string) => {
      io.stdout.write(await ruleDocumentation(ruleId));
    });

  program
    .command('init')
    .description('write a starter config, campaign and data in the current folder; never overwrites a file')
    .action(async () => {
      io.stdout.write(await writeStarterFiles(io.cwd));
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

/**
 * Runs the command line and returns the exit code: an error that ends the run is printed on
 * standard error, with its control characters escaped since it may quote the user's files, and
 * gives exit code 2. Its stack trace is printed only with --debug.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    return await main(args, io);
  } catch (error) {
    // Standard output's reader went away (`| head -1`) and has what it wanted: no message.
    if (isClosedPipe(error)) return EXIT_PASS;
    const message =
      error instanceof InputError
        ? error.format({ redact: redactsErrors(args, io.env) })
        : `campaign-preflight: internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`${sanitizeLinesForTerminal(message)}\n`);
    if (args.includes('--debug')) io.stderr.write(`${sanitizeLinesForTerminal(stackTrace(error))}\n`);
    return EXIT_USAGE;
  }
}

/** The error's stack, then the stacks of its causes (a rule's own error, for one). */
function stackTrace(error: unknown): string {
  const stacks: string[] = [];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    stacks.push(`${depth > 0 ? 'Caused by: ' : ''}${cause.stack ?? cause.message}`);
  }
  return stacks.join('\n');
}

/**
 * Commander's output, through the io rather than the process's own streams. Commander quotes what
 * the user typed in its errors: a pasted escape sequence stays visible text.
 */
function commanderOutput({ stdout, stderr, env }: CliIo): OutputConfiguration {
  // Commander's own width: the terminal's, else 80 columns.
  const helpWidth = (stream: CliOutput) => (stream.isTTY ? stream.columns : undefined) ?? 80;
  return {
    writeOut: (text: string) => stdout.write(text),
    writeErr: (text: string) => stderr.write(sanitizeTextForTerminal(text)),
    getOutHelpWidth: () => helpWidth(stdout),
    getErrHelpWidth: () => helpWidth(stderr),
    getOutHasColors: () => colorFor(stdout, env),
    getErrHasColors: () => colorFor(stderr, env),
  };
}

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
