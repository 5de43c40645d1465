import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, type ColumnSpec, type CsvHeader } from '../../src/csv/read.js';
import type { InputError } from '../../src/errors.js';
import type { CsvSource } from '../../src/types.js';
import { csvFiles } from '../support/csv-files.js';
import { rejection } from '../support/rejection.js';

const { folder, csvFile } = csvFiles('csv-read-');

const ANY: ColumnSpec = { canonical: ['customer_id', 'email', 'status'], required: [] };

async function read(source: CsvSource, spec: ColumnSpec = ANY) {
  let header: CsvHeader | undefined;
  const rows: Array<{ line: number; cells: string[] }> = [];
  const { records } = await readCsv(
    source,
    spec,
    (found) => {
      header = found;
    },
    (cells, line) => rows.push({ line, cells: [...cells] }),
  );
  return { header: header!, rows, records };
}

function inputError(source: CsvSource, spec: ColumnSpec = ANY): Promise<InputError> {
  return rejection(read(source, spec));
}

describe('readCsv: records and lines', () => {
  it('reads a comma file, with the header on line 1', async () => {
    const { header, rows, records } = await read(csvFile('customer_id,email\nc1,a@x.com\nc2,b@x.com\n'));
    expect(header.names).toEqual(['customer_id', 'email']);
    expect(header.delimiter).toBe(',');
    expect(rows).toEqual([
      { line: 2, cells: ['c1', 'a@x.com'] },
      { line: 3, cells: ['c2', 'b@x.com'] },
    ]);
    expect(records).toBe(2);
  });

  it('reads the last record without a final line break', async () => {
    const { rows } = await read(csvFile('customer_id\nc1\nc2'));
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('skips blank lines, which still count as lines', async () => {
    const { rows, records } = await read(csvFile('\ncustomer_id,email\n\nc1,a\n\n\nc2,b\n   \nc3,c\n\n'));
    expect(rows).toEqual([
      { line: 4, cells: ['c1', 'a'] },
      { line: 7, cells: ['c2', 'b'] },
      { line: 9, cells: ['c3', 'c'] },
    ]);
    expect(records).toBe(3);
  });

  it('counts CRLF as one line break', async () => {
    const { rows } = await read(csvFile('customer_id,email\r\nc1,a\r\n\r\nc2,b\r\n'));
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('gives a record with quoted line breaks the line where it starts', async () => {
    const { rows } = await read(csvFile('customer_id,email,note\nc1,a,"one\ntwo\nthree"\nc2,b,plain\n\nc3,c,"x\ny"\nc4,d,e\n'));
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'c1'],
      [5, 'c2'],
      [7, 'c3'],
      [9, 'c4'],
    ]);
    expect(rows[0].cells[2]).toBe('one\ntwo\nthree');
  });

  it('counts a CRLF inside a quoted field as one line (csv-parse counts two)', async () => {
    const { rows } = await read(csvFile('customer_id,note\r\nc1,"a\r\nb\r\nc"\r\nc2,x\r\nc3,"y\r\nz"\r\nc4,w\r\n'));
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'c1'],
      [5, 'c2'],
      [6, 'c3'],
      [8, 'c4'],
    ]);
    expect(rows[0].cells[1]).toBe('a\r\nb\r\nc');
  });

  it('counts a header that spans lines', async () => {
    const { header, rows } = await read(csvFile('"customer\nid",email\nc1,a\n'));
    expect(header.names).toEqual(['customer\nid', 'email']);
    expect(rows[0].line).toBe(3);
  });

  it('keeps quoted delimiters, doubled quotes and empty cells (RFC 4180)', async () => {
    const { rows } = await read(csvFile('customer_id,email,note\n"c,1","","say ""hi"""\nc2,,\n'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['c,1', '', 'say "hi"'],
      ['c2', '', ''],
    ]);
  });

  it('reads a header-only file as no records', async () => {
    const { header, records } = await read(csvFile('customer_id,email\n'));
    expect(header.names).toEqual(['customer_id', 'email']);
    expect(records).toBe(0);
  });

  it('keeps line numbers right across read chunks (1 MiB each)', async () => {
    const rowCount = 250_000; // about 3 MiB
    const body = Array.from({ length: rowCount }, (_, i) => (i % 997 === 0 ? `c${i},"two\r\nlines"` : `c${i},x`));
    const { rows } = await read(csvFile(`customer_id,note\r\n${body.join('\r\n')}\r\n`));
    const expected: number[] = [];
    for (let i = 0, line = 2; i < rowCount; i++) {
      expected.push(line);
      line += i % 997 === 0 ? 2 : 1;
    }
    expect(rows.map((row) => row.line)).toEqual(expected);
  });
});

