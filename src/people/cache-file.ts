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
    const { size } = await handle.stat();
    if (8 + headerBytes + header.bodyBytes !== size) throw new CorruptState('the file is not as long as its header says');
    return {
      header,
      body: () => readBody(new BodyReader(handle, 8 + headerBytes, header.bodyBytes), header.bodySha256),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads a body front to back, each section straight into the memory that keeps it (no copy of the
 * whole file is ever held), hashing every byte on the way for the checksum checked at the end.
 */
class BodyReader {
  private read = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly handle: FileHandle,
    private readonly start: number,
    private readonly length: number,
  ) {}

  /** Fills `into` from the body at `offset`, which must lie at or after everything read so far. */
  async readAt(offset: unknown, into: Uint8Array): Promise<void> {
    if (!Number.isSafeInteger(offset) || (offset as number) < this.read || (offset as number) + into.length > this.length) {
      throw new CorruptState('section out of place');
    }
    if ((offset as number) > this.read) await this.readAt(this.read, new Uint8Array((offset as number) - this.read));
    await readInto(this.handle, this.start + this.read, into);
    this.hash.update(into);
    this.read += into.length;
  }

  /** The bytes of `count` items at `offset`, when the body has them: checked before anything is allocated for them. */
  room(offset: number, count: unknown, bytesPerItem: number): number {
    if (!Number.isSafeInteger(count) || (count as number) < 0) throw new CorruptState('bad section');
    const bytes = (count as number) * bytesPerItem;
    if (offset < 0 || offset + bytes > this.length) throw new CorruptState('section out of bounds');
    return bytes;
  }

  /** Reads the rest, and throws unless the whole body matches its checksum. */
  async finish(sha256: string): Promise<void> {
    if (this.read < this.length) await this.readAt(this.read, new Uint8Array(this.length - this.read));
    if (this.hash.digest('hex') !== sha256) throw new CorruptState('body does not match its checksum');
  }
}

async function readBody(body: BodyReader, sha256: string): Promise<unknown> {
  const treeLength = new Uint8Array(4);
  await body.readAt(0, treeLength);
  const treeBytes = Buffer.from(treeLength.buffer).readUInt32LE(0);
  const treeJson = new Uint8Array(body.room(4, treeBytes, 1));
  await body.readAt(4, treeJson);
  const tree: unknown = JSON.parse(Buffer.from(treeJson.buffer).toString());
  const sectionsStart = 4 + treeBytes + ((8 - ((4 + treeBytes) % 8)) % 8);
  const offsetOf = (offset: unknown): number => {
    if (!Number.isSafeInteger(offset)) throw new CorruptState('bad section');
    return sectionsStart + (offset as number);
  };
  // Sections were written in the order this walk meets them, so they are read front to back.
  const decode = async (value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) items.push(await decode(item));
      return items;
    }
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && SECTION_MARKERS.has(entries[0][0])) {
      const [marker, place] = entries[0] as [string, unknown[]];
      if (!Array.isArray(place)) throw new CorruptState('bad section');
      if (marker === '$str') return decodeStrings(place, body, offsetOf);
      const type = TYPED[marker.slice(1) as TypedKind];
      const array = new type(body.room(offsetOf(place[0]), place[1], type.BYTES_PER_ELEMENT) / type.BYTES_PER_ELEMENT);
      await body.readAt(offsetOf(place[0]), new Uint8Array(array.buffer));
      return array;
    }
    const object: Record<string, unknown> = {};
    for (const [name, item] of entries) object[name] = await decode(item);
    return object;
  };
  const decoded = await decode(tree);
  await body.finish(sha256);
  return decoded;
}

async function decodeStrings(place: unknown[], body: BodyReader, offsetOf: (offset: unknown) => number): Promise<string[]> {
  const [lengthsAt, count, textAt, textBytes, encoding] = place as [number, number, number, number, string];
  if (encoding !== 'latin1' && encoding !== 'utf16le') throw new CorruptState('bad string section');
  const lengths = new Uint32Array(body.room(offsetOf(lengthsAt), count, 4) / 4);
  await body.readAt(offsetOf(lengthsAt), new Uint8Array(lengths.buffer));
  const textBuffer = Buffer.allocUnsafe(body.room(offsetOf(textAt), textBytes, 1));
  await body.readAt(offsetOf(textAt), textBuffer);
  const text = textBuffer.toString(encoding);
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
  await readInto(handle, position, buffer);
  return buffer;
}

async function readInto(handle: FileHandle, position: number, into: Uint8Array): Promise<void> {
  for (let filled = 0; filled < into.length;) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) throw new CorruptState('file ends early');
    filled += bytesRead;
  }
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
