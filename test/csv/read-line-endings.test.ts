// readCsv on files whose line endings change along the way (issue 11, item 7a): every line ending
// (LF, CRLF, a lone CR) ends a line and a record, wherever it appears, so that line numbers and
// cells do not depend on which one the header happens to end with. Not timed: these inputs were
// once ~100x slower than their LF twins, which a timing test would only catch unreliably.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/read.js';
import type { CsvSource } from '../../src/types.js';

const folder = mkdtempSync(join(tmpdir(), 'csv-line-endings-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
function csvFile(content: string): CsvSource {
  const name = `file-${++fileCount}.csv`;
  writeFileSync(join(folder, name), content);
  return { path: join(folder, name), displayPath: name };
}

async function rowsOf(source: CsvSource): Promise<Array<{ line: number; cells: string[] }>> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  await readCsv(
    source,
    { canonical: ['a', 'b'], required: [] },
    () => {},
    (cells, line) => rows.push({ line, cells: [...cells] }),
  );
  return rows;
}

const BLANK_LINES = 400_000;

describe('readCsv: line endings that change within a file', () => {
  it.each([
    ['CRLF blank lines under an LF header', 'a,b\n', '\r\n'],
    ['LF blank lines under a CRLF header', 'a,b\r\n', '\n'],
    ['lone CR blank lines under an LF header', 'a,b\n', '\r'],
    ['lines of blanks under an LF header', 'a,b\n', '  \r\n'],
  ])('%s: skipped, one line each', async (_, header, blankLine) => {
    const rows = await rowsOf(csvFile(`${header}${blankLine.repeat(BLANK_LINES)}1,2\n3,4`));
    expect(rows).toEqual([
      { line: BLANK_LINES + 2, cells: ['1', '2'] },
      { line: BLANK_LINES + 3, cells: ['3', '4'] },
    ]);
  });

  it('reads CRLF records under an LF header without a carriage return in their last cell', async () => {
    const rows = await rowsOf(csvFile('a,b\n1,2\r\n3,4\r\n\r\n5,"x\r\ny"\r6,7\r\n'));
    expect(rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
      { line: 5, cells: ['5', 'x\r\ny'] },
      { line: 7, cells: ['6', '7'] },
    ]);
  });

  it('reads a quoted cell closed just before a line ending other than the header’s', async () => {
    const rows = await rowsOf(csvFile('a,b\n1,"two"\r\n3,"four"\r5,six\n'));
    expect(rows.map((row) => [row.line, ...row.cells])).toEqual([
      [2, '1', 'two'],
      [3, '3', 'four'],
      [4, '5', 'six'],
    ]);
  });
});
