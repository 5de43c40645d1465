// Normalisations of docs/inputs.md and docs/rules.md: how identity keys and addresses are compared.

/** Trimmed, lower case; empty when there is nothing. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits only, the last 10; empty when fewer than 7 digits. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-10) : '';
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Unicode NFD with accents dropped, case folded, all white space removed. */
export function foldText(text: string): string {
  return foldWords(text).replace(/\s+/g, '');
}

/** Accents dropped and case folded, white space kept: for whole-word comparisons. */
export function foldWords(text: string): string {
  // Plain ASCII has no accents to drop: skip the costly normalisation.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * First name + last name + postal code, all three non-empty; else empty. A placeholder name
 * ("Customer", "Unknown", a single letter: see knownName) never forms the key (docs/inputs.md): two
 * "Postal Customer" households in one postal code are two persons.
 */
export function nameAndPostalKey(firstName: string, lastName: string, postalCode: string): string {
  // Joined, not concatenated: a concatenation is a tree of its parts until read whole, and a map
  // holding a million such keys while the customers are read takes twice the memory.
  return nameAndPostalParts(firstName, lastName, postalCode)?.join('\u0000') ?? '';
}

/** The three folded parts of nameAndPostalKey, none empty and none with white space; undefined when there is no key. */
export function nameAndPostalParts(
  firstName: string,
  lastName: string,
  postalCode: string,
): [string, string, string] | undefined {
  const known = { first: knownName(firstName), last: knownName(lastName) };
  if (known.first === undefined || known.last === undefined) return undefined;
  const first = foldText(known.first);
  const last = foldText(known.last);
  const postal = foldText(postalCode);
  return first && last && postal ? [first, last, postal] : undefined;
}

/**
 * Whether a customer_id cell of an export is no id (docs/inputs.md): empty, `0` or `guest` (any case,
 * blanks around it ignored), as shops write for guest checkouts.
 */
export function isNoCustomerId(id: string): boolean {
  const trimmed = id.trim();
  return trimmed === '' || trimmed === '0' || trimmed.toLowerCase() === 'guest';
}

/** A blank other than a space, or two blanks in a row: what collapsing blanks would change. */
const BLANKS_TO_COLLAPSE = /[^\S ]|\s\s/;

/** Case folded with runs of blanks collapsed. */
export function normalizePostalAddress(address: string): string {
  const folded = address.trim().toLowerCase();
  // The regular expression's result is a chain of a dozen pieces, some 200 bytes more than the flat
  // string: skipped where it would change nothing, as in nearly every address (kept as a lookup key).
  return BLANKS_TO_COLLAPSE.test(folded) ? folded.replace(/\s+/g, ' ') : folded;
}

/** Names that stand for no name, in lower case without a final full stop. */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set([
  'customer',
  'valued customer',
  'dear customer',
  'postal customer',
  'unknown',
  'n/a',
  'na',
  'none',
  'null',
  'undefined',
  'test',
  'tester',
  'name',
  'first name',
  'last name',
  'firstname',
  'lastname',
  'friend',
  'resident',
  'current resident',
  'occupant',
  'user',
  'client',
  'guest',
  'member',
  'xxx',
  '-',
]);

/** A real name, or undefined for an empty value or a placeholder such as "Customer" or "J". */
export function knownName(name: string): string | undefined {
  const trimmed = name.trim();
  // A single letter, or an initial such as "J.", is not a name.
  const letters = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (letters.length <= 2 && [...letters].length <= 1) return undefined;
  if (PLACEHOLDER_NAMES.has(trimmed.toLowerCase().replace(/\.$/, ''))) return undefined;
  return trimmed;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `needle` occurs in `haystack` as a whole word, case and accents ignored. */
export function containsWord(haystack: string, needle: string): boolean {
  return containsFoldedWord(foldWords(haystack), foldWords(needle).trim());
}

/** containsWord for text and word already passed through foldWords. */
export function containsFoldedWord(text: string, word: string): boolean {
  if (!word) return false;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + word.length] ?? '';
    if (!(before && WORD_CHAR.test(before)) && !(after && WORD_CHAR.test(after))) return true;
  }
  return false;
}
