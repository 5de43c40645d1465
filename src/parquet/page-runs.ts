// hyparquet decodes a data page's levels and dictionary indexes (runs of the RLE/bit-packed hybrid
// encoding) into plain arrays, each run writing as many values as it says, past the page's own count
// if it says so: a damaged run of two billion values grows an array beyond what V8 can hold, which
// ends the process with no error to catch. So each data page's runs are walked here first, as
// hyparquet will read them, and a run that reaches past the values the page holds is refused.

import type { PageHeader, ParquetType } from 'hyparquet';

/** What a column's pages are read with. */
export interface PageColumn {
  type: ParquetType;
  maxRepetitionLevel: number;
  maxDefinitionLevel: number;
}

/** How far a bit-packed run of values of no bits may pass the page's values: writers pad runs (DuckDB to 256 values), never by this much. */
const ZERO_WIDTH_SLACK = 4096;

/** A run that reaches past its page's values: the page is damaged. */
export class RunPastPage extends Error {}

/**
 * Checks the runs of a data page (`page`: its bytes after the header; `decompress` makes the
 * compressed part plain). Throws RunPastPage for a run that reaches past the page's values; reading
 * past the page's bytes is left to hyparquet, which stops with an error of its own.
 */
export function checkPageRuns(
  page: Uint8Array,
  header: PageHeader,
  column: PageColumn,
  decompress: (bytes: Uint8Array, length: number) => Uint8Array,
): void {
  const repetitionWidth = bitWidth(column.maxRepetitionLevel);
  const definitionWidth = bitWidth(column.maxDefinitionLevel);
  try {
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const { num_values: values, encoding } = header.data_page_header;
      const bytes = decompress(page, header.uncompressed_page_size);
      let offset = 0;
      if (column.maxRepetitionLevel > 0) offset = prefixedRuns(bytes, offset, repetitionWidth, values).end;
      let nulls = 0;
      if (column.maxDefinitionLevel > 0) {
        const levels = prefixedRuns(bytes, offset, definitionWidth, values, column.maxDefinitionLevel);
        offset = levels.end;
        nulls = values - levels.matches;
      }
      valueRuns(bytes, offset, encoding, column.type, values - nulls, 1);
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const v2 = header.data_page_header_v2;
      const levelsLength = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      if (column.maxRepetitionLevel > 0) runs(page, 0, repetitionWidth, v2.num_values);
      if (column.maxDefinitionLevel > 0) runs(page, v2.repetition_levels_byte_length, definitionWidth, v2.num_values);
      const rest = page.subarray(levelsLength);
      const bytes = v2.is_compressed === false ? rest : decompress(rest, header.uncompressed_page_size - levelsLength);
      valueRuns(bytes, 0, v2.encoding, column.type, v2.num_values - v2.num_nulls, 2);
    }
  } catch (error) {
    // Bytes that end too soon: hyparquet meets them as well, and stops with its own error.
    if (error instanceof RangeError) return;
    throw error;
  }
}

/** The values section of a page where its encoding is one of runs, as hyparquet's readDataPage and readDataPageV2 read it. */
function valueRuns(bytes: Uint8Array, offset: number, encoding: string, type: ParquetType, values: number, version: 1 | 2): void {
  const dictionary = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
  if (version === 2) {
    if (encoding === 'RLE') prefixedRuns(bytes, offset, 1, values);
    else if (dictionary) runs(bytes, offset + 1, byteAt(bytes, offset), values);
  } else if (dictionary || encoding === 'RLE') {
    if (type === 'BOOLEAN') {
      prefixedRuns(bytes, offset, 1, values);
      return;
    }
    // Of width 0, a version 1 page holds no runs: every index is 0.
    const width = byteAt(bytes, offset);
    if (width > 0) runs(bytes, offset + 1, width, values);
  }
}

/** Runs after a 4-byte length, which is where the next section starts. */
function prefixedRuns(
  bytes: Uint8Array,
  offset: number,
  width: number,
  values: number,
  counted?: number,
): { end: number; matches: number } {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
  const { matches } = runs(bytes, offset + 4, width, values, counted);
  return { end: offset + 4 + length, matches };
}

/**
 * Walks runs as hyparquet's readRleBitPackedHybrid does until `values` are read; with `counted`,
 * counts the values equal to it (a definition level: the values that are not null).
 */
function runs(bytes: Uint8Array, start: number, width: number, values: number, counted?: number): { matches: number } {
  let offset = start;
  let seen = 0;
  let matches = 0;
  while (seen < values) {
    // hyparquet's varint, 32-bit as it reads it.
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = byteAt(bytes, offset++);
      header |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (header & 1) {
      const count = (header >> 1) << 3;
      // hyparquet writes no bit-packed value past the page's values, and reads each from the page's
      // bytes, which bound the run: but for values of no bits, which it counts through one by one.
      if (count < 0 || (width === 0 && count > values - seen + ZERO_WIDTH_SLACK)) {
        throw new RunPastPage(`a run of ${count} values where ${values - seen} are left`);
      }
      if (counted !== undefined) {
        for (let i = 0; i < Math.min(count, values - seen); i++)
          if (bitsAt(bytes, offset, i * width, width) === counted) matches++;
      }
      offset += (count / 8) * width;
      seen = Math.min(values, seen + count);
    } else {
      const count = header >>> 1;
      if (count > values - seen) throw new RunPastPage(`a run of ${count} values where ${values - seen} are left`);
      let value = 0;
      for (let i = 0; i < (width + 7) >> 3; i++) value |= byteAt(bytes, offset++) << (i << 3);
      if (value === counted) matches += count;
      seen += count;
    }
  }
  return { matches };
}

/** The value of `width` bits starting `bit` bits after `offset`, least significant bit first. */
function bitsAt(bytes: Uint8Array, offset: number, bit: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) {
    const at = bit + i;
    if ((byteAt(bytes, offset + (at >> 3)) >> (at & 7)) & 1) value |= 1 << i;
  }
  return value;
}

function byteAt(bytes: Uint8Array, offset: number): number {
  if (offset >= bytes.length) throw new RangeError('the page ends');
  return bytes[offset];
}

/** The bits a level up to `value` takes. */
function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}
