// The one way CSV files are read (SPEC §1.2): streamed once through csv-parse, records handed
// over as plain arrays with the physical line where they start. Runs on millions of rows, so the
// per-record work is a few integer operations unless a record spans lines or a column has a
// `values:` mapping.
//
// Quotes are read as spreadsheet programs and Python's csv module read them (SPEC §6): a quote
// inside an unquoted cell is part of the value (`5" frame`, `O"Neil`), and a quoted cell with a
// stray quote (`"a"b"`) is its quoted part followed by the rest as written (`ab"`).
//
// A structural problem (a record of the wrong width, an unclosed quote, bytes that are not text)
// ends the read with an InputError naming the file and line; records of the wrong width are
// collected to the end of the file so that one run lists them all. A record may hold up to
// MAX_RECORD_BYTES (16 MiB) of text: far more than any row of customer data, and far less than the
// longest string V8 can make (~512 MiB), which a runaway cell (an unclosed quote, a file that is
// no CSV) would otherwise reach, failing without a file or line.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, Parser, type Info, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError, ProblemList, closest, quoteData, quoteText } from '../errors.js';
import type { CsvSource } from '../types.js';
import { isNoCustomerId } from '../people/normalize.js';
import { compileDateParser } from './dates.js';
import { DAY_MS } from '../time.js';

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

/** Large reads: fewer stream round trips per megabyte. */
const READ_CHUNK_BYTES = 1 << 20;
/** Enough of the file's start to see its header line and byte order mark. */
const HEAD_BYTES = 64 * 1024;
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
/** The most text a record may hold, counted as csv-parse's max_record_size counts it (about bytes). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Bounds on what one read accepts; lowered only by tests. */
export interface ReadLimits {
  maxRecordBytes: number;
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
  const head = await readHead(source);
  const encoding = resolveEncoding(source, head);
  const delimiter = source.delimiter ?? detectDelimiter(new TextDecoder(encoding.label).decode(head));

  let header: CsvHeader | undefined;
  let width = 0;
  let valueMappings: ValueMapping[] = [];
  let records = 0;
  let derived: Array<(cells: readonly string[]) => string> = [];
  // Exports of one line per line item (SPEC §6 presets): the column whose repeats, line after line, are one record.
  let groupAt = -1;
  let previousGroup = '';
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
    if (header === undefined) {
      header = buildHeader(cells, spec, source, delimiter, line);
      width = cells.length;
      valueMappings = compileValueMappings(source, header);
      derived = compileDerivations(source, header, cells.length);
      groupAt = source.lineItemsOf === undefined ? -1 : header.indexOf(source.lineItemsOf);
      onHeader(header);
      return;
    }
    if (cells.length !== width) {
      malformed.add({ file, line, message: `this record has ${cells.length} cells, the header has ${width}` });
      return;
    }
    if (malformed.size > 0) return;
    if (groupAt >= 0) {
      // More line items of the record before: the same order, not another record.
      const key = cells[groupAt].trim();
      if (key !== '' && key === previousGroup) return;
      previousGroup = key;
    }
    // Derived cells read the cells as written, before any vocabulary maps them.
    for (let i = 0; i < derived.length; i++) cells.push(derived[i](cells));
    for (let i = 0; i < valueMappings.length; i++) {
      const { index, ours } = valueMappings[i];
      const mapped = ours.get(normalizeName(cells[index]));
      if (mapped !== undefined) cells[index] = mapped;
    }
    records++;
    onRecord(cells, line);
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
        // A quote inside an unquoted cell is text (SPEC §6); for a stray quote in a quoted cell see RecordParser.
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
        ...(start.quoted ? ['the cell starts with a quote: a quote that is never closed makes the cell run on to the end of the file'] : []),
        `a CSV record holds at most ${sizeText(maxRecordBytes)} of text`,
      ]);
    }
    // The records of the wrong width before it are listed too.
    const known = PARSE_ERROR_MESSAGES[error.code];
    malformed.add({ file, line: lineOfParseError(error), message: known?.message ?? `cannot read this CSV: ${error.message}` });
    throw malformed.toError([...(malformed.size > 1 ? [widthHint] : []), ...(known ? [known.hint] : [])]);
  }
  if (malformed.size > 0) throw malformed.toError([widthHint]);
  if (header === undefined) throw new InputError('empty file: a header row is required', { file });
  return { records };
}

/**
 * csv-parse's stream parser, handing each record over the moment it is parsed, while `info` still
 * describes it, instead of queueing it on the readable side.
 */
