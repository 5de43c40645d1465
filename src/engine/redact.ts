// `--redact`: personal data out of every report. The engine redacts a finding the moment a rule
// makes it, before it is recorded, so that no format, nor the temporary files where a large run's
// findings spill, ever holds an email address, phone number, postal address or name from the inputs.
//
// A value is replaced by a mask that names its kind and a hash of the value normalized as identity
// compares it (SPEC §2): `[email 3f9a1c2b]`, `[phone 0c1d2e3f]`, `[address 9a8b7c6d]`,
// `[name 5e4f3a2b]`. The hash is SHA-256 without a salt, so the same value gets the same mask in
// every format and every run (reports stay byte-identical), and different values get different
// masks (rows stay distinguishable). Square brackets rather than `<…>`: HTML and Markdown escape
// `<`, and the masks should read the same in every format.
//
// What is masked:
// - emails: anything of the form `local@domain`, anywhere in any string (a broken address too);
// - phones: every phone number of the inputs (compared by its last 10 digits), and any other run of
//   7–15 digits written as phones are (with `+`, brackets, blanks, dots or dashes between the digit
//   groups) that is not a date or a decimal (a time's colon ends a run); a bare run of digits (an
//   id, an amount) only when it is one of the inputs' phones;
// - postal addresses: the postal addresses of the customers and of the audience rows, compared
//   case-folded with blanks collapsed, as a whole value or inside a longer text;
// - names: every first and last name of the customers and of the audience rows, as whole words,
//   case and accents ignored (a name "Ann" masks "ANN" and "ann" but never "Announcement"). A name
//   that is also an ordinary word (a customer named "Will" or "Park") masks that word in the data
//   rules quote (a greeting, a subject line, a category) too: the price of never leaking the name in
//   whatever case a template wrote it. The wording of a rule's message is never touched: data are
//   redacted before the message is rendered from them. Placeholders that SPEC §2 says are not names
//   ("Customer", "Unknown", a single letter) are not masked.
// - values under the keys email, phone, postal_address, address, first_name and last_name, whole,
//   whatever they look like.
// Campaign ids, rule ids, file paths, line numbers, dates and amounts are left as they are.

import { hash } from 'node:crypto';
import type { People } from '../people/profiles.js';
import { foldWords, knownName, normalizeEmail, normalizePhone, normalizePostalAddress } from '../people/normalize.js';

export type MaskKind = 'email' | 'phone' | 'address' | 'name';

/** A mask as the redactor writes it; text inside one is never redacted again. */
const MASK = /\[(?:email|phone|address|name) [0-9a-f]{8}\]/g;
const WHOLE_MASK = /^\[(?:email|phone|address|name) [0-9a-f]{8}\]$/;

/**
 * `local@domain`, the domain without a trailing dot; a broken address (no dot, no domain) too. The
 * local part's rarer characters (`'`, `=`, `?`…) are left out, so that a quote or a URL's query
 * around an address is not taken for part of it.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)?/gu;

/**
 * A run of digits that might be a phone number: digits, blanks, `+ - ( ) .`, starting with a digit,
 * `+` or `(` and ending with a digit, not glued to a word (`C-1234567` is an id).
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}_])(?<![\p{L}\p{N}_][.-])(?:\+|\(?)\d[\d \u00a0().-]*\d(?![\p{L}\p{N}_])/gu;
/** A quick test before PHONE_CANDIDATE: seven characters or more that could be a phone. */
const MAYBE_PHONE = /\d[\d \u00a0().-]{5,}\d/;
/** Within a candidate: a date (2026-11-20, 20.11.2026), which is never a phone. */
const DATE_INSIDE = /\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}/;
/** A decimal: 18400.00, 1.959964. */
const DECIMAL = /^\d+\.\d+$/;

const WORD = /[\p{L}\p{N}]+/gu;
/** A date or an instant as evidence writes them: never personal data. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A word of a text as names are matched: letters and digits, joined by apostrophes or hyphens. */
const NAME_TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const NAME_PART = /[\p{L}\p{M}\p{N}]+/gu;
const NAME_CHAR = /[\p{L}\p{M}\p{N}]/u;
const JOINERS = "'’-";
const LETTER = /\p{L}/u;

