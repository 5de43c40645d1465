// One full check through the library: every target (campaign files or folders) in one check()
// call, as the CLI does. Run by bench/run.mjs in its own process:
//   node --expose-gc bench/check-once.mjs [--only <rule-id,...>] [--cache <folder>] [--engine <engine>] <campaign.yaml | folder>...
// --only turns every other rule off, as `--rule <id>=off` would (to time the rules DuckDB checks);
// --cache keeps the history cache in <folder>, as the CLI's --cache --cache-location do.

import { parseArgs } from 'node:util';
import { cpuMsSince, sendResult } from './child-result.mjs';

await sendResult(async () => {
  const { values, positionals: targets } = parseArgs({
    options: { only: { type: 'string' }, cache: { type: 'string' }, engine: { type: 'string' } },
    allowPositionals: true,
  });
  if (targets.length === 0) throw new Error('usage: check-once.mjs [--only <rule-id,...>] <campaign.yaml | folder>...');
  const cwd = process.cwd();
  // Loading the library is start-up cost, not checking cost: keep it out of the timing.
  const { check, listRules } = await import('../dist/src/index.js');
  if (typeof check !== 'function') throw new Error('dist/src/index.js does not export check()');
  const only = values.only?.split(',');
  const ruleOverrides = only
    ? Object.fromEntries(listRules().flatMap(({ id }) => (only.includes(id) ? [] : [[id, 'off']])))
    : undefined;

  globalThis.gc?.();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let cacheUsed = false;
  const cache = values.cache && { location: values.cache, onEvent: (event) => (cacheUsed ||= event.kind === 'used') };
  const { report, dispose } = await check({
    targets,
    cwd,
    ...(ruleOverrides ? { ruleOverrides } : {}),
    ...(cache ? { cache } : {}),
    ...(values.engine ? { historyEngine: values.engine } : {}),
  });
  const elapsedMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStarted);

  // Reading the findings back (from disk, for a large run) is part of any report, so it counts toward peak memory.
  const findingsByRule = {};
  let findings = 0;
  for (const f of report.findings) {
    findingsByRule[f.ruleId] = (findingsByRule[f.ruleId] ?? 0) + 1;
    findings++;
  }
  dispose();
  return {
    elapsedMs,
    cpuMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    status: report.status,
    campaigns: report.campaigns.length,
    recipients: report.campaigns.reduce((n, c) => n + c.recipients, 0),
    findings,
    findingsByRule,
    cacheUsed,
  };
});
