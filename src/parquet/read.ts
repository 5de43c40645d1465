// Parquet history files (docs/inputs.md, Parquet files): read row group by row group through
// hyparquet, each row handed over as the string cells a CSV record would have (see cells.ts), so
// that the rest of the pipeline cannot tell the two apart. What is held at once is one row group's
// decoded columns, never the whole file.
//
// The files come from anywhere (an attachment, a pull request), so nothing the file claims is
// allocated before it is bounded: the footer's length, each row group's cells and bytes, and each
// page's size and value count, which are read from the page headers before hyparquet decodes them
// (it allocates what a header claims). A file that breaks a bound, or that hyparquet cannot read, is
// an InputError naming the file: exit code 2, never a crash.

import { open, stat, type FileHandle } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  asyncBufferFromFile,
  parquetMetadata,
  parquetRead,
  parquetSchema,
  snappyUncompress,
  type ColumnChunk,
  type Compressors,
  type DecodedArray,
  type FileMetaData,
  type PageHeader,
  type ParquetParsers,
  type SchemaElement,
  type SchemaTree,
} from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import { decompressLz4, decompressLz4Raw, decompressZstd } from 'hyparquet-compressors';
import { InputError, quoteText } from '../errors.js';
import { PARQUET_MAGIC } from '../places.js';
import type { CsvSource } from '../types.js';
import { fileError } from '../csv/encoding.js';
import { MAX_DECIMAL_SCALE, UnreadableValue, listText, scalarKind, scalarText, type CellText, type ScalarKind } from './cells.js';
import { RunPastPage, checkPageRuns, type PageColumn } from './page-runs.js';

/** Bounds on what a Parquet file may claim (docs/inputs.md); lowered only by tests. */
export interface ParquetLimits {
  /** The footer: the schema and the index of row groups. */
  footerBytes: number;
  /** One page, uncompressed. */
  pageBytes: number;
  /** The values the pages of one row group claim, all its columns together (cells, and list items). */
  values: number;
  /** Rows × columns of one row group. */
  rowGroupCells: number;
  /** One row group, uncompressed, as its footer entry counts it. */
  rowGroupBytes: number;
}

const MiB = 1024 * 1024;
export const PARQUET_LIMITS: ParquetLimits = {
  footerBytes: 16 * MiB,
  pageBytes: 64 * MiB,
  values: 64 * MiB,
  rowGroupCells: 64 * MiB,
  rowGroupBytes: 1024 * MiB,
};

/** The codecs read (hyparquet's own snappy, Node's gzip and brotli, hyparquet-compressors' zstd and lz4). */
const COMPRESSORS: Compressors = {
  SNAPPY: (input, length) => {
    const output = new Uint8Array(length);
    snappyUncompress(input, output);
    return output;
  },
  GZIP: (input, length) => gunzipSync(input, { maxOutputLength: Math.max(1, length) }),
  BROTLI: (input, length) => brotliDecompressSync(input, { maxOutputLength: Math.max(1, length) }),
  ZSTD: (input, length) => decompressZstd(input, new Uint8Array(length)),
  LZ4: decompressLz4,
  LZ4_RAW: decompressLz4Raw,
};
const CODECS = ['UNCOMPRESSED', ...Object.keys(COMPRESSORS)];

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Values left as the file stores them, for cells.ts to write: timestamps as integers of their unit
 * (hyparquet's dates would lose the unit and whether the value is an instant), text as bytes (to
 * refuse what is not UTF-8, as a CSV read does).
 */
const RAW_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (value) => value,
  timestampFromMicroseconds: (value) => value,
  timestampFromNanoseconds: (value) => value,
  dateFromDays: (value) => value,
  stringFromBytes: (bytes) => bytes,
  jsonFromBytes: (bytes) => bytes,
};

/** How many bytes of a column chunk are read at once to find its page headers; a header is far smaller. */
const PAGE_HEADER_WINDOW = 1 * MiB;

/**
 * Reads the file once: onNames with the column names, then onRow for each row with its cells and its
 * 1-based number. Rows come row group by row group.
 */
export async function readParquet(
  source: CsvSource,
  onNames: (names: string[]) => void,
  onRow: (cells: string[], row: number) => void,
  limits: ParquetLimits = PARQUET_LIMITS,
): Promise<void> {
  const file = await ParquetFile.open(source, limits);
  try {
    onNames(file.names);
    await file.readRows(onRow);
  } finally {
    await file.close();
  }
}

