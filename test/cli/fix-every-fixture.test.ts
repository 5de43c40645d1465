// `check --fix` on every fixture, stories and platform exports (issue 17): each fix applied is in
// changes.csv, the inputs are untouched, and the fixed audiences, checked again against the same
// history, no longer have a finding that a fix was applied for.

import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TARGETS, ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { fileHashes } from '../support/file-hashes.js';

const newFolder = temporaryFolders('preflight-fix-all-');

/** Each fixture's folder under fixtures/. */
const fixtures = FIXTURE_TARGETS.map((target) => path.relative('fixtures', target));

interface JsonReport {
  campaigns: Array<{ id: string; sources: Array<{ kind: string; file: string }> }>;
  findings: Array<{ ruleId: string; campaignId: string | null; customerId: string | null; line: number | null; fix?: unknown }>;
}

/** The rows of a changes.csv (no quoted line breaks in these fixtures' changes). */
function changes(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line
      .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
      .map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(columns.map((column, at) => [column, cells[at] ?? '']));
  });
}

describe('--fix on every fixture', () => {
  it.each(fixtures)(
    '%s: every fix is listed, inputs stay, and the fixed audience no longer has the fixed findings',
    async (fixture) => {
      const folder = newFolder();
      cpSync(path.join(ROOT, 'fixtures', fixture), folder, { recursive: true });
      const before = fileHashes(folder);
      const out = newFolder();
      const first = await runCli(['check', '.', '--root', folder, '-f', 'json', '--fix', out], { cwd: folder });
      expect(fileHashes(folder)).toEqual(before);
      const report = JSON.parse(first.stdout) as JsonReport;
      const fixed = report.findings.filter((finding) => finding.fix);

      let applied = 0;
      for (const campaign of report.campaigns) {
        const listed = changes(path.join(out, campaign.id, 'changes.csv'));
        const done = listed.filter((change) => change.action === 'set' || change.action === 'remove');
        applied += done.length;
        // Each change names the rule whose fix it is, at a row with a fixed finding of that rule.
        for (const change of done) {
          expect(
            fixed.some(
              (finding) =>
                finding.campaignId === campaign.id &&
                String(finding.line) === change.line &&
                change.rules.split(/[;, ]+/).includes(finding.ruleId),
            ),
          ).toBe(true);
        }
        // The fixed audience takes the place of the original, for the check again.
        const audience = campaign.sources.find((source) => source.kind === 'audience')!.file;
        cpSync(path.join(out, campaign.id, 'audience.csv'), path.join(folder, audience));
      }
      expect(applied > 0).toBe(fixed.length > 0);

      const second = JSON.parse(
        (await runCli(['check', '.', '--root', folder, '-f', 'json'], { cwd: folder })).stdout,
      ) as JsonReport;
      const appliedKeys = new Set(
        report.campaigns.flatMap((campaign) =>
          changes(path.join(out, campaign.id, 'changes.csv'))
            .filter((change) => change.action === 'set' || change.action === 'remove')
            .flatMap((change) => change.rules.split(/[;, ]+/).map((rule) => `${campaign.id} ${rule} ${change.customer_id}`)),
        ),
      );
      const stillThere = second.findings.filter((finding) =>
        appliedKeys.has(`${finding.campaignId} ${finding.ruleId} ${finding.customerId ?? ''}`),
      );
      expect(stillThere).toEqual([]);
      expect(existsSync(out)).toBe(true);
    },
  );
});
