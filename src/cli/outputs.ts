// Where `check` writes: each report to its file or standard output (`--format name[:file]`,
// `--output`), the failure list (`--failures-out`) and, in GitHub Actions, the step summary. Files
// are written whole or not at all; standard output is written as fast as its reader takes it.
import { once } from 'node:events';
import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError, closest } from '../errors.js';
import { formatFailureList, reportFormats, type FormatRuleInfo, type ReportFormat } from '../formats/index.js';
import { sanitizeTextForTerminal } from '../formats/terminal.js';
import { repositoryPaths } from '../repository-paths.js';
import { StagedFiles } from '../staged-files.js';
import type { Report } from '../types.js';
import { installedPackage, isFormatterPath, loadCustomFormat } from './custom-format.js';
import { colorFor, type CliIo, type CliOutput } from './io.js';

/** One report to write: a format, and the file it goes to (standard output when none). */
export interface Destination {
  name: string;
  format: ReportFormat;
  file?: string;
}

/**
 * `--format name[:file]`, repeatable. A format without a file goes to --output, else to standard
 * output; only one may go to each place. Files are relative to `cwd`. A name that is no built-in
 * format is a custom formatter's path or package (custom-format.ts), loaded here.
 */
export async function parseDestinations(entries: string[], output: string | undefined, cwd: string): Promise<Destination[]> {
  const destinations: Destination[] = [];
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const name = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const file = separator < 0 ? output : entry.slice(separator + 1);
    if (file === '') throw new UsageError(`--format ${entry}: the file after ":" is missing`);
    destinations.push({ name, format: await formatNamed(name, cwd), file });
  }
  const seen = new Map<string, string>();
  for (const { name, file } of destinations) {
    const place = file === undefined ? 'standard output' : path.resolve(cwd, file);
    const earlier = seen.get(place);
    if (earlier !== undefined) {
      throw new UsageError(`--format ${earlier} and --format ${name} would both write to ${file ?? place}`, [
        `give each format its own file, as in --format ${earlier} --format ${name}:<file>`,
      ]);
    }
    seen.set(place, name);
  }
  return destinations;
}

async function formatNamed(name: string, cwd: string): Promise<ReportFormat> {
  // Own keys only: "toString" is not a format.
  if (Object.hasOwn(reportFormats, name)) return reportFormats[name];
  const names = Object.keys(reportFormats);
  const suggestion = closest(name, names);
  if (isFormatterPath(name) || installedPackage(name, cwd) !== undefined) return loadCustomFormat(name, cwd);
  throw new UsageError(`unknown format "${name}"`, [
    ...(suggestion ? [`did you mean "${suggestion}"?`] : []),
    `formats: ${names.join(', ')}`,
    "or a custom formatter: a file's path (./my-format.js) or the name of a package installed here",
  ]);
}

/**
 * Checked before the run, so that a long check does not end in a report that cannot be written.
 * The engine refuses an output that is one of the files the check reads (`outputs` of check).
 */
export async function refuseUnsafeOutputs(files: string[], cwd: string): Promise<void> {
  const seen = new Set<string>();
  for (const given of files) {
    const outputFile = path.resolve(cwd, given);
    if (seen.has(outputFile)) throw new UsageError(`two reports would be written to ${given}`);
    seen.add(outputFile);
    // A path that cannot be examined is reported when the report is written.
    const existing = await stat(outputFile).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw new UsageError(`the output ${given} is a folder; give the path of a file`);
    }
  }
}

export interface ReportRun {
  report: Report;
  /** Every rule the check loaded, plugins' too: their descriptions reach SARIF and HTML. */
  rules: readonly FormatRuleInfo[];
  maxRows?: number;
  /** --color or --no-color: colour on standard output whatever the environment says. */
  color?: boolean;
}

