import { describe, expect, it } from 'vitest';
import { compileDateParser } from '../../src/csv/dates.js';
import { parseBoolean, parseList, parseNumber, parseYearList } from '../../src/csv/values.js';
import { InputError } from '../../src/errors.js';

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    ['Yes', true],
    ['no', false],
    ['Y', true],
    ['n', false],
    ['1', true],
    ['0', false],
    ['opted_in', true],
    ['OPTED_OUT', false],
    ['Subscribed', true],
    ['unsubscribed', false],
    ['  yes  ', true],
  ])('%j is %s', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it('is null when empty and undefined when unreadable', () => {
    expect(parseBoolean('')).toBeNull();
    expect(parseBoolean('   ')).toBeNull();
    expect(parseBoolean('maybe')).toBeUndefined();
    expect(parseBoolean('2')).toBeUndefined();
    expect(parseBoolean('yess')).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it.each([
    ['25', 25],
    ['25.5', 25.5],
    ['-3', -3],
    ['+4', 4],
    ['.5', 0.5],
    ['12583.0', 12583],
    ['25%', 25],
    ['12.5 %', 12.5],
    [' 7 ', 7],
    ['0', 0],
  ])('%j is %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('is null when empty', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('  ')).toBeNull();
  });

  it.each(['abc', '25%%', '%', '1,000', '1e3', '25.5.1', '-', '.', 'NaN', 'Infinity', '0x10', '25 USD'])(
    '%j is undefined',
    (text) => {
      expect(parseNumber(text)).toBeUndefined();
    },
  );
});

describe('parseList', () => {
  it('splits on ; and |, trims, and drops empty items', () => {
    expect(parseList('baby; tween |teen')).toEqual(['baby', 'tween', 'teen']);
    expect(parseList(' kids-furniture ')).toEqual(['kids-furniture']);
    expect(parseList('a;;b|')).toEqual(['a', 'b']);
    expect(parseList('a,b')).toEqual(['a,b']);
  });

  it('is empty for an empty cell', () => {
    expect(parseList('')).toEqual([]);
    expect(parseList(' ; | ')).toEqual([]);
  });
});

describe('parseYearList', () => {
  it('reads years', () => {
    expect(parseYearList('2019')).toEqual([2019]);
    expect(parseYearList('2019; 2021|2024')).toEqual([2019, 2021, 2024]);
  });

  it('is null when empty and undefined when any item is not a year', () => {
    expect(parseYearList('')).toBeNull();
    expect(parseYearList(' ; ')).toBeNull();
    expect(parseYearList('2019;soon')).toBeUndefined();
    expect(parseYearList('19')).toBeUndefined();
    expect(parseYearList('2019.0')).toBeUndefined();
    expect(parseYearList('2019,2021')).toBeUndefined();
  });
});

