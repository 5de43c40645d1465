// What the command line takes from its process: where its output goes, the environment and the
// working folder. The executable gives it the process's own (processIo); tests give it streams
// that capture the text, so that they run the command line without starting a process.
import type { Writable } from 'node:stream';

/** Standard output or standard error: a stream, and whether it is a terminal (how wide, when it is). */
export type CliOutput = Writable & { isTTY?: boolean; columns?: number };

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: NodeJS.ProcessEnv;
  /** The working folder: relative paths given on the command line are relative to it. */
  cwd: string;
}

/**
 * The process's own streams, environment and working folder. A reader of standard output that
 * goes away (`campaign-preflight rules | head -1`) is no error: the rest of the output is dropped
 * (outputs.ts stops writing it), quietly, rather than crashing on the stream's EPIPE.
 */
export function processIo(): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`campaign-preflight: cannot write to standard output: ${error.message}\n`);
    process.exit(2);
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Colour: --color or --no-color (`flag`) when given; else as chalk decides it, plus NO_COLOR
 * (no-color.org): FORCE_COLOR wins, then NO_COLOR, then a terminal.
 */
export function colorFor(stream: CliOutput, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const { FORCE_COLOR, NO_COLOR, TERM } = env;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  if (NO_COLOR) return false;
  return stream.isTTY === true && TERM !== 'dumb';
}
