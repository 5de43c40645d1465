// CSV files for the readCsv tests, written to a temporary folder of the test file's own that is
// removed after it has run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { CsvSource } from '../../src/types.js';

export interface CsvFiles {
  /** Where the files are written. */
  folder: string;
  /** A new file holding `content`, as a source the reader names data/file-N.csv. */
  csvFile(content: string | Buffer, options?: Omit<CsvSource, 'path' | 'displayPath'>): CsvSource;
}

/** A new temporary folder to write CSV files to. Call it at the top level of a test file. */
export function csvFiles(prefix: string): CsvFiles {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let fileCount = 0;
  return {
    folder,
    csvFile(content, options = {}) {
      const name = `file-${++fileCount}.csv`;
      writeFileSync(join(folder, name), content);
      return { path: join(folder, name), displayPath: `data/${name}`, ...options };
    },
  };
}