describe('compileDateParser: ISO 8601', () => {
  const parse = compileDateParser({});

  it.each([
    ['2026-10-03', '2026-10-03T00:00:00.000Z'],
    ['2026-10-03T10:00:00Z', '2026-10-03T10:00:00.000Z'],
    ['2026-10-03 10:00:00Z', '2026-10-03T10:00:00.000Z'],
    ['2026-10-03t10:00:00z', '2026-10-03T10:00:00.000Z'],
    ['2026-10-03T10:00:00.123Z', '2026-10-03T10:00:00.123Z'],
    ['2026-10-03T10:00:00.5Z', '2026-10-03T10:00:00.500Z'],
    ['2026-10-03T10:00:00.123456789Z', '2026-10-03T10:00:00.123Z'],
    ['2026-10-03T10:00:00+02:00', '2026-10-03T08:00:00.000Z'],
    ['2026-10-03T10:00:00-0530', '2026-10-03T15:30:00.000Z'],
    ['2026-10-03T10:00+02', '2026-10-03T08:00:00.000Z'],
    ['2026-10-03T10:00', '2026-10-03T10:00:00.000Z'],
    ['2026-10-03 10:00:00', '2026-10-03T10:00:00.000Z'],
    ['2017-10-02 10:56:33', '2017-10-02T10:56:33.000Z'],
    ['  2026-10-03  ', '2026-10-03T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000Z'],
    ['1969-07-20T20:17:40Z', '1969-07-20T20:17:40.000Z'],
    ['0050-01-01', '0050-01-01T00:00:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(parse(text)).toBe(Date.parse(iso));
  });

  it('is null when empty', () => {
    expect(parse('')).toBeNull();
    expect(parse('   ')).toBeNull();
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-10-03T24:00:00Z',
    '2026-10-03T10:60:00Z',
    '2026-10-03T10:00:60Z',
    '2026-10-03T10:00:00+24:00',
    '2026-1a-03',
    '2026-10-03T10:00:0aZ',
    '20261003',
    '10/03/2026',
    '2026-10-03T10',
    '2026-10-03X10:00:00Z',
    'yesterday',
  ])('%j is undefined', (text) => {
    expect(parse(text)).toBeUndefined();
  });
});

describe('compileDateParser: time zones', () => {
  const newYork = compileDateParser({ timezone: 'America/New_York' });

  it('places date-times without an offset in the zone, across DST', () => {
    expect(newYork('2026-07-01T10:00:00')).toBe(Date.parse('2026-07-01T14:00:00Z')); // EDT, -4
    expect(newYork('2026-12-01 10:00')).toBe(Date.parse('2026-12-01T15:00:00Z')); // EST, -5
    expect(newYork('2026-03-08T01:59:59')).toBe(Date.parse('2026-03-08T06:59:59Z'));
    expect(newYork('2026-03-08T03:00:00')).toBe(Date.parse('2026-03-08T07:00:00Z'));
  });

  it('puts a date without a time at 00:00 in the zone', () => {
    expect(newYork('2026-07-01')).toBe(Date.parse('2026-07-01T04:00:00Z'));
    expect(newYork('2026-01-15')).toBe(Date.parse('2026-01-15T05:00:00Z'));
  });

  it('reads a time skipped by the spring change as if the old offset held', () => {
    expect(newYork('2026-03-08T02:30:00')).toBe(Date.parse('2026-03-08T07:30:00Z')); // = 03:30 EDT
  });

  it('reads a time repeated by the autumn change as its first occurrence', () => {
    expect(newYork('2026-11-01T01:30:00')).toBe(Date.parse('2026-11-01T05:30:00Z')); // EDT
    expect(newYork('2026-11-01T02:30:00')).toBe(Date.parse('2026-11-01T07:30:00Z')); // EST
  });

  it('leaves values with Z or an offset alone', () => {
    expect(newYork('2026-07-01T10:00:00Z')).toBe(Date.parse('2026-07-01T10:00:00Z'));
    expect(newYork('2026-07-01T10:00:00+02:00')).toBe(Date.parse('2026-07-01T08:00:00Z'));
  });

  it('handles zones with half-hour offsets and the southern hemisphere', () => {
    const kolkata = compileDateParser({ timezone: 'Asia/Kolkata' });
    expect(kolkata('2026-10-03 10:00')).toBe(Date.parse('2026-10-03T04:30:00Z'));
    const sydney = compileDateParser({ timezone: 'Australia/Sydney' });
    expect(sydney('2026-01-15 12:00')).toBe(Date.parse('2026-01-15T01:00:00Z')); // AEDT, +11
    expect(sydney('2026-07-15 12:00')).toBe(Date.parse('2026-07-15T02:00:00Z')); // AEST, +10
  });

  it('treats UTC names as UTC', () => {
    expect(compileDateParser({ timezone: 'Etc/UTC' })('2026-10-03')).toBe(Date.parse('2026-10-03T00:00:00Z'));
  });

  it('refuses an unknown zone', () => {
    expect(() => compileDateParser({ timezone: 'Mars/Olympus_Mons' })).toThrow(InputError);
    expect(() => compileDateParser({ timezone: 'Mars/Olympus_Mons' })).toThrow(/unknown timezone "Mars\/Olympus_Mons"/);
  });
});

describe('compileDateParser: date_format', () => {
  it('reads a US date, and ISO as well', () => {
    const parse = compileDateParser({ dateFormat: 'MM/DD/YYYY' });
    expect(parse('10/03/2026')).toBe(Date.parse('2026-10-03T00:00:00Z'));
    expect(parse('2026-10-03')).toBe(Date.parse('2026-10-03T00:00:00Z'));
    expect(parse('')).toBeNull();
    expect(parse('02/30/2026')).toBeUndefined();
    expect(parse('10/3/2026')).toBeUndefined();
    expect(parse('13/03/2026')).toBeUndefined();
  });

  it('reads single-digit fields with M, D and H', () => {
    const parse = compileDateParser({ dateFormat: 'M/D/YYYY H:mm' });
    expect(parse('12/1/2010 8:45')).toBe(Date.parse('2010-12-01T08:45:00Z'));
    expect(parse('1/15/2011 17:05')).toBe(Date.parse('2011-01-15T17:05:00Z'));
  });

  it('reads a European date-time in the zone, literal dots included', () => {
    const parse = compileDateParser({ dateFormat: 'DD.MM.YYYY HH:mm:ss', timezone: 'Europe/Paris' });
    expect(parse('03.10.2026 10:00:00')).toBe(Date.parse('2026-10-03T08:00:00Z')); // CEST, +2
    expect(parse('03.12.2026 10:00:00')).toBe(Date.parse('2026-12-03T09:00:00Z')); // CET, +1
    expect(parse('03x10x2026 10:00:00')).toBeUndefined();
    expect(parse('03.10.2026 24:00:00')).toBeUndefined();
  });

  it('reads a 12-hour clock with AM and PM, as SFMC exports it', () => {
    const parse = compileDateParser({ dateFormat: 'M/D/YYYY h:mm:ss A' });
    expect(parse('5/14/2024 4:00:00 AM')).toBe(Date.parse('2024-05-14T04:00:00Z'));
    expect(parse('5/14/2024 4:00:00 pm')).toBe(Date.parse('2024-05-14T16:00:00Z'));
    expect(parse('5/14/2024 12:30:00 AM')).toBe(Date.parse('2024-05-14T00:30:00Z'));
    expect(parse('5/14/2024 12:30:00 PM')).toBe(Date.parse('2024-05-14T12:30:00Z'));
    expect(parse('5/14/2024 13:00:00 PM')).toBeUndefined();
    expect(parse('5/14/2024 0:00:00 AM')).toBeUndefined();
    expect(() => compileDateParser({ dateFormat: 'M/D/YYYY h:mm' })).toThrow(/12-hour clock .* goes with A/);
    expect(() => compileDateParser({ dateFormat: 'M/D/YYYY HH:mm A' })).toThrow(/12-hour clock .* goes with A/);
  });

  it('reads Unix timestamps in seconds with X, as event exports write them; ISO dates still read', () => {
    const parse = compileDateParser({ dateFormat: 'X', timezone: 'Europe/Paris' });
    expect(parse('1731412800')).toBe(Date.parse('2024-11-12T12:00:00Z'));
    expect(parse('1731412800.5')).toBe(Date.parse('2024-11-12T12:00:00.500Z'));
    expect(parse('')).toBeNull();
    expect(parse('12/11/2024')).toBeUndefined();
    expect(parse('2024-11-12')).toBe(Date.parse('2024-11-11T23:00:00Z'));
  });

  it('reads a date without a year, as a birthday export writes it, as unknown; ISO dates still read', () => {
    const parse = compileDateParser({ dateFormat: 'MM/DD' });
    expect(parse('04/17')).toBeNull();
    expect(parse('13/17')).toBeUndefined();
    expect(parse('2026-04-17')).toBe(Date.parse('2026-04-17T00:00:00Z'));
  });

  it('refuses a format without a month and day, or with a field twice', () => {
    expect(() => compileDateParser({ dateFormat: 'dd/mm/yyyy' })).toThrow(/needs a month and a day/);
    expect(() => compileDateParser({ dateFormat: 'YYYY-MM-DD-DD' })).toThrow(/names the day twice/);
  });
});
