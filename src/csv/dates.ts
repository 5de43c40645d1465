// Dates in CSV cells (docs/inputs.md): ISO 8601 always, and a source's `date_format:` (a named format
// or Unix seconds) before it; a date-time written without an offset is placed in the source's
// `timezone:`. Runs on millions of cells, so the common ISO shapes take a path without a regex.

import { InputError } from '../errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, daysFromCivil, daysInMonth, readIsoDateTime, wallClock } from '../time.js';

export interface DateOptions {
  /** A non-ISO format such as `MM/DD/YYYY` or `DD.MM.YYYY HH:mm`; ISO 8601 is always understood. */
  dateFormat?: string;
  /** IANA zone that places date-times written without an offset; default UTC. */
  timezone?: string;
}

/** Epoch milliseconds; `null` for an empty cell, `undefined` for a cell that is not a date. */
export type DateParser = (text: string) => number | null | undefined;

export function compileDateParser(options: DateOptions): DateParser {
  const wallToEpoch = options.timezone === undefined ? utcWallToEpoch : zoneWallToEpoch(options.timezone);
  const parseIso = isoParser(wallToEpoch);
  if (options.dateFormat === undefined) return parseIso;
  const parseCustom =
    options.dateFormat === UNIX_SECONDS ? parseUnixSeconds : customFormatParser(options.dateFormat, wallToEpoch);
  return (text) => {
    const epoch = parseCustom(text);
    return epoch === undefined ? parseIso(text) : epoch;
  };
}

/** The date format of a Unix timestamp in seconds (some platforms' event exports). */
export const UNIX_SECONDS = 'X';

/** Whole or fractional seconds since 1970-01-01T00:00:00Z; an instant, whatever the zone. */
function parseUnixSeconds(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d{1,11}(?:\.\d+)?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed) * 1000);
}

/** Converts a wall-clock time, written as if it were UTC epoch ms, to the real instant. */
type WallToEpoch = (wall: number) => number;

const utcWallToEpoch: WallToEpoch = (wall) => wall;

// ---------------------------------------------------------------------------------------------
// ISO 8601. The fast path reads the common fixed-width shapes with charCodeAt: no allocation, no
// regex. Each helper answers NaN for anything else, including invalid dates, and readIsoDateTime decides.

/** Two digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/** `YYYY-MM-DD` at the start, as UTC epoch ms. */
function fastDate(text: string): number {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN; // -
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearOfCentury < 0) return NaN;
  const year = century * 100 + yearOfCentury;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS;
}

/** `THH:mm:ss` or ` HH:mm:ss` after the date, in ms. */
function fastTime(text: string): number {
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  return hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
}

/** `Z` or `±HH:MM` after the time, in ms east of UTC. */
function fastOffset(text: string): number {
  const sign = text.charCodeAt(19);
  if (text.length === 20) return sign === 90 ? 0 : NaN; // Z
  if ((sign !== 43 && sign !== 45) || text.charCodeAt(22) !== 58) return NaN; // + - :
  const hours = twoDigits(text, 20);
  const minutes = twoDigits(text, 23);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return (hours * HOUR_MS + minutes * MINUTE_MS) * (sign === 45 ? -1 : 1);
}

/** ISO 8601 as readIsoDateTime reads a cell (real offsets only), the fixed-width shapes by the fast path. */
function isoParser(wallToEpoch: WallToEpoch): DateParser {
  return (text) => {
    const length = text.length;
    if (length === 10 || length === 19 || length === 20 || length === 25) {
      const wall = length === 10 ? fastDate(text) : fastDate(text) + fastTime(text);
      if (!Number.isNaN(wall)) {
        if (length <= 19) return wallToEpoch(wall);
        const offset = fastOffset(text);
        if (!Number.isNaN(offset)) return wall - offset;
      }
    }
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const written = readIsoDateTime(trimmed, 'real');
    if (written === undefined) return undefined;
    return written.offset === undefined ? wallToEpoch(written.wall) : written.wall - written.offset;
  };
}