// docs/inputs.md: RFC 4180's strictness relaxed as spreadsheet programs and Python's csv module relax it.
// Every expected value below is what Python 3's csv.reader gives for the same text, e.g.
//   python3 -c 'import csv,io; print(list(csv.reader(io.StringIO("c2,\"a\"b\"\n"))))'  →  [['c2', 'ab"']]
describe('readCsv: quotes as spreadsheets and Python read them', () => {
  it.each([
    ['a quote inside an unquoted cell is part of the value', 'c2,5" frame', ['c2', '5" frame']],
    ['a name with a quote in it', 'c2,O"Neil', ['c2', 'O"Neil']],
    ['a quote at the end of an unquoted cell', 'c2,ab"', ['c2', 'ab"']],
    ['several quotes in an unquoted cell, doubled ones too', 'c2,a"b""c"', ['c2', 'a"b""c"']],
    ['a quote after a blank: the cell does not start with it, so it is text', 'c2, "a"', ['c2', ' "a"']],
    ['a quoted cell with a stray quote: the quoted part, then the rest as written', 'c2,"a"b"', ['c2', 'ab"']],
    ['text after the closing quote is added to the cell', 'c2,"ab"cd', ['c2', 'abcd']],
    ['a blank after the closing quote too', 'c2,"ab" ', ['c2', 'ab ']],
    ['a doubled quote before the stray one is unescaped', 'c2,"a""b"x', ['c2', 'a"bx']],
    ['accented text either side', 'c2,"é"ü"x"', ['c2', 'éü"x"']],
  ])('%s', async (_name, line, cells) => {
    const { rows } = await read(csvFile(`customer_id,note\nc1,ok\n\n${line}\nc3,"x,y"\n`));
    expect(rows).toEqual([
      { line: 2, cells: ['c1', 'ok'] },
      { line: 4, cells },
      { line: 5, cells: ['c3', 'x,y'] },
    ]);
  });

  it('a delimiter after a stray quote ends the cell, and the next cell is read as usual', async () => {
    const { rows } = await read(csvFile('customer_id,note,more\nc2,"a"b"c","d"\nc3,"x"y,"z"w\n'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['c2', 'ab"c"', 'd'],
      ['c3', 'xy', 'zw'],
    ]);
  });

  it('a quoted line break before the stray quote: the record spans lines, the next starts where it ends', async () => {
    const { rows } = await read(csvFile('customer_id,note\nc2,"a\nb"c\nc3,d\n'));
    expect(rows).toEqual([
      { line: 2, cells: ['c2', 'a\nbc'] },
      { line: 4, cells: ['c3', 'd'] },
    ]);
  });

  it('reads them alike in UTF-16, and in an encoding read through UTF-8', async () => {
    const text = 'customer_id;note;more\r\nc2;5" Zoë;"a"b"\r\nc3;"x""y"z;ok\r\n';
    const expected = [
      { line: 2, cells: ['c2', '5" Zoë', 'ab"'] },
      { line: 3, cells: ['c3', 'x"yz', 'ok'] },
    ];
    expect((await read(csvFile(Buffer.from(`\ufeff${text}`, 'utf16le')))).rows).toEqual(expected);
    expect((await read(csvFile(Buffer.from(text, 'latin1'), { encoding: 'latin1' }))).rows).toEqual(expected);
  });

  it('a stray quote where a read chunk (1 MiB) ends or begins', async () => {
    const filler = 'x'.repeat(100);
    for (const shift of [-2, -1, 0, 1, 2]) {
      // The stray quote after "a" lands around byte 1 MiB.
      const head = 'customer_id,note\n';
      const rowsBefore: string[] = [];
      let size = head.length;
      while (size + filler.length + 4 < (1 << 20) - 50) {
        rowsBefore.push(`c,${filler}`);
        size += filler.length + 3;
      }
      const pad = (1 << 20) - size - 'c,"'.length - 1 + shift;
      const text = `${head}${rowsBefore.join('\n')}\nc,"${'p'.repeat(pad)}a"b"\nlast,one\n`;
      const { rows } = await read(csvFile(text));
      expect(rows.at(-2)!.cells, `shift ${shift}`).toEqual(['c', `${'p'.repeat(pad)}ab"`]);
      expect(rows.at(-1)!.cells).toEqual(['last', 'one']);
    }
  });

  it('a header cell with a quote in it, and the delimiter found past it', async () => {
    const { header, rows } = await read(csvFile('customer_id;Size (5");note\nc1;7";a,b\n'));
    expect(header.delimiter).toBe(';');
    expect(header.names).toEqual(['customer_id', 'Size (5")', 'note']);
    expect(rows[0].cells).toEqual(['c1', '7"', 'a,b']);
  });

  it('a quoted cell never closed is still an unterminated quote', async () => {
    const error = await inputError(csvFile('customer_id,note\nc1,"a"b\nc2,"open\nc3,x\n'));
    expect(error.message).toBe('unterminated quote: a quoted cell in the record starting on this line is never closed');
    expect(error.line).toBe(3);
  });
});