/** The column names of the file, for choosing a preset before it is read; [] when it cannot be read (the read then says why). */
export async function parquetColumnNames(source: CsvSource): Promise<string[]> {
  try {
    const file = await ParquetFile.open(source, PARQUET_LIMITS);
    await file.close();
    return file.names;
  } catch {
    return [];
  }
}

/** A column of the file: its name, and what its values are (a scalar, or a list of scalars). */
export interface ParquetColumn {
  name: string;
  kind: ScalarKind;
  list: boolean;
}

interface Column extends ParquetColumn {
  text: CellText;
}

/** The file's columns, as the default reader reads them; an InputError for a file it refuses. */
export async function parquetColumns(source: CsvSource): Promise<ParquetColumn[]> {
  const file = await ParquetFile.open(source, PARQUET_LIMITS);
  await file.close();
  return file.columns.map(({ name, kind, list }) => ({ name, kind, list }));
}

class ParquetFile {
  private constructor(
    private readonly source: CsvSource,
    private readonly limits: ParquetLimits,
    private readonly handle: FileHandle,
    private readonly size: number,
    /** Where the footer starts: no column chunk may reach past it. */
    private readonly dataEnd: number,
    private readonly metadata: FileMetaData,
    readonly columns: Column[],
  ) {}

  get names(): string[] {
    return this.columns.map((column) => column.name);
  }

