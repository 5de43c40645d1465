// Where things are in a CSV file, counted as readCsv counts lines (LF, CRLF or a lone CR ends one)
// and columns (characters), for the messages that name a line and column. The two that read the
// file again up to a point only ever run for an error.

import { createReadStream } from 'node:fs';
import { READ_CHUNK_BYTES } from './encoding.js';

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where cell `cell` (1-based) of the record that starts on `recordLine` starts, counted as readCsv
 * counts lines and as positionOfByte counts columns, and whether it opens with a quote. Reads the
 * file again up to there: only ever done for an error, on a record csv-parse has read that far.
 */
export async function cellStart(
  path: string,
  label: string,
  delimiter: string,
  recordLine: number,
  cell: number,
): Promise<TextPosition & { quoted: boolean }> {
  const decoder = new TextDecoder(label);
  let line = 1;
  let column = 1;
  let afterCr = false;
  // Quotes as the reader reads them (docs/inputs.md): one opens a quoted cell only where the cell starts,
  // or doubles a quote right after the one that seemed to close it; elsewhere it is text.
  let quoted = false;
  let cellStartsHere = true;
  let afterClosingQuote = false;
  let cellsPassed = 0;
  let text = ''; // decoded, not yet scanned: the tail of a chunk that may hold part of a delimiter
  const scan = (until: number): (TextPosition & { quoted: boolean }) | undefined => {
    let i = 0;
    while (i < until) {
      if (line >= recordLine && cellsPassed === cell - 1) return { line, column, quoted: text[i] === '"' };
      const char = text[i];
      if (line >= recordLine && char === '"') {
        if (quoted) [quoted, afterClosingQuote] = [false, true];
        else if (cellStartsHere || afterClosingQuote) [quoted, afterClosingQuote] = [true, false];
        cellStartsHere = false;
      } else if (line >= recordLine && !quoted && text.startsWith(delimiter, i)) {
        cellsPassed++;
        column += [...delimiter].length;
        afterCr = false;
        cellStartsHere = true;
        afterClosingQuote = false;
        i += delimiter.length;
        continue;
      } else {
        cellStartsHere = !quoted && (char === '\n' || char === '\r');
        afterClosingQuote = false;
      }
      if (char === '\n' && afterCr) {
        // the LF of a CRLF: the line was counted at the CR
      } else if (char === '\n' || char === '\r') {
        line++;
        column = 1;
      } else if (!isLowSurrogate(text.charCodeAt(i))) {
        column++;
      }
      afterCr = char === '\r';
      i++;
    }
    text = text.slice(i);
    return undefined;
  };
  if (cell === 1) return { line: recordLine, column: 1, quoted: false };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    text += decoder.decode(chunk, { stream: true });
    const found = scan(text.length - (delimiter.length - 1));
    if (found) return found;
  }
  text += decoder.decode();
  return scan(text.length) ?? { line, column, quoted: false };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The line and column of a byte of the file, counted as readCsv counts lines (LF, CRLF or a lone
 * CR ends a line). Reads the file up to that byte again: only ever done for an error.
 */
export async function positionOfByte(path: string, at: number, label: string): Promise<TextPosition> {
  let line = 1;
  let lineStart: Buffer[] = []; // the bytes of the current line so far
  let afterCr = false;
  // Line breaks are code units: two bytes in UTF-16 (whose chunks, of an even size, never split one).
  const unit = label.startsWith('utf-16') ? 2 : 1;
  const littleEndian = label !== 'utf-16be';
  if (at > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: at - 1 }) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let i = 0; i + unit <= chunk.length; i += unit) {
        const code = unit === 1 ? chunk[i] : littleEndian ? chunk[i] | (chunk[i + 1] << 8) : (chunk[i] << 8) | chunk[i + 1];
        if (code === 0x0a && afterCr)
          from = i + unit; // the LF of a CRLF: the line was counted at the CR
        else if (code === 0x0a || code === 0x0d) {
          line++;
          from = i + unit;
          lineStart = [];
        }
        afterCr = code === 0x0d;
      }
      lineStart.push(chunk.subarray(from));
    }
  }
  const text = new TextDecoder(label).decode(Buffer.concat(lineStart));
  return { line, column: [...text].length + 1 };
}

export function countLineBreaks(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let i = 0; i < cell.length; i++) {
      const code = cell.charCodeAt(i);
      if (code === 10 || (code === 13 && cell.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}
