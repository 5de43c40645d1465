// The CLI's checks as a data analyst would write them in DuckDB SQL (bench/duckdb/), on a scenario
// of bench/generate.mjs.
//
//   node bench/duckdb.mjs <scenario dir>           one cold run, as bench/run.mjs --vs times it
//   node bench/duckdb.mjs --verify <scenario dir>  compares the rows the SQL flags with the rows
//                                                  the built CLI flags, per rule (exit 1 if any differ)
//
// A one-campaign scenario only (see bench/duckdb/checks.mjs).

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMsSince, sendResult } from './child-result.mjs';

const { values, positionals } = parseArgs({ options: { verify: { type: 'boolean' } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('usage: node bench/duckdb.mjs [--verify] <scenario dir>');
  process.exit(2);
}
const scenarioDir = resolve(positionals[0]);

if (values.verify) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { formatVerification, verifyScenario } = await import('./duckdb/verify.mjs');
  try {
    const verification = await verifyScenario(scenarioDir, { DuckDBInstance });
    console.log(`verify: ${scenarioDir} (${verification.sends.toLocaleString('en-US')} sends)`);
    console.log(formatVerification(verification));
    process.exitCode = verification.ok ? 0 : 1;
  } catch (err) {
    console.error(`bench/duckdb: ${err.stack ?? err}`);
    process.exitCode = 2;
  }
} else {
  await sendResult(async () => {
    // Loading the library is start-up cost, as for check-once.mjs: kept out of the timing.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { checkWithDuckDB } = await import('./duckdb/checks.mjs');
    globalThis.gc?.();
    const cpuStarted = process.cpuUsage();
    const { elapsedMs, phasesMs, flagged, sends } = await checkWithDuckDB(scenarioDir, { DuckDBInstance });
    return {
      elapsedMs,
      cpuMs: cpuMsSince(cpuStarted),
      maxRssKiB: process.resourceUsage().maxRSS,
      sends,
      phasesMs,
      rowsByRule: Object.fromEntries(Object.entries(flagged).map(([rule, lines]) => [rule, lines.length])),
    };
  });
}
