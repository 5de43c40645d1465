#!/usr/bin/env node
// The executable: run the command line and turn any error into a message and exit code 2. The
// message may quote the user's files, so it reaches the terminal with its control characters
// escaped; a stack trace only with --debug.
import { InputError } from '../errors.js';
import { sanitizeLinesForTerminal } from '../formats/terminal.js';
import { main } from './main.js';

const args = process.argv.slice(2);
const debug = args.includes('--debug');
try {
  process.exitCode = await main(args);
} catch (error) {
  const message =
    error instanceof InputError
      ? error.format()
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