class RecordParser extends Parser {
  constructor(
    options: Options,
    private readonly handleRecord: (cells: string[], info: Info) => void,
  ) {
    super(options);
    const { api } = this as unknown as Partial<CsvParseInternals>;
    // Even with relax_column_count, csv-parse builds a CsvError (a stack trace, deep copies of
    // its options and info: ~20 µs) for every record whose width differs from the first one's,
    // and nothing reads it: widths are checked in handleRecord. So that a file of lines of blanks
    // or of short records is read as fast as any other, each record is declared the expected width.
    // A csv-parse that no longer has this internal is read as it comes: correct, only slower.
    if (typeof api?.__onRecord === 'function') {
      const onRecord = api.__onRecord;
      api.__onRecord = function (this: CsvParseInternals['api'], push) {
        this.state.expectedRecordLength = this.state.record.length;
        return onRecord.call(this, push);
      };
    }
    if (api) readStrayQuotesAsPython(api);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    if (!this.destroyed) {
      try {
        this.handleRecord(record as string[], this.info);
      } catch (error) {
        this.destroy(error as Error);
      }
    }
    return true;
  }
}

/** The part of csv-parse 7's parser, not in its types, that RecordParser wraps. */
interface CsvParseInternals {
  api: {
    state: {
      record: unknown[];
      expectedRecordLength: number;
      /** The bytes of the cell being read, after the parser's unescaping. */
      field?: { buf: Buffer; length: number; prepend(value: unknown): void };
    };
    __onRecord(push: unknown): unknown;
    __onField(): unknown;
  };
}

/**
 * A quoted cell with a stray quote, read as Python's csv module and spreadsheet programs read it:
 * `"a"b"` is `ab"`, `"a""b"x` is `a"bx` (the quoted part, unescaped, then the rest as written,
 * quotes and all). With relax_quotes, csv-parse 7 instead puts the opening quote back and keeps
 * the one that closed the quoted part (`"a"b"`), and in UTF-16 keeps only one byte of that quote,
 * which shifts the rest of the cell by a byte. At a stray quote it calls `field.prepend(quote)`
 * (nowhere else), then appends the quote's first byte: here the prepend is left out and that byte
 * is taken out again when the cell ends. A csv-parse without these internals gives its own reading.
 */
function readStrayQuotesAsPython(api: CsvParseInternals['api']): void {
  const field = api.state?.field;
  if (typeof field?.prepend !== 'function' || typeof api.__onField !== 'function' || !Buffer.isBuffer(field.buf)) return;
  const onField = api.__onField;
  let strayAt = -1; // where the stray quote's byte goes in the cell's bytes
  const onFieldWithStray = function (this: CsvParseInternals['api']) {
    if (field.buf[strayAt] === 0x22) {
      field.buf.copyWithin(strayAt, strayAt + 1, field.length);
      field.length--;
    }
    api.__onField = onField;
    return onField.call(this);
  };
  field.prepend = () => {
    // One per cell at most: after it the cell is unquoted, and its quotes are text.
    strayAt = field.length;
    api.__onField = onFieldWithStray;
  };
}

// ---------------------------------------------------------------------------------------------
// Header

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

function quoteNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/** How many of a file's column names a message lists. */
const MAX_LISTED_COLUMNS = 20;

/** The canonical columns a header has, as written or mapped, and the header as written (coverage, SPEC §6). */
export function columnsOf(header: CsvHeader, canonical: readonly string[]): { columns: string[]; header: string[] } {
  return { columns: canonical.filter((name) => header.indexOf(name) >= 0), header: [...header.names] };
}

/**
 * "columns found: …", each name bounded and escaped, at most MAX_LISTED_COLUMNS of them; for a
 * first line that is a row of data rather than a header, a note saying so instead of its values.
 */
