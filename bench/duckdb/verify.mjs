// Whether the DuckDB checks flag exactly the rows the CLI flags: per rule, the set of audience
// lines of the CLI's JSON report against the set the SQL returns.

import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RULES, checkWithDuckDB } from './checks.mjs';

const CLI = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

/** Lines a difference lists before it only counts the rest. */
const SHOWN = 10;

/**
 * Runs the built CLI (`npm run build` first) and the DuckDB checks on a one-campaign scenario.
 * Returns { ok, rules: [{ rule, cli, sql, onlyCli, onlySql }] } with the lines each side alone
 * flags (all of them), and the time each side took.
 */
export async function verifyScenario(scenarioDir, { DuckDBInstance }) {
  const sql = await checkWithDuckDB(scenarioDir, { DuckDBInstance });
  const cliStarted = performance.now();
  const cli = await cliFlaggedLines(sql.campaign);
  const cliMs = performance.now() - cliStarted;
  const rules = RULES.map((rule) => {
    const cliLines = cli.get(rule) ?? new Set();
    const sqlLines = new Set(sql.flagged[rule]);
    return {
      rule,
      cli: cliLines.size,
      sql: sqlLines.size,
      onlyCli: [...cliLines].filter((line) => !sqlLines.has(line)).sort((a, b) => a - b),
      onlySql: [...sqlLines].filter((line) => !cliLines.has(line)).sort((a, b) => a - b),
    };
  });
  return {
    ok: rules.every((r) => r.onlyCli.length === 0 && r.onlySql.length === 0),
    rules,
    sends: sql.sends,
    sqlMs: sql.elapsedMs,
    cliMs,
  };
}

/** The verification as a table, one line per rule, with the first differing lines. */
export function formatVerification({ ok, rules }) {
  const out = [`  ${'rule'.padEnd(22)} ${'CLI'.padStart(9)} ${'DuckDB'.padStart(9)}  verdict`];
  for (const r of rules) {
    const same = r.onlyCli.length === 0 && r.onlySql.length === 0;
    out.push(
      `  ${r.rule.padEnd(22)} ${r.cli.toLocaleString('en-US').padStart(9)} ${r.sql.toLocaleString('en-US').padStart(9)}  ${same ? 'same rows' : 'DIFFERENT'}`,
    );
    if (r.onlyCli.length > 0) out.push(`    only the CLI flags ${r.onlyCli.length} line(s): ${firstLines(r.onlyCli)}`);
    if (r.onlySql.length > 0) out.push(`    only DuckDB flags ${r.onlySql.length} line(s): ${firstLines(r.onlySql)}`);
  }
  out.push(ok ? '  PASS  DuckDB and the CLI flag the same rows' : '  FAIL  DuckDB and the CLI flag different rows');
  return out.join('\n');
}

function firstLines(lines) {
  const shown = lines.slice(0, SHOWN).join(', ');
  return lines.length > SHOWN ? `${shown}, … (${lines.length - SHOWN} more)` : shown;
}

/**
 * Rule id -> the audience lines the CLI's JSON report flags for it in `campaign`. The report is read
 * line by line: it is written as JSON.stringify(report, null, 2) would write it (docs/report.md), so
 * a finding's own keys are the lines indented by six spaces, and a large report never has to be one
 * string (a million findings would pass V8's limit on string length).
 */
async function cliFlaggedLines(campaign) {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-verify-'));
  try {
    const report = join(dir, 'report.json');
    await runCli(['check', campaign.file, '--format', 'json', '--output', report, '--no-redact']);
    const flagged = new Map();
    let finding = null;
    const take = () => {
      if (finding?.campaignId === campaign.id && RULES.includes(finding.ruleId) && typeof finding.line === 'number') {
        if (!flagged.has(finding.ruleId)) flagged.set(finding.ruleId, new Set());
        flagged.get(finding.ruleId).add(finding.line);
      }
      finding = null;
    };
    let inFindings = false;
    for await (const text of createInterface({ input: createReadStream(report), crlfDelay: Infinity })) {
      if (!inFindings) {
        inFindings = text === '  "findings": [';
        continue;
      }
      if (text === '    {') finding = {};
      else if (text === '    }' || text === '    },') take();
      else if (finding) {
        const key = /^ {6}"(ruleId|campaignId|line)": (.*?),?$/.exec(text);
        if (key) finding[key[1]] = JSON.parse(key[2]);
      }
    }
    return flagged;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exit code 0 (pass) and 1 (findings fail the run) are both a report; 2 and up are not. */
function runCli(args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (code === 0 || code === 1) done();
      else fail(new Error(`the CLI exited with ${signal ?? `code ${code}`}:\n${stderr.trim()}`));
    });
  });
}
