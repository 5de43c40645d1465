// Errors the user can act on: bad input, bad config, bad usage. They end the run with exit code 2
// and print as `file:line:column: message`, never with a stack trace (unless --debug).
//
// A message may quote the user's files, which can be anyone's (a pull request, an attachment):
// it quotes them only through quoteText and quoteData, bounded and escaped, and the values of
// quoteData are masked when the error is printed under --redact.

import { createHash } from 'node:crypto';
import { isParquetFile, placeIn } from './places.js';

/** The most characters of a value an error message quotes. */
export const MAX_QUOTED_CHARACTERS = 60;

/** Private-use characters that mark a data value inside a message until it is printed. */
const DATA_START = '\u{E000}';
const DATA_END = '\u{E001}';
const DATA_SPAN = /\u{E000}([^\u{E000}\u{E001}]*)\u{E001}/gu;

/** Characters written as `\u` escapes on top of JSON's own: C1 and bidirectional controls, line separators, the markers. */
const QUOTE_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ue000\ue001]/g;

/**
 * A value from a file, quoted for a message: at most MAX_QUOTED_CHARACTERS characters (then "…"),
 * in double quotes, with quotes, backslashes and every control character escaped as in JSON.
 */
export function quoteText(value: string, max = MAX_QUOTED_CHARACTERS): string {
  // Code points, not code units: a cut never splits a character. Only the head is ever split.
  const head = Array.from(value.slice(0, 2 * max + 2));
  const cut = head.length > max;
  const quoted = JSON.stringify(cut ? head.slice(0, max).join('') : value).replace(
    QUOTE_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return cut ? `${quoted.slice(0, -1)}…"` : quoted;
}

/**
 * A value that may be personal data (a cell, a customer id), quoted as quoteText does and marked
 * so that `format({ redact: true })` prints a mask in its place.
 */
export function quoteData(value: string): string {
  return `${DATA_START}${quoteText(value)}${DATA_END}`;
}

/** `[value 3f9a1c2b]`: the first 8 hex digits of the SHA-256 of the quoted value. */
function maskOf(quoted: string): string {
  return `[value ${createHash('sha256').update(quoted).digest('hex').slice(0, 8)}]`;
}

function unmarked(text: string, redact: boolean): string {
  return text.replace(DATA_SPAN, (_span, quoted: string) => (redact ? maskOf(quoted) : quoted));
}

export interface ErrorLocation {
  /** The file as the user would recognise it. */
  file?: string;
  line?: number;
  column?: number;
}

export class InputError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Further lines shown under the message: a code frame, the columns found, a hint. */
  readonly details: string[];
  /** The message and details as given, with the data values quoteData marked: what a worker thread passes on. */
  readonly marked: { message: string; details: string[] };

  constructor(message: string, location: ErrorLocation = {}, details: string[] = []) {
    super(unmarked(message, false));
    this.name = 'InputError';
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.details = details.map((detail) => unmarked(detail, false));
    this.marked = { message, details };
  }

  /** `file:line:column: message` followed by the details, one per line; data values masked under `redact`. */
  format({ redact = false }: { redact?: boolean } = {}): string {
    const { message, details } = this.marked;
    return [located(this, unmarked(message, redact)), ...details.map((d) => `  ${unmarked(d, redact)}`)].join('\n');
  }
}

/**
 * `file:line:column: message`, leaving out the parts the location lacks; in a Parquet file, which
 * has rows rather than lines (src/places.ts), `file row 3: message`.
 */
export function located(location: ErrorLocation, message: string): string {
  if (location.file !== undefined && location.line !== undefined && isParquetFile(location.file)) {
    return `${placeIn(location.file, location.line)}: ${message}`;
  }
  const where = [location.file, location.line, location.line !== undefined ? location.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  return where ? `${where}: ${message}` : message;
}

/** How many further problems an error lists under the first. */
export const MAX_LISTED_PROBLEMS = 20;

export interface Problem extends ErrorLocation {
  message: string;
}

/**
 * Problems of one kind found while reading on (several bad rows, say), to be reported together:
 * the first as the error, up to MAX_LISTED_PROBLEMS more as its details, the rest counted.
 * Keeps only those it lists, however many are added.
 */
export class ProblemList {
  private readonly listed: Problem[] = [];
  private total = 0;

  /** Adds a problem; given as a function, it is described only if it is listed (for costly descriptions). */
  add(problem: Problem | (() => Problem)): void {
    this.total++;
    if (this.listed.length <= MAX_LISTED_PROBLEMS) this.listed.push(typeof problem === 'function' ? problem() : problem);
  }

  get size(): number {
    return this.total;
  }

  /** The error standing for every problem added (at least one); `hints` go last. */
  toError(hints: readonly string[] = []): InputError {
    const [first, ...rest] = this.listed;
    const details = rest.map((problem) => located(problem, problem.message));
    const unlisted = this.total - this.listed.length;
    if (unlisted > 0) details.push(`… and ${unlisted} more`);
    return new InputError(first.message, first, [...details, ...hints]);
  }
}

/** A usage error: bad flags or arguments. Also exit code 2. */
export class UsageError extends InputError {
  constructor(message: string, details: string[] = []) {
    super(message, {}, details);
    this.name = 'UsageError';
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The closest candidate, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
