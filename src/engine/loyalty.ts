// Loyalty bands (docs/inputs.md): by orders counted at send_at, or by the highest tier among the records.

import type { Person } from '../people/profiles.js';
import type { LoyaltyConfig } from '../types.js';

export interface Loyalty {
  /** 0 is the lowest band. */
  band: number;
  /** e.g. "0–1 orders", "5+ orders", "gold tier". */
  label: string;
  /** Orders counted at send_at (whatever the measure). */
  orders: number;
}

export class LoyaltyScale {
  private readonly labels: string[];

  readonly measure: LoyaltyConfig['measure'];

  constructor(private readonly config: LoyaltyConfig) {
    this.measure = config.measure;
    this.labels = config.measure === 'tier' ? config.tiers.map((tier) => `${tier} tier`) : bandLabels(config.bands);
  }

  of(person: Person, instant: number): Loyalty {
    const orders = person.orderCounts[instant] ?? 0;
    const band = this.config.measure === 'tier' ? this.tierBand(person) : this.orderBand(orders);
    return { band, label: this.labels[band] ?? 'no tier', orders };
  }

  label(band: number): string {
    return this.labels[band] ?? 'no tier';
  }

  private orderBand(orders: number): number {
    let band = 0;
    for (const lowerBound of this.config.bands) if (orders >= lowerBound) band++;
    return band;
  }

  /** The highest of the person's tiers; -1 when none of its records names a known tier. */
  private tierBand(person: Person): number {
    const tiers = this.config.tiers.map((tier) => tier.toLowerCase());
    let band = -1;
    for (const tier of person.loyaltyTiers) band = Math.max(band, tiers.indexOf(tier.toLowerCase()));
    return band;
  }
}

function bandLabels(bounds: number[]): string[] {
  const starts = [0, ...bounds];
  return starts.map((start, i) => {
    const next = starts[i + 1];
    if (next === undefined) return `${start}+ orders`;
    return next - 1 === start ? `${start} orders` : `${start}–${next - 1} orders`;
  });
}