/** Particles of multi-word names, not masked on their own ("van" of "Anna van Dijk"). */
const NAME_PARTICLES = new Set([
  'al', 'bin', 'da', 'das', 'de', 'del', 'della', 'den', 'der', 'des', 'di', 'do', 'dos', 'du', 'el', 'ibn',
  'la', 'le', 'st', 'ter', 'van', 'von', 'y', 'zu',
]);

/** Evidence and data keys whose string values are personal data, whole. */
const KEYED: Readonly<Record<string, MaskKind | 'channel-address'>> = {
  email: 'email',
  phone: 'phone',
  postal_address: 'address',
  postalAddress: 'address',
  address: 'channel-address',
  first_name: 'name',
  firstName: 'name',
  last_name: 'name',
  lastName: 'name',
};

const ROW_CELLS: ReadonlyArray<[MaskKind, string]> = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['address', 'postal_address'],
];

/** Redacted texts remembered at most, for the strings evidence repeats. */
const REMEMBERED_TEXTS = 10_000;

/** Addresses shorter than this are placeholders ("-", "n/a"), not addresses. */
const MIN_ADDRESS_LENGTH = 4;

export class Redactor {
  /** Name words, folded (lower case, accents dropped). */
  private readonly names = new Set<string>();
  /** Phones of the inputs, normalized (the last 10 digits). */
  private readonly phones = new Set<string>();
  /** Postal addresses of the inputs, normalized. */
  private readonly addresses = new Set<string>();
  /** For finding addresses inside a text: the first two words of each address → its lengths. */
  private readonly addressStarts = new Map<string, number[]>();
  /** The length of the shortest address: a shorter text holds none. */
  private shortestAddress = Infinity;
  /** Whether some address is a single word. */
  private singleWordAddresses = false;
  /** The first word of each address of two words or more. */
  private readonly addressFirstWords = new Set<string>();
  /** First and last names as written that have been learned: far fewer than customers. */
  private readonly namesRead = new Set<string>();
  /** Masks of the name words, as they are needed. */
  private readonly nameMasks = new Map<string, string>();
  /** How many values have been learned: a text redacted earlier is redacted again once it grows. */
  private learned = 0;
  /** Texts redacted since the last value was learned (evidence repeats the same strings a lot). */
  private readonly redacted = new Map<string, string>();
  private redactedAt = 0;
  /**
   * The email, phone and postal address cells of the audience row the rules see now, trimmed: a
   * finding about the row may quote one that is not valid (a phone too short to be one), which only
   * equality can recognize. One row's cells, never more.
   */
  private rowCells: Array<[MaskKind, string]> = [];

  /** The mask of a value of a kind: stable across runs, distinct per normalized value. */
  mask(kind: MaskKind, value: string): string {
    const key = normalized(kind, value);
    if (kind !== 'name') return maskOf(kind, key);
    // Distinct names are few and every finding names one: their masks are kept.
    let mask = this.nameMasks.get(key);
    if (mask === undefined) {
      mask = maskOf(kind, key);
      if (this.names.has(key)) this.nameMasks.set(key, mask);
    }
    return mask;
  }

  /** Learns a first or last name as written (a placeholder such as "Customer" is not a name). */
  addName(name: string): void {
    // Names repeat (every Emma): each spelling is read once.
    if (name === '' || this.namesRead.has(name)) return;
    this.namesRead.add(name);
    const known = knownName(name);
    if (known === undefined) return;
    const tokens = foldWords(known).match(NAME_TOKEN) ?? [];
    for (const token of tokens) {
      this.addNameWord(token, tokens.length > 1);
      const parts = token.match(NAME_PART) ?? [];
      if (parts.length > 1) for (const part of parts) this.addNameWord(part, true);
    }
  }

  addPhone(phone: string): void {
    const digits = normalizePhone(phone);
    if (digits && !this.phones.has(digits)) {
      this.phones.add(digits);
      this.learned++;
    }
  }