describe('readCsv: delimiters and encodings', () => {
  it.each([
    [';', 'customer_id;email;note\nc1;a@x.com;x,y\n'],
    ['\t', 'customer_id\temail\tnote\nc1\ta@x.com\tx;y\n'],
    ['|', 'customer_id|email|note\nc1|a@x.com|x;y\n'],
    [',', 'customer_id,email,"a;b;c"\nc1,a@x.com,x\n'],
  ])('detects %j from the header line', async (delimiter, content) => {
    const { header, rows } = await read(csvFile(content));
    expect(header.delimiter).toBe(delimiter);
    expect(rows[0].cells.slice(0, 2)).toEqual(['c1', 'a@x.com']);
  });

  it('uses , on a tie or when no candidate appears', async () => {
    expect((await read(csvFile('a;b|c\n1;2|3\n'))).header.delimiter).toBe(',');
    expect((await read(csvFile('customer_id\nc1\n'))).header.delimiter).toBe(',');
  });

  it('uses the delimiter the source names', async () => {
    const { header, rows } = await read(csvFile('customer_id;email,x\nc1;a,b\n', { delimiter: ';' }));
    expect(header.names).toEqual(['customer_id', 'email,x']);
    expect(rows[0].cells).toEqual(['c1', 'a,b']);
  });

  it('drops a UTF-8 byte order mark', async () => {
    const { header } = await read(csvFile('\ufeffcustomer_id;email\nc1;a\n'));
    expect(header.names).toEqual(['customer_id', 'email']);
    expect(header.delimiter).toBe(';');
    expect(header.indexOf('customer_id')).toBe(0);
  });

  it('reads UTF-16LE, with or without a byte order mark', async () => {
    const text = 'customer_id;first_name\r\nc1;Zoë\r\n';
    const withBom = await read(csvFile(Buffer.from(`\ufeff${text}`, 'utf16le')));
    const named = await read(csvFile(Buffer.from(text, 'utf16le'), { encoding: 'utf-16le' }));
    for (const { header, rows } of [withBom, named]) {
      expect(header.names).toEqual(['customer_id', 'first_name']);
      expect(rows).toEqual([{ line: 2, cells: ['c1', 'Zoë'] }]);
    }
  });

  it('refuses a NUL character in UTF-16 as in UTF-8, and reads the zero bytes of UTF-16 text', async () => {
    const text = 'customer_id;first_name\r\nc1;A\u0000B\r\n';
    const error = await inputError(csvFile(Buffer.from(`\ufeff${text}`, 'utf16le')));
    expect(error.message).toBe('binary file or NUL byte at line 2');
    // "Ā" is 0x0100: a zero byte at an odd offset, which is no NUL character.
    const { rows } = await read(csvFile(Buffer.from('\ufeffcustomer_id\r\nĀ\r\n', 'utf16le')));
    expect(rows).toEqual([{ line: 2, cells: ['Ā'] }]);
  });

  it('names a header that is a row of data without quoting it, and bounds the columns it lists', async () => {
    const headerless = await inputError(csvFile('ann@example.com,Ann\n'), {
      canonical: ['customer_id'],
      required: ['customer_id'],
    });
    expect(headerless.details).toEqual([
      'the first line looks like a row of data, not a header (it holds an email address): a header row naming the columns is required',
    ]);
    const wide = Array.from({ length: 30 }, (_, i) => `column ${i} ${'x'.repeat(50)}`).join(',');
    const many = await inputError(csvFile(`${wide}\n`), { canonical: ['customer_id'], required: ['customer_id'] });
    expect(many.details[0]).toMatch(/^columns found: "column 0 x{31}…", .*"column 19 x{30}…", … and 10 more$/);
  });

  it('reads other encodings by name', async () => {
    const { rows } = await read(csvFile(Buffer.from('customer_id,first_name\nc1,Zoë\n', 'latin1'), { encoding: 'latin1' }));
    expect(rows[0].cells).toEqual(['c1', 'Zoë']);
  });

  it('refuses an unknown encoding', async () => {
    const error = await inputError(csvFile('a\n1\n', { encoding: 'klingon' }));
    expect(error.message).toBe('unsupported encoding "klingon"');
    expect(error.file).toMatch(/^data\/file-\d+\.csv$/);
  });
});

