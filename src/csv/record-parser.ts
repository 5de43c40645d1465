// The stream parser readCsv reads with: csv-parse's, adjusted through two of its internals for
// speed and for quotes as spreadsheets read them. A csv-parse without these internals is read as it
// comes: correct, only slower, and with its own reading of a stray quote.

import { Parser, type Info, type Options } from 'csv-parse';

/**
 * csv-parse's stream parser, handing each record over the moment it is parsed, while `info` still
 * describes it, instead of queueing it on the readable side.
 */
export class RecordParser extends Parser {
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
