#!/usr/bin/env node
// The executable: run the command line and turn any error into a message and exit code 2.
import { InputError } from '../errors.js';
import { main } from './main.js';

const args = process.argv.slice(2);
const debug = args.includes('--debug');
try {
  process.exitCode = await main(args);
} catch (error) {
  if (error instanceof InputError) {
    console.error(error.format());
  } else {
    console.error(`campaign-preflight: internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (debug && error instanceof Error) console.error(error.stack);
  process.exitCode = 2;
}
