// Time constants and conversions shared by the readers, the engine and the rules, and the one reader
// of ISO 8601 dates and date-times: a campaign's send_at and a CSV cell read them alike.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date object, any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The wall-clock time as UTC epoch ms, or undefined when a field is out of range (2026-02-30, 25:00). */
export function wallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millisecond;
}

// ---------------------------------------------------------------------------------------------
// ISO 8601

// `2026-10-03`, `2026-10-03T10:00`, `2026-10-03 10:00:00.123456`, with `Z`, `+02:00`, `+0200` or `+02`;
// `T` and `Z` in either case.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * The offsets a reader takes after a date-time: the one difference between a campaign's send_at and
 * a CSV cell. A cell's must be a real offset, at most ±23:59 (another is an invalid value); send_at
 * has always taken any two digits (+24:00, +05:99), and still does, so that every campaign file that
 * loaded before loads the same.
 */
export type OffsetRange = 'real' | 'any';

export interface IsoDateTime {
  /** The date and time as written, read as if in UTC: epoch ms. */
  wall: number;
  /** The offset written after it, in ms east of UTC (`Z` is 0); undefined when none is: a local time. */
  offset: number | undefined;
}

/**
 * An ISO 8601 date or date-time, blanks around it ignored; undefined for other text and for a day or
 * time that does not exist (2026-02-30, 24:00). Fractions of a second beyond milliseconds are cut off.
 */
export function readIsoDateTime(text: string, offsets: OffsetRange): IsoDateTime | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const wall = wallClock(
    Number(year),
    Number(month),
    Number(day),
    hour === undefined ? 0 : Number(hour),
    minute === undefined ? 0 : Number(minute),
    second === undefined ? 0 : Number(second),
    fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  );
  if (wall === undefined) return undefined;
  if (zulu !== undefined) return { wall, offset: 0 };
  if (sign === undefined) return { wall, offset: undefined };
  const hours = Number(offsetHours);
  const minutes = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
  if (offsets === 'real' && (hours > 23 || minutes > 59)) return undefined;
  return { wall, offset: (hours * HOUR_MS + minutes * MINUTE_MS) * (sign === '-' ? -1 : 1) };
}

/** Epoch milliseconds of a campaign's send_at, an ISO 8601 date or date-time: UTC unless it names an offset. */
export function parseIsoInstant(text: string): number | undefined {
  const written = readIsoDateTime(text, 'any');
  return written === undefined ? undefined : written.wall - (written.offset ?? 0);
}
