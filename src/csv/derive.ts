// What a record's cells become before the rules see them: the derived columns of a preset (docs/inputs.md),
// worked out from the file's own cells, and `values:` mappings from an export's vocabulary to ours.

import type { CsvSource } from '../types.js';
import { isNoCustomerId } from '../people/normalize.js';
import { DAY_MS } from '../time.js';
import { normalizeName } from './columns.js';
import { compileDateParser, type DateParser } from './dates.js';
import type { CsvHeader } from './read.js';

/**
 * The cell makers of the source's derived columns, in their order, for the columns the file does
 * not have itself (a derived column it has is read as written: see buildHeader). A column a
 * derivation reads that the file lacks gives ''.
 */
export function compileDerivations(
  source: CsvSource,
  header: CsvHeader,
  width: number,
): Array<(cells: readonly string[]) => string> {
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
      const cases = derivation.cases.map((entry) => ({
        index: at(entry.column),
        equals: lower(entry.in),
        words: lower(entry.contains),
        value: entry.value,
      }));
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
    const later = laterDate(
      compileDateParser({ dateFormat: source.dateFormat, timezone: source.timezone }),
      derivation.add_days.days,
    );
    return (cells) => later(cell(cells, index));
  });
}

/** The date `days` after a cell's (an `add_days` derivation), as ISO 8601; '' for a cell that is none. */
export function laterDate(parse: DateParser, days: number): (text: string) => string {
  return (text) => {
    const epoch = parse(text);
    return typeof epoch === 'number' ? new Date(epoch + days * DAY_MS).toISOString() : '';
  };
}

export interface ValueMapping {
  index: number;
  /** their value, normalized -> ours */
  ours: Map<string, string>;
}

/** `values:` for the columns this file has; a mapping for an absent column has nothing to map. */
export function compileValueMappings(source: CsvSource, header: CsvHeader): ValueMapping[] {
  const mappings: ValueMapping[] = [];
  for (const [column, mapping] of Object.entries(source.values ?? {})) {
    const index = header.indexOf(column);
    if (index < 0) continue;
    const ours = new Map(Object.entries(mapping).map(([theirs, value]) => [normalizeName(theirs), value]));
    mappings.push({ index, ours });
  }
  return mappings;
}
