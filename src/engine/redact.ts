// `--redact`: personal data out of every report. The engine redacts a finding the moment a rule
// makes it, before it is recorded, so that no format, nor the temporary files where a large run's
// findings spill, ever holds an email address, phone number, postal address or name from the inputs.
//
// A value is replaced by a mask that names its kind and a hash of the value normalized as identity
// compares it (docs/inputs.md): `[email 3f9a1c2b]`, `[phone 0c1d2e3f]`, `[address 9a8b7c6d]`,
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
//   redacted before the message is rendered from them. Placeholders that docs/inputs.md says are not names
//   ("Customer", "Unknown", a single letter) are not masked.
// - values under the keys email, phone, postal_address, address, first_name and last_name, whole,
//   whatever they look like.
// Campaign ids, rule ids, file paths, line numbers, dates and amounts are left as they are.

import type { People } from '../people/profiles.js';
import { normalizePhone } from '../people/normalize.js';
import { KnownAddresses, KnownNames } from './redact/known-values.js';
import { isMask, maskOf, normalized, outsideMasks, type MaskKind } from './redact/masks.js';

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

/** A date or an instant as evidence writes them: never personal data. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

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

export class Redactor {
  /** First and last names of the inputs. */
  private readonly names = new KnownNames();
  /** Phones of the inputs, normalized (the last 10 digits). */
  private readonly phones = new Set<string>();
  /** Postal addresses of the inputs. */
  private readonly addresses = new KnownAddresses();
  /** Masks of the name words, as they are needed. */
  private readonly nameMasks = new Map<string, string>();
  /** How many times something new has been learned: a text redacted earlier is redacted again once it grows. */
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
  /** What the name and address scans replace a match with: made once, as they run on every string. */
  private readonly maskName = (word: string): string => this.mask('name', word);
  private readonly maskAddress = (address: string): string => this.mask('address', address);

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
    if (this.names.add(name)) this.learned++;
  }

  addPhone(phone: string): void {
    const digits = normalizePhone(phone);
    if (digits && !this.phones.has(digits)) {
      this.phones.add(digits);
      this.learned++;
    }
  }

  addPostalAddress(address: string): void {
    if (this.addresses.add(address)) this.learned++;
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

  /** A rule's report with its data, evidence, suggestion's data and fix's value redacted. */
  reported<R extends { data?: unknown; evidence?: Record<string, unknown>; suggestion?: { data?: unknown }; fix?: object }>(
    report: R,
  ): R {
    return {
      ...report,
      data: this.value(report.data),
      evidence: report.evidence && this.value(report.evidence),
      suggestion: report.suggestion && { ...report.suggestion, data: this.value(report.suggestion.data) },
      fix: report.fix && this.value(report.fix),
    };
  }

  /** A row's address for its channel, masked as an email, a phone or a postal address. */
  address(address: string): string {
    return this.keyed('channel-address', address);
  }

  /** A finding's customer id: masked where it is an email, a phone, a name or an address. */
  customerId(id: string | null): string | null {
    return id === null ? null : this.text(id);
  }

  /** Strings redacted anywhere in a value: in arrays and plain objects too, keys unchanged. */
  value<T>(value: T, key?: string, copies = new Map<object, unknown>()): T {
    if (typeof value === 'string') {
      for (const [kind, cell] of this.rowCells)
        if (cell.length <= value.length && cell === value.trim()) return this.mask(kind, value) as T;
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
      result =
        this.names.size === 0
          ? this.contacts(text)
          : outsideMasks(this.contacts(text), (part) => this.names.maskIn(part, this.maskName));
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
    return this.phonesIn(
      this.addresses.mayBeIn(result) ? outsideMasks(result, (part) => this.addresses.maskIn(part, this.maskAddress)) : result,
    );
  }

  private emailsIn(text: string): string {
    return text.includes('@') ? outsideMasks(text, (part) => part.replace(EMAIL, (email) => this.mask('email', email))) : text;
  }

  private phonesIn(text: string): string {
    return MAYBE_PHONE.test(text)
      ? outsideMasks(text, (part) => part.replace(PHONE_CANDIDATE, (run) => this.phoneMask(run)))
      : text;
  }

  private keyed(kind: MaskKind | 'channel-address', value: string): string {
    const trimmed = value.trim();
    if (trimmed === '' || isMask(trimmed)) return value;
    if (kind !== 'channel-address') return this.mask(kind, value);
    if (trimmed.includes('@')) return this.mask('email', value);
    if (/^[\d\s+().-]+$/.test(trimmed) && /\d/.test(trimmed)) return this.mask('phone', value);
    return this.mask('address', value);
  }

  private phoneMask(run: string): string {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return run;
    if (this.phones.has(normalizePhone(run))) return this.mask('phone', run);
    if (/^\d+$/.test(run) || DATE_INSIDE.test(run) || DECIMAL.test(run)) return run;
    return this.mask('phone', run);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
