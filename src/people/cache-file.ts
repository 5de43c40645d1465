// The history cache's file format: a small JSON header, then a body holding a tree of values (JSON)
// whose typed arrays and long string lists are stored as raw sections beside it, so that a million
// customers are written and read back as a few large copies rather than a million small objects.
//
//   "CPHC" | u32 header bytes | header JSON | body
//   body:  u32 tree bytes | tree JSON | sections, each at a multiple of 8 bytes
//
// The header says what the cache was built from (`key`, `files`); the body is read only when that
// matches, and is trusted only when its SHA-256 is the header's.

import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { CorruptState } from './state-checks.js';

const MAGIC = Buffer.from('CPHC');
/** Raised whenever the layout changes: a cache of another format is rebuilt. */
export const CACHE_FORMAT = 1;
/** Headers are small (a key and a few file stamps): a larger one is not ours. */
const MAX_HEADER_BYTES = 1 << 20;
/** String lists this long or longer go into a section of their own. */
const STRING_SECTION_MIN = 16;

/** One history file as it was when the cache was built. */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface CacheHeader {
  format: number;
  littleEndian: boolean;
  /** What the people were built for: the history's sources and the request's settings, hashed. */
  key: string;
  files: FileStamp[];
  bodyBytes: number;
  bodySha256: string;
}

const TYPED = { i32: Int32Array, f64: Float64Array, u8: Uint8Array } as const;
type TypedKind = keyof typeof TYPED;
const SECTION_MARKERS = new Set(['$str', ...Object.keys(TYPED).map((kind) => `$${kind}`)]);

/** The file's bytes, in order: header then body. */
export function encodeCache(
  header: Omit<CacheHeader, 'format' | 'littleEndian' | 'bodyBytes' | 'bodySha256'>,
  tree: unknown,
): Buffer[] {
  const sections: Buffer[] = [];
  let sectionBytes = 0;
  /** Adds a section; its offset from the start of the sections. */
  const addSection = (bytes: Buffer): number => {
    const offset = sectionBytes;
    const padding = (8 - (bytes.length % 8)) % 8;
    sections.push(bytes);
    if (padding > 0) sections.push(Buffer.alloc(padding));
    sectionBytes += bytes.length + padding;
    return offset;
  };
  const encode = (value: unknown): unknown => {
    if (ArrayBuffer.isView(value)) {
      const kind = (Object.keys(TYPED) as TypedKind[]).find((name) => value instanceof TYPED[name]);
      if (kind === undefined) throw new Error(`history cache: cannot store a ${value.constructor.name}`);
      const length = (value as Int32Array).length;
      return { [`$${kind}`]: [addSection(Buffer.from(value.buffer, value.byteOffset, value.byteLength)), length] };
    }
    if (Array.isArray(value)) {
      if (value.length >= STRING_SECTION_MIN && value.every((item) => typeof item === 'string')) {
        const lengths = Uint32Array.from(value as string[], (text) => text.length);
        const joined = (value as string[]).join('');
        // Latin-1 when every code unit fits a byte; else UTF-16, which keeps even lone surrogates as they were.
        const encoding = /[^\x00-\xff]/.test(joined) ? 'utf16le' : 'latin1';
        const lengthsAt = addSection(Buffer.from(lengths.buffer, lengths.byteOffset, lengths.byteLength));
        const text = Buffer.from(joined, encoding);
        return { $str: [lengthsAt, value.length, addSection(text), text.length, encoding] };
      }
      return value.map(encode);
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, encode(item)]));
    }
    return value;
  };
  const treeJson = Buffer.from(JSON.stringify(encode(tree)));
  const treeBytes = 4 + treeJson.length;
  const treePadding = (8 - (treeBytes % 8)) % 8;
  const body = [u32(treeJson.length), treeJson, Buffer.alloc(treePadding), ...sections];
  const hash = createHash('sha256');
  for (const part of body) hash.update(part);
  const fullHeader: CacheHeader = {
    format: CACHE_FORMAT,
    littleEndian: LITTLE_ENDIAN,
    ...header,
    bodyBytes: treeBytes + treePadding + sectionBytes,
    bodySha256: hash.digest('hex'),
  };
  const headerJson = Buffer.from(JSON.stringify(fullHeader));
  return [MAGIC, u32(headerJson.length), headerJson, ...body];
}

