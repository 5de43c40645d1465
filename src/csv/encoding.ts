// A CSV file's bytes and the encoding they are text in: its first bytes, the encoding it is read in
// (a byte order mark, else the source's `encoding:`), re-encoding to UTF-8, and the file system's
// errors as input errors.

import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { InputError } from '../errors.js';
import type { CsvSource } from '../types.js';

/** Large reads: fewer stream round trips per megabyte. */
export const READ_CHUNK_BYTES = 1 << 20;
/** Enough of the file's start to see its header line and byte order mark. */
const HEAD_BYTES = 64 * 1024;

export async function readHead(source: CsvSource): Promise<Buffer> {
  const file = source.displayPath;
  try {
    if ((await stat(source.path)).isDirectory()) {
      throw new InputError('expected a CSV file, found a folder', { file });
    }
    const handle = await open(source.path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, file);
  }
}

export interface Encoding {
  /** A TextDecoder label for the file's text. */
  label: string;
  /** What csv-parse is told: the two it decodes itself; anything else is re-encoded to UTF-8 first. */
  parser: 'utf8' | 'utf16le';
  transcode: boolean;
}

/** `source.encoding`, unless a byte order mark says otherwise. */
export function resolveEncoding(source: CsvSource, head: Buffer): Encoding {
  const utf8: Encoding = { label: 'utf-8', parser: 'utf8', transcode: false };
  const utf16le: Encoding = { label: 'utf-16le', parser: 'utf16le', transcode: false };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return utf8;
  if (head[0] === 0xff && head[1] === 0xfe) return utf16le;
  if (head[0] === 0xfe && head[1] === 0xff) return { label: 'utf-16be', parser: 'utf8', transcode: true };
  const name = (source.encoding ?? 'utf-8').trim().toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return utf8;
  if (['utf-16le', 'utf16le', 'utf-16', 'ucs-2', 'ucs2'].includes(name)) return utf16le;
  try {
    new TextDecoder(name);
  } catch {
    throw new InputError(`unsupported encoding "${source.encoding}"`, { file: source.displayPath }, [
      'use utf-8, utf-16le, or a name such as latin1 or windows-1252',
    ]);
  }
  return { label: name, parser: 'utf8', transcode: true };
}

/** Re-encodes text in any encoding TextDecoder knows (latin1, windows-1252, …) as UTF-8. */
export function toUtf8(label: string): Transform {
  const decoder = new TextDecoder(label);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

const FILE_ERROR_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
};

/** Errors of the file system become input errors; anything else (a callback's own error) passes through. */
export function fileError(error: unknown, file: string): unknown {
  if (!(error instanceof Error) || error instanceof InputError) return error;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || syscall === undefined) return error;
  return new InputError(`cannot read file: ${FILE_ERROR_REASONS[code] ?? error.message}`, { file });
}

/** The single-byte encodings of the WHATWG Encoding Standard, by the names TextDecoder gives them. */
const SINGLE_BYTE = /^(?:ibm866|iso-8859-\d+|koi8-[ru]|macintosh|windows-(?:874|125\d)|x-mac-cyrillic)$/;

/**
 * Text as the bytes of a file in `encoding` (a name TextDecoder gives: utf-8, utf-16le, windows-1252,
 * …), for writing a file read in it back; the encoder gives undefined for a text with a character
 * the encoding has no byte for. Undefined for an encoding only read, never written: the multi-byte
 * legacy ones (shift_jis, gbk, …), which TextEncoder cannot produce.
 */
export function encoderFor(encoding: string): ((text: string) => Buffer | undefined) | undefined {
  if (encoding === 'utf-8') return (text) => Buffer.from(text, 'utf8');
  if (encoding === 'utf-16le') return (text) => Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') return (text) => Buffer.from(text, 'utf16le').swap16();
  if (!SINGLE_BYTE.test(encoding)) return undefined;
  // Each byte decodes to one UTF-16 unit; bytes the encoding leaves undefined decode to U+FFFD.
  const decoded = new TextDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, byte) => byte));
  const byteOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) if (decoded[byte] !== '\uFFFD') byteOf.set(decoded[byte], byte);
  return (text) => {
    const bytes = Buffer.alloc(text.length);
    for (let i = 0; i < text.length; i++) {
      const byte = byteOf.get(text[i]);
      if (byte === undefined) return undefined;
      bytes[i] = byte;
    }
    return bytes;
  };
}
