// The header line as a file's first bytes show it, before the file is read: the delimiter it uses,
// and its names (presets are chosen by them).

import { parse as parseSync } from 'csv-parse/sync';
import type { CsvSource } from '../types.js';
import { readHead, resolveEncoding } from './encoding.js';

const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * The most frequent candidate in the header line (quoted text aside); `,` on ties or when there is
 * none. A quote opens quoted text where a cell may start (the line's start, after a candidate),
 * as the reader reads quotes: `Size (5")` opens nothing.
 */
export function detectDelimiter(text: string): string {
  const counts = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let cellStartsHere = true;
  let afterClosingQuote = false; // a quote here is a doubled quote inside the quoted text
  let seenContent = false;
  for (const char of text) {
    if (char === '"') {
      if (quoted) [quoted, afterClosingQuote] = [false, true];
      else if (cellStartsHere || afterClosingQuote) [quoted, afterClosingQuote] = [true, false];
      cellStartsHere = false;
      seenContent = true;
      continue;
    }
    if (quoted) continue;
    afterClosingQuote = false;
    if (char === '\n' || char === '\r') {
      if (seenContent) break; // blank lines before the header are skipped
      cellStartsHere = true;
      continue;
    }
    seenContent = true;
    const candidate = DELIMITER_CANDIDATES.indexOf(char as (typeof DELIMITER_CANDIDATES)[number]);
    if (candidate >= 0) counts[candidate]++;
    cellStartsHere = candidate >= 0;
  }
  const most = Math.max(...counts);
  const winners = DELIMITER_CANDIDATES.filter((_, i) => counts[i] === most);
  return most > 0 && winners.length === 1 ? winners[0] : ',';
}

/**
 * The names of a file's header row, read from its first bytes with the encoding and delimiter a
 * read would use; [] when its start is no header (the read then reports what is wrong). Presets are
 * chosen by them before the file is read.
 */
export async function readHeaderNames(source: CsvSource): Promise<string[]> {
  const head = await readHead(source);
  const encoding = resolveEncoding(source, head);
  const text = new TextDecoder(encoding.label).decode(head);
  try {
    const [names] = parseSync(text, {
      delimiter: source.delimiter ?? detectDelimiter(text),
      bom: true,
      to: 1,
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: true,
    }) as string[][];
    return names ?? [];
  } catch {
    return [];
  }
}
