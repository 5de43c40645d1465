// The one way CSV files are read (SPEC §1.2): streamed once through csv-parse, records handed
// over as plain arrays with the physical line where they start. Runs on millions of rows, so the
// per-record work is a few integer operations unless a record spans lines or a column has a
// `values:` mapping.

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, Parser, type Info, type Options } from 'csv-parse';
import { InputError, closest } from '../errors.js';
import type { CsvSource } from '../types.js';

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
): Promise<{ records: number }> {
  const file = source.displayPath;
  const head = await readHead(source);
  const encoding = resolveEncoding(source, head);
  const delimiter = source.delimiter ?? detectDelimiter(new TextDecoder(encoding.label).decode(head));

  let header: CsvHeader | undefined;
  let width = 0;
  let valueMappings: ValueMapping[] = [];
  let records = 0;

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
      onHeader(header);
      return;
    }
    if (cells.length !== width) {
      throw new InputError(`this record has ${cells.length} cells, the header has ${width}`, { file, line }, [
        `the delimiter is ${JSON.stringify(delimiter)}; quote any cell that holds it or a line break`,
      ]);
    }
    for (let i = 0; i < valueMappings.length; i++) {
      const { index, ours } = valueMappings[i];
      const mapped = ours.get(normalizeName(cells[index]));
      if (mapped !== undefined) cells[index] = mapped;
    }
    records++;
    onRecord(cells, line);
  };

  /** The physical line of a csv-parse error: the record's start, moved on by the lines it had passed. */
  const lineOfParseError = (error: CsvError): number | undefined => {
    if (typeof error.lines !== 'number') return undefined; // an option csv-parse refused, before any line
    const blankLines = Number(error.empty_lines) - parsedBlankLines;
    const recordLine = nextLine + blankLines;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return recordLine;
    return recordLine + Math.max(0, Number(error.lines) - parsedLines - blankLines - 1);
  };

  try {
    const parser = new RecordParser(
      {
        delimiter,
        encoding: encoding.parser,
        bom: true,
        skip_empty_lines: true,
        // Counted here instead, to name the record's start line and to let a line of blanks pass.
        relax_column_count: true,
      },
      handleRecord,
    );
    parser.resume(); // records never reach the readable side; let it end
    const input = createReadStream(source.path, { highWaterMark: READ_CHUNK_BYTES });
    await (encoding.transcode ? pipeline(input, toUtf8(encoding.label), parser) : pipeline(input, parser));
  } catch (error) {
    if (error instanceof CsvError) throw parseError(error, file, lineOfParseError(error));
    throw fileError(error, file);
  }
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

// ---------------------------------------------------------------------------------------------
// Header

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

function quoteNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function buildHeader(names: string[], spec: ColumnSpec, source: CsvSource, delimiter: string, line: number): CsvHeader {
  const file = source.displayPath;
  const columnsFound = `columns found: ${names.join(', ')}`;
  const indexByName = new Map<string, number>();
  names.forEach((name, index) => {
    const key = normalizeName(name);
    if (key === '') return; // unnamed columns cannot be referred to, so they cannot clash
    const earlier = indexByName.get(key);
    if (earlier !== undefined) {
      throw new InputError(
        `duplicate column "${name}": columns ${earlier + 1} and ${index + 1} have the same name`,
        { file, line },
        [columnsFound],
      );
    }
    indexByName.set(key, index);
  });

  const renamed = new Map<string, number>();
  for (const [ours, theirs] of Object.entries(source.columns ?? {})) {
    if (!spec.canonical.includes(normalizeName(ours))) {
      const suggestion = closest(ours, spec.canonical);
      throw new InputError(
        `columns: "${ours}" is not a column this file can have`,
        { file },
        [suggestion ? `did you mean "${suggestion}"?` : `known columns: ${spec.canonical.join(', ')}`],
      );
    }
    const index = indexByName.get(normalizeName(theirs));
    if (index === undefined) {
      const suggestion = closest(theirs, names);
      throw new InputError(
        `columns: maps ${ours} to "${theirs}", which is not a column of this file`,
        { file, line },
        [columnsFound, ...(suggestion ? [`did you mean "${suggestion}"?`] : [])],
      );
    }
    renamed.set(normalizeName(ours), index);
  }
  for (const [name, index] of renamed) indexByName.set(name, index);

  const missing = spec.required.filter((name) => !indexByName.has(normalizeName(name)));
  if (missing.length > 0) {
    const hints = missing.flatMap((name) => {
      const suggestion = closest(name, names);
      return suggestion ? [`did you mean "${suggestion}"? map it with columns: { ${name}: "${suggestion}" }`] : [];
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

/** The most frequent candidate in the header line (quoted text aside); `,` on ties or when there is none. */
function detectDelimiter(text: string): string {
  const counts = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (quoted) continue;
    if (char === '\n' || char === '\r') {
      if (seenContent) break; // blank lines before the header are skipped
      continue;
    }
    seenContent = true;
    const candidate = DELIMITER_CANDIDATES.indexOf(char as (typeof DELIMITER_CANDIDATES)[number]);
    if (candidate >= 0) counts[candidate]++;
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

const PARSE_ERROR_MESSAGES: Partial<Record<CsvError['code'], { message: string; hint: string }>> = {
  CSV_QUOTE_NOT_CLOSED: {
    message: 'unterminated quote: a quoted cell in the record starting on this line is never closed',
    hint: 'close the quote; a quote inside a quoted cell is written twice ("")',
  },
  INVALID_OPENING_QUOTE: {
    message: 'a quote inside an unquoted cell',
    hint: 'quote the whole cell and write the quote twice: "5"" tall"',
  },
  CSV_INVALID_CLOSING_QUOTE: {
    message: 'text after the closing quote of a cell',
    hint: 'a quoted cell ends at its closing quote; a quote inside it is written twice ("")',
  },
};

function parseError(error: CsvError, file: string, line: number | undefined): InputError {
  const known = PARSE_ERROR_MESSAGES[error.code];
  if (known) return new InputError(known.message, { file, line }, [known.hint]);
  return new InputError(`cannot read this CSV: ${error.message}`, { file, line });
}

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
