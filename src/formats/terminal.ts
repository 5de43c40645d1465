// Text from the user's files reaches the terminal only as visible characters: a cell holding an
// escape sequence must not recolour, retitle or clear the terminal, hide the rest of a line, or
// break a finding over several lines. Control characters become escapes written out as text.

/**
 * C0 controls but tab, DEL, C1 controls, and the bidirectional controls that can make text read
 * in another order than it is stored ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}

/** The text with every control character written as a visible escape (`\x1B`, `\n`, `\u202E`). */
export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** The same, keeping the line breaks between lines (of a message and its details, say). */
export function sanitizeLinesForTerminal(text: string): string {
  return text.split('\n').map(sanitizeForTerminal).join('\n');
}

/**
 * A report's text for a terminal: every control character made visible but the line breaks (LF,
 * CRLF) and tabs that lay the text out.
 */
export function sanitizeTextForTerminal(text: string): string {
  return text.replace(UNSAFE, (char, offset: number) =>
    char === '\n' || (char === '\r' && text[offset + 1] === '\n') ? char : escape(char),
  );
}

/** Characters JSON may carry raw inside a string that a terminal or an editor could act on. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/**
 * JSON text with those characters as `\u` escapes: the same data, but inert wherever the text is
 * shown (JSON.stringify already escapes C0 controls). Valid for any JSON text, since such a
 * character can only stand inside a string.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_UNSAFE, (char) => `\\u${hex(char.charCodeAt(0), 4).toLowerCase()}`);
}
