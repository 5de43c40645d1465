// Salesforce Marketing Cloud (SFMC) files: the Subscribers and Sent files of a tracking extract
// (Automation Studio > Activities > Data Extract, Extract Type "Tracking Extract"), and a sendable
// data extension extracted to CSV as the audience. Dates are written like 5/14/2024 4:00:00 AM,
// in the account's system time (Central Standard Time, no daylight saving).
// Sources and what a table cannot say: fixtures/platforms/sfmc/README.md.

import type { Preset } from '../preset.js';

const TRACKING_EXTRACT = 'https://help.salesforce.com/s/articleView?id=mktg.mc_as_tracking_extract.htm&language=en_US&type=5';

/** Month/day/year, 12-hour clock with AM/PM (the h and A tokens of src/csv/values.ts). */
const SFMC_DATE = 'M/D/YYYY h:mm:ss A';

export default [
  {
    // Tracking extract "Subscribers" file; the _Subscribers data view extracted through a data
    // extension has the same SubscriberKey, EmailAddress, SubscriberID and Status columns.
    name: 'sfmc-subscribers',
    platform: 'Salesforce Marketing Cloud',
    file: 'customers',
    detect: ['SubscriberKey', 'EmailAddress', 'SubscriberID', 'Status'],
    columns: {
      customer_id: 'SubscriberKey',
      email: 'EmailAddress',
      email_consent: 'Status',
    },
    values: {
      // Active and Bounced are sendable (SFMC keeps sending to Bounced until it turns Held) and record
      // no opt-in: unknown. Unsubscribed and Deleted: no e-mail. Held is an undeliverable address.
      email_consent: { active: '', bounced: '', unsubscribed: 'false', held: '', deleted: 'false' },
    },
    derive: { email_undeliverable: { cases: [{ column: 'Status', in: ['held'], value: 'true' }] } },
    date_format: SFMC_DATE,
    source:
      'Tracking extract Subscribers columns ClientID, SubscriberKey, EmailAddress, SubscriberID, Status, DateHeld, ' +
      'DateCreated, DateUnsubscribed: http://wiki.memberlandingpages.com/Activities/Data_Extract_Activity/Extract_Types/' +
      'Tracking_Extract/Tracking_Extract_Output/Subscribers; ' +
      TRACKING_EXTRACT +
      '; Status values: ' +
      'https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/subscriberstatus.html',
  },
  {
    // Tracking extract "Sent" file: one line per e-mail sent.
    name: 'sfmc-sent',
    platform: 'Salesforce Marketing Cloud',
    file: 'contacts',
    detect: ['SubscriberKey', 'SendID', 'EventDate', 'EventType'],
    columns: {
      customer_id: 'SubscriberKey',
      sent_at: 'EventDate',
      campaign_id: 'SendID',
      // Every line of the Sent file is an e-mail: its EventType "Sent" stands for the channel.
      channel: 'EventType',
    },
    values: {
      channel: { sent: 'email' },
    },
    date_format: SFMC_DATE,
    source:
      'Tracking extract event files (ClientID, SendID, SubscriberKey, EmailAddress, SubscriberID, ListID, EventDate, ' +
      'EventType, BatchID, TriggeredSendExternalKey): http://wiki.memberlandingpages.com/Activities/Data_Extract_Activity/' +
      'Extract_Types/Tracking_Extract/Tracking_Extract_Output/Unsubs; https://help.salesforce.com/s/articleView?id=mktg.mc_as_notsent.htm; ' +
      'github.com/ujjwalmails/SFMC-Architect-Toolkit package-manager/tracking-extract-de-setup/tracking-extract.json (Tracking_Extract_Sent)',
  },
  {
    // A sendable data extension extracted to CSV. Only the two fields every sendable data extension
    // relates to the subscriber are named here; the others are the account's own fields.
    name: 'sfmc-data-extension',
    platform: 'Salesforce Marketing Cloud',
    file: 'audience',
    detect: ['SubscriberKey', 'EmailAddress'],
    columns: {
      customer_id: 'SubscriberKey',
      email: 'EmailAddress',
    },
    source:
      'SubscriberKey and EmailAddress as SFMC names them: https://help.salesforce.com/s/articleView?id=mktg.mc_as_data_view_subscribers.htm&language=en_US&type=5',
  },
] satisfies Preset[];