  static async open(source: CsvSource, limits: ParquetLimits): Promise<ParquetFile> {
    const file = source.displayPath;
    let handle: FileHandle | undefined;
    try {
      if ((await stat(source.path)).isDirectory()) throw new InputError('expected a Parquet file, found a folder', { file });
      handle = await open(source.path, 'r');
      const { size } = await handle.stat();
      if (size === 0) throw new InputError('not a Parquet file: it is empty', { file });
      const head = await readAt(handle, 0, Math.min(size, 4));
      if (!head.equals(PARQUET_MAGIC)) {
        const text = isText(await readAt(handle, 0, Math.min(size, 512)));
        throw new InputError('not a Parquet file: it does not start with PAR1, as every Parquet file does', { file }, [
          text
            ? 'it looks like text: a CSV file is read as CSV when its name does not end in .parquet'
            : 'a file is read as Parquet because its name ends in .parquet',
        ]);
      }
      if (size < 12) throw damaged(source, `it is only ${size} bytes long`);
      const tail = await readAt(handle, size - 8, 8);
      if (tail.subarray(4).toString('latin1') === 'PARE') {
        throw new InputError('cannot read an encrypted Parquet file', { file }, ['export the history without encryption']);
      }
      if (!tail.subarray(4).equals(PARQUET_MAGIC)) throw damaged(source, 'it does not end with PAR1: it is cut short or damaged');
      const footerLength = tail.readUInt32LE(0);
      if (footerLength > size - 12) {
        throw damaged(source, `its footer claims ${footerLength} bytes, but the whole file is ${size} bytes long`);
      }
      if (footerLength > limits.footerBytes) {
        throw tooLarge(
          source,
          `its footer (the schema and the index of its rows) takes ${sizeText(footerLength)}`,
          limits.footerBytes,
        );
      }
      const footer = await readAt(handle, size - 8 - footerLength, footerLength + 8);
      const metadata = readerStep(source, () => parquetMetadata(footer, { parsers: RAW_PARSERS, geoparquet: false }));
      const columns = columnsOf(
        source,
        readerStep(source, () => parquetSchema(metadata)),
      );
      return new ParquetFile(source, limits, handle, size, size - 8 - footerLength, metadata, columns);
    } catch (error) {
      await handle?.close();
      // What is neither the file system's error nor ours is the reader's, on a schema it cannot follow.
      const failure = fileError(error, file);
      throw failure instanceof InputError ? failure : readerError(source, failure);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  async readRows(onRow: (cells: string[], row: number) => void): Promise<void> {
    const { source, columns } = this;
    // DECIMAL annotations taken off: hyparquet would make them floats, and cells.ts writes them exactly.
    const metadata: FileMetaData = {
      ...this.metadata,
      schema: this.metadata.schema.map((element) =>
        element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL'
          ? { ...element, converted_type: undefined, logical_type: undefined }
          : element,
      ),
    };
    const buffer = await asyncBufferFromFile(source.path);
    let groupStart = 0;
    for (const [index, group] of this.metadata.row_groups.entries()) {
      const rows = Number(group.num_rows);
      // A footer's fields may be of any type in a damaged file: what the checks trip over is damage too.
      await asyncReaderStep(source, () => this.checkRowGroup(index, rows, group.columns));
      const values = new Map<string, Array<{ rowStart: number; data: DecodedArray }>>();
      // The file as if it held this row group alone (rows counted from 0): hyparquet plans over every
      // group it is given, which for a file of many groups would be planned again for each.
      const groupOnly: FileMetaData = { ...metadata, row_groups: [group], num_rows: group.num_rows };
      await asyncReaderStep(source, () =>
        parquetRead({
          file: buffer,
          metadata: groupOnly,
          rowStart: 0,
          rowEnd: rows,
          parsers: RAW_PARSERS,
          utf8: false,
          compressors: COMPRESSORS,
          onChunk: ({ columnName, columnData, rowStart }) => {
            const chunks = values.get(columnName) ?? [];
            chunks.push({ rowStart: groupStart + rowStart, data: columnData });
            values.set(columnName, chunks);
          },
        }),
      );
      const cursors = columns.map((column) => new ColumnCursor(source, column, values.get(column.name) ?? []));
      for (let row = groupStart; row < groupStart + rows; row++) {
        const cells = new Array<string>(columns.length);
        for (let i = 0; i < columns.length; i++) cells[i] = cursors[i].cellAt(row);
        onRow(cells, row + 1);
      }
      groupStart += rows;
    }
  }

  /** Refuses a row group whose claims go past the limits, before any of it is decoded. */
  private async checkRowGroup(index: number, rows: number, chunks: ColumnChunk[]): Promise<void> {
    const { source, limits, columns } = this;
    const where = `row group ${index + 1}`;
    const smallerGroups =
      'write the file with smaller row groups (row_group_size in pandas and pyarrow, ROW_GROUP_SIZE in DuckDB)';
    if (!Number.isSafeInteger(rows) || rows < 0) throw damaged(source, `${where} claims ${rows} rows`);
    // A row of no columns is still a row handed over: counted as one cell.
    const cells = rows * Math.max(1, columns.length);
    if (cells > limits.rowGroupCells) {
      throw tooLarge(
        source,
        `${where} holds ${rows} rows of ${columns.length} columns, ${cells} cells`,
        limits.rowGroupCells,
        'cells',
        smallerGroups,
      );
    }
    const metas = chunks.map((chunk) => {
      if (chunk.file_path !== undefined) throw damaged(source, `${where} keeps a column in another file, which is not read`);
      if (chunk.meta_data === undefined) throw damaged(source, `a column of ${where} has no description`);
      return chunk.meta_data;
    });
    const bytes = metas.reduce((sum, meta) => sum + Number(meta.total_uncompressed_size), 0);
    if (!(bytes <= limits.rowGroupBytes)) {
      throw tooLarge(source, `${where} takes ${sizeText(bytes)} uncompressed`, limits.rowGroupBytes, 'bytes', smallerGroups);
    }
    let values = 0;
    for (const meta of metas) {
      const column = quoteText(meta.path_in_schema.join('.'));
      if (!CODECS.includes(meta.codec)) {
        throw new InputError(
          `column ${column} is compressed with ${meta.codec ?? 'a codec Parquet does not define'}, which cannot be read`,
          { file: source.displayPath },
          [`write the file with one of ${CODECS.join(', ')}`],
        );
      }
      const path = readerStep(source, () => getSchemaPath(this.metadata.schema, meta.path_in_schema));
      const pageColumn: PageColumn = {
        type: meta.type,
        maxRepetitionLevel: getMaxRepetitionLevel(path),
        maxDefinitionLevel: getMaxDefinitionLevel(path),
      };
      const decompress = (bytes: Uint8Array, length: number): Uint8Array =>
        meta.codec === 'UNCOMPRESSED' ? bytes : COMPRESSORS[meta.codec]!(bytes, length);
      values += await this.checkPages(
        where,
        column,
        meta.dictionary_page_offset || meta.data_page_offset,
        meta.total_compressed_size,
        (page, header) => checkPageRuns(page, header, pageColumn, decompress),
      );
      if (values > limits.values) {
        throw tooLarge(source, `the pages of ${where} claim ${values} values`, limits.values, 'values', smallerGroups);
      }
    }
  }

  /**
   * Walks a column chunk's page headers: each page within the chunk and of a bounded size, and each
   * data page's runs within its values (page-runs.ts). Resolves with the values its pages claim,
   * which hyparquet allocates for.
   */
  private async checkPages(
    where: string,
    column: string,
    offset: bigint,
    length: bigint,
    checkRuns: (page: Uint8Array, header: PageHeader) => void,
  ): Promise<number> {
    const { source, limits } = this;
    const start = Number(offset);
    const end = start + Number(length);
    if (!(start >= PARQUET_MAGIC.length && end <= this.dataEnd && end >= start)) {
      throw damaged(
        source,
        `column ${column} of ${where} lies outside the file's data (bytes ${start} to ${end} of ${this.size})`,
      );
    }
    let window: Buffer = Buffer.alloc(0);
    let windowStart = start;
    let values = 0;
    for (let at = start; at < end;) {
      // A header is read from the window; near its end, the window moves on to start at the header.
      if (at + PAGE_HEADER_WINDOW / 2 > windowStart + window.length && windowStart + window.length < end) {
        windowStart = at;
        window = await readAt(this.handle, at, Math.min(PAGE_HEADER_WINDOW, end - at));
      }
      const reader = { view: new DataView(window.buffer, window.byteOffset, window.length), offset: at - windowStart };
      const header = readerStep(source, () => parquetHeader(reader));
      const pageEnd = windowStart + reader.offset + header.compressed_page_size;
      if (!(Number.isSafeInteger(header.compressed_page_size) && header.compressed_page_size >= 0 && pageEnd <= end)) {
        throw damaged(source, `a page of column ${column} in ${where} runs past the end of its column`);
      }
      if (!(
        Number.isSafeInteger(header.uncompressed_page_size) &&
        header.uncompressed_page_size >= 0 &&
        header.uncompressed_page_size <= limits.pageBytes
      )) {
        throw tooLarge(
          source,
          `a page of column ${column} in ${where} claims ${sizeText(header.uncompressed_page_size)}`,
          limits.pageBytes,
        );
      }
      const pageValues =
        header.data_page_header?.num_values ??
        header.data_page_header_v2?.num_values ??
        header.dictionary_page_header?.num_values ??
        0;
      if (!(Number.isSafeInteger(pageValues) && pageValues >= 0)) {
        throw damaged(source, `a page of column ${column} in ${where} claims ${pageValues} values`);
      }
      // Counted as read, so that one page claiming billions is refused before the next is looked at.
      values += pageValues;
      if (values > limits.values) return values;
      if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
        const page = await readAt(this.handle, pageEnd - header.compressed_page_size, header.compressed_page_size);
        try {
          checkRuns(page, header);
        } catch (error) {
          if (!(error instanceof RunPastPage)) throw readerError(source, error);
          throw damaged(source, `a page of column ${column} in ${where} has ${error.message}`);
        }
      }
      at = pageEnd;
    }
    return values;
  }
}

/** The values of one column in a row group, taken row by row in order. */
class ColumnCursor {
  private chunk = 0;

