// The one way CSV files are read (docs/inputs.md): streamed once through csv-parse, records handed
// over as plain arrays with the physical line where they start. Runs on millions of rows, so the
// per-record work is a few integer operations unless a record spans lines or a column has a
// `values:` mapping.
//
// Quotes are read as spreadsheet programs and Python's csv module read them (docs/inputs.md): a quote
// inside an unquoted cell is part of the value (`5" frame`, `O"Neil`), and a quoted cell with a
// stray quote (`"a"b"`) is its quoted part followed by the rest as written (`ab"`).
//
// A structural problem (a record of the wrong width, an unclosed quote, bytes that are not text)
// ends the read with an InputError naming the file and line; records of the wrong width are
// collected to the end of the file so that one run lists them all. A record may hold up to
// MAX_RECORD_BYTES (16 MiB) of text: far more than any row of customer data, and far less than the
// longest string V8 can make (~512 MiB), which a runaway cell (an unclosed quote, a file that is
// no CSV) would otherwise reach, failing without a file or line.

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CsvError, type Info } from 'csv-parse';
import { InputError, ProblemList, closest, quoteData, quoteText } from '../errors.js';
import { PARQUET_MAGIC, isParquetFile } from '../places.js';
import type { CsvSource } from '../types.js';
import { normalizeName } from './columns.js';
import { compileDerivations, compileValueMappings, type ValueMapping } from './derive.js';
import { READ_CHUNK_BYTES, fileError, readHead, resolveEncoding, toUtf8 } from './encoding.js';
import { detectDelimiter } from './header-line.js';
import { cellStart, countLineBreaks } from './positions.js';
import { RecordParser } from './record-parser.js';
import { textGuard } from './text-guard.js';

export interface ColumnSpec {
  canonical: readonly string[];
  required: readonly string[];
}

export interface CsvHeader {
  /** The header cells as written in the file. */
  names: string[];
  /** Canonical name or any other header (matched case-insensitively after trimming) -> cell index; -1 when absent. */
  indexOf(name: string): number;
  delimiter: string;
}

/** The most text a record may hold, counted as csv-parse's max_record_size counts it (about bytes). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Bounds on what one read accepts; lowered only by tests. */
export interface ReadLimits {
  maxRecordBytes: number;
}

/**
 * Reads a history file once, streaming, as readCsv does: a CSV file, or a Parquet file when its name
 * ends in `.parquet` (docs/inputs.md). For a Parquet file the number handed with each record is its
 * row (the first row is 1), as src/places.ts words it.
 */
export async function readTable(
  source: CsvSource,
  spec: ColumnSpec,
  onHeader: (header: CsvHeader) => void,
  onRecord: (cells: string[], line: number) => void,
): Promise<{ records: number }> {
  if (!isParquetFile(source.path)) return readCsv(source, spec, onHeader, onRecord);
  // Loaded when first needed: hyparquet and its codecs would add to the start of every run.
  const { readParquet } = await import('../parquet/read.js');
  const records = new RecordPipeline(source, spec, onHeader, onRecord);
  await readParquet(
    source,
    (names) => records.header(names, PARQUET_DELIMITER),
    (cells, row) => records.record(cells, row),
  );
  return { records: records.count };
}

/** What a Parquet file's header says its delimiter is: none is read, and a fix writes CSV text only for the audience. */
const PARQUET_DELIMITER = ',';

/**
 * What every reader does with a file's header and records once it has them as cells: the header
 * built and checked against the spec, then for each record the line items of a preset skipped, the
 * derived cells added and `values:` mappings applied, before the record is handed over.
 */
class RecordPipeline {
  count = 0;
  hasHeader = false;
  private valueMappings: ValueMapping[] = [];
  private derived: Array<(cells: readonly string[]) => string> = [];
  // Exports of one line per line item (docs/inputs.md presets): the column whose repeats, line after line, are one record.
  private groupAt = -1;
  private previousGroup = '';

  constructor(
    private readonly source: CsvSource,
    private readonly spec: ColumnSpec,
    private readonly onHeader: (header: CsvHeader) => void,
    private readonly onRecord: (cells: string[], line: number) => void,
  ) {}

