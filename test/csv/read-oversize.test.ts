// readCsv on a record too long to hold (issue 11, item 8b): an InputError naming the file and
// where the cell that crossed the bound starts, never the cell's content; before, a 600 MB cell
// ended in V8's "Cannot create a string longer than …" with no file or line.
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, readCsv, type ReadLimits } from '../../src/csv/read.js';
import type { InputError } from '../../src/errors.js';
import type { CsvSource } from '../../src/types.js';
import { csvFiles } from '../support/csv-files.js';
import { rejection } from '../support/rejection.js';

const { csvFile } = csvFiles('csv-oversize-');

const SMALL: ReadLimits = { maxRecordBytes: 1024 };

async function read(source: CsvSource, limits?: ReadLimits): Promise<number> {
  const { records } = await readCsv(
    source,
    { canonical: ['customer_id'], required: [] },
    () => {},
    () => {},
    limits,
  );
  return records;
}

function readError(source: CsvSource, limits?: ReadLimits): Promise<InputError> {
  return rejection(read(source, limits));
}

describe('readCsv: a record over the bound', () => {
  it('names the file, and the line and column where the cell starts, without its content', async () => {
    const source = csvFile(`customer_id,note\nC-1,short\n\r\nC-2,${'SECRET'.repeat(200)}\nC-3,x\n`);
    const error = await readError(source, SMALL);
    expect(error).toMatchObject({ file: source.displayPath, line: 4, column: 5 });
    expect(error.message).toBe('cell 2 of this record takes it past 1024 bytes, the most a record may hold');
    expect(error.format()).toMatch(/^data\/file-\d+\.csv:4:5: cell 2 of this record/);
    expect(error.format()).not.toContain('SECRET');
    expect(error.details).toEqual(['a CSV record holds at most 1024 bytes of text']);
  });

  it('counts the lines and delimiters of the cells before it, and says when the cell opens a quote', async () => {
    // Line 3 holds the rest of a quoted cell with a delimiter in it, then the oversize cell opens a quote never closed.
    const source = csvFile(`customer_id;note;more\n\nC-1;"two\r\nli;nes 🙂";"${'x'.repeat(2000)}`);
    const error = await readError(source, SMALL);
    expect(error).toMatchObject({ line: 4, column: 11 });
    expect(error.message).toMatch(/^cell 3 of this record/);
    expect(error.details[0]).toBe(
      'the cell starts with a quote: a quote that is never closed makes the cell run on to the end of the file',
    );
  });

  it('reads quotes before the cell as the reader does: inside an unquoted cell, and stray in a quoted one, they are text', async () => {
    const source = csvFile(`customer_id;note;size;more\nC-1;5" frame;"a"b";"${'x'.repeat(2000)}`);
    const error = await readError(source, SMALL);
    expect(error).toMatchObject({ line: 2, column: 20 });
    expect(error.message).toMatch(/^cell 4 of this record/);
    expect(error.details[0]).toMatch(/^the cell starts with a quote/);
  });

  it('finds the cell in a UTF-16 file', async () => {
    const text = `customer_id,note\r\nC-1,${'y'.repeat(600)}\r\n`;
    const source = csvFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await readError(source, SMALL)).toMatchObject({ line: 2, column: 5 });
  });

  it('reads a record of exactly the bound', async () => {
    expect(await read(csvFile(`customer_id,note\nC-1,${'z'.repeat(1024 - 'C-1'.length)}\nC-2,x\n`), SMALL)).toBe(2);
  });

  it(`refuses a record one past the real bound (${MAX_RECORD_BYTES / 2 ** 20} MiB), and reads one of exactly it`, async () => {
    const cell = (length: number) => 'w'.repeat(length);
    const over = csvFile(`customer_id\n${cell(MAX_RECORD_BYTES + 1)}\n`);
    expect(await readError(over)).toMatchObject({
      line: 2,
      column: 1,
      message: 'cell 1 of this record takes it past 16 MiB, the most a record may hold',
    });
    expect(await read(csvFile(`customer_id\n${cell(MAX_RECORD_BYTES)}\n`))).toBe(1);
  });
});
