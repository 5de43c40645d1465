// Every finding of every built-in rule on every fixture says what to do, in every format; and under
// --redact, what it says is masked, with a note that explains the masks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolders } from '../support/cli.js';

const emptyFolder = temporaryFolders('campaign-preflight-what-to-do-');
const FORMATS = ['json', 'html', 'markdown', 'csv', 'sarif', 'stylish', 'junit', 'gitlab', 'github'];

interface JsonFinding {
  ruleId: string;
  line: number | null;
  message: string;
  suggestion?: string;
  fix?: { action: string };
  address?: string;
}

/** Checks `fixtures` with every format into files of `out`; returns each file's text by format. */
async function checkEveryFormat(out: string, extra: string[] = []): Promise<Record<string, string>> {
  const formats = FORMATS.flatMap((name) => ['--format', `${name}:${path.join(out, `report.${name}`)}`]);
  const failures = path.join(out, 'failures.csv');
  const args = ['check', 'fixtures', ...formats, '--failures-out', failures, '--max-rows', '100000', ...extra];
  const result = await runCli(args, { env: { GITHUB_STEP_SUMMARY: '' } });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(1);
  const texts: Record<string, string> = { failures: readFileSync(failures, 'utf8') };
  for (const name of FORMATS) texts[name] = readFileSync(path.join(out, `report.${name}`), 'utf8');
  return texts;
}

describe('what to do, over every fixture', () => {
  it('gives every finding of every rule a suggestion, and every format shows it', async () => {
    const texts = await checkEveryFormat(emptyFolder(), ['--no-redact']);
    const findings = JSON.parse(texts.json).findings as JsonFinding[];
    expect(new Set(findings.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(10);
    for (const finding of findings) expect(finding.suggestion, `${finding.ruleId} line ${finding.line}`).toMatch(/\S/);
    const suggestions = findings.map((f) => f.suggestion!);

    const csv = parse(texts.csv) as string[][];
    expect(csv[0].slice(-2)).toEqual(['what_to_do', 'fix']);
    expect(csv.slice(1).map((record) => record.at(-2))).toEqual(suggestions);
    expect(csv.slice(1).map((record) => (record.at(-1) === '' ? undefined : JSON.parse(record.at(-1)!)))).toEqual(
      findings.map((f) => f.fix),
    );

    const failures = parse(texts.failures) as string[][];
    expect(failures[0].slice(-3)).toEqual(['address', 'reason', 'what_to_do']);
    expect(failures.slice(1).map((record) => record.slice(-3))).toEqual(
      findings.map((f) => [f.address ?? '', f.message, f.suggestion]),
    );

    const sarif = JSON.parse(texts.sarif) as {
      runs: Array<{ results: Array<{ properties: { suggestion?: string }; fixes?: Array<{ description: { text: string } }> }> }>;
    };
    const results = sarif.runs[0].results;
    expect(results.map((r) => r.properties.suggestion)).toEqual(suggestions);
    // A row to remove is a SARIF fix described by the suggestion.
    const removals = findings.filter((f) => f.fix?.action === 'remove').map((f) => f.suggestion);
    expect(results.filter((r) => r.fixes).map((r) => r.fixes![0].description.text)).toEqual(removals);

    // The human formats, with their own escaping: every suggestion is there in its words.
    const words = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    for (const name of ['markdown', 'stylish', 'junit', 'gitlab', 'github'] as const) {
      // GitHub's workflow commands write % as %25.
      const shown = words(texts[name].replaceAll('&#8203;', '').replaceAll('\\', '').replaceAll('%25', '%'));
      for (const suggestion of new Set(suggestions)) expect(shown, `${name}: ${suggestion}`).toContain(words(suggestion));
    }
    // The HTML page lists at most so many rows per rule: each row it lists says what to do.
    const todo = [...texts.html.matchAll(/<td class="todo">([^<]*)<\/td>/g)].map((match) => match[1]);
    expect(todo.length).toBeGreaterThan(0);
    expect(todo.every((text) => text.trim() !== '')).toBe(true);
    expect(texts.html).toContain('<th scope="col">What to do</th>');
  });

  it('masks what it says under --redact, and explains the masks', async () => {
    const texts = await checkEveryFormat(emptyFolder(), ['--redact']);
    const findings = JSON.parse(texts.json).findings as JsonFinding[];
    const pizza = findings.filter((f) => f.ruleId === 'generic-salutation' && f.suggestion?.includes('[name '));
    expect(pizza.length).toBeGreaterThan(0);
    expect(JSON.stringify(findings)).not.toMatch(/@example\.(com|org)/);
    const failures = parse(texts.failures) as string[][];
    const addresses = failures.slice(1).map((record) => record[6]);
    expect(addresses.some((address) => /^\[(email|phone|address) [0-9a-f]{8}\]$/.test(address))).toBe(true);
    expect(addresses.every((address) => address === '' || /^\[(email|phone|address) [0-9a-f]{8}\]$/.test(address))).toBe(true);
    expect(texts.html).toContain('Personal data is masked: a value such as [name 972526cf]');
    expect(texts.markdown).toContain('Personal data is masked');
  });

  it('shows no note about masks where nothing is masked', async () => {
    const texts = await checkEveryFormat(emptyFolder(), ['--no-redact']);
    expect(texts.html).not.toContain('Personal data is masked');
    expect(texts.markdown).not.toContain('Personal data is masked');
  });
});