  /** `line`: where the header is, for its errors; undefined where it is no line (a Parquet schema). */
  header(names: string[], delimiter: string, line?: number): void {
    const { source } = this;
    const header = buildHeader(names, this.spec, source, delimiter, line);
    this.hasHeader = true;
    this.valueMappings = compileValueMappings(source, header);
    this.derived = compileDerivations(source, header, names.length);
    this.groupAt = source.lineItemsOf === undefined ? -1 : header.indexOf(source.lineItemsOf);
    this.onHeader(header);
  }

  record(cells: string[], line: number): void {
    if (this.groupAt >= 0) {
      // More line items of the record before: the same order, not another record.
      const key = cells[this.groupAt].trim();
      if (key !== '' && key === this.previousGroup) return;
      this.previousGroup = key;
    }
    // Derived cells read the cells as written, before any vocabulary maps them.
    const { derived, valueMappings } = this;
    for (let i = 0; i < derived.length; i++) cells.push(derived[i](cells));
    for (let i = 0; i < valueMappings.length; i++) {
      const { index, ours } = valueMappings[i];
      const mapped = ours.get(normalizeName(cells[index]));
      if (mapped !== undefined) cells[index] = mapped;
    }
    this.count++;
    this.onRecord(cells, line);
  }
}

/**
 * Reads the file once, streaming; calls onHeader once, then onRecord for every non-blank record
 * with the 1-based physical line where the record starts (header = line 1). Resolves with the
 * record count.
 */
export async function readCsv(
  source: CsvSource,
  spec: ColumnSpec,
  onHeader: (header: CsvHeader) => void,
  onRecord: (cells: string[], line: number) => void,
  { maxRecordBytes }: ReadLimits = { maxRecordBytes: MAX_RECORD_BYTES },
): Promise<{ records: number }> {
  const file = source.displayPath;
  if (isParquetFile(source.path)) {
    throw new InputError('a Parquet file is read only as a history file', { file }, [
      'the audience is a CSV file: export it as CSV (docs/inputs.md)',
    ]);
  }
  const head = await readHead(source);
  if (head.subarray(0, 4).equals(PARQUET_MAGIC)) {
    throw new InputError('this is a Parquet file, not a CSV file', { file }, [
      'a history file is read as Parquet when its name ends in .parquet; the audience is always CSV',
    ]);
  }
  const encoding = resolveEncoding(source, head);
  const delimiter = source.delimiter ?? detectDelimiter(new TextDecoder(encoding.label).decode(head));

  const records = new RecordPipeline(source, spec, onHeader, onRecord);
  let width = 0;
  // Once a record is malformed the read goes on only to find the others: no more records are handed over.
  const malformed = new ProblemList();

  // Where records start. csv-parse's `info.lines` is the line a record ends on, but it counts a
  // CRLF inside a quoted field as two lines; so only its differences are used, and a record that
  // spans lines is measured by counting the line breaks in its cells.
  let nextLine = 1; // the physical line after the previous record
  let parsedLines = 0; // info.lines at the previous record
  let parsedBlankLines = 0; // info.empty_lines at the previous record

  const handleRecord = (cells: string[], { lines, empty_lines }: Info): void => {
    const blankLines = empty_lines - parsedBlankLines;
    const line = nextLine + blankLines;
    nextLine = lines - parsedLines - blankLines === 1 ? line + 1 : line + 1 + countLineBreaks(cells);
    parsedLines = lines;
    parsedBlankLines = empty_lines;

    if (cells.length === 1 && cells[0].trim() === '') return; // a line of blanks is a blank line
    if (!records.hasHeader) {
      records.header(cells, delimiter, line);
      width = cells.length;
      return;
    }
    if (cells.length !== width) {
      malformed.add({ file, line, message: `this record has ${cells.length} cells, the header has ${width}` });
      return;
    }
    if (malformed.size > 0) return;
    records.record(cells, line);
  };

  /** The physical line of a csv-parse error: the record's start, moved on by the lines it had passed. */
  const recordLineOfParseError = (error: CsvError): number => nextLine + Number(error.empty_lines) - parsedBlankLines;
  const lineOfParseError = (error: CsvError): number | undefined => {
    if (typeof error.lines !== 'number') return undefined; // an option csv-parse refused, before any line
    const blankLines = Number(error.empty_lines) - parsedBlankLines;
    const recordLine = recordLineOfParseError(error);
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return recordLine;
    return recordLine + Math.max(0, Number(error.lines) - parsedLines - blankLines - 1);
  };

  const widthHint = `the delimiter is ${JSON.stringify(delimiter)}; quote any cell that holds it or a line break`;
  try {
    const parser = new RecordParser(
      {
        delimiter,
        encoding: encoding.parser,
        bom: true,
        // Every line ending, as lines are counted here. Left to itself, csv-parse takes the first
        // one it meets for the whole file and reads the others as text: under an LF header, a
        // CRLF line was a record whose last cell ended in "\r", counted as two lines, and a CRLF
        // blank line was not blank.
        record_delimiter: ['\r\n', '\n', '\r'],
        skip_empty_lines: true,
        // A quote inside an unquoted cell is text (docs/inputs.md); for a stray quote in a quoted cell see RecordParser.
        relax_quotes: true,
        // Counted here instead, to name the record's start line and to let a line of blanks pass.
        relax_column_count: true,
        // csv-parse lets a record run one past its max_record_size.
        max_record_size: maxRecordBytes - 1,
      },
      handleRecord,
    );
    parser.resume(); // records never reach the readable side; let it end
    const input = createReadStream(source.path, { highWaterMark: READ_CHUNK_BYTES });
    const text = textGuard(source, encoding, head);
    await (encoding.transcode ? pipeline(input, text, toUtf8(encoding.label), parser) : pipeline(input, text, parser));
  } catch (error) {
    if (!(error instanceof CsvError)) throw fileError(error, file);
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      // Named by where the cell starts; its content is not quoted: it may be anything, and huge.
      const cell = Number(error.column) + 1;
      const start = await cellStart(source.path, encoding.label, delimiter, recordLineOfParseError(error), cell);
      malformed.add({
        file,
        line: start.line,
        column: start.column,
        message: `cell ${cell} of this record takes it past ${sizeText(maxRecordBytes)}, the most a record may hold`,
      });
      throw malformed.toError([
        ...(malformed.size > 1 ? [widthHint] : []),
        ...(start.quoted
          ? ['the cell starts with a quote: a quote that is never closed makes the cell run on to the end of the file']
          : []),
        `a CSV record holds at most ${sizeText(maxRecordBytes)} of text`,
      ]);
    }
    // The records of the wrong width before it are listed too.
    const known = PARSE_ERROR_MESSAGES[error.code];
    malformed.add({ file, line: lineOfParseError(error), message: known?.message ?? `cannot read this CSV: ${error.message}` });
    throw malformed.toError([...(malformed.size > 1 ? [widthHint] : []), ...(known ? [known.hint] : [])]);
  }
  if (malformed.size > 0) throw malformed.toError([widthHint]);
  if (!records.hasHeader) throw new InputError('empty file: a header row is required', { file });
  return { records: records.count };
}

