// The building blocks of the config and campaign schemas (schema.ts): how YAML's loose scalars
// read as text, how an empty key reads as absent, mappings whose unknown keys are errors with a
// suggestion, and the value as a message names it.

import { z } from 'zod';
import { closest, quoteText } from '../errors.js';

/** A value as the user would recognise it in a message. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return quoteText(value);
  return String(value);
}

/** `key: ` with nothing after it means the key is not set, the way a commented-out block reads. */
export const nullAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? undefined, schema);
export const optional = <T extends z.ZodType>(schema: T) => nullAsAbsent(schema.optional());

/** YAML reads `2026` or `true` as a number or boolean; where text is expected they mean their text. */
export const scalarAsText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
export const text = z.preprocess(scalarAsText, z.string());
export const nonEmptyText = z.preprocess(scalarAsText, z.string().min(1));
export const textList = z.array(nonEmptyText);

/**
 * A mapping whose unknown keys are errors. Zod's issue keeps no link to the schema, so the
 * suggestions travel in its message: one line per key in `keys`, the closest known key or empty
 * (read by `problemsOf`). `expected` describes the mapping when the value is not one.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T, expected?: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => closest(key, known) ?? '').join('\n');
      if (issue.code === 'invalid_type' && expected) return `expected ${expected}, got ${describe(issue.input)}`;
      return undefined;
    },
  });
}

export function isUnique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
