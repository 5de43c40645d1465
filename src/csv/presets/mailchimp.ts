// Mailchimp audience exports, as data. Audience → All contacts → Export Audience gives a zip with
// one CSV per status: subscribed, unsubscribed, cleaned (and, in recent exports, non-subscribed).
// The status is the file, not a column, so the subscribed file says nothing about consent and the
// other two say it only through their time columns. What a table cannot say (a constant per file,
// a bounced address as an invalid address, the year-less `Birthday`) is listed under "Needs" in
// fixtures/platforms/mailchimp/README.md.
//
// Order matters: detection takes the first preset of a kind whose headers a file has. Current
// unsubscribed and cleaned files have no LAST_CHANGED, but older ones may; keep them first.

import type { Preset } from '../preset.js';

const SOURCE =
  'Mailchimp audience export (subscribed 21, unsubscribed 25, cleaned 23 columns): header lists in ' +
  'github.com/ericHakanson/regattaData tests/integration/test_mailchimp_import.py, matching the column counts of real ' +
  'subscribed/unsubscribed/cleaned_email_audience_export_*.csv files recorded in docs/requirements/mailchimp-audience-contact-ingestion-requirements.md; ' +
  'statuses: mailchimp.com/help/about-cleaned-contacts and kb.mailchimp.com/lists/managing-subscribers/view-unsubscribed-and-cleaned-addresses';

/** The default merge fields and the member id, common to every file of the export. */
const MEMBER = {
  // LEID: the member's id in this audience (stable while the member exists).
  customer_id: 'LEID',
  email: 'Email Address',
  first_name: 'First Name',
  last_name: 'Last Name',
  phone: 'Phone Number',
  // The ADDRESS merge field, one cell: "1420 NW Lovejoy St  Portland  OR  97209  US".
  postal_address: 'Address',
};

export default [
  {
    name: 'mailchimp-unsubscribed',
    platform: 'Mailchimp',
    file: 'customers',
    detect: ['MEMBER_RATING', 'LEID', 'UNSUB_TIME', 'UNSUB_CAMPAIGN_ID'],
    columns: { ...MEMBER, unsubscribed_at: 'UNSUB_TIME' },
    source: SOURCE,
  },
  {
    name: 'mailchimp-cleaned',
    platform: 'Mailchimp',
    file: 'customers',
    detect: ['MEMBER_RATING', 'LEID', 'CLEAN_TIME', 'CLEAN_CAMPAIGN_ID'],
    // A cleaned address hard-bounced (or soft-bounced repeatedly): Mailchimp never mails it again,
    // so every member of this file has an undeliverable address.
    columns: MEMBER,
    derive: { email_undeliverable: { cases: [{ column: 'CLEAN_TIME', present: true, value: 'true' }], otherwise: 'true' } },
    source: SOURCE,
  },
  {
    // Subscribed members: consent is the file itself, no column says it (see Needs).
    name: 'mailchimp-subscribed',
    platform: 'Mailchimp',
    file: 'customers',
    detect: ['MEMBER_RATING', 'OPTIN_TIME', 'LAST_CHANGED', 'LEID'],
    columns: MEMBER,
    source: SOURCE,
  },
  {
    // A segment exported from Audience → All contacts → (segment) → Export segment.
    name: 'mailchimp-audience',
    platform: 'Mailchimp',
    file: 'audience',
    detect: ['MEMBER_RATING', 'OPTIN_TIME', 'LAST_CHANGED', 'LEID'],
    columns: MEMBER,
    source: SOURCE,
  },
] satisfies Preset[];
