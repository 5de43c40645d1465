// Brevo (formerly Sendinblue) contact exports (CRM > Contacts, optionally with a list or segment
// loaded, > Export): one column per contact attribute, named as the attribute (EMAIL, FIRSTNAME ...),
// with the e-mail and SMS blocklist flags.
// Sources and what a table cannot say: fixtures/platforms/brevo/README.md.

import type { Preset } from '../preset.js';

const SOURCE =
  'Brevo default attributes EMAIL, FIRSTNAME, LASTNAME, SMS (names vary with the account language): ' +
  'https://help.brevo.com/hc/en-us/articles/208729849-Format-your-contact-import-file; EXT_ID: ' +
  'https://help.brevo.com/hc/en-us/articles/208729849-Create-a-file-to-import-your-contacts; export and ' +
  'blocklist ("blacklisted") semantics: https://developers.brevo.com/reference/request-contact-export; ' +
  'the EMAIL_BLACKLISTED / SMS_BLACKLISTED column names are from issue 13, not confirmed by a public sample';

/** An inverted flag: blocklisted (true) = no consent for that channel; not blocklisted is no opt-in: unknown. */
const BLOCKLIST = { true: 'false', yes: 'false', '1': 'false', false: '', no: '', '0': '' };

/** A contact's columns, in the contacts export and in a list exported the same way. */
const CONTACT_COLUMNS = {
  // Brevo keys a contact by its e-mail; EXT_ID, where the account sets it, is the shop's own id.
  customer_id: ['EXT_ID', 'EMAIL'],
  email: 'EMAIL',
  first_name: ['FIRSTNAME', 'PRENOM'],
  last_name: ['LASTNAME', 'NOM'],
  phone: 'SMS',
};

export default [
  {
    name: 'brevo-contacts',
    platform: 'Brevo',
    file: 'customers',
    detect: ['EMAIL', 'EMAIL_BLACKLISTED'],
    columns: {
      ...CONTACT_COLUMNS,
      email_consent: 'EMAIL_BLACKLISTED',
      sms_consent: 'SMS_BLACKLISTED',
    },
    values: {
      email_consent: BLOCKLIST,
      sms_consent: BLOCKLIST,
    },
    source: SOURCE,
  },
  {
    // A list or segment exported the same way.
    name: 'brevo-list',
    platform: 'Brevo',
    file: 'audience',
    detect: ['EMAIL', 'EMAIL_BLACKLISTED'],
    columns: CONTACT_COLUMNS,
    source: SOURCE,
  },
] satisfies Preset[];
