// Reading a campaign's audience: each row, once, through every rule that is on for it (control
// rows only through the rules that see them), after its header is checked and judged.

import { stat } from 'node:fs/promises';
import { AUDIENCE_COLUMNS } from '../csv/columns.js';
import { describeColumnsFound, readCsv, type CsvHeader } from '../csv/read.js';
import { InputError, quoteText } from '../errors.js';
import { normalizeEmail, normalizePhone, normalizePostalAddress } from '../people/normalize.js';
import { PROGRESS_EVERY_ROWS, type AudienceReach, type ProgressSink } from '../people/profiles.js';
import { ADDRESS_COLUMN, type Campaign } from '../types.js';
import type { ActiveRule } from './active-rules.js';
import type { Redactor } from './redact.js';
import type { CampaignRuleSettings } from './rule-settings.js';
import { AudienceRow, type CampaignRun, type RowServices } from './row.js';

/** Streams one campaign's audience, calling every rule that is on for it, per row. */
export async function checkAudience(
  campaignRun: CampaignRun,
  settings: CampaignRuleSettings,
  active: Map<string, ActiveRule>,
  services: RowServices,
  redactor: Redactor | undefined,
  onHeader: (header: CsvHeader) => void,
  onProgress: ProgressSink | undefined,
): Promise<void> {
  const { campaign } = campaignRun;
  const forSends: ActiveRule[] = [];
  const forControlRows: ActiveRule[] = [];
  for (const [id, entry] of active) {
    if (!entry.hooks.row || !(settings.has(id) || entry.rule.state)) continue;
    forSends.push(entry);
    if (entry.rule.meta.seesControlRows) forControlRows.push(entry);
  }
  const control = campaign.controlGroup;
  const controlValues = new Set(control?.controlValues.map((v) => v.trim().toLowerCase()));
  let controlAt = -1;
  let header: CsvHeader | undefined;
  let rowsRead = 0;

  await readCsv(
    campaign.audience,
    { canonical: AUDIENCE_COLUMNS, required: [] },
    (found) => {
      header = found;
      requireRecipientColumns(campaign, found);
      campaignRun.header = found;
      campaignRun.templateColumns = templateColumns(found);
      if (control) {
        controlAt = found.indexOf(control.column);
        if (controlAt < 0) {
          throw new InputError(
            `the audience has no column ${quoteText(control.column)}, named by control_group.column`,
            { file: campaign.audience.displayPath, line: 1 },
            [describeColumnsFound(found.names)],
          );
        }
      }
      onHeader(found);
    },
    (cells, line) => {
      if (onProgress && ++rowsRead % PROGRESS_EVERY_ROWS === 0)
        onProgress({ file: campaign.audience.displayPath, rows: rowsRead });
      const isControl = controlAt >= 0 && controlValues.has((cells[controlAt] ?? '').trim().toLowerCase());
      const row = new AudienceRow(campaignRun, line, cells, header!, services);
      redactor?.addAudienceRow(row);
      if (isControl) campaignRun.controlRows++;
      else {
        campaignRun.recipients++;
        if (row.person) campaignRun.recipientsWithPerson++;
      }
      const targets = isControl ? forControlRows : forSends;
      for (let i = 0; i < targets.length; i++) targets[i].hooks.row!(row, targets[i].state);
    },
  );
}

/** docs/inputs.md: a row needs customer_id or an address for the campaign's channel. */
function requireRecipientColumns(campaign: Campaign, header: CsvHeader): void {
  if (header.indexOf('customer_id') >= 0) return;
  const addressColumn = ADDRESS_COLUMN[campaign.channel];
  if (addressColumn && header.indexOf(addressColumn) >= 0) return;
  const wanted = addressColumn ? `"customer_id" or "${addressColumn}"` : '"customer_id"';
  throw new InputError(
    `the audience needs a column ${wanted} to know who each row is for (channel ${campaign.channel})`,
    { file: campaign.audience.displayPath, line: 1 },
    [describeColumnsFound(header.names)],
  );
}

/** Names a template may use for a cell: the header as written, in lower case, or canonical. */
function templateColumns(header: CsvHeader): Map<string, number> {
  const columns = new Map<string, number>();
  for (const canonical of AUDIENCE_COLUMNS) {
    const index = header.indexOf(canonical);
    if (index >= 0) columns.set(canonical, index);
  }
  header.names.forEach((name, index) => {
    if (!columns.has(name.trim().toLowerCase())) columns.set(name.trim().toLowerCase(), index);
    columns.set(name, index);
  });
  return columns;
}

/** The order ids that review requests name: the only orders the run keeps whole. */
export async function reviewedOrderIds(campaignRuns: CampaignRun[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { campaign } of campaignRuns) {
    if (campaign.type !== 'review_request') continue;
    let orderIdAt = -1;
    await readCsv(
      campaign.audience,
      { canonical: AUDIENCE_COLUMNS, required: [] },
      (header) => {
        orderIdAt = header.indexOf('order_id');
      },
      (cells) => {
        const id = orderIdAt >= 0 ? (cells[orderIdAt] ?? '').trim() : '';
        if (id) ids.add(id);
      },
    );
  }
  return ids;
}

/** The size of the run's audience files in bytes (0 for one that cannot be read: reading it says why). */
export async function audienceBytes(campaignRuns: CampaignRun[]): Promise<number> {
  const sizes = await Promise.all(
    campaignRuns.map(({ campaign }) =>
      stat(campaign.audience.path).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** What the run's audiences name (ProfileRequest.reach): one more pass over each audience file. */
export async function audienceReach(campaignRuns: CampaignRun[]): Promise<AudienceReach> {
  const reach: AudienceReach = { customerIds: new Set(), emails: new Set(), phones: new Set(), postalAddresses: new Set() };
  for (const { campaign } of campaignRuns) {
    let at = { customerId: -1, email: -1, phone: -1, postalAddress: -1 };
    await readCsv(
      campaign.audience,
      { canonical: AUDIENCE_COLUMNS, required: [] },
      (header) => {
        at = {
          customerId: header.indexOf('customer_id'),
          email: header.indexOf('email'),
          phone: header.indexOf('phone'),
          postalAddress: header.indexOf('postal_address'),
        };
      },
      (cells) => {
        const id = at.customerId >= 0 ? (cells[at.customerId] ?? '').trim() : '';
        if (id) {
          reach.customerIds.add(id);
          if (id.includes('@')) reach.emails.add(normalizeEmail(id));
        }
        const keys = [
          [reach.emails, normalizeEmail(cells[at.email] ?? '')],
          [reach.phones, normalizePhone(cells[at.phone] ?? '')],
          [reach.postalAddresses, normalizePostalAddress(cells[at.postalAddress] ?? '')],
        ] as const;
        for (const [set, key] of keys) if (key) set.add(key);
      },
    );
  }
  return reach;
}