  addPostalAddress(address: string): void {
    const value = normalizePostalAddress(address);
    if (value.length < MIN_ADDRESS_LENGTH || this.addresses.has(value)) return;
    this.addresses.add(value);
    this.learned++;
    const key = startKey(value);
    if (key === undefined) return;
    this.shortestAddress = Math.min(this.shortestAddress, value.length);
    if (key.includes(' ')) this.addressFirstWords.add(key.slice(0, key.indexOf(' ')));
    else this.singleWordAddresses = true;
    const lengths = this.addressStarts.get(key);
    if (!lengths) this.addressStarts.set(key, [value.length]);
    else if (!lengths.includes(value.length)) lengths.push(value.length);
  }

  /** Learns every name, phone and postal address the history holds. */
  addPeople(people: People): void {
    people.forEachPersonalValue?.((kind, value) => {
      if (kind === 'name') this.addName(value);
      else if (kind === 'phone') this.addPhone(value);
      else if (kind === 'postal_address') this.addPostalAddress(value);
    });
  }

  /** Learns a row's names, phone and postal address before the rules see it. */
  addAudienceRow(row: { cell(name: string): string }): void {
    this.addName(row.cell('first_name'));
    this.addName(row.cell('last_name'));
    this.addPhone(row.cell('phone'));
    this.addPostalAddress(row.cell('postal_address'));
    this.rowCells = [];
    for (const [kind, column] of ROW_CELLS) {
      const value = row.cell(column).trim();
      if (value !== '') this.rowCells.push([kind, value]);
    }
  }

  /** A rule's report with its data and evidence redacted. */
  reported<R extends { data?: unknown; evidence?: Record<string, unknown> }>(report: R): R {
    return { ...report, data: this.value(report.data), evidence: report.evidence && this.value(report.evidence) };
  }

  /** A finding's customer id: masked where it is an email, a phone, a name or an address. */
  customerId(id: string | null): string | null {
    return id === null ? null : this.text(id);
  }

