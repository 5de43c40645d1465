// Small helpers rules share for wording messages.

import type { Person } from '../src/people/profiles.js';
import type { OfferValue, RowRef } from '../src/engine/row.js';
import type { Fix } from '../src/types.js';

/** "25%" or "10 USD". */
export function formatOffer(offer: OfferValue): string {
  if (offer.kind === 'discount_pct') return `${offer.value}%`;
  const currency = offer.kind.slice('discount_amount:'.length);
  return currency ? `${offer.value} ${currency}` : `${offer.value}`;
}

/** The fix that gives a row the offer `value` of `kind` in its own cell: `discount_pct`, else `discount_amount`. */
export function setOffer(kind: string, value: number): Extract<Fix, { action: 'set' }> {
  return { action: 'set', column: kind === 'discount_pct' ? 'discount_pct' : 'discount_amount', value: String(value) };
}

/** How a message names a recipient: the known first name, else the customer id, else the line. */
export function recipientName(person: Person | undefined, row: RowRef): string {
  return person?.firstNames[0] ?? row.customerId ?? `the recipient on line ${row.line}`;
}

import { DAY_MS } from '../src/time.js';

/** "2026-11-10" at midnight UTC, else "2026-11-10 14:30 UTC": how messages write an instant. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (ms % DAY_MS === 0) return iso.slice(0, 10);
  const seconds = iso.slice(17, 19) === '00' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/**
 * The most items a list in a finding's message or evidence names. One person on many rows (or with
 * many records) would otherwise have every finding name every row, and the report would grow with
 * the square of the input; past this many, the first items are named and the rest counted.
 */
export const LIST_LIMIT = 10;

/** " and 990 more" when `total` is more than the `shown` items, else "". */
function andMore(shown: number, total: number): string {
  return total > shown ? ` and ${total - shown} more` : '';
}

/**
 * "a", "a and b", "a, b and c"; past LIST_LIMIT words, "a, b, …, j and 990 more". `total` is how
 * many words there are when the caller wrote out only the first ones.
 */
export function listWords(words: readonly string[], total = words.length): string {
  const shown = words.slice(0, LIST_LIMIT);
  if (total > shown.length) return `${shown.join(', ')}${andMore(shown.length, total)}`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** "a, b, c"; past LIST_LIMIT texts, "a, b, …, j and 990 more" (`total` as in listWords). */
export function joinFirst(texts: readonly string[], total = texts.length): string {
  const shown = texts.slice(0, LIST_LIMIT);
  return `${shown.join(', ')}${andMore(shown.length, total)}`;
}

/** An evidence list capped at LIST_LIMIT items with its full count beside it. */
export type CappedList<Name extends string, Item> = { [K in Name]: Item[] } & { [K in `${Name}Total`]: number };

/**
 * `{ [name]: the first LIST_LIMIT items, described, [name + "Total"]: how many there are }`, to
 * spread into a finding's evidence; only the items kept are described.
 */
export function cappedList<Name extends string, Item, Described = Item>(
  name: Name,
  items: readonly Item[],
  describe: (item: Item) => Described = (item) => item as unknown as Described,
): CappedList<Name, Described> {
  return { [name]: items.slice(0, LIST_LIMIT).map(describe), [`${name}Total`]: items.length } as CappedList<Name, Described>;
}
