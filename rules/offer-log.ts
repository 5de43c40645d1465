// The offers that the rules comparing offers across rows (loyalty-inversion, inconsistent-offer)
// keep until their `end` hook: an entry per offer a row makes to a person, a row's offers adjacent
// and in the row's order, the kind as an id of `kinds`.

import { ColumnTable, StringIds, type Columns, type ColumnTypes } from '../src/engine/columns.js';
import type { AudienceRow, CampaignRun, RowRef } from '../src/engine/row.js';
import type { Person } from '../src/people/profiles.js';

const OFFER_COLUMNS = {
  campaign: Int32Array,
  line: Int32Array,
  person: Int32Array,
  kind: Int32Array,
  value: Float64Array,
  /** 1 when the row's own cell holds the offer, which a fix can then set. */
  fromCell: Int32Array,
};

export class OfferLog<Extra extends ColumnTypes = Record<never, never>> {
  readonly offers: ColumnTable<typeof OFFER_COLUMNS & Extra>;
  readonly kinds = new StringIds();

  /** `extra`: the columns a rule keeps beside each offer, filled by `add`'s `fill`. */
  constructor(extra?: Extra) {
    this.offers = new ColumnTable({ ...OFFER_COLUMNS, ...extra } as typeof OFFER_COLUMNS & Extra);
  }

  /** Logs each offer of `row` to `person`; `fill` sets the extra columns of each entry. */
  add(row: AudienceRow, person: Person, fill?: (columns: Columns<Extra>, entry: number) => void): void {
    for (const offer of row.offers) {
      const entry = this.offers.append(row);
      const columns = this.offers.columns as Columns<typeof OFFER_COLUMNS>;
      columns.campaign[entry] = row.campaign.index;
      columns.line[entry] = row.line;
      columns.person[entry] = person.index;
      columns.kind[entry] = this.kinds.id(offer.kind);
      columns.value[entry] = offer.value;
      columns.fromCell[entry] = offer.fromCell ? 1 : 0;
      fill?.(this.offers.columns as Columns<Extra>, entry);
    }
  }

  /** The audience row an entry came from. */
  rowOf(entry: number, campaigns: readonly CampaignRun[]): RowRef {
    const { campaign, line } = this.offers.columns as Columns<typeof OFFER_COLUMNS>;
    const { offers } = this;
    return {
      campaign: campaigns[campaign[entry]],
      line: line[entry],
      customerId: offers.customerId(entry),
      address: offers.address(entry),
    };
  }
}