const PARSE_ERROR_MESSAGES: Partial<Record<CsvError['code'], { message: string; hint: string }>> = {
  CSV_QUOTE_NOT_CLOSED: {
    message: 'unterminated quote: a quoted cell in the record starting on this line is never closed',
    hint: 'close the quote; a quote inside a quoted cell is written twice ("")',
  },
};

/** `16 MiB` for whole mebibytes, else bytes. */
function sizeText(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${bytes} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Header

function quoteNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/** How many of a file's column names a message lists. */
const MAX_LISTED_COLUMNS = 20;

/** The canonical columns a header has, as written or mapped, and the header as written (coverage, docs/report.md). */
export function columnsOf(header: CsvHeader, canonical: readonly string[]): { columns: string[]; header: string[] } {
  return { columns: canonical.filter((name) => header.indexOf(name) >= 0), header: [...header.names] };
}

/**
 * "columns found: …", each name bounded and escaped, at most MAX_LISTED_COLUMNS of them; for a
 * first line that is a row of data rather than a header, a note saying so instead of its values.
 */
export function describeColumnsFound(names: readonly string[]): string {
  const dataLike = names.map(dataKind).find((kind) => kind !== undefined);
  if (dataLike)
    return `the first line looks like a row of data, not a header (it holds ${dataLike}): a header row naming the columns is required`;
  const listed = names.slice(0, MAX_LISTED_COLUMNS).map((name) => quoteText(name, 40));
  const more = names.length > MAX_LISTED_COLUMNS ? `, … and ${names.length - MAX_LISTED_COLUMNS} more` : '';
  return `columns found: ${listed.join(', ')}${more}`;
}

/** The longest text taken for a column name. */
const MAX_COLUMN_NAME_LENGTH = 100;

/**
 * What makes a header cell look like a value (a header-less export's first row): an email, a date,
 * a number, or more text than a column name (a file that is no CSV, such as an environment block).
 */
function dataKind(cell: string): string | undefined {
  if (cell.length > MAX_COLUMN_NAME_LENGTH) return `a cell of ${cell.length} characters`;
  const value = cell.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'an email address';
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\S*)?$/.test(value)) return 'a date';
  if (/^[+-]?[\d\s().,%-]*\d[\d\s().,%-]*$/.test(value) && /\d{2}/.test(value)) return 'a number';
  return undefined;
}