// ---------------------------------------------------------------------------------------------
// Named formats: YYYY MM M DD D HH H hh h mm ss A, everything else literal.

export type DateField = 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'meridiem' | 'minute' | 'second';

/** Each token of a named format; a longer one before a shorter one it starts with (MM before M). */
const FORMAT_TOKENS: ReadonlyArray<{ token: string; field: DateField; pattern: string }> = [
  { token: 'YYYY', field: 'year', pattern: '[0-9]{4}' },
  ...twoOrOneDigits('month', 'MM', 'M'),
  ...twoOrOneDigits('day', 'DD', 'D'),
  ...twoOrOneDigits('hour', 'HH', 'H'),
  // 12-hour clock, with A for AM or PM (any case): 5/14/2024 4:00:00 AM is M/D/YYYY h:mm:ss A.
  ...twoOrOneDigits('hour12', 'hh', 'h'),
  { token: 'A', field: 'meridiem', pattern: '[AaPp][Mm]' },
  { token: 'mm', field: 'minute', pattern: '[0-9]{2}' },
  { token: 'ss', field: 'second', pattern: '[0-9]{2}' },
];

/** A field's two tokens: the doubled letter takes exactly two digits (05), the single one one or two (5). */
function twoOrOneDigits(field: DateField, twoDigitToken: string, oneDigitToken: string) {
  return [
    { token: twoDigitToken, field, pattern: '[0-9]{2}' },
    { token: oneDigitToken, field, pattern: '[0-9]{1,2}' },
  ];
}

/** A named format's text: literal characters, and fields each with its pattern (ASCII digits, or AM/PM). */
export type DateFormatPart = { literal: string } | { field: DateField; pattern: string };

/** The parts of a named format, in order; a field named twice is an error. */
export function dateFormatParts(format: string): DateFormatPart[] {
  const parts: DateFormatPart[] = [];
  const named = new Set<DateField>();
  for (let at = 0; at < format.length;) {
    const found = FORMAT_TOKENS.find(({ token }) => format.startsWith(token, at));
    if (found === undefined) {
      parts.push({ literal: format[at] });
      at += 1;
      continue;
    }
    if (named.has(found.field)) throw new InputError(`date_format "${format}" names the ${found.field} twice`);
    named.add(found.field);
    parts.push({ field: found.field, pattern: found.pattern });
    at += found.token.length;
  }
  return parts;
}