  constructor(
    private readonly source: CsvSource,
    private readonly column: Column,
    private readonly chunks: ReadonlyArray<{ rowStart: number; data: DecodedArray }>,
  ) {}

  cellAt(row: number): string {
    const { chunks } = this;
    while (this.chunk < chunks.length && row >= chunks[this.chunk].rowStart + chunks[this.chunk].data.length) this.chunk++;
    const chunk = chunks[this.chunk];
    if (chunk === undefined || row < chunk.rowStart) {
      throw damaged(this.source, `column ${quoteText(this.column.name)} has no value for row ${row + 1}`);
    }
    try {
      return this.column.text(chunk.data[row - chunk.rowStart]);
    } catch (error) {
      // Anything else is a value that is not what the schema says it is (a date of a float): damage.
      const what = error instanceof UnreadableValue ? error.message : 'a value that is not of its own type';
      throw new InputError(`column ${quoteText(this.column.name)} holds ${what}`, {
        file: this.source.displayPath,
        line: row + 1,
      });
    }
  }
}

/**
 * The file's columns, each a scalar or a list of scalars; a column of structs or maps, or of a type no
 * CSV cell could hold the same way, is refused, naming it.
 */
function columnsOf(source: CsvSource, schema: SchemaTree): Column[] {
  return schema.children.map((child) => {
    const { element } = child;
    const name = element.name;
    if (child.children.length === 0) return scalarColumn(source, name, element, element.repetition_type === 'REPEATED');
    // The standard LIST: an optional group of one repeated group of one scalar element.
    const repeated = child.children[0];
    const item = repeated?.children[0];
    if (
      (element.converted_type === 'LIST' || element.logical_type?.type === 'LIST') &&
      child.children.length === 1 &&
      repeated.element.repetition_type === 'REPEATED' &&
      repeated.children.length === 1 &&
      item.children.length === 0
    ) {
      return scalarColumn(source, name, item.element, true);
    }
    const kind =
      element.converted_type === 'MAP' || element.logical_type?.type === 'MAP'
        ? 'a map'
        : element.converted_type === 'LIST'
          ? 'a list of lists or structs'
          : 'a struct';
    throw nestedColumn(source, name, kind);
  });
}

/** Types whose values no cell text stands for: refused rather than read as something else. */
const UNREAD_TYPES = new Set(['INTERVAL', 'BSON', 'VARIANT', 'GEOMETRY', 'GEOGRAPHY', 'MAP', 'LIST']);

/** A column of scalars of the leaf `element`, or of lists of them. */
function scalarColumn(source: CsvSource, name: string, element: SchemaElement, list: boolean): Column {
  const type = element.logical_type?.type ?? element.converted_type;
  if (type !== undefined && UNREAD_TYPES.has(type)) throw nestedColumn(source, name, `of type ${type}`);
  const kind = scalarKind(element);
  if (kind.type === 'decimal' && !(Number.isInteger(kind.scale) && kind.scale >= 0 && kind.scale <= MAX_DECIMAL_SCALE)) {
    throw damaged(source, `column ${quoteText(name)} is a decimal of scale ${kind.scale}`);
  }
  const scalar = scalarText(element);
  return { name, kind, list, text: list ? listText(scalar) : scalar };
}

function nestedColumn(source: CsvSource, name: string, kind: string): InputError {
  return new InputError(`column ${quoteText(name)} is ${kind}, which a history file cannot hold`, { file: source.displayPath }, [
    'a history file holds a value, or a list of values, per cell: leave the column out of the export or flatten it into columns of their own',
  ]);
}

/** Runs a step of hyparquet's, its errors (a damaged file) made input errors naming the file. */
function readerStep<T>(source: CsvSource, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw readerError(source, error);
  }
}

