// A realistic report for the format tests: four campaigns (one failing on errors, one on warnings
// alone, one passing with a campaign-level warning, one clean), a finding of no campaign in a
// history file, a plugin's rule, and messages full of characters every format must escape. Its
// coverage (docs/report.md) has a rule not checked at error that fails year-end, one not checked at
// warning in spring, rules checked in part and rules not applicable; two notices, one about a
// file whose header names carry markup, one about the run.
import type { FormatContext } from '../../src/formats/index.js';
import { listRules } from '../../src/index.js';
import type { CampaignSummary, Finding, Notice, Report, RuleCoverage } from '../../src/types.js';

/** What the command line gives a format: no colour, a working folder, the rules of the run. */
export const FORMAT_CONTEXT: FormatContext = { color: false, cwd: '/work', rules: listRules() };

/** A report whose findings are a plain array, as the engine's library callers may build one. */
export type ListedReport = Report & { findings: Finding[] };

export const YEAR_END_AUDIENCE = 'campaigns/year-end/audience.csv';
export const SUMMER_AUDIENCE = 'campaigns/summer sale/audience.csv';

/** Quotes, a line break, a per cent sign, markup, a comma, a colon, a pipe and a tab. */
export const NASTY_MESSAGE = 'Dear "Ana" <ana@example.com> & co:\n100% off, | tab\there';

export function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'no-consent',
    severity: 'error',
    campaignId: 'year-end',
    customerId: 'C-1001',
    file: YEAR_END_AUDIENCE,
    line: 2,
    message: 'Ada Lovelace refused email (email_consent is false on customer record C-1001)',
    evidence: {},
    ...overrides,
  };
}

export function campaign(overrides: Partial<CampaignSummary>): CampaignSummary {
  return {
    id: 'year-end',
    file: 'campaigns/year-end/campaign.yaml',
    recipients: 1204,
    status: 'pass',
    errors: 0,
    warnings: 0,
    ...overrides,
  };
}

export function report(
  campaigns: CampaignSummary[],
  findings: Finding[],
  status: Report['status'],
  notices?: Notice[],
): ListedReport {
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-preflight', version: '1.2.3' },
    status,
    campaigns,
    ...(notices !== undefined ? { notices } : {}),
    findings,
  };
}

/** A coverage entry: checked unless told otherwise. */
export function covered(ruleId: string, overrides: Partial<RuleCoverage> = {}): RuleCoverage {
  return { ruleId, status: 'checked', rows: 0, reason: null, ...overrides };
}

/** A rule not checked for want of a customers file. */
export function notCheckedForCustomers(ruleId: string): RuleCoverage {
  return covered(ruleId, { status: 'not-checked', reason: 'no customers file' });
}

/** One campaign, failing on nothing but no-consent not checked (at error). */
export const failingOnNotChecked: ListedReport = report(
  [campaign({ status: 'fail', errors: 1, failingRules: ['no-consent'], coverage: [notCheckedForCustomers('no-consent')] })],
  [],
  'fail',
);

/** One campaign, passing with unknown-recipient not checked (at warning). */
export const passingWithNotChecked: ListedReport = report(
  [campaign({ warnings: 1, coverage: [notCheckedForCustomers('unknown-recipient')] })],
  [],
  'pass',
);

/** The reason the engine gives for generic-salutation in year-end, not checked. */
export const NOT_CHECKED_REASON =
  'data/customers.csv has no column first_name (the known first names); columns found: "customer_id", "vorname", "email"; ' +
  'did you mean "vorname"? map it in campaigns/year-end/campaign.yaml: history.customers: { path: …, columns: { first_name: "vorname" } }';

/** The reason for unknown-recipient in spring, not checked at warning. */
export const NO_CUSTOMERS_REASON =
  'no customers file (the customer history): name one under history.customers in the config or the campaign file';

/** The reason for contact-fatigue in year-end, checked in part. */
export const PARTIAL_REASON =
  'no contacts file (only the sends of this run are counted): name one under history.contacts in the config or the campaign file';

/** Header names are the user's data: markup, a pipe and an escape sequence. */
export const UNREAD_COLUMNS_NOTICE: Notice = {
  kind: 'unread-columns',
  file: 'data/customers.csv',
  message:
    'columns look like ones the rules read but were not read: "vorname" (first_name?), "Accepts <b>Email</b> | \u001b[31mMarketing" (email_consent?); ' +
    'if so, map them in campaigns/year-end/campaign.yaml: history.customers: { path: …, columns: { first_name: "vorname" } }',
};

export const NO_HISTORY_NOTICE: Notice = {
  kind: 'no-history',
  file: null,
  message:
    'no order history is named (history: orders, in the config or the campaign file): the rules that need it were not checked',
};

/** spring's campaign-level finding, which names no file at all. */
export const NO_CONTROL_ROWS: Finding = finding({
  ruleId: 'control-group',
  severity: 'warning',
  campaignId: 'spring',
  customerId: null,
  file: null,
  line: null,
  message: 'no control rows',
});

