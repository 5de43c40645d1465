// A CSV file written again with some of its physical lines dropped or replaced, every other byte
// copied as it was: the header, the byte order mark, the quoting, the line endings. Lines are
// counted as readCsv counts them (LF, CRLF or a lone CR ends one); in UTF-16 a line ending is a
// two-byte code unit, elsewhere (UTF-8 and single-byte encodings) a byte. Streams: the file is
// never held whole.

import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Physical lines [start, end), 1-based, dropped, or replaced by one text. */
export interface LineEdit {
  start: number;
  /** The line after the last one; Infinity for every line to the end of the file. */
  end: number;
  /** The lines' new bytes, in the file's encoding, without a line ending: the last line's own ending is kept. */
  replacement?: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;

/** Writes the file to `out` with the edits (in order, none overlapping) made. */
export async function spliceLines(file: string, encoding: string, edits: readonly LineEdit[], out: FileHandle): Promise<void> {
  const width = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const bigEndian = encoding === 'utf-16be';
  const unitBytes = (unit: number): Buffer =>
    width === 1 ? Buffer.of(unit) : bigEndian ? Buffer.of(0, unit) : Buffer.of(unit, 0);
  const endings = { lf: unitBytes(LF), cr: unitBytes(CR), crlf: Buffer.concat([unitBytes(CR), unitBytes(LF)]) };

  let line = 1;
  let next = 0; // the first edit that does not end before `line`
  const editOfLine = (): LineEdit | undefined => {
    while (next < edits.length && line >= edits[next].end) next++;
    return next < edits.length && line >= edits[next].start ? edits[next] : undefined;
  };
  let editing = editOfLine();
  let afterCr = false;
  let carried: Buffer | undefined; // half a code unit at the end of the previous chunk

  /** Ends the current line; `pieces` gets what that completes: the kept bytes before, or an edit's replacement. Whether it did. */
  const endLine = (ending: Buffer, pieces: Buffer[], keptBytes: () => Buffer): boolean => {
    const ended = editing;
    line++;
    editing = editOfLine();
    if (ended === editing) return false;
    if (ended === undefined) pieces.push(keptBytes());
    else if (ended.replacement) pieces.push(ended.replacement, ending);
    return true;
  };

  for await (const read of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const chunk = carried ? Buffer.concat([carried, read]) : read;
    const end = chunk.length - (chunk.length % width);
    carried = end < chunk.length ? chunk.subarray(end) : undefined;
    const pieces: Buffer[] = [];
    let keptFrom = 0; // where the bytes of the current kept lines began in this chunk
    const startLineAt = (at: number, ending: Buffer): void => {
      if (endLine(ending, pieces, () => chunk.subarray(keptFrom, at))) keptFrom = at;
    };
    for (let i = 0; i < end; i += width) {
      const unit = width === 1 ? chunk[i] : bigEndian ? (chunk[i] << 8) | chunk[i + 1] : chunk[i] | (chunk[i + 1] << 8);
      if (afterCr) {
        afterCr = false;
        if (unit === LF) {
          startLineAt(i + width, endings.crlf); // the LF of a CRLF ends the CR's line
          continue;
        }
        startLineAt(i, endings.cr); // a lone CR ended the line before this unit
      }
      if (unit === LF) startLineAt(i + width, endings.lf);
      else if (unit === CR) afterCr = true;
    }
    if (editing === undefined) pieces.push(chunk.subarray(keptFrom, end));
    if (pieces.length > 0) await out.writev(pieces);
  }
  const pieces: Buffer[] = [];
  // A lone CR at the very end: its line was kept with the chunk, or its replacement ends with it.
  if (afterCr) endLine(endings.cr, pieces, () => Buffer.alloc(0));
  if (carried && editing === undefined) pieces.push(carried);
  // The last line, without a line ending, replaced.
  if (editing?.replacement) pieces.push(editing.replacement);
  if (pieces.length > 0) await out.writev(pieces);
}