async function asyncReaderStep<T>(source: CsvSource, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw readerError(source, error);
  }
}

function readerError(source: CsvSource, error: unknown): unknown {
  if (error instanceof InputError || !(error instanceof Error)) return error;
  return damaged(source, `the reader stopped at ${quoteText(error.message, 120)}`);
}

function damaged(source: CsvSource, reason: string): InputError {
  return new InputError(`cannot read this Parquet file: ${reason}`, { file: source.displayPath }, [
    'the file is damaged or cut short: export it again',
  ]);
}

function tooLarge(
  source: CsvSource,
  claim: string,
  limit: number,
  unit: 'bytes' | 'cells' | 'values' = 'bytes',
  hint?: string,
): InputError {
  const most = unit === 'bytes' ? sizeText(limit) : `${limit} ${unit}`;
  return new InputError(`cannot read this Parquet file: ${claim}, more than the ${most} it may`, { file: source.displayPath }, [
    hint ?? 'a file that claims more than it holds is damaged: export it again',
  ]);
}

function sizeText(bytes: number): string {
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Whether bytes read as UTF-8 text without control characters other than tabs and line breaks. */
function isText(bytes: Buffer): boolean {
  try {
    return !/[\u0000-\u0008\u000e-\u001f]/.test(UTF8.decode(bytes));
  } catch {
    return false;
  }
}