export function describeColumnsFound(names: readonly string[]): string {
  const dataLike = names.map(dataKind).find((kind) => kind !== undefined);
  if (dataLike) return `the first line looks like a row of data, not a header (it holds ${dataLike}): a header row naming the columns is required`;
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

function buildHeader(names: string[], spec: ColumnSpec, source: CsvSource, delimiter: string, line: number): CsvHeader {
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
    else duplicates.add({ file, line, message: `duplicate column ${quoteData(name)}: columns ${earlier + 1} and ${index + 1} have the same name` });
  });
  if (duplicates.size > 0) throw duplicates.toError([columnsFound]);

  const renamed = new Map<string, number>();
  for (const [ours, theirs] of Object.entries(source.columns ?? {})) {
    if (!spec.canonical.includes(normalizeName(ours))) {
      const suggestion = closest(ours, spec.canonical);
      throw new InputError(
        `columns: ${quoteText(ours)} is not a column this file can have`,
        { file },
        [suggestion ? `did you mean "${suggestion}"?` : `known columns: ${spec.canonical.join(', ')}`],
      );
    }
    const index = indexByName.get(normalizeName(theirs));
    if (index === undefined) {
      const suggestion = headerIsData ? undefined : closest(theirs, names);
      throw new InputError(
        `columns: maps ${ours} to ${quoteText(theirs)}, which is not a column of this file`,
        { file, line },
        [columnsFound, ...(suggestion ? [`did you mean ${quoteText(suggestion)}?`] : [])],
      );
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
      return suggestion ? [`did you mean ${quoteText(suggestion)}? map it with columns: { ${name}: ${quoteText(suggestion)} }`] : [];
    });
    throw new InputError(
      `missing required column${missing.length > 1 ? 's' : ''} ${quoteNames(missing)}`,
      { file, line },
      [columnsFound, ...hints],
    );
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


/**
 * The cell makers of the source's derived columns, in their order, for the columns the file does
 * not have itself (a derived column it has is read as written: see buildHeader). A column a
 * derivation reads that the file lacks gives ''.
 */
function compileDerivations(source: CsvSource, header: CsvHeader, width: number): Array<(cells: readonly string[]) => string> {
  // A derivation reads the file's own headers: a derived column may share a header's name.
  const own = new Map(header.names.map((name, index) => [normalizeName(name), index]));
  const at = (name: string): number => own.get(normalizeName(name)) ?? -1;
  const cell = (cells: readonly string[], index: number): string => (index < 0 ? '' : (cells[index] ?? '').trim());
  return Object.entries(source.derive ?? {}).map(([name, derivation]) => {
    if (header.indexOf(name) < width) return () => ''; // `columns:` maps the column: its cell is read
    if ('split_name' in derivation) {
      const index = at(derivation.split_name);
      // "Ann Marie Lee": first "Ann", last "Marie Lee"; a single word is a first name.
      return (cells) => {
        const [first = '', ...rest] = cell(cells, index).split(/\s+/).filter(Boolean);
        return derivation.part === 'first' ? first : rest.join(' ');
      };
    }
    if ('cases' in derivation) {
      const lower = (list: string[] | undefined) => list?.map((value) => value.toLowerCase());
      const cases = derivation.cases.map((entry) => ({ index: at(entry.column), equals: lower(entry.in), words: lower(entry.contains), value: entry.value }));
      return (cells) => {
        for (const { index, equals, words, value } of cases) {
          const text = cell(cells, index).toLowerCase();
          if (equals ? equals.includes(text) : words ? words.some((word) => text.includes(word)) : text !== '') return value;
        }
        return derivation.otherwise ?? '';
      };
    }
    if ('first_id_of' in derivation) {
      const indexes = derivation.first_id_of.map(at);
      return (cells) => indexes.map((index) => cell(cells, index)).find((text) => !isNoCustomerId(text)) ?? '';
    }
    const index = at(derivation.add_days.column);
    const parse = compileDateParser({ dateFormat: source.dateFormat, timezone: source.timezone });
    const offset = derivation.add_days.days * DAY_MS;
    return (cells) => {
      const epoch = parse(cell(cells, index));
      return typeof epoch === 'number' ? new Date(epoch + offset).toISOString() : '';
    };
  });
}

interface ValueMapping {
  index: number;
  /** their value, normalized -> ours */
  ours: Map<string, string>;
}

/** `values:` for the columns this file has; a mapping for an absent column has nothing to map. */
function compileValueMappings(source: CsvSource, header: CsvHeader): ValueMapping[] {
  const mappings: ValueMapping[] = [];
  for (const [column, mapping] of Object.entries(source.values ?? {})) {
    const index = header.indexOf(column);
    if (index < 0) continue;
    const ours = new Map(Object.entries(mapping).map(([theirs, value]) => [normalizeName(theirs), value]));
    mappings.push({ index, ours });
  }
  return mappings;
}

/**
 * The most frequent candidate in the header line (quoted text aside); `,` on ties or when there is
 * none. A quote opens quoted text where a cell may start (the line's start, after a candidate),
 * as the reader reads quotes: `Size (5")` opens nothing.
 */