/** Parses the named format only; `undefined` for anything else (the ISO parser gets a try then). */
function customFormatParser(format: string, wallToEpoch: WallToEpoch): DateParser {
  let pattern = '';
  const groupOf: Partial<Record<DateField, number>> = {};
  let groups = 0;
  for (const part of dateFormatParts(format)) {
    if ('literal' in part) {
      pattern += part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else {
      groupOf[part.field] = ++groups;
      pattern += `(${part.pattern})`;
    }
  }
  const {
    year: yearGroup,
    month: monthGroup,
    day: dayGroup,
    hour: hourGroup,
    minute: minuteGroup,
    second: secondGroup,
  } = groupOf;
  const { hour12: hour12Group, meridiem: meridiemGroup } = groupOf;
  if (monthGroup === undefined || dayGroup === undefined) {
    throw new InputError(
      `date_format "${format}" needs a month and a day (MM or M, DD or D), and a year (YYYY) unless it has none`,
    );
  }
  if ((hour12Group === undefined) !== (meridiemGroup === undefined) || (hour12Group !== undefined && hourGroup !== undefined)) {
    throw new InputError(`date_format "${format}": a 12-hour clock (hh or h) goes with A (AM or PM), and without HH or H`);
  }
  const regex = new RegExp(`^${pattern}$`);
  const field = (match: RegExpExecArray, group: number | undefined) => (group === undefined ? 0 : Number(match[group]));
  /** The hour of the day: HH as written, or hh with AM/PM (12 AM is 0, 12 PM is 12); undefined when out of range. */
  const hourOf = (match: RegExpExecArray): number | undefined => {
    if (hour12Group === undefined) return field(match, hourGroup);
    const hour12 = Number(match[hour12Group]);
    if (hour12 < 1 || hour12 > 12) return undefined;
    return (hour12 % 12) + (match[meridiemGroup!].toLowerCase() === 'pm' ? 12 : 0);
  };
  return (text) => {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const match = regex.exec(trimmed);
    if (match === null) return undefined;
    // A date without a year (a birthday as some platforms export it) cannot place an instant: unknown.
    if (yearGroup === undefined) {
      const month = Number(match[monthGroup]);
      const day = Number(match[dayGroup]);
      return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? null : undefined;
    }
    const hour = hourOf(match);
    if (hour === undefined) return undefined;
    const wall = wallClock(
      Number(match[yearGroup]),
      Number(match[monthGroup]),
      Number(match[dayGroup]),
      hour,
      field(match, minuteGroup),
      field(match, secondGroup),
      0,
    );
    return wall === undefined ? undefined : wallToEpoch(wall);
  };
}

// ---------------------------------------------------------------------------------------------
// Time zones

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

/**
 * Wall-clock to instant in an IANA zone. A wall time skipped by a DST change (02:30 when clocks
 * jump to 03:00) is read as if the earlier offset still held (03:30); a repeated one (01:30 when
 * clocks go back) is the first of the two. Intl is slow, so offsets are cached per UTC day.
 */
function zoneWallToEpoch(timezone: string): WallToEpoch {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new InputError(`unknown timezone "${timezone}" (expected an IANA name such as Europe/Paris)`);
  }
  if (UTC_ZONES.has(formatter.resolvedOptions().timeZone)) return utcWallToEpoch;

  /** The zone's offset at an instant, straight from Intl. */
  const measureOffset = (epoch: number): number => {
    const whole = Math.floor(epoch / 1000) * 1000;
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of formatter.formatToParts(whole)) parts[part.type] = part.value;
    const wall =
      daysFromCivil(Number(parts.year), Number(parts.month), Number(parts.day)) * DAY_MS +
      Number(parts.hour) * HOUR_MS +
      Number(parts.minute) * MINUTE_MS +
      Number(parts.second) * 1000;
    return wall - whole;
  };

  /** A UTC day's offset, or the change within it: `before` until `at`, then `after`. */
  type DayOffsets = number | { at: number; before: number; after: number };
  const offsetsByDay = new Map<number, DayOffsets>();

  const measureDay = (day: number): DayOffsets => {
    const start = day * DAY_MS;
    const end = start + DAY_MS - 1000;
    const before = measureOffset(start);
    const after = measureOffset(end);
    if (before === after) return before;
    // Binary search, to the second, for the first instant with the new offset.
    let low = start;
    let high = end;
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (measureOffset(middle) === before) low = middle;
      else high = middle;
    }
    return { at: high, before, after };
  };

  const offsetAt = (epoch: number): number => {
    const day = Math.floor(epoch / DAY_MS);
    let offsets = offsetsByDay.get(day);
    if (offsets === undefined) {
      offsets = measureDay(day);
      offsetsByDay.set(day, offsets);
    }
    if (typeof offsets === 'number') return offsets;
    return epoch < offsets.at ? offsets.before : offsets.after;
  };

  return (wall) => {
    const earlier = offsetAt(wall - DAY_MS);
    const later = offsetAt(wall + DAY_MS);
    if (earlier === later) return wall - earlier;
    const withEarlier = wall - earlier;
    const withLater = wall - later;
    const earlierHolds = offsetAt(withEarlier) === earlier;
    const laterHolds = offsetAt(withLater) === later;
    if (earlierHolds && laterHolds) return Math.min(withEarlier, withLater);
    if (laterHolds) return withLater;
    return withEarlier;
  };
}
