// Where a record is in a history or audience file, in words. A CSV record is found by its line (the
// header is line 1); a Parquet file has no lines, so its records are found by row number (the first
// row is row 1), as docs/inputs.md says. Readers hand both over as the same number; a file is read as
// Parquet exactly when its name ends in `.parquet` (src/parquet/read.ts refuses any other pairing),
// so the name tells which word the number takes.

/** The four bytes a Parquet file starts and ends with. */
export const PARQUET_MAGIC = Buffer.from('PAR1');

/** Whether the file is read as Parquet, by its name. */
export function isParquetFile(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/** What a record's number counts in the file: its line, or in a Parquet file its row. */
export function placeWord(file: string): 'line' | 'row' {
  return isParquetFile(file) ? 'row' : 'line';
}

/** "line 3", or "row 3" in a Parquet file. */
export function placeOf(file: string, at: number | string): string {
  return `${placeWord(file)} ${at}`;
}

/** `file:12`, or `file row 12` for a Parquet file. */
export function placeIn(file: string, at: number): string {
  return isParquetFile(file) ? `${file} row ${at}` : `${file}:${at}`;
}