/** An open cache file whose header has been read; `body` reads the rest. */
export interface CacheReader {
  header: CacheHeader;
  body(): Promise<unknown>;
  close(): Promise<void>;
}

/** Opens a cache file and reads its header; throws CorruptState for a file that is not one. */
export async function openCache(file: string): Promise<CacheReader> {
  const handle = await open(file, 'r');
  try {
    const start = await readExactly(handle, 0, 8);
    if (!start.subarray(0, 4).equals(MAGIC)) throw new CorruptState('not a history cache');
    const headerBytes = start.readUInt32LE(4);
    if (headerBytes > MAX_HEADER_BYTES) throw new CorruptState('header too large');
    const header = JSON.parse((await readExactly(handle, 8, headerBytes)).toString()) as CacheHeader;
    if (header?.format !== CACHE_FORMAT || header.littleEndian !== LITTLE_ENDIAN) throw new CorruptState('another format');
    if (!Number.isSafeInteger(header.bodyBytes) || header.bodyBytes < 8) throw new CorruptState('bad body size');
    return {
      header,
      body: async () => decodeBody(await readExactly(handle, 8 + headerBytes, header.bodyBytes), header.bodySha256),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function decodeBody(body: Buffer, sha256: string): unknown {
  if (createHash('sha256').update(body).digest('hex') !== sha256) throw new CorruptState('body does not match its checksum');
  const treeBytes = body.readUInt32LE(0);
  if (4 + treeBytes > body.length) throw new CorruptState('tree out of bounds');
  const tree: unknown = JSON.parse(body.subarray(4, 4 + treeBytes).toString());
  const sectionsStart = 4 + treeBytes + ((8 - ((4 + treeBytes) % 8)) % 8);
  const bytesAt = (offset: unknown, length: number): Buffer => {
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new CorruptState('bad section');
    }
    const from = sectionsStart + (offset as number);
    if (from + length > body.length) throw new CorruptState('section out of bounds');
    return body.subarray(from, from + length);
  };
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && SECTION_MARKERS.has(entries[0][0])) {
      const [marker, place] = entries[0] as [string, unknown[]];
      if (!Array.isArray(place)) throw new CorruptState('bad section');
      if (marker === '$str') return decodeStrings(place, bytesAt);
      const type = TYPED[marker.slice(1) as TypedKind];
      const length = place[1] as number;
      if (!Number.isSafeInteger(length)) throw new CorruptState('bad section');
      const bytes = bytesAt(place[0], length * type.BYTES_PER_ELEMENT);
      const array = new type(length);
      new Uint8Array(array.buffer).set(bytes);
      return array;
    }
    return Object.fromEntries(entries.map(([name, item]) => [name, decode(item)]));
  };
  return decode(tree);
}

function decodeStrings(place: unknown[], bytesAt: (offset: unknown, length: number) => Buffer): string[] {
  const [lengthsAt, count, textAt, textBytes, encoding] = place as [number, number, number, number, string];
  if (encoding !== 'latin1' && encoding !== 'utf16le') throw new CorruptState('bad string section');
  if (!Number.isSafeInteger(count)) throw new CorruptState('bad string section');
  const lengthBytes = bytesAt(lengthsAt, count * 4);
  const lengths = new Uint32Array(count);
  new Uint8Array(lengths.buffer).set(lengthBytes);
  const text = bytesAt(textAt, textBytes).toString(encoding);
  const strings = new Array<string>(count);
  let at = 0;
  for (let index = 0; index < count; index++) {
    strings[index] = text.slice(at, at + lengths[index]);
    at += lengths[index];
  }
  if (at !== text.length) throw new CorruptState('string lengths do not match');
  return strings;
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new CorruptState('file ends early');
    filled += bytesRead;
  }
  return buffer;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
