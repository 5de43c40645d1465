// The value conventions of docs/inputs.md for booleans, numbers and lists (dates: dates.ts). Every parser
// answers `null` for an empty cell (unknown) and `undefined` for a cell it cannot read, so callers
// can tell a gap in the data from a wrong value.

export const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['1', true],
  ['0', false],
  ['opted_in', true],
  ['opted_out', false],
  ['subscribed', true],
  ['unsubscribed', false],
]);

export function parseBoolean(text: string): boolean | null | undefined {
  const word = text.trim().toLowerCase();
  return word === '' ? null : BOOLEAN_WORDS.get(word);
}

/** `25`, `25.5`, `-3`, `.5`, and a percentage `25%` (value 25). No exponents, no thousands separators. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:\s*%)?$/;

export function parseNumber(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!NUMBER.test(trimmed)) return undefined;
  return Number(trimmed.endsWith('%') ? trimmed.slice(0, -1) : trimmed);
}

const LIST_SEPARATOR = /[;|]/;

export function parseList(text: string): string[] {
  const items: string[] = [];
  for (const item of text.split(LIST_SEPARATOR)) {
    const trimmed = item.trim();
    if (trimmed !== '') items.push(trimmed);
  }
  return items;
}

const YEAR = /^\d{4}$/;

export function parseYearList(text: string): number[] | null | undefined {
  const items = parseList(text);
  if (items.length === 0) return null;
  const years: number[] = [];
  for (const item of items) {
    if (!YEAR.test(item)) return undefined;
    years.push(Number(item));
  }
  return years;
}
