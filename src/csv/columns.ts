// The canonical columns of each kind of file (docs/inputs.md): what a header is matched to, what
// `columns:` and presets may map, and what coverage holds a rule's requirements against.

export const AUDIENCE_COLUMNS = [
  'customer_id',
  'email',
  'phone',
  'postal_address',
  'first_name',
  'last_name',
  'greeting',
  'subject',
  'body',
  'discount_pct',
  'discount_amount',
  'currency',
  'offer_category',
  'order_id',
  'group',
] as const;

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'person_id',
  'brand',
  'email',
  'phone',
  'first_name',
  'last_name',
  'postal_address',
  'postal_code',
  'birth_date',
  'children_birth_years',
  'life_stage',
  'loyalty_tier',
  'interests',
  'email_consent',
  'sms_consent',
  'phone_consent',
  'mail_consent',
  'push_consent',
  'unsubscribed_at',
  'do_not_contact',
  // An extension: the platform knows the email address does not receive mail (hard bounce, cleaned, held).
  'email_undeliverable',
] as const;

export const ORDER_COLUMNS = [
  'order_id',
  'customer_id',
  'ordered_at',
  'status',
  'delivered_at',
  'total',
  'category',
  'brand',
] as const;

export const CONTACT_COLUMNS = ['customer_id', 'channel', 'sent_at', 'campaign_id', 'brand'] as const;

/** A suppression list: who must not be contacted, by id or address (docs/inputs.md). */
export const SUPPRESSION_COLUMNS = ['customer_id', 'email', 'phone', 'postal_address'] as const;

/** By the kind of file, as presets and coverage name them. */
export const COLUMNS_OF_KIND = {
  audience: AUDIENCE_COLUMNS,
  customers: CUSTOMER_COLUMNS,
  orders: ORDER_COLUMNS,
  contacts: CONTACT_COLUMNS,
} as const;

/** A header name as headers are matched (and a cell as `values:` keys are): trimmed, in lower case. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}
