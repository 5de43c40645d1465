// Requirements that several rules share (docs/report.md coverage): an offer and a message text may come
// from the campaign file or from the audience's own columns.

import type { DataNeed } from '../src/engine/rule.js';
import type { MessagePart } from '../src/engine/templates.js';
import type { Campaign } from '../src/types.js';

/** A row's offer: the campaign's, else the audience's discount columns; without either the rule does not apply. */
export function offerNeed(campaign: Campaign): DataNeed[] {
  const { discountPct, discountAmount } = campaign.offer;
  if (discountPct !== undefined || discountAmount !== undefined) return [];
  return [
    {
      file: 'audience',
      columns: ['discount_pct', 'discount_amount'],
      match: 'any',
      otherwise: 'not-applicable',
      for: 'and the campaign offers no discount',
    },
  ];
}

/** A message text: the campaign's template, else the audience's column; without either the rule does not apply. */
export function textNeed(campaign: Campaign, part: MessagePart): DataNeed[] {
  if (campaign.message[part] !== undefined) return [];
  return [{ file: 'audience', columns: [part], otherwise: 'not-applicable', for: `and the campaign has no message.${part}` }];
}
