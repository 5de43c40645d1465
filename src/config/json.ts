// A `.json` config file is JSON (RFC 8259), no more: this checks its syntax and names the line and
// column of the first thing that is not JSON. JSON is YAML 1.2, so a file that passes is then read
// by parseYaml, which gives the locations of every later error; but YAML alone would accept a
// trailing comma, comments or single quotes, and would describe a JSON mistake in YAML's terms.

import { InputError, quoteText } from '../errors.js';

/** As deep as lists and mappings may nest; a config needs four or five levels. */
const MAX_DEPTH = 1000;

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[^\s,:[\]{}"]{1,40}|"(?:[^"\\\n]|\\.){0,40}"?/y;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Throws an InputError `invalid JSON: …` at `file:line:column` when `text` is not one JSON value;
 * a key repeated in one object is an error too, as in YAML. A byte order mark may lead; a file of
 * nothing but whitespace passes (an empty config, as an empty YAML file is).
 */
export function checkJsonSyntax(text: string, file: string): void {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const parser = new Parser(text, start);
  try {
    parser.skipWhitespace();
    if (parser.at === text.length) return;
    parser.value(0);
    parser.skipWhitespace();
    if (parser.at < text.length) throw new JsonSyntaxError(`${parser.found()} after the end of the JSON value`, parser.at);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new InputError(`invalid JSON: ${error.message}`, { file, ...lineAndColumn(text, error.offset) });
  }
}

/** Line and column (1-based, in UTF-16 code units, as yaml counts them) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class Parser {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  skipWhitespace(): void {
    while (this.at < this.text.length && WHITESPACE.has(this.text[this.at])) this.at++;
  }

  /** What stands at the current place, for a message: a word, a character, or the end. */
  found(): string {
    if (this.at >= this.text.length) return 'the end of the file';
    WORD.lastIndex = this.at;
    const word = WORD.exec(this.text)?.[0] ?? String.fromCodePoint(this.text.codePointAt(this.at)!);
    return quoteText(word);
  }

  private expected(what: string): never {
    throw new JsonSyntaxError(`expected ${what}, found ${this.found()}`, this.at);
  }

  value(depth: number): void {
    const char = this.text[this.at];
    if (char === '{' || char === '[') {
      if (depth >= MAX_DEPTH) throw new JsonSyntaxError('lists or mappings nested too deeply', this.at);
      if (char === '{') this.object(depth + 1);
      else this.array(depth + 1);
    } else if (char === '"') {
      this.string();
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = this.at;
      const number = NUMBER.exec(this.text);
      if (!number) this.expected('a number');
      this.at += number[0].length;
    } else {
      for (const literal of ['true', 'false', 'null']) {
        if (this.text.startsWith(literal, this.at)) {
          this.at += literal.length;
          return;
        }
      }
      this.expected('a value (a string in double quotes, a number, true, false, null, [ or {)');
    }
  }

  private object(depth: number): void {
    const keys = new Map<string, number>();
    this.items('}', 'a property value', () => {
      if (this.text[this.at] !== '"') this.expected('a property name in double quotes');
      const keyAt = this.at;
      this.string();
      const key = JSON.parse(this.text.slice(keyAt, this.at)) as string;
      const first = keys.get(key);
      if (first !== undefined) {
        throw new JsonSyntaxError(
          `duplicate key ${quoteText(key)} (first on line ${lineAndColumn(this.text, first).line})`,
          keyAt,
        );
      }
      keys.set(key, keyAt);
      this.skipWhitespace();
      if (this.text[this.at] !== ':') this.expected('":" after the property name');
      this.at++;
      this.skipWhitespace();
      this.value(depth);
    });
  }

  private array(depth: number): void {
    this.items(']', 'a list item', () => this.value(depth));
  }

  /** A mapping's or a list's items, from its opening bracket past its closing one, with commas between them. */
  private items(close: '}' | ']', itemName: string, readItem: () => void): void {
    this.at++; // { or [
    this.skipWhitespace();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    for (;;) {
      readItem();
      this.skipWhitespace();
      const next = this.text[this.at];
      if (next === close) {
        this.at++;
        return;
      }
      if (next !== ',') this.expected(`"," or "${close}" after ${itemName}`);
      this.at++;
      this.skipWhitespace();
    }
  }

  private string(): void {
    const start = this.at;
    this.at++; // "
    for (;;) {
      if (this.at >= this.text.length) throw new JsonSyntaxError('a string that is never closed (a " is missing)', start);
      const code = this.text.charCodeAt(this.at);
      if (code === 0x22) {
        this.at++;
        return;
      }
      if (code < 0x20) {
        const what = code === 0x0a || code === 0x0d ? 'a line break' : code === 0x09 ? 'a tab' : 'a control character';
        throw new JsonSyntaxError(`${what} inside a string must be written as an escape such as \\n or \\t`, this.at);
      }
      if (code === 0x5c) {
        const escape = this.text[this.at + 1];
        if (escape === 'u' ? !/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6)) : !ESCAPES.has(escape)) {
          throw new JsonSyntaxError(
            'an invalid escape in a string (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)',
            this.at,
          );
        }
        this.at += escape === 'u' ? 6 : 2;
        continue;
      }
      this.at++;
    }
  }
}
