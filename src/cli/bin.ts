#!/usr/bin/env node
// The executable: runs the command line with the process's own streams, environment and working
// folder, and sets the exit code. Interrupted by a signal, it removes what it has on disk (see
// cleanup.ts) and exits as a shell expects of a process the signal killed.
import { removeLeftovers } from '../cleanup.js';
import { processIo } from './io.js';
import { run } from './main.js';

const io = processIo();

/** 128 + the signal's number, the code a shell reports for a process the signal ended. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
  process.on(signal, () => {
    removeLeftovers();
    // On a terminal, "\r" and "erase line" first: the progress line may be showing.
    io.stderr.write(`${io.stderr.isTTY ? '\r\u001b[2K' : ''}campaign-preflight: interrupted\n`);
    process.exit(code);
  });
}

process.exitCode = await run(process.argv.slice(2), io);
