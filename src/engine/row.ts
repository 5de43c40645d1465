// One audience row as rules see it. Everything derived from the row (its person, offer, loyalty,
// rendered message) is computed on first use and kept, so a value many rules read costs once.

import type { CsvHeader } from '../csv/read.js';
import { parseNumber } from '../csv/values.js';
import { isNoCustomerId } from '../people/normalize.js';
import type { CustomerRecord, Person } from '../people/profiles.js';
import { ADDRESS_COLUMN, type Campaign, type RuleCoverage } from '../types.js';
import type { Loyalty, LoyaltyScale } from './loyalty.js';
import type { CompiledMessage, MessagePart } from './templates.js';

/** A campaign within a run. */
export interface CampaignRun {
  campaign: Campaign;
  /** Position in the run, in the order the campaigns were given. */
  index: number;
  /** Index of the campaign's send_at among the run's instants (Person.orderCounts etc.). */
  instant: number;
  message: CompiledMessage;
  /** Known once the audience header has been read. */
  header?: CsvHeader;
  /** Template variable names and the cells they read: headers as written, lower case, canonical. */
  templateColumns: Map<string, number>;
  /** Rows that are sends (control rows excluded). */
  recipients: number;
  /** Of those, the rows whose person is in the history. */
  recipientsWithPerson: number;
  controlRows: number;
  /** What each rule on for the campaign can check (docs/inputs.md), judged once the audience header is read; rows filled in at the end. */
  coverage: RuleCoverage[];
  /** Rules that cannot check the campaign: whatever they report in it is left out. */
  notChecked: Set<string>;
  /** Rules that judge only rows whose person is in the history. */
  perPersonRules: Set<string>;
}

/** Where a finding about a row points. */
export interface RowRef {
  campaign: CampaignRun;
  line: number;
  /** The row's own customer_id cell; null when empty. */
  customerId: string | null;
  /** The row's address cell for the campaign's channel, trimmed; '' when none. */
  address?: string;
}

/** One offer of a row: a percentage, or an amount in a currency. */
export interface OfferValue {
  /** `discount_pct`, or `discount_amount:<currency>`: only offers of the same kind compare. */
  kind: string;
  value: number;
  /** Whether the row's own cell (`discount_pct`, `discount_amount`) holds it, rather than the campaign's offer. */
  fromCell?: boolean;
}

export interface RowServices {
  customer(customerId: string): CustomerRecord | undefined;
  customersByAddress(campaign: Campaign, address: string): readonly CustomerRecord[];
  loyalty: LoyaltyScale;
}

export class AudienceRow implements RowRef {
  readonly customerId: string | null;
  private ownRecordsValue: readonly CustomerRecord[] | undefined;
  private offersValue: OfferValue[] | undefined;
  private loyaltyValue: Loyalty | undefined;
  private readonly rendered: Partial<Record<MessagePart, string | undefined>> = {};

  constructor(
    readonly campaign: CampaignRun,
    readonly line: number,
    readonly cells: string[],
    private readonly header: CsvHeader,
    private readonly services: RowServices,
  ) {
    const id = this.cell('customer_id').trim();
    this.customerId = id === '' ? null : id;
  }

  /** The cell of a canonical column or any other header; '' when the column is absent. */
  cell(name: string): string {
    const index = this.header.indexOf(name);
    return index < 0 ? '' : (this.cells[index] ?? '');
  }

  /**
   * The row's own customer records: the record of its customer_id; for a row without one, every
   * record holding its address for the channel (in file order). Empty when none is known.
   */
  get ownRecords(): readonly CustomerRecord[] {
    if (!this.ownRecordsValue) {
      // 0 and guest are no id (docs/inputs.md): such a row belongs to the person of its address.
      if (this.customerId !== null && !isNoCustomerId(this.customerId)) {
        const record = this.services.customer(this.customerId);
        this.ownRecordsValue = record ? [record] : [];
      } else {
        const address = this.address;
        this.ownRecordsValue = address ? this.services.customersByAddress(this.campaign.campaign, address) : [];
      }
    }
    return this.ownRecordsValue;
  }

  /** The row's customer record: of its customer_id, else the first holding its address. */
  get customer(): CustomerRecord | undefined {
    return this.ownRecords[0];
  }

  /** The row's person (docs/inputs.md): of its customer_id, else of its address for the channel. */
  get person(): Person | undefined {
    return this.customer?.person;
  }

  /** The row's address cell for the campaign's channel; '' when none. */
  get address(): string {
    const column = ADDRESS_COLUMN[this.campaign.campaign.channel];
    return column ? this.cell(column).trim() : '';
  }

  /** The person's loyalty at the campaign's send_at; undefined without a person. */
  get loyalty(): Loyalty | undefined {
    const person = this.person;
    if (!person) return undefined;
    this.loyaltyValue ??= this.services.loyalty.of(person, this.campaign.instant);
    return this.loyaltyValue;
  }

  /** The row's offers: its cells, else the campaign's (docs/inputs.md "Offer of a row"). */
  get offers(): OfferValue[] {
    if (!this.offersValue) {
      const offer = this.campaign.campaign.offer;
      const offers: OfferValue[] = [];
      const pctCell = numberCell(this.cell('discount_pct'));
      const pct = pctCell ?? offer.discountPct;
      if (pct !== undefined) offers.push({ kind: 'discount_pct', value: pct, fromCell: pctCell !== undefined });
      const amountCell = numberCell(this.cell('discount_amount'));
      const amount = amountCell ?? offer.discountAmount;
      if (amount !== undefined) {
        const currency = (this.cell('currency').trim() || offer.currency || '').toUpperCase();
        offers.push({ kind: `discount_amount:${currency}`, value: amount, fromCell: amountCell !== undefined });
      }
      this.offersValue = offers;
    }
    return this.offersValue;
  }

  /** The salutation the recipient sees: the `greeting` cell, else the rendered template. */
  get greeting(): string | undefined {
    return this.text('greeting');
  }

  /**
   * The row as it would be with the cell of `column` set to `value`, to see what a fix would change;
   * undefined when the audience has no such column.
   */
  withCell(column: string, value: string): AudienceRow | undefined {
    const index = this.header.indexOf(column);
    if (index < 0) return undefined;
    const cells = [...this.cells];
    cells[index] = value;
    return new AudienceRow(this.campaign, this.line, cells, this.header, this.services);
  }

  /** A message part as sent: the row's cell when non-empty, else the campaign's rendered template. */
  text(part: MessagePart): string | undefined {
    const cell = this.cell(part);
    if (cell.trim() !== '') return cell;
    if (!(part in this.rendered)) {
      this.rendered[part] = this.campaign.message.render(part, this.cells, this.campaign.templateColumns);
    }
    return this.rendered[part];
  }
}

function numberCell(text: string): number | undefined {
  const value = parseNumber(text);
  return typeof value === 'number' ? value : undefined;
}
