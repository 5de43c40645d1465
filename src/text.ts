// Text helpers every layer shares: counted nouns, and an order of strings that is the same on every
// machine (reports are compared byte for byte across runs).

/** Code-unit order, unlike localeCompare, which depends on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "1 row", "1,204 rows"; `many` for nouns that do not take an s ("1 person", "3 people"). */
export function plural(count: number | bigint, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 || count === 1n ? one : many}`;
}
