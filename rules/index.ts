// The built-in rules, by id. Each rule's documentation is rules/<id>/README.md.

import type { Rule } from '../src/engine/rule.js';
import brokenPersonalization from './broken-personalization/index.js';
import contactFatigue from './contact-fatigue/index.js';
import controlGroup from './control-group/index.js';
import duplicateRecipient from './duplicate-recipient/index.js';
import genericSalutation from './generic-salutation/index.js';
import inconsistentOffer from './inconsistent-offer/index.js';
import invalidAddress from './invalid-address/index.js';
import invalidValue from './invalid-value/index.js';
import lifeStageMismatch from './life-stage-mismatch/index.js';
import loyaltyInversion from './loyalty-inversion/index.js';
import noConsent from './no-consent/index.js';
import reactivationOfActive from './reactivation-of-active/index.js';
import reviewBeforeDelivery from './review-before-delivery/index.js';
import statedInterestIgnored from './stated-interest-ignored/index.js';
import unknownRecipient from './unknown-recipient/index.js';

export const builtinRules: readonly Rule[] = [
  brokenPersonalization,
  contactFatigue,
  controlGroup,
  duplicateRecipient,
  genericSalutation,
  inconsistentOffer,
  invalidAddress,
  invalidValue,
  lifeStageMismatch,
  loyaltyInversion,
  noConsent,
  reactivationOfActive,
  reviewBeforeDelivery,
  statedInterestIgnored,
  unknownRecipient,
];