describe('readCsv: header matching', () => {
  it('matches names case-insensitively after trimming; keeps unknown columns', async () => {
    const { header } = await read(csvFile(' Customer_ID ,EMAIL,Loyalty Points\nc1,a,3\n'));
    expect(header.names).toEqual([' Customer_ID ', 'EMAIL', 'Loyalty Points']);
    expect(header.indexOf('customer_id')).toBe(0);
    expect(header.indexOf('email')).toBe(1);
    expect(header.indexOf('loyalty points')).toBe(2);
    expect(header.indexOf(' Loyalty Points ')).toBe(2);
    expect(header.indexOf('status')).toBe(-1);
  });

  it('maps their headers to canonical names with columns:', async () => {
    const source = csvFile('Cust No,E-Mail Address\nc1,a\n', { columns: { customer_id: 'cust no', email: ' E-Mail Address' } });
    const { header } = await read(source, { canonical: ANY.canonical, required: ['customer_id'] });
    expect(header.indexOf('customer_id')).toBe(0);
    expect(header.indexOf('email')).toBe(1);
    expect(header.indexOf('Cust No')).toBe(0);
  });

  it('maps values of a column with values:, matching theirs case-insensitively', async () => {
    const source = csvFile('customer_id,Order State,note\nc1,Canceled,canceled\nc2, CANCELED ,x\nc3,shipped,y\n', {
      columns: { status: 'Order State' },
      values: { status: { canceled: 'cancelled' }, absent_column: { a: 'b' } },
    });
    const { rows } = await read(source);
    expect(rows.map((r) => r.cells)).toEqual([
      ['c1', 'cancelled', 'canceled'],
      ['c2', 'cancelled', 'x'],
      ['c3', 'shipped', 'y'],
    ]);
  });
});

