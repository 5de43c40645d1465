// WooCommerce exports, as data. WooCommerce itself writes only the Analytics report downloads
// (Analytics → Customers → Download); customer and order files with ids come from export plugins,
// here WebToffee's two free ones, whose default headers are their column keys. WooCommerce has no
// consent column. What a table cannot say about these files (guest id 0, no delivery date, the
// Analytics report's single `Name`) is listed under "Needs" in fixtures/platforms/woocommerce/README.md.

import type { Preset } from '../preset.js';

const ANALYTICS_SOURCE =
  'WooCommerce Analytics → Customers → Download: export columns of Automattic\\WooCommerce\\Admin\\API\\Reports\\Customers\\Controller::get_export_columns, ' +
  'github.com/woocommerce/woocommerce plugins/woocommerce/src/Admin/API/Reports/Customers/Controller.php; ' +
  'the single-page (browser) download uses the labels of plugins/woocommerce/client/admin/client/analytics/report/customers/table.js';

const WEBTOFFEE_CUSTOMERS_SOURCE =
  'WebToffee "Import Export WordPress Users and WooCommerce Customers" 2.7.2, column keys of ' +
  'admin/modules/user/data/data-user-columns.php and values of admin/modules/user/export/export.php, ' +
  'github.com/WordPressBugBounty/plugins-users-customers-import-export-for-wp-woocommerce';

const WEBTOFFEE_ORDERS_SOURCE =
  'WebToffee "Order Export & Order Import for WooCommerce" 2.7.4, column keys of admin/modules/order/data/data-order-post-columns.php ' +
  'and values of admin/modules/order/export/export.php, github.com/WordPressBugBounty/plugins-order-import-export-for-woocommerce; ' +
  'WooCommerce order statuses as get_status() returns them (no wc- prefix)';

/** `$order->get_status()` -> our order status. */
const ORDER_STATUS: Record<string, string> = {
  pending: 'placed',
  'on-hold': 'placed',
  processing: 'placed',
  // "Order fulfilled and complete": shipped, with no delivery date anywhere (see Needs).
  completed: 'shipped',
  cancelled: 'cancelled',
  refunded: 'refunded',
  // Payment failed, or a block-checkout draft that was never placed: not an order a customer has.
  failed: 'cancelled',
  'checkout-draft': 'cancelled',
};

/** The Analytics customers report: one full `Name`, no customer id (the user id is not exported). */
const ANALYTICS_COLUMNS = {
  email: 'Email',
  postal_code: ['Postal Code', 'Postal code'],
};

/** The Analytics report's one `Name`, split: "Claire Brennan" is Claire, Brennan. */
const SPLIT_NAME = {
  first_name: { split_name: 'Name', part: 'first' },
  last_name: { split_name: 'Name', part: 'last' },
} as const;

export default [
  {
    name: 'woocommerce-customers',
    platform: 'WooCommerce',
    file: 'customers',
    detect: ['user_login', 'user_nicename', 'user_registered', 'billing_first_name'],
    columns: {
      // The WordPress user id; empty on the guest rows the plugin adds from guest orders.
      customer_id: 'customer_id',
      email: ['user_email', 'billing_email'],
      first_name: ['billing_first_name', 'first_name'],
      last_name: ['billing_last_name', 'last_name'],
      phone: 'billing_phone',
      postal_code: 'billing_postcode',
    },
    source: WEBTOFFEE_CUSTOMERS_SOURCE,
  },
  {
    name: 'woocommerce-orders',
    platform: 'WooCommerce',
    file: 'orders',
    detect: ['order_number', 'order_date', 'customer_user', 'shipping_items'],
    // The user id, 0 for a guest order, whose billing email is then its only link to the person.
    derive: { customer_id: { first_id_of: ['customer_id', 'billing_email'] } },
    columns: {
      order_id: 'order_id',
      ordered_at: 'order_date',
      status: 'status',
      total: 'order_total',
    },
    values: { status: ORDER_STATUS },
    source: WEBTOFFEE_ORDERS_SOURCE,
  },
  {
    name: 'woocommerce-analytics-customers-audience',
    platform: 'WooCommerce',
    file: 'audience',
    detect: ['Username', 'AOV', 'Country / Region'],
    // An audience has no postal code column: the email is what the row is sent to.
    columns: { email: ANALYTICS_COLUMNS.email },
    derive: SPLIT_NAME,
    source: ANALYTICS_SOURCE,
  },
  {
    // The same report as a customer history, for a shop without an export plugin: no customer id.
    name: 'woocommerce-analytics-customers',
    platform: 'WooCommerce',
    file: 'customers',
    detect: ['Username', 'AOV', 'Country / Region'],
    columns: ANALYTICS_COLUMNS,
    derive: SPLIT_NAME,
    source: ANALYTICS_SOURCE,
  },
] satisfies Preset[];
