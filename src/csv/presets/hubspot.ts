// HubSpot exports (Contacts > Contacts > Export, a list's Export, Sales > Deals > Export). HubSpot
// writes one column per exported property, headed by the property's label, with "Record ID" first.
// Sources and what a table cannot say: fixtures/platforms/hubspot/README.md.

import type { Preset } from '../preset.js';

const CONTACT_PROPERTIES =
  'HubSpot contact property labels as exported: github.com/hairsolutionsco/automations_hub ' +
  'hubspot/objects/contacts/properties.md (a live portal\'s property list: "Record ID", "Email", ' +
  '"Unsubscribed from all email" (bool), "Marketing contact status" (Marketing contact / Non-marketing ' +
  'contact)); exports: https://developers.hubspot.com/docs/api/crm/exports';

/** A contact's columns, in the contacts export and in a list's. */
const CONTACT_COLUMNS = {
  customer_id: 'Record ID',
  email: 'Email',
  first_name: 'First Name',
  last_name: 'Last Name',
  phone: ['Phone Number', 'Mobile Phone Number'],
};

export default [
  {
    // An export of all contacts (or a view that includes "Unsubscribed from all email").
    name: 'hubspot-contacts',
    platform: 'HubSpot',
    file: 'customers',
    detect: ['Record ID', 'Email', 'Unsubscribed from all email'],
    columns: {
      ...CONTACT_COLUMNS,
      postal_code: 'Postal Code',
      // Inverted flag, e-mail only: Yes = opted out of all e-mail = no e-mail consent. No only means
      // "has not opted out", which is not an opt-in, so it reads as unknown (require_opt_in decides).
      email_consent: 'Unsubscribed from all email',
    },
    values: {
      email_consent: { yes: 'false', true: 'false', no: '', false: '' },
    },
    source: CONTACT_PROPERTIES,
  },
  {
    // A list (or the contacts index) exported with its default columns, "Marketing contact status" among them.
    name: 'hubspot-list',
    platform: 'HubSpot',
    file: 'audience',
    detect: ['Record ID', 'Email', 'Marketing contact status'],
    columns: CONTACT_COLUMNS,
    source: CONTACT_PROPERTIES,
  },
  {
    // Deals exported with associations ("Associated Contact IDs"): a closed-won deal is a purchase.
    name: 'hubspot-deals',
    platform: 'HubSpot',
    file: 'orders',
    detect: ['Record ID', 'Deal Name', 'Deal Stage'],
    columns: {
      order_id: 'Record ID',
      customer_id: 'Associated Contact IDs',
      ordered_at: 'Close Date',
      // "Is Closed Won" (a yes/no HubSpot computes for every pipeline) when the export has it, else the stage label.
      status: ['Is Closed Won', 'Deal Stage'],
      total: 'Amount',
    },
    values: {
      // Is Closed Won, or the stage labels of the default Sales Pipeline and of the Ecommerce Pipeline
      // (other pipelines' labels are the portal's own). A deal that is not won is no purchase: until
      // a "not an order" state exists it reads as cancelled, which keeps it out of loyalty and
      // activity counts (see the README's Needs).
      status: {
        yes: 'placed',
        true: 'placed',
        no: 'cancelled',
        false: 'cancelled',
        'closed won': 'placed',
        'closed lost': 'cancelled',
        'appointment scheduled': 'cancelled',
        'qualified to buy': 'cancelled',
        'presentation scheduled': 'cancelled',
        'decision maker bought-in': 'cancelled',
        'contract sent': 'cancelled',
        'checkout completed': 'placed',
        'checkout pending': 'cancelled',
        'checkout abandoned': 'cancelled',
        cancelled: 'cancelled',
      },
    },
    source:
      'HubSpot deal property labels as exported: github.com/hairsolutionsco/automations_hub ' +
      'hubspot/objects/deals/properties.md ("Record ID", "Deal Name", "Deal Stage", "Pipeline", ' +
      '"Amount", "Close Date", "Is Closed Won"; stage labels "Closed Won (Sales Pipeline)", "Checkout Completed ' +
      '(Ecommerce Pipeline)" ...); default sales stages: https://www.skills.sh/pfoy/growth-skills/hubspot-deal-stages',
  },
] satisfies Preset[];
