// Klaviyo profile exports (Audience → Lists & segments → a list or segment → Export to CSV), as
// data. Consent is a vocabulary (`SUBSCRIBED`, `UNSUBSCRIBED`, `NEVER_SUBSCRIBED`); suppressions
// (hard bounces, spam complaints) are a list in one cell, which a table cannot read. That and the
// rest of what a table cannot say is listed under "Needs" in fixtures/platforms/klaviyo/README.md.

import type { Preset } from '../preset.js';

const SOURCE =
  'Klaviyo list/segment CSV export, profile columns as listed (SMS columns left out) in ' +
  'github.com/pkom79/email-metrics src/utils/dataTypes.ts (RawSubscriberCSV, "matches Klaviyo export exactly"); ' +
  'consent statuses: developers.klaviyo.com/en/docs/collect_email_and_sms_consent_via_api ' +
  '(SUBSCRIBED, NEVER SUBSCRIBED, UNSUBSCRIBED), exported spelling NEVER_SUBSCRIBED as read by public code';

/** Email Marketing Consent -> a boolean; never subscribed is no consent. */
const EMAIL_CONSENT: Record<string, string> = {
  subscribed: 'true',
  unsubscribed: 'false',
  never_subscribed: 'false',
  'never subscribed': 'false',
};

const PROFILE = {
  customer_id: 'Klaviyo ID',
  email: 'Email',
  first_name: 'First Name',
  last_name: 'Last Name',
  phone: 'Phone Number',
};

export default [
  {
    // Every profile: a segment such as "Email is set" exported, or any list or segment export.
    name: 'klaviyo-profiles',
    platform: 'Klaviyo',
    file: 'customers',
    detect: ['Klaviyo ID', 'Email Marketing Consent', 'Profile Created On'],
    columns: {
      ...PROFILE,
      postal_code: 'Zip Code',
      email_consent: 'Email Marketing Consent',
    },
    values: { email_consent: EMAIL_CONSENT },
    derive: {
      // `Email Suppressions` lists in one cell why Klaviyo will not e-mail a profile, as [HARD_BOUNCE]:
      // a bounce or an invalid address is an undeliverable address; any other reason, do not contact.
      email_undeliverable: {
        cases: [{ column: 'Email Suppressions', contains: ['HARD_BOUNCE', 'INVALID_EMAIL'], value: 'true' }],
      },
      do_not_contact: {
        cases: [{ column: 'Email Suppressions', contains: ['SPAM_COMPLAINT', 'UNSUBSCRIBE', 'USER_SUPPRESSED'], value: 'true' }],
      },
    },
    source: SOURCE,
  },
  {
    name: 'klaviyo-audience',
    platform: 'Klaviyo',
    file: 'audience',
    detect: ['Klaviyo ID', 'Email Marketing Consent', 'Profile Created On'],
    columns: PROFILE,
    source: SOURCE,
  },
] satisfies Preset[];
