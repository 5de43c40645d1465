// Shopify exports (Shopify admin → Customers → Export, and Orders → Export), as data. What a table
// cannot say about these files (one line per line item, status over three columns, `Billing Name`
// as the only name on an order, ids written as `'7712300001101`) is listed under "Needs" in
// fixtures/platforms/shopify/README.md.

import type { Preset } from '../preset.js';

/** Shopify's customers export: the current one (`Customer ID`, `Default Address …`) and the 2022 one. */
const CUSTOMERS_SOURCE =
  'Shopify customers export header, as written by Shopify admin → Customers → Export: ' +
  'github.com/Mobeen-Dev/Emails_Sender_Bot_script customers_export.csv and ' +
  'github.com/thecyclingcompany/tourdelcafe-web customers_export.csv (20 columns, Customer ID … Tags); ' +
  'the 2022 layout (First Name … Tax Exempt, no Customer ID) in github.com/oks234/customer_vip customers_export_1.csv; ' +
  'column meanings and yes/no values: help.shopify.com/en/manual/customers/import-export-customers';

/** Shopify's orders export, one line per line item. */
const ORDERS_SOURCE =
  'Shopify orders export header (79 columns, Name … Payment References), as written by Shopify admin → Orders → Export: ' +
  'github.com/vertexgraphics/formula-rx8-merch orders_export_1.csv (2026) and ' +
  'github.com/Steproac/Monfrere-Tactical-Audit Shopify_orders_export_2.csv (2023–2025); ' +
  'the 2022 layout without Payment References in github.com/ethompson17/Explorer_Analytics orders_export_1.csv; ' +
  'Financial Status values: shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus';

/** Financial Status values (lower case, underscores) that end an order: refunded, or never captured. */
const FINANCIAL_STATUS_REFUNDED = ['refunded'];
// Voided: an authorized, uncaptured order that was cancelled. Expired: never captured.
const FINANCIAL_STATUS_VOID = ['voided', 'expired'];

/** Days from `Fulfilled at` to the assumed delivery: the export has no delivery date. */
const DELIVERY_DAYS = 7;

const YES_NO: Record<string, string> = { yes: 'true', no: 'false' };

/** A customer's columns, in the customers export and in a segment exported from it. */
const CUSTOMER_COLUMNS = {
  customer_id: 'Customer ID',
  first_name: 'First Name',
  last_name: 'Last Name',
  email: 'Email',
  phone: ['Phone', 'Default Address Phone'],
};

export default [
  {
    name: 'shopify-customers',
    platform: 'Shopify',
    file: 'customers',
    detect: ['Accepts Email Marketing', 'Total Spent', 'Total Orders', 'Tax Exempt'],
    columns: {
      ...CUSTOMER_COLUMNS,
      postal_code: ['Default Address Zip', 'Zip'],
      email_consent: ['Accepts Email Marketing', 'Accepts Marketing'],
      sms_consent: 'Accepts SMS Marketing',
    },
    values: { email_consent: YES_NO, sms_consent: YES_NO },
    source: CUSTOMERS_SOURCE,
  },
  {
    // A customer segment exported from Customers → (segment) → Export: the same file.
    name: 'shopify-customers-audience',
    platform: 'Shopify',
    file: 'audience',
    detect: ['Accepts Email Marketing', 'Total Spent', 'Total Orders', 'Tax Exempt'],
    columns: CUSTOMER_COLUMNS,
    source: CUSTOMERS_SOURCE,
  },
  {
    name: 'shopify-orders',
    platform: 'Shopify',
    file: 'orders',
    detect: ['Financial Status', 'Fulfillment Status', 'Lineitem name', 'Billing Name'],
    // One line per line item: the lines after the first repeat only `Name` and the item's cells.
    line_items: 'order_id',
    columns: {
      // `Name` is the order number (#1042), repeated on every line item of the order.
      order_id: 'Name',
      // The orders export has no customer id: the order's e-mail address is the only link.
      customer_id: 'Email',
      ordered_at: 'Created at',
      total: 'Total',
    },
    derive: {
      // Status is spread over three columns; a cancellation wins over what the payment says.
      status: {
        cases: [
          { column: 'Cancelled at', present: true, value: 'cancelled' },
          { column: 'Financial Status', in: FINANCIAL_STATUS_REFUNDED, value: 'refunded' },
          { column: 'Financial Status', in: FINANCIAL_STATUS_VOID, value: 'cancelled' },
          // A partial refund (one of two mugs arrived broken): not an order to ask a review of.
          { column: 'Financial Status', in: ['partially_refunded'], value: 'returned' },
          { column: 'Fulfillment Status', in: ['restocked'], value: 'returned' },
          { column: 'Fulfillment Status', in: ['fulfilled'], value: 'delivered' },
        ],
        otherwise: 'placed',
      },
      // No delivery date is exported: a fulfilled order is taken as delivered a week after it left.
      delivered_at: { add_days: { column: 'Fulfilled at', days: DELIVERY_DAYS } },
    },
    source: ORDERS_SOURCE,
  },
  {
    // Orders exported (Orders → filter → Export) as the audience of a review request.
    name: 'shopify-orders-audience',
    platform: 'Shopify',
    file: 'audience',
    detect: ['Financial Status', 'Fulfillment Status', 'Lineitem name', 'Billing Name'],
    // One recipient per order, not per line item.
    line_items: 'order_id',
    columns: {
      order_id: 'Name',
      email: 'Email',
      phone: ['Phone', 'Billing Phone'],
    },
    // The name on an order is only its billing name.
    derive: {
      first_name: { split_name: 'Billing Name', part: 'first' },
      last_name: { split_name: 'Billing Name', part: 'last' },
    },
    source: ORDERS_SOURCE,
  },
] satisfies Preset[];
