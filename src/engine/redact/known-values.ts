// The names and postal addresses the redactor has learned from the inputs, and how they are found
// inside a text. Every string of every finding passes here, so texts are scanned by hand, a
// character at a time, rather than with a regular expression per name or address.

import { foldWords, knownName, normalizePostalAddress } from '../../people/normalize.js';

/** A word of a text as names are matched: letters and digits, joined by apostrophes or hyphens. */
const NAME_TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const NAME_PART = /[\p{L}\p{M}\p{N}]+/gu;
const NAME_CHAR = /[\p{L}\p{M}\p{N}]/u;
const JOINERS = "'’-";
const LETTER = /\p{L}/u;

/** Particles of multi-word names, not masked on their own ("van" of "Anna van Dijk"). */
const NAME_PARTICLES = new Set([
  'al',
  'bin',
  'da',
  'das',
  'de',
  'del',
  'della',
  'den',
  'der',
  'des',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'ibn',
  'la',
  'le',
  'st',
  'ter',
  'van',
  'von',
  'y',
  'zu',
]);

/** First and last names, as whole words, case and accents ignored. */
export class KnownNames {
  /** Name words, folded (lower case, accents dropped). */
  private readonly words = new Set<string>();
  /** First and last names as written that have been read: far fewer than customers. */
  private readonly read = new Set<string>();

  get size(): number {
    return this.words.size;
  }

  /** Whether a folded word is a name word. */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Learns a first or last name as written (a placeholder such as "Customer" is not a name); whether a word was new. */
  add(name: string): boolean {
    // Names repeat (every Emma): each spelling is read once.
    if (name === '' || this.read.has(name)) return false;
    this.read.add(name);
    const known = knownName(name);
    if (known === undefined) return false;
    const tokens = foldWords(known).match(NAME_TOKEN) ?? [];
    let added = false;
    for (const token of tokens) {
      added = this.addWord(token, tokens.length > 1) || added;
      const parts = token.match(NAME_PART) ?? [];
      if (parts.length > 1) for (const part of parts) added = this.addWord(part, true) || added;
    }
    return added;
  }

  /** The name words of a text, each given to `mask`. Its words (as NAME_TOKEN) are scanned by hand. */
  maskIn(text: string, mask: (word: string) => string): string {
    let result = '';
    let done = 0;
    for (let i = 0; i < text.length;) {
      if (!isCharOf(text, i, NAME_CHAR)) {
        i++;
        continue;
      }
      const start = i;
      let joined = false;
      for (;;) {
        while (i < text.length && isCharOf(text, i, NAME_CHAR)) i++;
        if (i + 1 < text.length && JOINERS.includes(text[i]) && isCharOf(text, i + 1, NAME_CHAR)) {
          joined = true;
          i++;
        } else {
          break;
        }
      }
      const token = text.slice(start, i);
      const folded = foldWords(token);
      let masked: string | undefined;
      if (this.words.has(folded)) masked = mask(folded);
      else if (joined) {
        const parts = token.replace(NAME_PART, (part) => (this.words.has(foldWords(part)) ? mask(part) : part));
        if (parts !== token) masked = parts;
      }
      if (masked !== undefined) {
        result += text.slice(done, start) + masked;
        done = i;
      }
    }
    return done === 0 ? text : result + text.slice(done);
  }

  private addWord(word: string, partOfLongerName: boolean): boolean {
    if (!LETTER.test(word) || [...word].length < 2) return false;
    if (partOfLongerName && NAME_PARTICLES.has(word)) return false;
    if (this.words.has(word)) return false;
    this.words.add(word);
    return true;
  }
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Addresses shorter than this are placeholders ("-", "n/a"), not addresses. */
const MIN_ADDRESS_LENGTH = 4;

/** Postal addresses, compared case-folded with blanks collapsed, as a whole value or inside a longer text. */
export class KnownAddresses {
  /** The addresses, normalized. */
  private readonly addresses = new Set<string>();
  /** For finding addresses inside a text: the first two words of each address → its lengths. */
  private readonly starts = new Map<string, number[]>();
  /** The length of the shortest address: a shorter text holds none. */
  private shortest = Infinity;
  /** Whether some address is a single word. */
  private singleWordAddresses = false;
  /** The first word of each address of two words or more. */
  private readonly firstWords = new Set<string>();

  /** Learns a postal address as written; whether it was new. */
  add(address: string): boolean {
    const value = normalizePostalAddress(address);
    if (value.length < MIN_ADDRESS_LENGTH || this.addresses.has(value)) return false;
    this.addresses.add(value);
    const key = startKey(value);
    if (key === undefined) return true;
    this.shortest = Math.min(this.shortest, value.length);
    if (key.includes(' ')) this.firstWords.add(key.slice(0, key.indexOf(' ')));
    else this.singleWordAddresses = true;
    const lengths = this.starts.get(key);
    if (!lengths) this.starts.set(key, [value.length]);
    else if (!lengths.includes(value.length)) lengths.push(value.length);
    return true;
  }

  /** Whether a text is long enough to hold one of the addresses, if any is known. */
  mayBeIn(text: string): boolean {
    return this.starts.size > 0 && text.length >= this.shortest;
  }

  /** The addresses inside a text, each given to `mask` as normalized. */
  maskIn(text: string, mask: (address: string) => string): string {
    // Quickly (most texts hold none): does any word, or any two words in a row, start an address?
    let previous: string | undefined;
    const startsAnAddress = (word: string): boolean => {
      if (previous !== undefined && this.starts.has(`${previous} ${word}`)) return true;
      if (this.singleWordAddresses && this.starts.has(word)) return true;
      previous = this.firstWords.has(word) ? word : undefined;
      return false;
    };
    return someWord(text.toLowerCase(), startsAnAddress) ? this.maskFound(text, mask) : text;
  }

  private maskFound(text: string, mask: (address: string) => string): string {
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
        ...(this.starts.get(next === undefined ? match[0] : `${match[0]} ${next}`) ?? []),
        ...(next === undefined ? [] : (this.starts.get(match[0]) ?? [])),
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
      result += `${text.slice(at, start)}${mask(address)}`;
      at = end;
    }
    return result + text.slice(at);
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
    if (i < lower.length && isCharOf(lower, i, WORD_CHAR)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (test(lower.slice(start, i))) return true;
      start = -1;
    }
  }
  return false;
}

/**
 * Whether the character at `i` is in `letters`, a class of one character made of letters, marks or
 * digits (WORD_CHAR, NAME_CHAR): ASCII without a regular expression, a surrogate pair as one character.
 */
function isCharOf(text: string, i: number, letters: RegExp): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code >= 0xd800 && code <= 0xdbff) return letters.test(text.slice(i, i + 2));
  if (code >= 0xdc00 && code <= 0xdfff) return letters.test(text.slice(i - 1, i + 1));
  return letters.test(text[i]);
}

/** The first word of an address, or its first two: how addresses are looked up inside a text. */
function startKey(address: string): string | undefined {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= address.length && words.length < 2; i++) {
    if (i < address.length && isCharOf(address, i, WORD_CHAR)) {
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
