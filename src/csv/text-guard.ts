// The guard every CSV read passes its bytes through: it stops the read at the first byte that cannot
// be text (a NUL byte, or a byte that is not UTF-8 in a UTF-8 file), naming its line and column.

import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { InputError } from '../errors.js';
import type { CsvSource } from '../types.js';
import type { Encoding } from './encoding.js';
import { positionOfByte, type TextPosition } from './positions.js';

/**
 * Passes the bytes on unchanged, but stops at the first that cannot be text: a NUL byte (a
 * binary file, or UTF-16 without its byte order mark) or, in a UTF-8 file, a byte sequence that
 * is not UTF-8 (a file exported in another encoding). The error names the line and column.
 */
export function textGuard(source: CsvSource, encoding: Encoding, head: Buffer): Transform {
  const wide = encoding.label.startsWith('utf-16'); // where NUL bytes are part of the text
  const checkUtf8 = encoding.label === 'utf-8';
  let offset = 0; // of the chunk in the file
  let pending: Buffer | undefined; // a UTF-8 sequence the previous chunk ended in the middle of
  /** Ends the stream with the error made for where the byte at `byteOffset` is. */
  const fail = (byteOffset: number, errorAt: (position: TextPosition) => InputError, done: (error: Error) => void) => {
    positionOfByte(source.path, byteOffset, encoding.label).then(
      (position) => done(errorAt(position)),
      (error: Error) => done(error),
    );
  };
  const notText = (byteOffset: number, done: (error: Error) => void) =>
    fail(byteOffset, ({ line, column }) => binaryError(source, head, line, column), done);
  const notUtf8 = (byteOffset: number, byte: number, done: (error: Error) => void) =>
    fail(byteOffset, ({ line, column }) => notUtf8Error(source, byte, line, column), done);

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const start = offset;
      offset += chunk.length;
      const nul = wide ? nulCodeUnit(chunk, start) : chunk.indexOf(0);
      if (nul >= 0) return notText(start + nul, done);
      if (checkUtf8) {
        const bytes = pending ? Buffer.concat([pending, chunk]) : chunk;
        const bytesStart = start - (pending?.length ?? 0);
        const complete = completeUtf8Length(bytes);
        if (!isUtf8(bytes.subarray(0, complete))) {
          const invalid = Math.max(0, firstInvalidUtf8(bytes.subarray(0, complete)));
          return notUtf8(bytesStart + invalid, bytes[invalid], done);
        }
        pending = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : undefined;
      }
      done(null, chunk);
    },
    flush(done) {
      // The file ends in the middle of a character.
      if (pending) return notUtf8(offset - pending.length, pending[0], done);
      done();
    },
  });
}

/**
 * The offset in the chunk of the first UTF-16 code unit 0 (two zero bytes at an even offset of the
 * file), or -1. The file is read in chunks of an even size, so no code unit spans two.
 */
function nulCodeUnit(chunk: Buffer, chunkStart: number): number {
  let nul = chunk.indexOf(0);
  while (nul >= 0 && nul + 1 < chunk.length) {
    const even = (chunkStart + nul) % 2 === 0;
    if (even && chunk[nul + 1] === 0) return nul;
    nul = chunk.indexOf(0, nul + (even ? 2 : 1));
  }
  return -1;
}

function binaryError(source: CsvSource, head: Buffer, line: number, column: number): InputError {
  const startsWith = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  const hint = startsWith(0x50, 0x4b, 0x03, 0x04)
    ? 'this looks like an Excel workbook (.xlsx) or another zip archive: export the sheet as CSV'
    : startsWith(0xd0, 0xcf, 0x11, 0xe0)
      ? 'this looks like an Excel workbook (.xls): export the sheet as CSV'
      : 'a CSV file holds text; a UTF-16 file needs its byte order mark, or encoding: utf-16le in its source';
  return new InputError(`binary file or NUL byte at line ${line}`, { file: source.displayPath, line, column }, [hint]);
}

function notUtf8Error(source: CsvSource, byte: number, line: number, column: number): InputError {
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const inWindows1252 = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
  return new InputError(
    `not valid UTF-8: byte ${hex} does not begin a UTF-8 character`,
    { file: source.displayPath, line, column },
    [
      `the file is probably in another encoding: in windows-1252, which Excel often writes, ${hex} is "${inWindows1252}"`,
      'name the encoding where the file is given in the campaign or config file: { path: …, encoding: windows-1252 }',
    ],
  );
}

/** The length of `bytes` without a UTF-8 sequence cut off at its end. */
function completeUtf8Length(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return bytes.length - i < needed ? i : bytes.length;
  }
  return bytes.length;
}

/** The offset of the first byte that does not start a well-formed UTF-8 character; -1 when all do. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const continuations =
      lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuations < 0 || i + continuations >= bytes.length) return i;
    for (let k = 1; k <= continuations; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += continuations + 1;
  }
  return -1;
}
