// Small helpers rules share for wording messages.

import type { Person } from '../src/people/profiles.js';
import type { OfferValue, RowRef } from '../src/engine/row.js';

/** "25%" or "10 USD". */
export function formatOffer(offer: OfferValue): string {
  if (offer.kind === 'discount_pct') return `${offer.value}%`;
  const currency = offer.kind.slice('discount_amount:'.length);
  return currency ? `${offer.value} ${currency}` : `${offer.value}`;
}

/** How a message names a recipient: the known first name, else the customer id, else the line. */
export function recipientName(person: Person | undefined, row: RowRef): string {
  return person?.firstNames[0] ?? row.customerId ?? `the recipient on line ${row.line}`;
}

export const DAY_MS = 86_400_000;

/** "2026-11-10" at midnight UTC, else "2026-11-10 14:30 UTC": how messages write an instant. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (ms % DAY_MS === 0) return iso.slice(0, 10);
  const seconds = iso.slice(17, 19) === '00' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/** "1 send", "3 sends". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