function detectDelimiter(text: string): string {
  const counts = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let cellStartsHere = true;
  let afterClosingQuote = false; // a quote here is a doubled quote inside the quoted text
  let seenContent = false;
  for (const char of text) {
    if (char === '"') {
      if (quoted) [quoted, afterClosingQuote] = [false, true];
      else if (cellStartsHere || afterClosingQuote) [quoted, afterClosingQuote] = [true, false];
      cellStartsHere = false;
      seenContent = true;
      continue;
    }
    if (quoted) continue;
    afterClosingQuote = false;
    if (char === '\n' || char === '\r') {
      if (seenContent) break; // blank lines before the header are skipped
      cellStartsHere = true;
      continue;
    }
    seenContent = true;
    const candidate = DELIMITER_CANDIDATES.indexOf(char as (typeof DELIMITER_CANDIDATES)[number]);
    if (candidate >= 0) counts[candidate]++;
    cellStartsHere = candidate >= 0;
  }
  const most = Math.max(...counts);
  const winners = DELIMITER_CANDIDATES.filter((_, i) => counts[i] === most);
  return most > 0 && winners.length === 1 ? winners[0] : ',';
}

function countLineBreaks(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let i = 0; i < cell.length; i++) {
      const code = cell.charCodeAt(i);
      if (code === 10 || (code === 13 && cell.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

// ---------------------------------------------------------------------------------------------
// Bytes: reading, encodings, errors

async function readHead(source: CsvSource): Promise<Buffer> {
  const file = source.displayPath;
  try {
    if ((await stat(source.path)).isDirectory()) {
      throw new InputError('expected a CSV file, found a folder', { file });
    }
    const handle = await open(source.path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, file);
  }
}

interface Encoding {
  /** A TextDecoder label for the file's text. */
  label: string;
  /** What csv-parse is told: the two it decodes itself; anything else is re-encoded to UTF-8 first. */
  parser: 'utf8' | 'utf16le';
  transcode: boolean;
}

/** `source.encoding`, unless a byte order mark says otherwise. */
function resolveEncoding(source: CsvSource, head: Buffer): Encoding {
  const utf8: Encoding = { label: 'utf-8', parser: 'utf8', transcode: false };
  const utf16le: Encoding = { label: 'utf-16le', parser: 'utf16le', transcode: false };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return utf8;
  if (head[0] === 0xff && head[1] === 0xfe) return utf16le;
  if (head[0] === 0xfe && head[1] === 0xff) return { label: 'utf-16be', parser: 'utf8', transcode: true };
  const name = (source.encoding ?? 'utf-8').trim().toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return utf8;
  if (['utf-16le', 'utf16le', 'utf-16', 'ucs-2', 'ucs2'].includes(name)) return utf16le;
  try {
    new TextDecoder(name);
  } catch {
    throw new InputError(`unsupported encoding "${source.encoding}"`, { file: source.displayPath }, [
      'use utf-8, utf-16le, or a name such as latin1 or windows-1252',
    ]);
  }
  return { label: name, parser: 'utf8', transcode: true };
}

/** The encoding readCsv reads the file in, by its WHATWG name (utf-8, utf-16le, windows-1252, …). */
export async function csvEncoding(source: CsvSource): Promise<string> {
  return new TextDecoder(resolveEncoding(source, await readHead(source)).label).encoding;
}

/** Re-encodes text in any encoding TextDecoder knows (latin1, windows-1252, …) as UTF-8. */
function toUtf8(label: string): Transform {
  const decoder = new TextDecoder(label);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

/**
 * Passes the bytes on unchanged, but stops at the first that cannot be text: a NUL byte (a
 * binary file, or UTF-16 without its byte order mark) or, in a UTF-8 file, a byte sequence that
 * is not UTF-8 (a file exported in another encoding). The error names the line and column.
 */
function textGuard(source: CsvSource, encoding: Encoding, head: Buffer): Transform {
  const wide = encoding.label.startsWith('utf-16'); // where NUL bytes are part of the text
  const checkUtf8 = encoding.label === 'utf-8';
  let offset = 0; // of the chunk in the file
  let pending: Buffer | undefined; // a UTF-8 sequence the previous chunk ended in the middle of
  /** Ends the stream with the error made for where the byte at `byteOffset` is. */
  const fail = (byteOffset: number, errorAt: (position: TextPosition) => InputError, done: (error: Error) => void) => {
    positionOfByte(source.path, byteOffset, encoding.label).then(
      (position) => done(errorAt(position)),
      (error: Error) => done(error),
    );
  };
  const notText = (byteOffset: number, done: (error: Error) => void) =>
    fail(byteOffset, ({ line, column }) => binaryError(source, head, line, column), done);
  const notUtf8 = (byteOffset: number, byte: number, done: (error: Error) => void) =>
    fail(byteOffset, ({ line, column }) => notUtf8Error(source, byte, line, column), done);

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const start = offset;
      offset += chunk.length;
      const nul = wide ? nulCodeUnit(chunk, start) : chunk.indexOf(0);
      if (nul >= 0) return notText(start + nul, done);
      if (checkUtf8) {
        const bytes = pending ? Buffer.concat([pending, chunk]) : chunk;
        const bytesStart = start - (pending?.length ?? 0);
        const complete = completeUtf8Length(bytes);
        if (!isUtf8(bytes.subarray(0, complete))) {
          const invalid = Math.max(0, firstInvalidUtf8(bytes.subarray(0, complete)));
          return notUtf8(bytesStart + invalid, bytes[invalid], done);
        }
        pending = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : undefined;
      }
      done(null, chunk);
    },
    flush(done) {
      // The file ends in the middle of a character.
      if (pending) return notUtf8(offset - pending.length, pending[0], done);
      done();
    },
  });
}

/**
 * The offset in the chunk of the first UTF-16 code unit 0 (two zero bytes at an even offset of the
 * file), or -1. The file is read in chunks of an even size, so no code unit spans two.
 */
function nulCodeUnit(chunk: Buffer, chunkStart: number): number {
  let nul = chunk.indexOf(0);
  while (nul >= 0 && nul + 1 < chunk.length) {
    const even = (chunkStart + nul) % 2 === 0;
    if (even && chunk[nul + 1] === 0) return nul;
    nul = chunk.indexOf(0, nul + (even ? 2 : 1));
  }
  return -1;
}

function binaryError(source: CsvSource, head: Buffer, line: number, column: number): InputError {
  const startsWith = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  const hint = startsWith(0x50, 0x4b, 0x03, 0x04)
    ? 'this looks like an Excel workbook (.xlsx) or another zip archive: export the sheet as CSV'
    : startsWith(0xd0, 0xcf, 0x11, 0xe0)
      ? 'this looks like an Excel workbook (.xls): export the sheet as CSV'
      : 'a CSV file holds text; a UTF-16 file needs its byte order mark, or encoding: utf-16le in its source';
  return new InputError(`binary file or NUL byte at line ${line}`, { file: source.displayPath, line, column }, [hint]);
}

function notUtf8Error(source: CsvSource, byte: number, line: number, column: number): InputError {
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const inWindows1252 = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
  return new InputError(`not valid UTF-8: byte ${hex} does not begin a UTF-8 character`, { file: source.displayPath, line, column }, [
    `the file is probably in another encoding: in windows-1252, which Excel often writes, ${hex} is "${inWindows1252}"`,
    'name the encoding where the file is given in the campaign or config file: { path: …, encoding: windows-1252 }',
  ]);
}

/** The length of `bytes` without a UTF-8 sequence cut off at its end. */
function completeUtf8Length(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return bytes.length - i < needed ? i : bytes.length;
  }
  return bytes.length;
}

