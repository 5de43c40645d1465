#!/usr/bin/env node
// The executable: run the command line and turn any error into a message and exit code 2. The
// message may quote the user's files, so it reaches the terminal with its control characters
// escaped; a stack trace only with --debug. Interrupted by a signal, it removes what it has on
// disk (see cleanup.ts) and exits as a shell expects of a process the signal killed.
import { removeLeftovers } from '../cleanup.js';
import { InputError } from '../errors.js';
import { sanitizeLinesForTerminal } from '../formats/terminal.js';
import { main, redactsErrors } from './main.js';

/** 128 + the signal's number, the code a shell reports for a process the signal ended. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
  process.on(signal, () => {
    removeLeftovers();
    // On a terminal, "\r" and "erase line" first: the progress line may be showing.
    process.stderr.write(`${process.stderr.isTTY ? '\r\u001b[2K' : ''}campaign-preflight: interrupted\n`);
    process.exit(code);
  });
}

const args = process.argv.slice(2);
const debug = args.includes('--debug');
try {
  process.exitCode = await main(args);
} catch (error) {
  const message =
    error instanceof InputError
      ? error.format({ redact: redactsErrors(args, process.env) })
      : `campaign-preflight: internal error: ${error instanceof Error ? error.message : String(error)}`;
  console.error(sanitizeLinesForTerminal(message));
  if (debug) console.error(sanitizeLinesForTerminal(stackTrace(error)));
  process.exitCode = 2;
}

/** The error's stack, then the stacks of its causes (a rule's own error, for one). */
function stackTrace(error: unknown): string {
  const stacks: string[] = [];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    stacks.push(`${depth > 0 ? 'Caused by: ' : ''}${cause.stack ?? cause.message}`);
  }
  return stacks.join('\n');
}
