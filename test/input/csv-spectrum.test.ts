// csv-spectrum (npm): CSV files that trip up parsers, each with the records it holds as JSON.
// readCsv must read every one of them to exactly those records, or where upstream is wrong, to what
// Python's csv module reads.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/read.js';

const SPECTRUM = path.dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const NAMES = readdirSync(path.join(SPECTRUM, 'csvs')).map((file) => path.basename(file, '.csv'));

/**
 * Files whose upstream JSON is wrong, with the records Python 3's csv module reads from them
 * (`list(csv.DictReader(open(path, encoding='utf-8', newline='')))`), which readCsv must give too.
 *
 * location_coordinates holds quotes inside an unquoted cell (37°36'37.8"N), read as part of the
 * value (docs/report.md; until then refused, as RFC 4180 does not allow them). The file is UTF-8, not
 * Latin-1: its degree signs were already lost, written as U+FFFD (bytes EF BF BD), so it needs no
 * `encoding:`. Its JSON is one object instead of a list of one, with another phone number
 * (1234567890; the file says 2095257564).
 */
const UPSTREAM_WRONG: Record<string, Array<Record<string, string>>> = {
  location_coordinates: [
    {
      'Contact Phone Number': '2095257564',
      'Location Coordinates': '37\ufffd36\'37.8"N 121\ufffd2\'17.9"W',
      Cities: 'Modesto',
      Counties: 'Stanislaus',
    },
  ],
};

async function records(file: string): Promise<Array<Record<string, string>>> {
  let names: string[] = [];
  const found: Array<Record<string, string>> = [];
  await readCsv(
    { path: file, displayPath: path.basename(file) },
    { canonical: [], required: [] },
    (header) => {
      names = header.names;
    },
    (cells) => found.push(Object.fromEntries(names.map((name, i) => [name, cells[i]]))),
  );
  return found;
}

describe('csv-spectrum', () => {
  it('has its files', () => {
    expect(NAMES).toEqual(
      expect.arrayContaining([
        'comma_in_quotes',
        'empty',
        'empty_crlf',
        'escaped_quotes',
        'json',
        'newlines',
        'newlines_crlf',
        'quotes_and_newlines',
        'simple',
        'simple_crlf',
        'utf8',
      ]),
    );
  });

  it.each(NAMES.filter((name) => !(name in UPSTREAM_WRONG)))('%s', async (name) => {
    const expected: unknown = JSON.parse(readFileSync(path.join(SPECTRUM, 'json', `${name}.json`), 'utf8'));
    expect(await records(path.join(SPECTRUM, 'csvs', `${name}.csv`))).toEqual(expected);
  });

  it.each(Object.entries(UPSTREAM_WRONG))('%s, as Python reads it', async (name, expected) => {
    expect(await records(path.join(SPECTRUM, 'csvs', `${name}.csv`))).toEqual(expected);
    // What upstream got wrong, so that a corrected csv-spectrum is noticed here.
    const upstream: unknown = JSON.parse(readFileSync(path.join(SPECTRUM, 'json', `${name}.json`), 'utf8'));
    expect(upstream).not.toEqual(expected);
  });
});