  /** Strings redacted anywhere in a value: in arrays and plain objects too, keys unchanged. */
  value<T>(value: T, key?: string, copies = new Map<object, unknown>()): T {
    if (typeof value === 'string') {
      for (const [kind, cell] of this.rowCells) if (cell.length <= value.length && cell === value.trim()) return this.mask(kind, value) as T;
      return (key !== undefined && Object.hasOwn(KEYED, key) ? this.keyed(KEYED[key], value) : this.text(value)) as T;
    }
    if (typeof value !== 'object' || value === null) return value;
    // A structure that refers to itself (a person and its records) is copied once, cycles kept.
    const done = copies.get(value);
    if (done !== undefined) return done as T;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      copies.set(value, copy);
      for (const item of value) copy.push(this.value(item, key, copies));
      return copy as T;
    }
    if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      copies.set(value, copy);
      for (const name of Object.keys(value)) copy[name] = this.value(value[name], name, copies);
      return copy as T;
    }
    return value;
  }

  /** Every kind of personal data masked in a text. */
  text(text: string): string {
    if (ISO_DATE.test(text)) return text; // the commonest string of evidence, quickly
    if (this.redactedAt !== this.learned || this.redacted.size >= REMEMBERED_TEXTS) {
      this.redacted.clear();
      this.redactedAt = this.learned;
    }
    let result = this.redacted.get(text);
    if (result === undefined) {
      result = this.names.size === 0 ? this.contacts(text) : outsideMasks(this.contacts(text), (part) => this.maskNames(part));
      this.redacted.set(text, result);
    }
    return result;
  }

  /**
   * A message rendered from redacted data: emails and phones masked once more, for a template that
   * computes them from something other than its data's strings. Names are left (the message's own
   * wording may hold words that are somebody's name), and so are addresses, which only the data
   * hold (searching every message for them would cost more than the rest of the redaction).
   */
  message(text: string): string {
    return this.phonesIn(this.emailsIn(text));
  }

  private contacts(text: string): string {
    if (text === '') return text;
    const result = this.emailsIn(text);
    return this.phonesIn(this.addressStarts.size > 0 && result.length >= this.shortestAddress ? outsideMasks(result, (part) => this.maskAddresses(part)) : result);
  }

  private emailsIn(text: string): string {
    return text.includes('@') ? outsideMasks(text, (part) => part.replace(EMAIL, (email) => this.mask('email', email))) : text;
  }

  private phonesIn(text: string): string {
    return MAYBE_PHONE.test(text) ? outsideMasks(text, (part) => part.replace(PHONE_CANDIDATE, (run) => this.phoneMask(run))) : text;
  }

  private keyed(kind: MaskKind | 'channel-address', value: string): string {
    const trimmed = value.trim();
    if (trimmed === '' || isMask(trimmed)) return value;
    if (kind !== 'channel-address') return this.mask(kind, value);
    if (trimmed.includes('@')) return this.mask('email', value);
    if (/^[\d\s+().-]+$/.test(trimmed) && /\d/.test(trimmed)) return this.mask('phone', value);
    return this.mask('address', value);
  }

  private addNameWord(word: string, partOfLongerName: boolean): void {
    if (!LETTER.test(word) || [...word].length < 2) return;
    if (partOfLongerName && NAME_PARTICLES.has(word)) return;
    if (this.names.has(word)) return;
    this.names.add(word);
    this.learned++;
  }

  /** The name words of a text masked. Its words (as NAME_TOKEN) are scanned by hand: this runs on every string. */
  private maskNames(text: string): string {
    let result = '';
    let done = 0;
    for (let i = 0; i < text.length; ) {
      if (!isNameChar(text, i)) {
        i++;
        continue;
      }
      const start = i;
      let joined = false;
      for (;;) {
        while (i < text.length && isNameChar(text, i)) i++;
        if (i + 1 < text.length && JOINERS.includes(text[i]) && isNameChar(text, i + 1)) {
          joined = true;
          i++;
        } else {
          break;
        }
      }
      const token = text.slice(start, i);
      const folded = foldWords(token);
      let masked: string | undefined;
      if (this.names.has(folded)) masked = this.mask('name', folded);
      else if (joined) {
        const parts = token.replace(NAME_PART, (part) => (this.names.has(foldWords(part)) ? this.mask('name', part) : part));
        if (parts !== token) masked = parts;
      }
      if (masked !== undefined) {
        result += text.slice(done, start) + masked;
        done = i;
      }
    }
    return done === 0 ? text : result + text.slice(done);
  }

  private phoneMask(run: string): string {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return run;
    if (this.phones.has(normalizePhone(run))) return this.mask('phone', run);
    if (/^\d+$/.test(run) || DATE_INSIDE.test(run) || DECIMAL.test(run)) return run;
    return this.mask('phone', run);
  }

  /** The known postal addresses inside a text, compared case-folded with blanks collapsed. */
  private maskAddresses(text: string): string {
    // Quickly (most texts hold none): does any word, or any two words in a row, start an address?
    let previous: string | undefined;
    const startsAnAddress = (word: string): boolean => {
      if (previous !== undefined && this.addressStarts.has(`${previous} ${word}`)) return true;
      if (this.singleWordAddresses && this.addressStarts.has(word)) return true;
      previous = this.addressFirstWords.has(word) ? word : undefined;
      return false;
    };
    return someWord(text.toLowerCase(), startsAnAddress) ? this.maskKnownAddresses(text) : text;
  }

  private maskKnownAddresses(text: string): string {
    // The text normalized as addresses are, with where each of its characters came from.
    let folded = '';
    const from: number[] = [];
    let index = 0;
    for (const char of text) {
      if (/\s/.test(char)) {
        if (folded !== '' && !folded.endsWith(' ')) {
          folded += ' ';
          from.push(index);
        }
      } else {
        const lower = char.toLowerCase();
        folded += lower;
        for (let i = 0; i < lower.length; i++) from.push(index);
      }
      index += char.length;
    }
    const spans: Array<[number, number, string]> = [];
    WORD.lastIndex = 0;
    for (let match = WORD.exec(folded); match; match = WORD.exec(folded)) {
      const start = match.index;
      const next = wordAfter(folded, start + match[0].length);
      const lengths = [
        ...(this.addressStarts.get(next === undefined ? match[0] : `${match[0]} ${next}`) ?? []),
        ...(next === undefined ? [] : (this.addressStarts.get(match[0]) ?? [])),
      ].sort((a, b) => b - a);
      const length = lengths.find((candidate) => {
        const end = start + candidate;
        return end <= folded.length && !WORD_CHAR.test(folded[end] ?? '') && this.addresses.has(folded.slice(start, end));
      });
      if (length === undefined) continue;
      const end = start + length;
      const originalEnd = end < folded.length ? from[end] : text.length;
      spans.push([from[start], originalEnd, folded.slice(start, end)]);
      WORD.lastIndex = end;
    }
    if (spans.length === 0) return text;
    let result = '';
    let at = 0;
    for (const [start, end, address] of spans) {
      result += `${text.slice(at, start)}${this.mask('address', address)}`;
      at = end;
    }
    return result + text.slice(at);
  }
}

