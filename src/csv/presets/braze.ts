// Braze exports: a segment's "CSV Export User Data" and "CSV Export Email Addresses"
// (Segments > the segment > User Data), and purchase events from the Query Builder
// (Analytics > Query Builder, table USERS_BEHAVIORS_PURCHASE_SHARED, results exported as CSV).
// Sources and what a table cannot say: fixtures/platforms/braze/README.md.

import type { Preset } from '../preset.js';

const SEGMENT_EXPORT =
  'Braze segment CSV export fields: https://www.braze.com/docs/user_guide/data/distribution/export_braze_data/segment_data_to_csv ' +
  '(github.com/braze-inc/braze-docs _docs/_user_guide/data/distribution/export_braze_data/segment_data_to_csv.md)';

/** A profile's columns, in both exports of a segment. */
const PROFILE_COLUMNS = {
  customer_id: 'user_id',
  email: 'email',
  first_name: 'first_name',
  last_name: 'last_name',
  phone: 'phone_number',
};

export default [
  {
    // "CSV Export User Data" of a segment (a segment with no filters exports every profile).
    name: 'braze-users',
    platform: 'Braze',
    file: 'customers',
    detect: ['user_id', 'unsubscribed_from_emails_at', 'random_bucket'],
    columns: {
      ...PROFILE_COLUMNS,
      birth_date: 'date_of_birth',
      // The date the profile unsubscribed from e-mail. The contract's unsubscribed_at blocks every
      // channel; Braze's date is about e-mail only (see the README's Needs).
      unsubscribed_at: 'unsubscribed_from_emails_at',
    },
    source: SEGMENT_EXPORT,
  },
  {
    // "CSV Export Email Addresses" of the campaign's segment; "CSV Export User Data" matches too.
    name: 'braze-segment',
    platform: 'Braze',
    file: 'audience',
    detect: ['user_id', 'email', 'unsubscribed_from_emails_at'],
    columns: PROFILE_COLUMNS,
    source: SEGMENT_EXPORT,
  },
  {
    // SELECT * FROM USERS_BEHAVIORS_PURCHASE_SHARED, exported from the Query Builder: one purchase
    // event (one product) per line; `time` is a Unix timestamp in seconds (date_format X).
    name: 'braze-purchases',
    platform: 'Braze',
    file: 'orders',
    detect: ['external_user_id', 'product_id', 'app_group_api_id'],
    columns: {
      order_id: 'id',
      customer_id: 'external_user_id',
      ordered_at: 'time',
      total: 'price',
    },
    date_format: 'X',
    source:
      'Braze purchase events table USERS_BEHAVIORS_PURCHASE_SHARED: github.com/braze-inc/braze-docs ' +
      '_docs/_user_guide/engagement_tools/segments/sql_segments/sql_segments_tables.md; Query Builder CSV ' +
      'export: _docs/_user_guide/data_and_analytics/query_builder.md',
  },
] satisfies Preset[];