describe('readCsv: errors', () => {
  it('a missing file', async () => {
    const error = await inputError({ path: join(folder, 'nope.csv'), displayPath: 'nope.csv' });
    expect(error.message).toBe('cannot read file: no such file');
    expect(error.file).toBe('nope.csv');
  });

  it('a folder instead of a file', async () => {
    mkdirSync(join(folder, 'a-folder.csv'));
    const error = await inputError({ path: join(folder, 'a-folder.csv'), displayPath: 'a-folder.csv' });
    expect(error.message).toBe('expected a CSV file, found a folder');
    expect(error.file).toBe('a-folder.csv');
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\r\n\n'],
    ['a file holding only a byte order mark', '\ufeff'],
  ])('%s', async (_, content) => {
    const error = await inputError(csvFile(content));
    expect(error.message).toBe('empty file: a header row is required');
    expect(error.line).toBeUndefined();
  });

  it('a missing required column, with the columns found and a suggestion', async () => {
    const error = await inputError(csvFile('Customer ID,email\nc1,a\n'), {
      canonical: ['customer_id', 'email', 'order_id'],
      required: ['customer_id', 'order_id'],
    });
    expect(error.message).toBe('missing required columns "customer_id", "order_id"');
    expect(error.line).toBe(1);
    expect(error.details).toEqual([
      'columns found: "Customer ID", "email"',
      'did you mean "Customer ID"? map it with columns: { customer_id: "Customer ID" }',
    ]);
    expect(error.format()).toMatch(/^data\/file-\d+\.csv:1: missing required columns/);
  });

  it('a columns: mapping to a header the file does not have', async () => {
    const error = await inputError(csvFile('cust_no,email\nc1,a\n', { columns: { customer_id: 'cust_num' } }));
    expect(error.message).toBe('columns: maps customer_id to "cust_num", which is not a column of this file');
    expect(error.details).toEqual(['columns found: "cust_no", "email"', 'did you mean "cust_no"?']);
  });

  it('a columns: mapping for a column this kind of file cannot have', async () => {
    const error = await inputError(csvFile('cust_no\nc1\n', { columns: { customer_idd: 'cust_no' } }));
    expect(error.message).toBe('columns: "customer_idd" is not a column this file can have');
    expect(error.details).toEqual(['did you mean "customer_id"?']);
  });

  it('duplicate header names, compared as they are matched', async () => {
    const error = await inputError(csvFile('customer_id,Email,email \nc1,a,b\n'));
    expect(error.message).toBe('duplicate column "email ": columns 2 and 3 have the same name');
    expect(error.line).toBe(1);
  });

  it('allows several unnamed columns', async () => {
    const { header } = await read(csvFile(',customer_id,\n1,c1,x\n'));
    expect(header.indexOf('customer_id')).toBe(1);
  });

  it('a record with more or fewer cells than the header, at the line where it starts', async () => {
    const fewer = await inputError(csvFile('customer_id,email,status\nc1,a,b\n\nc2,b\n'));
    expect(fewer.message).toBe('this record has 2 cells, the header has 3');
    expect(fewer.line).toBe(4);
    expect(fewer.details).toEqual(['the delimiter is ","; quote any cell that holds it or a line break']);
    const more = await inputError(csvFile('customer_id,email\nc1,"x\ny"\nc2,b,c\n'));
    expect(more.message).toBe('this record has 3 cells, the header has 2');
    expect(more.line).toBe(4);
  });

  it('an unterminated quote, at the line where its record starts', async () => {
    const error = await inputError(csvFile('customer_id,email\r\nc1,"a\r\nb"\r\n\r\nc2,"b\r\nc3,c\r\nc4,d\r\n'));
    expect(error.message).toBe('unterminated quote: a quoted cell in the record starting on this line is never closed');
    expect(error.line).toBe(5);
    expect(error.file).toMatch(/^data\/file-\d+\.csv$/);
  });

  it('an empty delimiter', async () => {
    const error = await inputError(csvFile('a\n1\n', { delimiter: '' }));
    expect(error.message).toMatch(/^cannot read this CSV: /);
  });

  it('lets errors of the callbacks through unchanged', async () => {
    const source = csvFile('customer_id\nc1\nc2\n');
    const failure = new Error('a rule failed');
    await expect(
      readCsv(
        source,
        ANY,
        () => {},
        () => {
          throw failure;
        },
      ),
    ).rejects.toBe(failure);
    await expect(
      readCsv(
        source,
        ANY,
        () => {
          throw failure;
        },
        () => {},
      ),
    ).rejects.toBe(failure);
  });
});
