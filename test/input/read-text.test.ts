// readCsv and bytes that are not the text they should be: invalid UTF-8 and NUL bytes anywhere in
// a file, including across the 1 MiB chunks it is read in, and UTF-16 in either byte order.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/read.js';
import { InputError } from '../../src/errors.js';

const folder = mkdtempSync(path.join(tmpdir(), 'read-text-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CHUNK = 1 << 20;
let count = 0;

async function read(content: Buffer): Promise<{ rows: string[][]; error?: InputError }> {
  const file = path.join(folder, `file-${++count}.csv`);
  writeFileSync(file, content);
  const rows: string[][] = [];
  try {
    await readCsv(
      { path: file, displayPath: 'file.csv' },
      { canonical: [], required: [] },
      () => {},
      (cells) => rows.push(cells),
    );
    return { rows };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { rows, error };
  }
}

/** A file whose line `lines + 2` starts at byte `CHUNK - before`: a header and padding lines of 'x'. */
function paddedTo(before: number): { text: string; lines: number } {
  const header = 'name\n';
  const padding = CHUNK - before - header.length;
  const lineLength = 100;
  const full = Math.floor(padding / lineLength);
  const rest = padding - full * lineLength;
  const lines = [...Array.from({ length: full }, () => 'x'.repeat(lineLength - 1)), ...(rest > 0 ? ['x'.repeat(rest - 1)] : [])];
  return { text: header + lines.map((line) => `${line}\n`).join(''), lines: lines.length };
}

describe('readCsv: text', () => {
  it('reads a character split across two read chunks', async () => {
    const { text } = paddedTo(1);
    const { rows, error } = await read(Buffer.from(`${text}€\n`));
    expect(error).toBeUndefined();
    expect(rows.at(-1)).toEqual(['€']);
  });

  it('finds an invalid byte after the first chunk, at its line and column', async () => {
    const { text, lines } = paddedTo(10);
    const { error } = await read(Buffer.concat([Buffer.from(`${text}ok\nFr`), Buffer.from([0xe9]), Buffer.from('d\n')]));
    expect(error?.format()).toMatch(
      new RegExp(`^file\\.csv:${lines + 3}:3: not valid UTF-8: byte 0xE9 does not begin a UTF-8 character`),
    );
    expect(error?.details.join('\n')).toContain('0xE9 is "é"');
  });

  it('finds a lead byte whose character the file cuts off', async () => {
    const { error } = await read(Buffer.concat([Buffer.from('name\nab'), Buffer.from([0xe2, 0x82])]));
    expect(error).toMatchObject({ line: 2, column: 3, message: 'not valid UTF-8: byte 0xE2 does not begin a UTF-8 character' });
  });

  it.each([
    ['an overlong form', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
  ])('refuses %s', async (_, bytes) => {
    const { error } = await read(Buffer.concat([Buffer.from('name\r\nok\r\n'), Buffer.from(bytes), Buffer.from('\r\n')]));
    expect(error).toMatchObject({ line: 3, column: 1 });
  });

  it('finds a NUL byte in a later chunk, at its line', async () => {
    const { text, lines } = paddedTo(10);
    const { error } = await read(Buffer.from(`${text}ok\nab\0\n`));
    expect(error).toMatchObject({ line: lines + 3, column: 3, message: `binary file or NUL byte at line ${lines + 3}` });
  });

  it('counts a line break in a quoted cell, and a lone CR, as lines', async () => {
    const { error } = await read(Buffer.from('name,note\r"a","one\r\ntwo"\rb,\0\n'));
    expect(error).toMatchObject({ line: 4, column: 3 });
  });

  it.each([
    ['LE', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['BE', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ])('reads UTF-16 %s by its byte order mark', async (_, encode) => {
    const { rows, error } = await read(encode('name,city\nAna,Évora\n中文,0\n'));
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      ['Ana', 'Évora'],
      ['中文', '0'],
    ]);
  });
});
