// Fix lists (`--write-clean-audience DIR`): per campaign, `DIR/<id>/audience.csv`, the audience
// without the rows that have error findings, and `DIR/<id>/excluded.csv`, those rows and why.
//
// The clean audience is the original file's bytes minus the physical lines of the excluded
// records, so the header, delimiter, quoting, encoding and line endings of every kept row stay
// exactly as they were. Findings come sorted by campaign and line, so one pass over them gives
// each campaign's excluded lines (a number per row, in order); the audience is then read twice,
// streaming: once by readCsv to learn where each excluded record ends (a quoted cell can span
// lines), once to copy the other lines. Inputs are never written: a target that is one is refused.
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { csvEncoding, readCsv } from '../csv/read.js';
import { csvLine } from '../csv/write.js';
import { spliceLines, type LineEdit } from '../csv/splice-lines.js';
import { InputError } from '../errors.js';
import { refuseReplacingInputs } from '../input-files.js';
import { BufferedWriter, StagedFiles } from '../staged-files.js';
import type { CsvSource, Finding, Report } from '../types.js';
import { AUDIENCE_COLUMNS } from '../csv/columns.js';
import type { CheckResult } from './check.js';

export interface CleanAudience {
  campaignId: string;
  /** `<folder>/<campaign id>/audience.csv`, with the folder as given. */
  audienceFile: string;
  /** `<folder>/<campaign id>/excluded.csv`: line, customer_id, rules and reasons of each row left out. */
  excludedFile: string;
  /** Rows copied, control rows included. */
  keptRows: number;
  excludedRows: number;
}

const EXCLUDED_COLUMNS = ['line', 'customer_id', 'rules', 'reasons'];

/**
 * Writes every campaign's clean audience and excluded rows under `folder` (relative to `cwd`):
 * all files or none. Rows are excluded for error findings on them; a campaign's own findings
 * (control-group) and the run's (history files) exclude nothing.
 */
export async function writeCleanAudiences(
  result: Pick<CheckResult, 'report' | 'campaigns'>,
  folder: string,
  cwd: string,
): Promise<CleanAudience[]> {
  const targets = result.campaigns.map((campaign) => ({
    campaign,
    audienceFile: path.join(folder, campaign.id, 'audience.csv'),
    excludedFile: path.join(folder, campaign.id, 'excluded.csv'),
  }));
  await refuseReplacingInputs(
    targets.flatMap((target) => [target.audienceFile, target.excludedFile]),
    result.campaigns,
    cwd,
    { what: 'the clean audiences', example: 'clean-audiences/' },
  );

  const staged = new StagedFiles();
  try {
    const excludedLines = await writeExcludedRows(
      result.report,
      new Map(targets.map((target) => [target.campaign.id, path.resolve(cwd, target.excludedFile)])),
      staged,
    );
    const written: CleanAudience[] = [];
    for (const { campaign, audienceFile, excludedFile } of targets) {
      const lines = excludedLines.get(campaign.id) ?? [];
      const handle = await staged.open(path.resolve(cwd, audienceFile));
      try {
        const { keptRows, excludedRows } = await copyKeptRows(campaign.audience, lines, handle);
        written.push({ campaignId: campaign.id, audienceFile, excludedFile, keptRows, excludedRows });
      } finally {
        await handle.close();
      }
    }
    await staged.commit();
    return written;
  } catch (error) {
    await staged.discard();
    // The file system's errors (a full disk, a folder without write permission) are the user's to fix.
    if (error instanceof InputError || (error as NodeJS.ErrnoException).syscall === undefined) throw error;
    throw new InputError(`cannot write the clean audiences: ${(error as Error).message}`, { file: folder });
  }
}

/**
 * One pass over the findings: each campaign's excluded.csv (a row per excluded line, its findings'
 * rules and messages) and its excluded lines in ascending order.
 */
async function writeExcludedRows(
  report: Report,
  excludedFiles: ReadonlyMap<string, string>,
  staged: StagedFiles,
): Promise<Map<string, number[]>> {
  const writers = new Map<string, BufferedWriter>();
  const excludedLines = new Map<string, number[]>();
  try {
    for (const [campaignId, file] of excludedFiles) {
      const writer = new BufferedWriter(await staged.open(file));
      writers.set(campaignId, writer);
      excludedLines.set(campaignId, []);
      await writer.write(csvLine(EXCLUDED_COLUMNS));
    }
    const writeRow = async ({ campaignId, line, findings }: ExcludedRow): Promise<void> => {
      excludedLines.get(campaignId)!.push(line);
      await writers.get(campaignId)!.write(excludedRowLine(line, findings));
    };
    // The error findings of one row are adjacent: gathered here until the next row's arrive.
    let row: ExcludedRow | undefined;
    for (const finding of report.findings) {
      const { campaignId, line } = finding;
      if (finding.severity !== 'error' || campaignId === null || line === null || !writers.has(campaignId)) continue;
      if (row && (row.campaignId !== campaignId || row.line !== line)) {
        await writeRow(row);
        row = undefined;
      }
      row ??= { campaignId, line, findings: [] };
      row.findings.push(finding);
    }
    if (row) await writeRow(row);
  } finally {
    for (const writer of writers.values()) await writer.close();
  }
  return excludedLines;
}

interface ExcludedRow {
  campaignId: string;
  line: number;
  /** Its error findings, in report order. */
  findings: Finding[];
}

/** `line, customer_id, rules, reasons`: rule ids as a list (`;`), each reason "rule: message". */
function excludedRowLine(line: number, findings: Finding[]): string {
  const rules = [...new Set(findings.map((finding) => finding.ruleId))];
  const reasons = findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
  return csvLine([String(line), findings[0].customerId ?? '', rules.join(';'), reasons.join('; ')]);
}

/**
 * Copies the audience without the records starting on `excludedLines` (ascending). A record runs
 * from its line to the next record's, so its quoted line breaks and any blank lines after it go
 * with it.
 */
async function copyKeptRows(
  audience: CsvSource,
  excludedLines: readonly number[],
  out: FileHandle,
): Promise<{ keptRows: number; excludedRows: number }> {
  const dropped: LineEdit[] = [];
  let next = 0;
  let records = 0;
  await readCsv(
    audience,
    { canonical: AUDIENCE_COLUMNS, required: [] },
    () => {},
    (_cells, line) => {
      records++;
      const open = dropped.at(-1);
      if (open?.end === Infinity) open.end = line;
      while (next < excludedLines.length && excludedLines[next] < line) next++;
      // Open-ended until the next record starts, or to the end of the file.
      if (excludedLines[next] === line) dropped.push({ start: line, end: Infinity });
    },
  );
  await spliceLines(audience.path, await csvEncoding(audience), dropped, out);
  return { keptRows: records - dropped.length, excludedRows: dropped.length };
}
