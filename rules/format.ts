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

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