function maskOf(kind: MaskKind, normalizedValue: string): string {
  return `[${kind} ${hash('sha256', `${kind}\u0000${normalizedValue}`, 'hex').slice(0, 8)}]`;
}

function normalized(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'email':
      return normalizeEmail(value);
    case 'phone':
      return normalizePhone(value) || value.replace(/\D/g, '');
    case 'address':
      return normalizePostalAddress(value);
    case 'name':
      return foldWords(value).trim().replace(/\s+/g, ' ');
  }
}

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_WORD = /[a-z0-9]+/g;

/** Whether `test` holds for some word ([\p{L}\p{N}]+) of a lower-case text, in order. */
function someWord(lower: string, test: (word: string) => boolean): boolean {
  if (!NON_ASCII.test(lower)) {
    ASCII_WORD.lastIndex = 0;
    for (let match = ASCII_WORD.exec(lower); match; match = ASCII_WORD.exec(lower)) if (test(match[0])) return true;
    return false;
  }
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    if (i < lower.length && isWordChar(lower, i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (test(lower.slice(start, i))) return true;
      start = -1;
    }
  }
  return false;
}

/** Whether the character at `i` is a letter or digit ([\p{L}\p{N}]), ASCII without a regular expression. */
function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code >= 0xd800 && code <= 0xdbff) return WORD_CHAR.test(text.slice(i, i + 2));
  if (code >= 0xdc00 && code <= 0xdfff) return WORD_CHAR.test(text.slice(i - 1, i + 1));
  return WORD_CHAR.test(text[i]);
}

/** Whether the character at `i` is a letter, mark or digit ([\p{L}\p{M}\p{N}]). */
function isNameChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code >= 0xd800 && code <= 0xdbff) return NAME_CHAR.test(text.slice(i, i + 2));
  if (code >= 0xdc00 && code <= 0xdfff) return NAME_CHAR.test(text.slice(i - 1, i + 1));
  return NAME_CHAR.test(text[i]);
}

/** The first word of an address, or its first two: how addresses are looked up inside a text. */
function startKey(address: string): string | undefined {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= address.length && words.length < 2; i++) {
    if (i < address.length && isWordChar(address, i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(address.slice(start, i));
      start = -1;
    }
  }
  return words.length === 0 ? undefined : words.join(' ');
}

/** The word that follows position `from`, or undefined. */
function wordAfter(text: string, from: number): string | undefined {
  const saved = WORD.lastIndex;
  WORD.lastIndex = from;
  const match = WORD.exec(text);
  WORD.lastIndex = saved;
  return match?.[0];
}

function isMask(text: string): boolean {
  return WHOLE_MASK.test(text);
}

/** Applies `change` to the parts of a text between masks, so a mask is never masked again. */
function outsideMasks(text: string, change: (part: string) => string): string {
  if (!text.includes('[')) return change(text);
  let result = '';
  let at = 0;
  for (const match of text.matchAll(MASK)) {
    result += change(text.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return result + change(text.slice(at));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
