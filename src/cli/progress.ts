// Progress on a terminal: one line on standard error, rewritten in place, saying which file is
// being read, how many rows so far and how fast. It appears only once a run has taken a second
// (short runs stay silent) and is erased before the report is printed.
import type { ProgressSink } from '../people/profiles.js';

type Progress = Parameters<ProgressSink>[0];

/** Runs shorter than this show no progress at all. */
const QUIET_MS = 1_000;
/** Rewriting the line more often than this only costs time. */
const REDRAW_MS = 100;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Whether progress may be shown: on a terminal, outside CI, without --quiet. */
export function wantsProgress(stream: ProgressStream, env: NodeJS.ProcessEnv, quiet: boolean): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return stream.isTTY === true && !ci && !quiet && env.TERM !== 'dumb';
}

export class ProgressLine {
  private shown = false;
  private lastDraw = -Infinity;
  /** Each file's first report, to measure its rate from: customers and contacts are read interleaved. */
  private readonly firstReports = new Map<string, { at: number; rows: number }>();

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
    private readonly start = now(),
  ) {}

  /** Told by the engine as rows are read. */
  update(progress: Progress): void {
    const at = this.now();
    let first = this.firstReports.get(progress.file);
    if (first === undefined) this.firstReports.set(progress.file, (first = { at, rows: progress.rows }));
    if (at - this.start < QUIET_MS || at - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = at;
    const seconds = (at - first.at) / 1000;
    const rate = seconds > 0 ? ` (${Math.round((progress.rows - first.rows) / seconds).toLocaleString('en-US')} rows/s)` : '';
    const rows = `${progress.rows.toLocaleString('en-US')} ${progress.rows === 1 ? 'row' : 'rows'}`;
    // A terminal of unknown width (0) is taken as 80 columns; a long path gives way, not the counts.
    const width = Math.max(40, (this.stream.columns || 80) - 1);
    const fixed = `reading : ${rows}${rate}`.length;
    const room = Math.max(10, width - fixed);
    const file = progress.file.length > room ? `…${progress.file.slice(progress.file.length - room + 1)}` : progress.file;
    // \r and "erase line": the line is rewritten, never scrolled.
    this.stream.write(`\r\u001b[2Kreading ${file}: ${rows}${rate}`);
    this.shown = true;
  }

  /** Erases the line, so the report starts on a clean one. */
  done(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
