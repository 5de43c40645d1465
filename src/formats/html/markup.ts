// Writing text into the HTML page: escaped, with code spans, and numbers as the page shows them.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in a quoted attribute. */
export function esc(text: string): string {
  return String(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Escaped text with its `backticked` parts as <code>; an unpaired backtick stays as it is. */
export function withCode(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts.at(-2)}\`${parts.at(-1)}`);
  return parts.map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

/**
 * A rule's id, linked to its documentation page when it declares one on the web (a plugin's URL
 * with another scheme, `javascript:` say, is not linked).
 */
export function ruleName(id: string, docsUrl: string | undefined, className: string): string {
  if (docsUrl === undefined || !/^https?:\/\//i.test(docsUrl)) return `<span class="${className}">${esc(id)}</span>`;
  return `<a class="${className}" href="${esc(docsUrl)}" title="What ${esc(id)} checks, and how to fix it">${esc(id)}</a>`;
}

export function num(value: number): string {
  return value.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  const value = (part / whole) * 100;
  if (part > 0 && value < 1) return 'under 1%';
  return `${Math.round(value)}%`;
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
