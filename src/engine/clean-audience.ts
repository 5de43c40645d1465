// Fix lists (`--write-clean-audience DIR`): per campaign, `DIR/<id>/audience.csv`, the audience
// without the rows that have error findings, and `DIR/<id>/excluded.csv`, those rows and why.
//
// The clean audience is the original file's bytes minus the physical lines of the excluded
// records, so the header, delimiter, quoting, encoding and line endings of every kept row stay
// exactly as they were. Findings come sorted by campaign and line, so one pass over them gives
// each campaign's excluded lines (a number per row, in order); the audience is then read twice,
// streaming: once by readCsv to learn where each excluded record ends (a quoted cell can span
// lines), once to copy the other lines. Inputs are never written: a target that is one is refused.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { csvEncoding, readCsv } from '../csv/read.js';
import { csvLine } from '../csv/write.js';
import { InputError, UsageError } from '../errors.js';
import { InputFiles, inputFilesOf } from '../input-files.js';
import { StagedFiles } from '../staged-files.js';
import type { Campaign, CsvSource, Finding, Report } from '../types.js';
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
  await refuseInputTargets(
    targets.flatMap((target) => [target.audienceFile, target.excludedFile]),
    result.campaigns,
    cwd,
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

/** Refuses targets that would replace an input of the check: a campaign file, an audience or a history file. */
async function refuseInputTargets(targets: string[], campaigns: Campaign[], cwd: string): Promise<void> {
  const inputs = await InputFiles.of(campaigns.flatMap(inputFilesOf));
  for (const target of targets) {
    if (await inputs.includes(target, cwd)) {
      throw new UsageError(`the clean audiences would replace the input file ${target}; nothing was written`, [
        'give them a folder of their own, such as clean-audiences/',
      ]);
    }
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
  // [start, end) line ranges, flat; the last one open-ended when the file's last record is excluded.
  const ranges: number[] = [];
  let next = 0;
  let records = 0;
  await readCsv(
    audience,
    { canonical: AUDIENCE_COLUMNS, required: [] },
    () => {},
    (_cells, line) => {
      records++;
      if (ranges.length % 2 === 1) ranges.push(line);
      while (next < excludedLines.length && excludedLines[next] < line) next++;
      if (excludedLines[next] === line) ranges.push(line);
    },
  );
  if (ranges.length % 2 === 1) ranges.push(Infinity);
  await copyLines(audience.path, await csvEncoding(audience), ranges, out);
  const excludedRows = ranges.length / 2;
  return { keptRows: records - excludedRows, excludedRows };
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Writes the file's bytes but those of the physical lines in `ranges`. Lines end as readCsv counts
 * them (LF, CRLF or a lone CR), each with its own line ending; in UTF-16 a line ending is a
 * two-byte code unit, elsewhere (UTF-8 and single-byte encodings) a byte.
 */
async function copyLines(file: string, encoding: string, ranges: readonly number[], out: FileHandle): Promise<void> {
  const width = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const bigEndian = encoding === 'utf-16be';
  let line = 1;
  let range = 0; // the first range that does not end before `line`
  const isExcluded = (): boolean => {
    while (range < ranges.length && line >= ranges[range + 1]) range += 2;
    return range < ranges.length && line >= ranges[range];
  };
  let keep = !isExcluded();
  let afterCr = false;
  let carried: Buffer | undefined; // half a code unit at the end of the previous chunk

  for await (const read of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const chunk = carried ? Buffer.concat([carried, read]) : read;
    const end = chunk.length - (chunk.length % width);
    carried = end < chunk.length ? chunk.subarray(end) : undefined;
    const kept: Buffer[] = [];
    let spanStart = 0; // where the bytes with the current `keep` began in this chunk
    const startLine = (at: number): void => {
      line++;
      const keepNext = !isExcluded();
      if (keepNext === keep) return;
      if (keep) kept.push(chunk.subarray(spanStart, at));
      keep = keepNext;
      spanStart = at;
    };
    for (let i = 0; i < end; i += width) {
      const unit = width === 1 ? chunk[i] : bigEndian ? (chunk[i] << 8) | chunk[i + 1] : chunk[i] | (chunk[i + 1] << 8);
      if (afterCr) {
        afterCr = false;
        if (unit === LF) {
          startLine(i + width); // the LF of a CRLF ends the CR's line
          continue;
        }
        startLine(i); // a lone CR ended the line before this unit
      }
      if (unit === LF) startLine(i + width);
      else if (unit === CR) afterCr = true;
    }
    if (keep) kept.push(chunk.subarray(spanStart, end));
    if (kept.length > 0) await out.writev(kept);
  }
  if (carried && keep) await out.write(carried);
}

/** Gathers small pieces of text into large writes. */
class BufferedWriter {
  private buffered = '';

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.buffered += text;
    if (this.buffered.length >= 1 << 16) await this.flush();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffered === '') return;
    const text = this.buffered;
    this.buffered = '';
    await this.handle.write(text);
  }
}
