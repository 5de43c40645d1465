// Errors the user can act on: bad input, bad config, bad usage. They end the run with exit code 2
// and print as `file:line:column: message`, never with a stack trace (unless --debug).

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

  constructor(message: string, location: ErrorLocation = {}, details: string[] = []) {
    super(message);
    this.name = 'InputError';
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.details = details;
  }

  /** `file:line:column: message` followed by the details, one per line. */
  format(): string {
    return [located(this, this.message), ...this.details.map((d) => `  ${d}`)].join('\n');
  }
}

/** `file:line:column: message`, leaving out the parts the location lacks. */
export function located(location: ErrorLocation, message: string): string {
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
