// The people of the history held in memory, as CsvProfileBuilder builds them: the customer records
// by id and by address, the persons, the orders and the suppression lists, and the lookups the
// rules make through `People`.

import type { Channel } from '../types.js';
import { normalizeEmail, normalizePhone, normalizePostalAddress } from './normalize.js';
import type { CustomerRecord, OrderFacts, People, Person, PersonalValueKind } from './profiles.js';

/** One shared empty list: most persons have no children, interests or contacts on record. */
export const NONE: readonly never[] = Object.freeze([]);

/** One record, or several when records share an address (arrays only then, to stay small). */
export type RecordsAt = CustomerRecord | CustomerRecord[];

type AddressKind = 'email' | 'phone' | 'postal';

export class InMemoryPeople implements People {
  /** The records with a customer_id, by it. */
  readonly customers = new Map<string, CustomerRecord>();
  /** The records without one (docs/inputs.md): in no map by id, so no id finds them. */
  readonly withoutId: CustomerRecord[] = [];
  readonly persons: Person[] = [];
  /** The records by each of their addresses, normalized. */
  readonly byAddress: Record<AddressKind, Map<string, RecordsAt>> = { email: new Map(), phone: new Map(), postal: new Map() };
  readonly orders = new Map<string, OrderFacts>();
  readonly sources: NonNullable<People['sources']> = {};

  get personCount(): number {
    return this.persons.length;
  }
  get customerCount(): number {
    return this.customers.size + this.withoutId.length;
  }
  /** Records whose customer_id is an email, by the email normalized: ids that are emails compare as emails (docs/inputs.md). */
  readonly byEmailId = new Map<string, CustomerRecord>();

  /**
   * The record of a customer_id. An id that is an email compares as an email: with the ids that
   * are emails, else with the records' email addresses (exports whose orders carry only the buyer's
   * email, such as Shopify's).
   */
  customer(customerId: string): CustomerRecord | undefined {
    const record = this.customers.get(customerId);
    if (record || !customerId.includes('@')) return record;
    return this.byEmailId.get(normalizeEmail(customerId)) ?? this.customersByAddress('email', customerId)[0];
  }
  /** Suppressed ids and addresses (normalized), each with its suppression list. */
  readonly suppressed: Record<'ids' | AddressKind, Map<string, string>> = {
    ids: new Map(),
    email: new Map(),
    phone: new Map(),
    postal: new Map(),
  };

  suppressedAddress(channel: Channel, address: string): string | undefined {
    const at = addressKey(channel, address);
    return at && this.suppressed[at.kind].get(at.key);
  }

  customersByAddress(channel: Channel, address: string): readonly CustomerRecord[] {
    const at = addressKey(channel, address);
    const found = at && this.byAddress[at.kind].get(at.key);
    return found === undefined ? NONE : Array.isArray(found) ? found : [found];
  }
  order(orderId: string): OrderFacts | undefined {
    return this.orders.get(orderId);
  }
  forEachPersonalValue(visit: (kind: PersonalValueKind, value: string) => void): void {
    for (const person of this.persons) {
      for (const name of person.firstNames) visit('name', name);
      for (const name of person.lastNames) visit('name', name);
    }
    const visitRecord = (record: CustomerRecord): void => {
      if (record.phone) visit('phone', record.phone);
      if (record.postalAddress) visit('postal_address', record.postalAddress);
    };
    this.customers.forEach(visitRecord);
    this.withoutId.forEach(visitRecord);
  }
}

/** The address a channel reaches, normalized as identity compares it (docs/inputs.md); none for push, nor for a phone without digits. */
function addressKey(channel: Channel, address: string): { kind: AddressKind; key: string } | undefined {
  switch (channel) {
    case 'email':
      return { kind: 'email', key: normalizeEmail(address) };
    case 'sms':
    case 'phone': {
      const phone = normalizePhone(address);
      return phone ? { kind: 'phone', key: phone } : undefined;
    }
    case 'direct_mail':
      return { kind: 'postal', key: normalizePostalAddress(address) };
    case 'push':
      return undefined;
  }
}
