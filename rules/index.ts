// The built-in rules, by id. Each rule's documentation is rules/<id>/README.md.

import type { Rule } from '../src/engine/rule.js';
import genericSalutation from './generic-salutation/index.js';
import lifeStageMismatch from './life-stage-mismatch/index.js';
import loyaltyInversion from './loyalty-inversion/index.js';
import reviewBeforeDelivery from './review-before-delivery/index.js';

export const builtinRules: readonly Rule[] = [
  genericSalutation,
  lifeStageMismatch,
  loyaltyInversion,
  reviewBeforeDelivery,
];
