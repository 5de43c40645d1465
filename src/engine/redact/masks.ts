// The masks the redactor writes: `[email 3f9a1c2b]`, a kind and a hash of the value normalized as
// identity compares it (docs/inputs.md), and the rule that text inside a mask is never redacted again.

import { hash } from 'node:crypto';
import { foldWords, normalizeEmail, normalizePhone, normalizePostalAddress } from '../../people/normalize.js';

export type MaskKind = 'email' | 'phone' | 'address' | 'name';

/** A mask as the redactor writes it; text inside one is never redacted again. */
const MASK = /\[(?:email|phone|address|name) [0-9a-f]{8}\]/g;
const WHOLE_MASK = /^\[(?:email|phone|address|name) [0-9a-f]{8}\]$/;

/** The mask of a value already normalized: stable across runs, distinct per value. */
export function maskOf(kind: MaskKind, normalizedValue: string): string {
  return `[${kind} ${hash('sha256', `${kind}\u0000${normalizedValue}`, 'hex').slice(0, 8)}]`;
}

/** A value as its kind is compared: two spellings of one address get one mask. */
export function normalized(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'email':
      return normalizeEmail(value);
    case 'phone':
      return normalizePhone(value) || value.replace(/\D/g, '');
    case 'address':
      return normalizePostalAddress(value);
    case 'name':
      return foldWords(value).trim().replace(/\s+/g, ' ');
  }
}

export function isMask(text: string): boolean {
  return WHOLE_MASK.test(text);
}

/** Applies `change` to the parts of a text between masks, so a mask is never masked again. */
export function outsideMasks(text: string, change: (part: string) => string): string {
  if (!text.includes('[')) return change(text);
  let result = '';
  let at = 0;
  for (const match of text.matchAll(MASK)) {
    result += change(text.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return result + change(text.slice(at));
}
