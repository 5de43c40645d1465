// `npm run bench [-- --scale 0.1 | --rows N --customers N --orders N --contacts N --campaigns N
//                    --seed N --runs N --force --vs --verify --cache --engine duckdb]`
//
// Generates (or reuses) a synthetic scenario, then times, each in a fresh process and keeping the
// faster of `--runs` (default 2) attempts:
//   parse-only  csv-parse over every CSV of the scenario (each audience and each history file,
//               once), the floor for any checker;
//   check       the library's check() on the scenario's campaigns, all in one call (with
//               --campaigns N > 1, its campaigns/ folder: N campaigns of --rows rows each);
//   duckdb      with --vs: seven of the rules written in DuckDB SQL, as an analyst would check
//               the same files instead (bench/duckdb.mjs; one-campaign scenarios only), and
//               check (7)   the library's check() with only those seven rules on.
//   With --engine duckdb, every check runs with that engine (docs/cli.md#history-engine).
//   check warm  with --cache: check() once with the history cache, to write it (timed as "check,
//               writing the cache"), then `--runs` times with the cache valid: the audiences only.
// Prints a table and the verdict against the targets. Each time comes with the CPU time of all the
// process's threads, which varies less than the wall time on a shared machine. With --verify (and --vs), also checks that
// the SQL flags the same rows as the CLI's JSON report, rule by rule. Always exits 0: a benchmark,
// not a test.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RULES as DUCKDB_RULES } from './duckdb/checks.mjs';
import { SIZE_OPTIONS, formatBytes, generateScenario, resolveParams } from './generate.mjs';

const TARGETS = { maxRatio: 1.5, maxRssMiB: 1024 };
// With --vs: the cold CLI at most twice DuckDB's time, no slower than parse-only.
const VS_TARGETS = { maxVsDuckDB: 2, maxVsParse: 1, maxWarmVsDuckDB: 0.5 };

let values, params;
try {
  ({ values } = parseArgs({
    options: {
      ...SIZE_OPTIONS,
      runs: { type: 'string' },
      vs: { type: 'boolean' },
      verify: { type: 'boolean' },
      cache: { type: 'boolean' },
      engine: { type: 'string' },
    },
  }));
  if (values.verify && !values.vs) throw new Error('--verify compares the DuckDB checks with the CLI: give --vs too');
  params = resolveParams(values);
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs ?? 2) || 2);
/** Given to every check: the history engine, when not the default. */
const engineArgs = values.engine ? ['--engine', values.engine] : [];

const scenario = await generateScenario(params, { force: values.force, log: (m) => console.log(`  ${m}`) });
const { manifest } = scenario;
console.log(
  scenario.reused
    ? `scenario: ${rel(scenario.dir)} (reused; generated earlier in ${seconds(manifest.generationMs)})`
    : `scenario: ${rel(scenario.dir)} (generated in ${seconds(manifest.generationMs)})`,
);
const fileWidth = Math.max(20, ...Object.keys(manifest.files).map((f) => f.length));
for (const [file, { rows, bytes }] of Object.entries(manifest.files)) {
  console.log(`  ${file.padEnd(fileWidth)} ${fmtInt(rows).padStart(11)} rows ${formatBytes(bytes).padStart(11)}`);
}
const audienceRows = scenario.audienceFiles.reduce((n, f) => n + manifest.files[f].rows, 0);
if (scenario.campaigns.length > 1) {
  console.log(`  ${scenario.campaigns.length} campaigns in one run, ${fmtInt(audienceRows)} audience rows in all`);
}