/** The run's finding, of no campaign: a bad value in the shared orders history. */
export const BAD_ORDER_DATE: Finding = finding({
  ruleId: 'invalid-value',
  campaignId: null,
  customerId: null,
  file: 'data/orders.csv',
  line: 7,
  column: 'ordered_at',
  message: '"2026-13-01" is not a date',
  evidence: { value: '2026-13-01' },
});

const noConsent = Array.from({ length: 12 }, (_, i) =>
  finding({
    line: 10 + i,
    customerId: `C-${100 + i}`,
    message: `Customer ${100 + i} refused email (email_consent is false on customer record C-${100 + i})`,
    suggestion: 'remove: refused email',
    fix: { action: 'remove' },
    evidence: { email_consent: 'no', customerRecord: `C-${100 + i}` },
  }),
);

/** Findings in the engine's order: by campaign, then file, line and rule; the run's last. */
export const sample: ListedReport = report(
  [
    // 14 errors found and generic-salutation not checked; 2 warnings.
    campaign({
      status: 'fail',
      errors: 15,
      warnings: 2,
      failingRules: ['acme/late-send', 'broken-personalization', 'generic-salutation', 'no-consent'],
      coverage: [
        covered('broken-personalization', { rows: 1204 }),
        covered('contact-fatigue', { status: 'partial', rows: 1204, reason: PARTIAL_REASON }),
        covered('generic-salutation', { status: 'not-checked', reason: NOT_CHECKED_REASON }),
        covered('no-consent', { rows: 1204 }),
        covered('review-before-delivery', {
          status: 'not-applicable',
          reason: 'only review requests are checked; this is a promotion',
        }),
      ],
    }),
    // 2 warnings found and unknown-recipient, at warning, not checked.
    campaign({
      id: 'spring',
      file: 'spring.campaign.yaml',
      recipients: 3,
      warnings: 3,
      coverage: [
        covered('generic-salutation', { rows: 3 }),
        covered('unknown-recipient', { status: 'not-checked', reason: NO_CUSTOMERS_REASON }),
      ],
    }),
    campaign({
      id: 'summer-sale',
      file: 'campaigns/summer sale/campaign.yaml',
      recipients: 250,
      status: 'fail',
      warnings: 1,
      coverage: [
        covered('contact-fatigue', { rows: 250 }),
        covered('no-consent', {
          status: 'partial',
          rows: 180,
          reason: 'campaigns/summer sale/audience.csv: 70 rows have no customer_id, so no record of their consent was found',
        }),
      ],
    }),
    // Clean, and its not-applicable rules are nothing to show.
    campaign({
      id: 'autumn',
      file: 'campaigns/autumn/campaign.yaml',
      recipients: 80,
      coverage: [
        covered('no-consent', { rows: 80 }),
        covered('review-before-delivery', {
          status: 'not-applicable',
          reason: 'only review requests are checked; this is a promotion',
        }),
      ],
    }),
  ],
  [
    // year-end: a campaign-level warning, then rows.
    finding({
      ruleId: 'control-group',
      severity: 'warning',
      customerId: null,
      line: null,
      message: 'The control group of 12 rows is too small: 1,540 are needed to detect a 20% uplift',
      evidence: { controlRows: 12, required: 1540 },
    }),
    ...noConsent.slice(0, 3),
    finding({
      ruleId: 'broken-personalization',
      line: 13,
      customerId: 'C-103',
      column: 'first_name',
      message: NASTY_MESSAGE,
      evidence: { template: 'Dear {{ first_name }}', rendered: 'Dear "Ana" <ana@example.com>' },
    }),
    ...noConsent.slice(3),
    finding({
      ruleId: 'contact-fatigue',
      severity: 'warning',
      line: 30,
      customerId: '+44 20 7946 0000',
      message: '=HYPERLINK("http://evil.example","5 contacts in 7 days")',
      evidence: { contacts: 5, windowDays: 7 },
    }),
    finding({
      ruleId: 'acme/late-send',
      line: 31,
      customerId: 'C-131',
      message: '-1 days before the holiday: sent too late',
      evidence: { daysLate: 1 },
    }),
    // spring: warnings only, passing; one finding names no file at all.
    NO_CONTROL_ROWS,
    finding({
      ruleId: 'generic-salutation',
      severity: 'warning',
      campaignId: 'spring',
      customerId: '@ada',
      file: 'spring-audience.csv',
      line: 4,
      message: 'greets "Dear customer" although first_name is "Ada"\r\nsecond line',
      evidence: { greeting: 'Dear customer' },
    }),
    // summer-sale: failed on its one warning (--max-warnings-per-campaign 0); its folder has a space.
    finding({
      ruleId: 'contact-fatigue',
      severity: 'warning',
      campaignId: 'summer-sale',
      customerId: 'C-2001',
      file: SUMMER_AUDIENCE,
      line: 7,
      message: 'Grace Hopper would get her 4th message in 7 days\u0001\uFFFE',
      evidence: { contacts: 4 },
    }),
    // The run's: a bad value in the shared orders history.
    BAD_ORDER_DATE,
  ],
  'fail',
  [UNREAD_COLUMNS_NOTICE, NO_HISTORY_NOTICE],
);