/** The offset of the first byte that does not start a well-formed UTF-8 character; -1 when all do. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const continuations = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuations < 0 || i + continuations >= bytes.length) return i;
    for (let k = 1; k <= continuations; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += continuations + 1;
  }
  return -1;
}

interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where cell `cell` (1-based) of the record that starts on `recordLine` starts, counted as readCsv
 * counts lines and as positionOfByte counts columns, and whether it opens with a quote. Reads the
 * file again up to there: only ever done for an error, on a record csv-parse has read that far.
 */
async function cellStart(
  path: string,
  label: string,
  delimiter: string,
  recordLine: number,
  cell: number,
): Promise<TextPosition & { quoted: boolean }> {
  const decoder = new TextDecoder(label);
  let line = 1;
  let column = 1;
  let afterCr = false;
  // Quotes as the reader reads them (SPEC §6): one opens a quoted cell only where the cell starts,
  // or doubles a quote right after the one that seemed to close it; elsewhere it is text.
  let quoted = false;
  let cellStartsHere = true;
  let afterClosingQuote = false;
  let cellsPassed = 0;
  let text = ''; // decoded, not yet scanned: the tail of a chunk that may hold part of a delimiter
  const scan = (until: number): (TextPosition & { quoted: boolean }) | undefined => {
    let i = 0;
    while (i < until) {
      if (line >= recordLine && cellsPassed === cell - 1) return { line, column, quoted: text[i] === '"' };
      const char = text[i];
      if (line >= recordLine && char === '"') {
        if (quoted) [quoted, afterClosingQuote] = [false, true];
        else if (cellStartsHere || afterClosingQuote) [quoted, afterClosingQuote] = [true, false];
        cellStartsHere = false;
      } else if (line >= recordLine && !quoted && text.startsWith(delimiter, i)) {
        cellsPassed++;
        column += [...delimiter].length;
        afterCr = false;
        cellStartsHere = true;
        afterClosingQuote = false;
        i += delimiter.length;
        continue;
      } else {
        cellStartsHere = !quoted && (char === '\n' || char === '\r');
        afterClosingQuote = false;
      }
      if (char === '\n' && afterCr) {
        // the LF of a CRLF: the line was counted at the CR
      } else if (char === '\n' || char === '\r') {
        line++;
        column = 1;
      } else if (!isLowSurrogate(text.charCodeAt(i))) {
        column++;
      }
      afterCr = char === '\r';
      i++;
    }
    text = text.slice(i);
    return undefined;
  };
  if (cell === 1) return { line: recordLine, column: 1, quoted: false };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    text += decoder.decode(chunk, { stream: true });
    const found = scan(text.length - (delimiter.length - 1));
    if (found) return found;
  }
  text += decoder.decode();
  return scan(text.length) ?? { line, column, quoted: false };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `16 MiB` for whole mebibytes, else bytes. */
