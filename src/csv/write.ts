// CSV writing, for every CSV the tool writes (the csv format, --failures-out, the excluded rows of
// --write-clean-audience, the changes of --fix) but the rows of audiences written back: RFC 4180 (CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled). A cell a spreadsheet would read as a formula is prefixed with an
// apostrophe, as OWASP advises against CSV injection: audience data must not run in the reader's
// spreadsheet. Much of Europe reads CSV with `;` as the separator, and a spreadsheet may split on
// tabs; there a quote opens a cell only at a cell's start, so every `;`, tab or line break inside a
// cell may start a cell of its own. Hence cells holding `;` or a tab are quoted too (enough for the
// first column), and a formula character after one of them is prefixed as well (for the others).

/** One CSV record of the given fields, CRLF-terminated, each field escaped as above. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(field).join(',')}\r\n`;
}

/**
 * Characters a formula starts with: = + - @, and their full-width and small forms, which a
 * spreadsheet may fold to ASCII (they are the same under NFKC).
 */
const FORMULA_CHARS = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE66\\uFE62\\uFE63\\uFE6B';
/** A tab or carriage return first (readers strip them), or a formula character after blanks or quotes. */
const FORMULA_AT_START = new RegExp(`^(?:[\\t\\r]|[\\s"]*[${FORMULA_CHARS}])`, 'u');
/** Where a formula character starts a cell for a reader splitting on `;`, tabs or line breaks. */
const FORMULA_AFTER_SEPARATOR = new RegExp(`(?<=[;\\t\\r\\n][\\s"]*)(?=[${FORMULA_CHARS}])`, 'gu');
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** The value as one CSV field: formulas made inert, quoted when it holds a separator, a quote or a line break. */
function field(value: string): string {
  const inert = FORMULA_AT_START.test(value) ? `'${value}` : value;
  // Only a value with a separator or line break can have a cell start inside it.
  if (!NEEDS_QUOTES.test(inert)) return inert;
  return `"${inert.replace(FORMULA_AFTER_SEPARATOR, "'").replaceAll('"', '""')}"`;
}

/**
 * One record in a file's own dialect, for an audience row written back (`--fix`): its delimiter,
 * cells quoted only where they must be, no line ending. No formula guard here: the values are data
 * for a sending platform, and must read back as they were (a phone "+49 …" stays one).
 */
export function csvRecord(cells: readonly string[], delimiter: string): string {
  // A record of one empty cell would be a blank line, which readers skip.
  if (cells.length === 1 && cells[0] === '') return '""';
  return cells
    .map((cell) => (cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell))
    .join(delimiter);
}
