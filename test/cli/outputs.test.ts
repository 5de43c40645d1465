import { parse } from 'csv-parse/sync';
// Where reports go: repeatable `--format name[:file]`, `--failures-out`, `--max-rows` (a run large
// enough that its findings spill to disk: test/slow/spill.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';

const PIZZA = 'fixtures/pizza-mailer';

function run(args: string[], cwd = ROOT) {
  return runCli(args, { cwd });
}

const emptyFolder = temporaryFolders('campaign-preflight-outputs-');

describe('--format, repeatable, each with its own file', () => {
  it('writes stylish to standard output and every other format to its file, the same as alone', async () => {
    const out = emptyFolder();
    const sarif = path.join(out, 'preflight.sarif');
    const json = path.join(out, 'reports', 'preflight.json');
    const both = await run(['check', PIZZA, '--format', 'stylish', '--format', `sarif:${sarif}`, '--format', `json:${json}`]);
    expect(both.status).toBe(1);
    expect(both.stdout).toBe((await run(['check', PIZZA])).stdout);
    expect(readFileSync(sarif, 'utf8')).toBe((await run(['check', PIZZA, '--format', 'sarif'])).stdout);
    expect(readFileSync(json, 'utf8')).toBe((await run(['check', PIZZA, '--format', 'json'])).stdout);
    expect(readdirSync(path.dirname(json))).toEqual(['preflight.json']); // no temporary file left behind
  });

  it('writes JSON that is exactly JSON.stringify of the report with two-space indentation', async () => {
    const { stdout } = await run(['check', 'fixtures', '--format', 'json']);
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
    const passing = await run(['check', 'fixtures/passing', '--format', 'json']);
    expect(passing.status).toBe(0);
    expect(passing.stdout).toBe(`${JSON.stringify(JSON.parse(passing.stdout), null, 2)}\n`);
    expect(JSON.parse(passing.stdout).findings).toEqual([]);
  });

  it('sends a format given without a file to --output', async () => {
    const out = emptyFolder();
    const result = await run([
      'check',
      PIZZA,
      '--format',
      'json',
      '--output',
      path.join(out, 'r.json'),
      '--format',
      `csv:${out}/r.csv`,
    ]);
    expect(result.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')).status).toBe('fail');
    expect(readFileSync(path.join(out, 'r.csv'), 'utf8')).toMatch(/^campaign,file,line/);
    expect(result.stdout).toBe('');
  });

  it('refuses two formats for one place, and an unknown format, before checking anything (exit 2)', async () => {
    const twice = await run(['check', PIZZA, '--format', 'stylish', '--format', 'json']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--format stylish and --format json would both write to standard output/);
    const out = emptyFolder();
    const sameFile = await run(['check', PIZZA, '--format', `json:${out}/a`, '--format', `csv:${out}/a`]);
    expect(sameFile.status).toBe(2);
    const unknown = await run(['check', PIZZA, '--format', 'sarf:x.sarif']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown format "sarf"[\s\S]*did you mean "sarif"/);
    const empty = await run(['check', PIZZA, '--format', 'json:']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/the file after ":" is missing/);
  });

  it('writes into a named pipe, which stays a pipe (as /dev/null stays a device)', async () => {
    const out = emptyFolder();
    const pipe = path.join(out, 'report.pipe');
    execFileSync('mkfifo', [pipe]);
    // The reader opens the pipe and waits for a writer; a report renamed over it would never come.
    const reader = spawn('cat', [pipe]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const timer = setTimeout(() => reader.kill(), 20_000);
    const [result] = await Promise.all([run(['check', PIZZA, '--format', 'json', '--output', pipe]), once(reader, 'close')]);
    clearTimeout(timer);
    expect(result.status).toBe(1);
    expect(received).toBe((await run(['check', PIZZA, '--format', 'json'])).stdout);
    expect(statSync(pipe).isFIFO()).toBe(true);
    expect(readdirSync(out)).toEqual(['report.pipe']);
  });

  it('never writes a report over an input file', async () => {
    const audience = path.join(ROOT, PIZZA, 'audience.csv');
    const before = readFileSync(audience);
    const result = await run(['check', PIZZA, '--format', `csv:${audience}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/is a file this check reads; it is left unchanged/);
    expect(readFileSync(audience)).toEqual(before);
  });
});

describe('--failures-out and --max-rows', () => {
  it('--failures-out lists every finding, uncapped, in report order', async () => {
    const out = emptyFolder();
    const file = path.join(out, 'failures.csv');
    const result = await run(['check', 'fixtures', '--failures-out', file, '--format', 'json']);
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout).findings as Array<Record<string, unknown>>;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('campaign,rule,severity,customer_id,file,line,address,reason,what_to_do');
    expect(lines).toHaveLength(findings.length + 1);
    const records = parse(readFileSync(file, 'utf8')) as string[][];
    expect(records[1]).toEqual([
      findings[0].campaignId,
      findings[0].ruleId,
      findings[0].severity,
      findings[0].customerId ?? '',
      findings[0].file ?? '',
      String(findings[0].line ?? ''),
      findings[0].address ?? '',
      findings[0].message,
      findings[0].suggestion,
    ]);
  });

  it('--max-rows sets the rows stylish shows per rule and counts the rest', async () => {
    const fewer = (await run(['check', PIZZA, '--max-rows', '1'])).stdout;
    const more = (await run(['check', PIZZA, '--max-rows', '100'])).stdout;
    expect(fewer).toMatch(/… and \d+ more/);
    expect(more).not.toMatch(/… and \d+ more/);
    expect((await run(['check', PIZZA, '--max-rows', 'many'])).status).toBe(2);
  });

  it('--max-rows sets the rows a junit case lists, as it does for stylish', async () => {
    const fewer = (await run(['check', PIZZA, '--format', 'junit', '--max-rows', '1'])).stdout;
    const all = (await run(['check', PIZZA, '--format', 'junit'])).stdout;
    expect(fewer).toContain('… and 2 more</failure>');
    expect(all).not.toMatch(/… and \d+ more/);
  });
});