export function buildHeader(
  names: string[],
  spec: ColumnSpec,
  source: CsvSource,
  delimiter: string,
  line: number | undefined,
): CsvHeader {
  const file = source.displayPath;
  const headerIsData = names.some((name) => dataKind(name) !== undefined);
  const columnsFound = describeColumnsFound(names);
  const indexByName = new Map<string, number>();
  const duplicates = new ProblemList();
  names.forEach((name, index) => {
    const key = normalizeName(name);
    if (key === '') return; // unnamed columns cannot be referred to, so they cannot clash
    const earlier = indexByName.get(key);
    if (earlier === undefined) indexByName.set(key, index);
    else
      duplicates.add({
        file,
        line,
        message: `duplicate column ${quoteData(name)}: columns ${earlier + 1} and ${index + 1} have the same name`,
      });
  });
  if (duplicates.size > 0) throw duplicates.toError([columnsFound]);

  const renamed = new Map<string, number>();
  for (const [ours, theirs] of Object.entries(source.columns ?? {})) {
    if (!spec.canonical.includes(normalizeName(ours))) {
      const suggestion = closest(ours, spec.canonical);
      throw new InputError(`columns: ${quoteText(ours)} is not a column this file can have`, { file }, [
        suggestion ? `did you mean "${suggestion}"?` : `known columns: ${spec.canonical.join(', ')}`,
      ]);
    }
    const index = indexByName.get(normalizeName(theirs));
    if (index === undefined) {
      const suggestion = headerIsData ? undefined : closest(theirs, names);
      throw new InputError(`columns: maps ${ours} to ${quoteText(theirs)}, which is not a column of this file`, { file, line }, [
        columnsFound,
        ...(suggestion ? [`did you mean ${quoteText(suggestion)}?`] : []),
      ]);
    }
    renamed.set(normalizeName(ours), index);
  }
  for (const [name, index] of renamed) indexByName.set(name, index);

  // Derived columns (presets) come after the file's own cells, and stand for their canonical column
  // unless `columns:` maps it: a preset knows what a header of the same name holds in its export.
  for (const name of Object.keys(source.derive ?? {})) {
    if (source.columns?.[name] === undefined) indexByName.set(normalizeName(name), names.length + derivedAt(source, name));
  }

  const missing = spec.required.filter((name) => !indexByName.has(normalizeName(name)));
  if (missing.length > 0) {
    const hints = missing.flatMap((name) => {
      const suggestion = headerIsData ? undefined : closest(name, names);
      return suggestion
        ? [`did you mean ${quoteText(suggestion)}? map it with columns: { ${name}: ${quoteText(suggestion)} }`]
        : [];
    });
    throw new InputError(`missing required column${missing.length > 1 ? 's' : ''} ${quoteNames(missing)}`, { file, line }, [
      columnsFound,
      ...hints,
    ]);
  }

  return {
    names,
    delimiter,
    // Rules ask by canonical (already normal) names once per row: try the name as given first.
    indexOf: (name) => indexByName.get(name) ?? indexByName.get(normalizeName(name)) ?? -1,
  };
}

/** Where a derived column stands among the derived ones, all after the file's own cells. */
function derivedAt(source: CsvSource, name: string): number {
  return Object.keys(source.derive ?? {}).indexOf(name);
}

/** The encoding readCsv reads the file in, by its WHATWG name (utf-8, utf-16le, windows-1252, …). */
export async function csvEncoding(source: CsvSource): Promise<string> {
  return new TextDecoder(resolveEncoding(source, await readHead(source)).label).encoding;
}