if (engineArgs.length > 0) console.log(`history engine: ${values.engine}`);
console.log(`\nparse-only: ${runs} run(s)…`);
const parse = await fastest(runs, 'parse-only.mjs', scenario.csvFiles.map(rel));
console.log(`check: ${runs} run(s)…`);
const check = await fastest(runs, 'check-once.mjs', [...engineArgs, ...scenario.targets.map(rel)]);
let checkWriting, checkWarm;
if (values.cache) {
  const cacheFolder = mkdtempSync(path.join(tmpdir(), 'cp-bench-cache-'));
  const cacheArgs = [...engineArgs, '--cache', cacheFolder, ...scenario.targets.map(rel)];
  try {
    console.log('check, writing the history cache: 1 run…');
    checkWriting = await fastest(1, 'check-once.mjs', cacheArgs);
    console.log(`check warm (the cache valid): ${runs} run(s)…`);
    checkWarm = await fastest(runs, 'check-once.mjs', cacheArgs);
    if (checkWarm.ok && !checkWarm.cacheUsed) checkWarm = { ok: false, error: 'the warm run did not use the cache' };
  } finally {
    rmSync(cacheFolder, { recursive: true, force: true });
  }
}
let duckdb, checkSameRules;
if (values.vs && scenario.campaigns.length > 1) {
  duckdb = { ok: false, error: 'the DuckDB checks handle one campaign: run --vs without --campaigns' };
} else if (values.vs) {
  console.log(`duckdb: ${runs} run(s)…`);
  duckdb = await fastest(runs, 'duckdb.mjs', [rel(scenario.dir)]);
  console.log(`check, only the ${DUCKDB_RULES.length} rules DuckDB checks: ${runs} run(s)…`);
  checkSameRules = await fastest(runs, 'check-once.mjs', [
    ...engineArgs,
    '--only',
    DUCKDB_RULES.join(','),
    ...scenario.targets.map(rel),
  ]);
}

printSummary();
if (values.cache) printCache();
if (values.vs) printVersus();
if (values.verify && duckdb.ok) await printVerification();

// ---------------------------------------------------------------------------------------------

/** Runs a measuring child `times` times; the fastest successful result, else the last failure. */
async function fastest(times, script, args) {
  let best;
  for (let i = 0; i < times; i++) {
    const result = await runChild(script, args);
    const note = result.ok ? `${ms(result.elapsedMs)} (CPU ${ms(result.cpuMs)}), peak RSS ${mib(result.maxRssKiB)}` : 'failed';
    console.log(`  run ${i + 1}: ${note}`);
    if (!result.ok) return result; // a failure will fail again; don't wait for it twice
    if (!best || result.elapsedMs < best.elapsedMs) best = result;
  }
  return best;
}

function runChild(script, args) {
  return new Promise((done) => {
    let result;
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => (result = m));
    child.on('error', (err) => (result = { ok: false, error: err.message }));
    child.on('exit', (code, signal) =>
      done(result ?? { ok: false, error: `${script} exited with ${signal ?? `code ${code}`} and no result` }),
    );
  });
}