function sizeText(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${bytes} bytes`;
}

/**
 * The line and column of a byte of the file, counted as readCsv counts lines (LF, CRLF or a lone
 * CR ends a line). Reads the file up to that byte again: only ever done for an error.
 */
async function positionOfByte(path: string, at: number, label: string): Promise<TextPosition> {
  let line = 1;
  let lineStart: Buffer[] = []; // the bytes of the current line so far
  let afterCr = false;
  // Line breaks are code units: two bytes in UTF-16 (whose chunks, of an even size, never split one).
  const unit = label.startsWith('utf-16') ? 2 : 1;
  const littleEndian = label !== 'utf-16be';
  if (at > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: at - 1 }) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let i = 0; i + unit <= chunk.length; i += unit) {
        const code = unit === 1 ? chunk[i] : littleEndian ? chunk[i] | (chunk[i + 1] << 8) : (chunk[i] << 8) | chunk[i + 1];
        if (code === 0x0a && afterCr) from = i + unit; // the LF of a CRLF: the line was counted at the CR
        else if (code === 0x0a || code === 0x0d) {
          line++;
          from = i + unit;
          lineStart = [];
        }
        afterCr = code === 0x0d;
      }
      lineStart.push(chunk.subarray(from));
    }
  }
  const text = new TextDecoder(label).decode(Buffer.concat(lineStart));
  return { line, column: [...text].length + 1 };
}

const PARSE_ERROR_MESSAGES: Partial<Record<CsvError['code'], { message: string; hint: string }>> = {
  CSV_QUOTE_NOT_CLOSED: {
    message: 'unterminated quote: a quoted cell in the record starting on this line is never closed',
    hint: 'close the quote; a quote inside a quoted cell is written twice ("")',
  },
};



const FILE_ERROR_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
};

/** Errors of the file system become input errors; anything else (a callback's own error) passes through. */
function fileError(error: unknown, file: string): unknown {
  if (!(error instanceof Error) || error instanceof InputError) return error;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || syscall === undefined) return error;
  return new InputError(`cannot read file: ${FILE_ERROR_REASONS[code] ?? error.message}`, { file });
}

/**
 * The names of a file's header row, read from its first bytes with the encoding and delimiter a
 * read would use; [] when its start is no header (the read then reports what is wrong). Presets are
 * chosen by them before the file is read.
 */
export async function readHeaderNames(source: CsvSource): Promise<string[]> {
  const head = await readHead(source);
  const encoding = resolveEncoding(source, head);
  const text = new TextDecoder(encoding.label).decode(head);
  try {
    const [names] = parseSync(text, {
      delimiter: source.delimiter ?? detectDelimiter(text),
      bom: true,
      to: 1,
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: true,
    }) as string[][];
    return names ?? [];
  } catch {
    return [];
  }
}
