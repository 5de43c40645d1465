// Orders that are the same on every machine: reports are compared byte for byte across runs.

/** Code-unit order, unlike localeCompare, which depends on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
