// Checks on a state read back from the history cache (history-cache.ts) before anything uses it: a
// cache file is input like any other, so a damaged or foreign one must fail here, as corrupt, and
// not later as a wrong index, an endless lookup or a crash.

/** A state that does not hold together; the cache is rebuilt. */
export class CorruptState extends Error {}

type TypedArrayType = Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;

export function checkTyped<T extends TypedArrayType>(value: unknown, type: T, name: string, length?: number): InstanceType<T> {
  if (!(value instanceof type)) throw new CorruptState(`${name}: not a ${type.name}`);
  if (length !== undefined && value.length !== length) throw new CorruptState(`${name}: ${value.length} entries, not ${length}`);
  return value as InstanceType<T>;
}

export function checkStrings(value: unknown, name: string, length?: number): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new CorruptState(`${name}: not a list of strings`);
  if (length !== undefined && value.length !== length) throw new CorruptState(`${name}: ${value.length} entries, not ${length}`);
  return value as string[];
}

/** Every id of the column is −1 (none) or an index below `limit`. */
export function checkIds(column: Int32Array, limit: number, name: string): void {
  for (let at = 0; at < column.length; at++) {
    if (column[at] < -1 || column[at] >= limit) throw new CorruptState(`${name}: id ${column[at]} out of range`);
  }
}

export function checkCount(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new CorruptState(`${name}: not a count`);
  return value as number;
}

/** Offsets of groups into a list of `total` items: starting at 0, never decreasing, ending at `total`. */
export function checkStarts(starts: Int32Array, groups: number, total: number, name: string): void {
  checkTyped(starts, Int32Array, name, groups + 1);
  if (starts[0] !== 0 || starts[groups] !== total) throw new CorruptState(`${name}: does not span ${total} items`);
  for (let at = 0; at < groups; at++) if (starts[at + 1] < starts[at]) throw new CorruptState(`${name}: decreasing`);
}
