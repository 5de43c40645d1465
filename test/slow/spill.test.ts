// A run large enough that its findings spill to disk, through the built command line, whose
// temporary folder (TMPDIR) the test chooses: every finding reported in SPEC order, to a file as to
// standard output, and nothing left behind.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuiltCli, temporaryFolders } from '../support/cli.js';
import { writeSpillingProject } from '../support/spilling-run.js';

const emptyFolder = temporaryFolders('campaign-preflight-spill-');

describe('a run with more findings than memory holds at once', () => {
  it('spills them to disk, reports every one in SPEC order, the same to a file as to standard output, and leaves nothing behind', async () => {
    const folder = emptyFolder();
    const rows = 45_000;
    // Every row has an empty merge (an error) and all but X-0 an unknown recipient (a warning): two
    // findings on most lines, more than two chunks' worth in all. Multi-byte ids put characters across
    // the writers' block boundaries.
    writeSpillingProject(folder, rows, {
      customerId: (i) => `X-€🎉-${i}`,
      greeting: (i) => (i % 7 === 0 ? 'Hi  there' : 'Hi ,'),
      known: 1,
      // The customers carry no names or consent: the last two could check nothing (docs/report.md).
      rules: { 'unknown-recipient': '[warning]', 'generic-salutation': 'off', 'no-consent': 'off' },
    });
    const tmp = emptyFolder();
    const file = path.join(emptyFolder(), 'report.json');
    // Side by side, sharing the temporary folder: each run's spill folder is its own.
    const [result, toFile] = await Promise.all([
      runBuiltCli(['check', '.', '--format', 'json'], { cwd: folder, env: { TMPDIR: tmp } }),
      runBuiltCli(['check', '.', '--format', 'json', '--output', file], { cwd: folder, env: { TMPDIR: tmp } }),
    ]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    const findings = report.findings as Array<{ line: number; ruleId: string; customerId: string }>;
    expect(findings).toHaveLength(rows + rows - 1);
    expect(findings.at(-1)?.customerId).toBe(`X-€🎉-${rows - 1}`);
    const outOfOrder = findings.findIndex((b, i) => {
      const a = findings[i - 1];
      return i > 0 && !(a.line < b.line || (a.line === b.line && a.ruleId < b.ruleId));
    });
    expect(outOfOrder).toBe(-1);
    expect(report.campaigns[0]).toMatchObject({ errors: rows, warnings: rows - 1 });
    expect(toFile.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(result.stdout);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
