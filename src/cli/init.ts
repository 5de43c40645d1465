// `init`: a starter config, campaign and data in the working folder, never overwriting a file.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';

/** `init`: creates each starter file that does not exist yet and says what it did. */
export async function writeStarterFiles(folder: string): Promise<string> {
  const lines: string[] = [];
  for (const { file, text } of STARTER_FILES) {
    const target = path.join(folder, file);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // "wx" fails when the file exists, so nothing is ever overwritten, even in a race.
      await writeFile(target, text, { flag: 'wx' });
      lines.push(`created  ${file}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(`cannot create the file: ${(error as Error).message}`, { file });
      }
      lines.push(`skipped  ${file}: exists, left unchanged`);
    }
  }
  return `${lines.join('\n')}\n\nNext: campaign-preflight check .\n`;
}

/**
 * What `init` writes: a config, a promotion and the data it reads, clean on every rule so that
 * `check .` passes straight away and the user can change one thing at a time.
 */
const STARTER_FILES: ReadonlyArray<{ file: string; text: string }> = [
  {
    file: 'campaign-preflight.config.yaml',
    text: `# campaign-preflight settings for every campaign in this folder and below.
# "campaign-preflight rules" lists the rules; "campaign-preflight explain <rule-id>" documents one.

extends: recommended            # every rule at its default severity (or: strict)

history:                        # the data campaigns are checked against; paths relative to this file
  customers: data/customers.csv
  orders: data/orders.csv
  # contacts: data/contacts.csv # messages already sent, for contact-fatigue

# run:
#   window_days: 31             # campaigns sent within this many days of each other are checked together

rules:                          # each rule: off, warning (or warn), error, 0/1/2, or [severity, { options }]
  contact-fatigue: [warning, { max: 3, window_days: 7 }]   # at most 3 messages a person in 7 days
  # no-consent: [error, { require_opt_in: true }]          # also flag people whose consent is unknown
`,
  },
  {
    file: 'campaign.yaml',
    text: `# A campaign to check before it is sent. Paths are relative to this file.
id: autumn-thank-you              # lower case letters, digits, ".", "_" and "-"
name: Autumn thank-you            # optional, for people
type: promotion                   # promotion | reactivation | review_request | newsletter | announcement | transactional
channel: email                    # email | sms | push | direct_mail | phone
send_at: 2026-11-20T09:00:00Z     # when it goes out; every time-based rule measures from this instant
audience: audience.csv            # one row per recipient
# history: the config file names it for every campaign; a campaign may name its own here.

message:                          # Liquid templates, rendered against each audience row
  subject: "{{ first_name }}, 15% off your next order"
  greeting: "Hi {{ first_name }},"
  body: "Thank you for shopping with us. Your discount applies to all stationery until the end of the month."

offer:                            # what every row is offered; an audience column such as discount_pct overrides it
  discount_pct: 15
  categories: [stationery]

# control_group:                  # rows held back to measure the campaign's uplift
#   column: group                 # the audience column that marks them
#   control_values: [control]
#   baseline_conversion: 0.05
#   min_detectable_uplift: 0.2

rules:                            # settings for this campaign only, in the config file's form
  control-group: off              # three rows are too few to measure uplift; remove this for a real audience
`,
  },
  {
    file: 'audience.csv',
    text: `customer_id,email,first_name
C-1001,ada.lovelace@example.com,Ada
C-1002,grace.hopper@example.com,Grace
C-1003,alan.turing@example.com,Alan
`,
  },
  {
    file: 'data/customers.csv',
    text: `customer_id,first_name,last_name,email,postal_code,email_consent,unsubscribed_at,do_not_contact
C-1001,Ada,Lovelace,ada.lovelace@example.com,N1 9GU,yes,,no
C-1002,Grace,Hopper,grace.hopper@example.com,10001,yes,,no
C-1003,Alan,Turing,alan.turing@example.com,SK9 5AP,yes,,no
`,
  },
  {
    file: 'data/orders.csv',
    text: `order_id,customer_id,ordered_at,status,delivered_at,total,category
O-5001,C-1001,2026-09-14,delivered,2026-09-17,42.50,stationery
O-5002,C-1001,2026-10-02,delivered,2026-10-05,18.00,stationery
O-5003,C-1002,2026-10-21,shipped,,64.90,office
`,
  },
];
