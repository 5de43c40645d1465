// One person on every row of an audience (a 32 KB pull request) once made every contact-fatigue
// finding list every send of the run: 1,000 rows gave a JSON report of 180 MB, 4,000 rows 2.9 GB.
// Lists in findings are capped, so the report grows with the rows, not with their square.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolders } from '../support/cli.js';

const emptyFolder = temporaryFolders('campaign-preflight-bounded-');

/** A campaign whose audience is `rows` rows of the same customer. */
function samePersonOnEveryRow(rows: number): string {
  const folder = emptyFolder();
  mkdirSync(path.join(folder, 'data'));
  mkdirSync(path.join(folder, '.git'));
  writeFileSync(path.join(folder, '.git/HEAD'), ''); // a repository's top level: config lookup stops here
  writeFileSync(
    path.join(folder, 'campaign.yaml'),
    [
      'id: one-person',
      'type: promotion',
      'channel: email',
      'send_at: 2026-11-15T09:00:00Z',
      'audience: audience.csv',
      'history: { customers: data/customers.csv }',
      'offer: { discount_pct: 10 }',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(folder, 'data/customers.csv'), 'customer_id,first_name,email\nC-1,Dana,dana@example.com\n');
  writeFileSync(path.join(folder, 'audience.csv'), `customer_id\n${'C-1\n'.repeat(rows)}`);
  return folder;
}

describe('report size with one person on every row', () => {
  it('stays linear in the rows: 1,000 rows give a JSON report under 4 KB a row', async () => {
    const rows = 1000;
    const folder = samePersonOnEveryRow(rows);
    const output = path.join(folder, 'report.json');
    const result = await runCli(['check', folder, '--format', 'json', '--output', output]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    // Two findings a row (contact-fatigue, duplicate-recipient), each naming at most 10 other rows.
    expect(statSync(output).size).toBeLessThan(rows * 4096);
    const report = JSON.parse(readFileSync(output, 'utf8'));
    const fatigue = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'contact-fatigue');
    expect(fatigue).toHaveLength(rows);
    const last = fatigue.at(-1);
    expect(last.evidence.run).toHaveLength(10);
    expect(last.evidence.runTotal).toBe(rows);
    expect(last.message).toMatch(
      /\(one-person line 2 at 2026-11-15 09:00 UTC, .*one-person line 11 at 2026-11-15 09:00 UTC and 990 more\)$/,
    );
  });
});