/** Writes every report, then the failure list and the GitHub step summary when asked for. */
export async function writeReports(
  { report, rules, maxRows, color }: ReportRun,
  destinations: readonly Destination[],
  failuresOut: string | undefined,
  io: CliIo,
): Promise<void> {
  const { cwd } = io;
  const repositoryPath = repositoryPaths(cwd);
  for (const { name, format, file } of destinations) {
    if (file !== undefined) {
      await writeWholeFile(file, cwd, format.stream(report, { color: false, cwd, rules, maxRows, repositoryPath }), name);
    } else {
      const pieces = format.stream(report, { color: colorFor(io.stdout, io.env, color), cwd, rules, maxRows, repositoryPath });
      // On a terminal the data in a report must not act as escape sequences.
      const sanitized = io.stdout.isTTY === true && format.onTerminal === 'sanitized';
      // A reader that went away (`| head -1`) has all it wanted: the files are still written.
      await writeToStdout(io.stdout, sanitized ? mapPieces(pieces, sanitizeTextForTerminal) : pieces).catch((error: unknown) => {
        if (!(error instanceof OutputClosed)) throw error;
      });
    }
  }
  if (failuresOut !== undefined) {
    await writeWholeFile(failuresOut, cwd, formatFailureList(report), 'failure list');
  }
  // In GitHub Actions the run's summary page gets the Markdown report, once, whatever the format.
  const stepSummaryFile = io.env.GITHUB_STEP_SUMMARY;
  const stepSummary = destinations.find((destination) => destination.format.stepSummary)?.format.stepSummary;
  if (stepSummary && stepSummaryFile) await appendFile(stepSummaryFile, stepSummary(report, { maxRows, rules }));
}

/**
 * Writes a temporary file beside the target, then renames it: the file is written whole or not at
 * all. The text comes in pieces, gathered into blocks so that a million small pieces make few writes.
 */
async function writeWholeFile(given: string, cwd: string, pieces: Iterable<string>, what: string): Promise<void> {
  const staged = new StagedFiles();
  try {
    const handle = await staged.open(path.resolve(cwd, given));
    try {
      for (const block of blocks(pieces)) {
        for (let offset = 0; offset < block.length;) offset += (await handle.write(block, offset)).bytesWritten;
      }
    } finally {
      await handle.close();
    }
    await staged.commit();
  } catch (error) {
    await staged.discard();
    if (error instanceof InputError || error instanceof UsageError) throw error;
    throw new InputError(`cannot write the ${what}: ${(error as Error).message}`, { file: given });
  }
}

function* mapPieces(pieces: Iterable<string>, map: (piece: string) => string): Generator<string> {
  for (const piece of pieces) yield map(piece);
}

/**
 * Standard output was closed by its reader (`campaign-preflight check … | head -1`): what is left
 * to write there is dropped, quietly, as a shell tool does.
 */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed by its reader');
  }
}

/** Whether an error of a write to a stream says that its reader went away. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || error instanceof OutputClosed;
}

/**
 * Writes to standard output, waiting whenever the pipe is full rather than buffering the report.
 * Throws OutputClosed when the reader goes away.
 */
export async function writeToStdout(stdout: CliOutput, pieces: Iterable<string>): Promise<void> {
  for (const block of blocks(pieces)) {
    if (stdout.destroyed) throw new OutputClosed();
    // A copy: the stream may still hold the block when the next one is filled.
    if (!stdout.write(Buffer.from(block))) await drained(stdout);
  }
}

/** Resolves when the stream takes more; OutputClosed when it closes or its reader goes away instead. */
async function drained(stream: CliOutput): Promise<void> {
  const closed = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: closed.signal }),
      once(stream, 'close', { signal: closed.signal }).then(() => Promise.reject(new OutputClosed())),
    ]);
  } catch (error) {
    if (isClosedPipe(error)) throw new OutputClosed();
    throw error;
  } finally {
    closed.abort();
  }
}

const BLOCK_BYTES = 1 << 16;

/**
 * Gathers pieces into blocks of UTF-8 so that a million small pieces make few writes. The blocks
 * share one buffer, each valid until the next is asked for: joined strings instead would outlive
 * V8's young generation and pile up, a report's size in garbage.
 */
function* blocks(pieces: Iterable<string>): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  for (const piece of pieces) {
    const most = piece.length * 3; // the most UTF-8 bytes a string of this length can take
    if (used + most > buffer.length) {
      if (used > 0) yield buffer.subarray(0, used);
      used = 0;
      if (most > buffer.length) {
        yield Buffer.from(piece);
        continue;
      }
    }
    used += buffer.write(piece, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}