function printSummary() {
  const files = manifest.files;
  const allRows = Object.values(files).reduce((n, f) => n + f.rows, 0);
  const campaigns = scenario.campaigns.length;

  const lines = [
    ...(campaigns > 1 ? [['campaigns', `${campaigns} (${fmtInt(audienceRows / campaigns)} rows each)`]] : []),
    ['audience rows', fmtInt(audienceRows)],
    ['customers', fmtInt(files['data/customers.csv'].rows)],
    ['orders', fmtInt(files['data/orders.csv'].rows)],
    ['contacts', fmtInt(files['data/contacts.csv'].rows)],
    ['all CSV rows', fmtInt(allRows)],
    null,
  ];
  if (parse.ok) {
    const parsedRows = Object.values(parse.rows).reduce((n, r) => n + r, 0);
    lines.push(['parse-only time', `${ms(parse.elapsedMs)} (CPU ${ms(parse.cpuMs)})`]);
    lines.push(['parse-only rows/s (all CSV)', perSecond(parsedRows, parse.elapsedMs)]);
    if (parsedRows !== allRows)
      lines.push(['!! parse-only row count', `${fmtInt(parsedRows)} (manifest says ${fmtInt(allRows)})`]);
  } else {
    lines.push(['parse-only', 'FAILED (see below)']);
  }
  lines.push(null);

  let verdicts = [];
  if (check.ok) {
    const rssMiB = check.maxRssKiB / 1024;
    lines.push(['check time', `${ms(check.elapsedMs)} (CPU ${ms(check.cpuMs)})`]);
    lines.push(['rows/s (audience)', perSecond(audienceRows, check.elapsedMs)]);
    lines.push(['rows/s (all CSV)', perSecond(allRows, check.elapsedMs)]);
    lines.push(['peak RSS', mib(check.maxRssKiB)]);
    const ofCampaigns = check.campaigns === 1 ? '' : ` in ${check.campaigns} campaigns`;
    lines.push([
      'report',
      `${check.status}, ${fmtInt(check.recipients)} recipients${ofCampaigns}, ${fmtInt(check.findings)} findings`,
    ]);
    if (check.campaigns !== campaigns) lines.push(['!! campaigns checked', `${check.campaigns} (scenario has ${campaigns})`]);
    verdicts.push(['peak RSS', rssMiB < TARGETS.maxRssMiB, `${rssMiB.toFixed(0)} MiB < ${TARGETS.maxRssMiB} MiB`]);
    if (parse.ok) {
      const ratio = check.elapsedMs / parse.elapsedMs;
      lines.push(['check / parse-only', `${ratio.toFixed(2)}x`]);
      verdicts.unshift(['time ratio', ratio <= TARGETS.maxRatio, `${ratio.toFixed(2)}x <= ${TARGETS.maxRatio}x`]);
    }
  } else {
    lines.push(['check', 'FAILED (see below)']);
  }

  console.log('\n' + table(lines));

  if (check.ok) {
    console.log('\nfindings by rule:');
    const byRule = Object.entries(check.findingsByRule).sort((a, b) => b[1] - a[1]);
    if (byRule.length === 0) console.log('  (none)');
    for (const [rule, n] of byRule) console.log(`  ${rule.padEnd(26)} ${fmtInt(n).padStart(10)}`);
  }

  console.log('\ntargets:');
  if (!check.ok || !parse.ok) verdicts = [['benchmark', false, 'could not measure']];
  for (const [name, pass, detail] of verdicts) {
    console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(12)} ${detail}`);
  }
  for (const [name, r] of [
    ['parse-only', parse],
    ['check', check],
  ]) {
    if (!r.ok) console.log(`\n${name} failed:\n${indent(r.error)}`);
  }
}

/** --cache: the cold run that writes the cache and the warm runs, beside the cold check without it. */
function printCache() {
  console.log('\nhistory cache (--cache):');
  const lines = [];
  for (const [name, result] of [
    ['check, writing the cache', checkWriting],
    ['check warm', checkWarm],
  ]) {
    if (!result.ok) {
      lines.push([name, `FAILED: ${result.error.split('\n')[0]}`]);
      continue;
    }
    lines.push([`${name} time`, `${ms(result.elapsedMs)} (CPU ${ms(result.cpuMs)}), peak RSS ${mib(result.maxRssKiB)}`]);
    if (check.ok) lines.push([`${name} / check cold`, `${(result.elapsedMs / check.elapsedMs).toFixed(2)}x`]);
    if (check.ok && JSON.stringify(result.findingsByRule) !== JSON.stringify(check.findingsByRule)) {
      lines.push([`!! ${name} findings`, 'differ from the cold check']);
    }
  }
  console.log(table(lines));
}

/** --vs: DuckDB's time and rows per rule beside the CLI's, and the targets of the comparison. */
function printVersus() {
  console.log('\nversus DuckDB (bench/duckdb.mjs: seven rules in SQL, on the same files):');
  if (!duckdb.ok) {
    console.log(`  duckdb failed:\n${indent(duckdb.error)}`);
    return;
  }
  const lines = [
    ['DuckDB time', `${ms(duckdb.elapsedMs)} (CPU ${ms(duckdb.cpuMs)})`],
    ['DuckDB peak RSS', mib(duckdb.maxRssKiB)],
    [
      'DuckDB phases',
      Object.entries(duckdb.phasesMs)
        .map(([phase, t]) => `${phase} ${fmtInt(Math.round(t))}`)
        .join(', '),
    ],
  ];
  if (check.ok) lines.push(['check / DuckDB', `${(check.elapsedMs / duckdb.elapsedMs).toFixed(2)}x`]);
  if (check.ok && parse.ok) lines.push(['check / parse-only', `${(check.elapsedMs / parse.elapsedMs).toFixed(2)}x`]);
  if (parse.ok) lines.push(['DuckDB / parse-only', `${(duckdb.elapsedMs / parse.elapsedMs).toFixed(2)}x`]);
  const same = `check (${DUCKDB_RULES.length} rules)`;
  if (checkSameRules.ok) {
    lines.push([`${same} time`, `${ms(checkSameRules.elapsedMs)} (CPU ${ms(checkSameRules.cpuMs)})`]);
    lines.push([`${same} peak RSS`, mib(checkSameRules.maxRssKiB)]);
    lines.push([`${same} / DuckDB`, `${(checkSameRules.elapsedMs / duckdb.elapsedMs).toFixed(2)}x`]);
  } else {
    lines.push([same, 'FAILED (see below)']);
  }
  console.log(table(lines));

  console.log(`\n  ${'rows flagged'.padEnd(24)} ${'CLI'.padStart(10)} ${'DuckDB'.padStart(10)}`);
  for (const [rule, rows] of Object.entries(duckdb.rowsByRule)) {
    const cliRows = check.ok ? fmtInt(check.findingsByRule[rule] ?? 0) : '?';
    const mark = check.ok && (check.findingsByRule[rule] ?? 0) !== rows ? '  (differ)' : '';
    console.log(`  ${rule.padEnd(24)} ${cliRows.padStart(10)} ${fmtInt(rows).padStart(10)}${mark}`);
  }

  console.log('\ntargets (--vs):');
  if (!check.ok || !parse.ok) {
    console.log('  FAIL  could not measure');
    return;
  }
  const vsDuckDB = check.elapsedMs / duckdb.elapsedMs;
  const vsParse = check.elapsedMs / parse.elapsedMs;
  const rssMiB = check.maxRssKiB / 1024;
  const verdicts = [
    ['CLI / DuckDB', vsDuckDB <= VS_TARGETS.maxVsDuckDB, `${vsDuckDB.toFixed(2)}x <= ${VS_TARGETS.maxVsDuckDB}x`],
    ...(checkWarm?.ok
      ? [
          [
            'warm/DuckDB',
            checkWarm.elapsedMs / duckdb.elapsedMs <= VS_TARGETS.maxWarmVsDuckDB,
            `${(checkWarm.elapsedMs / duckdb.elapsedMs).toFixed(2)}x <= ${VS_TARGETS.maxWarmVsDuckDB}x`,
          ],
        ]
      : []),
    ['CLI / parse', vsParse <= VS_TARGETS.maxVsParse, `${vsParse.toFixed(2)}x <= ${VS_TARGETS.maxVsParse}x`],
    ['peak RSS', rssMiB < TARGETS.maxRssMiB, `${rssMiB.toFixed(0)} MiB < ${TARGETS.maxRssMiB} MiB`],
  ];
  for (const [name, pass, detail] of verdicts) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(12)} ${detail}`);
  if (!checkSameRules.ok) console.log(`\n${same} failed:\n${indent(checkSameRules.error)}`);
}

/** --verify: the rows the SQL flags against the rows of the built CLI's JSON report, rule by rule. */
async function printVerification() {
  console.log("\nverify: the rows DuckDB flags against the CLI's JSON report…");
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { formatVerification, verifyScenario } = await import('./duckdb/verify.mjs');
    console.log(formatVerification(await verifyScenario(scenario.dir, { DuckDBInstance })));
  } catch (err) {
    console.log(`  verification failed:\n${indent(err.stack ?? err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

function table(lines) {
  const width = Math.max(...lines.filter(Boolean).map(([k]) => k.length));
  const rule = '-'.repeat(width + 24);
  return [rule, ...lines.map((l) => (l ? `${l[0].padEnd(width)}  ${l[1]}` : rule)), rule].join('\n');
}

function rel(path) {
  return relative(process.cwd(), path) || '.';
}
function fmtInt(n) {
  return n.toLocaleString('en-US');
}
function ms(n) {
  return `${fmtInt(Math.round(n))} ms`;
}
function seconds(n) {
  return `${(n / 1000).toFixed(1)} s`;
}
function mib(kib) {
  return `${(kib / 1024).toFixed(0)} MiB`;
}
function perSecond(rows, elapsedMs) {
  return `${fmtInt(Math.round(rows / (elapsedMs / 1000)))} rows/s`;
}
function indent(text) {
  return String(text).replace(/^/gm, '  ');
}
