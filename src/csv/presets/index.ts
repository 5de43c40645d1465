// The presets that ship with campaign-preflight, one module per platform, each a table of the
// platform's exports (see ../preset.ts). Detection tries them in this order. They are checked
// against the preset schema as they load, as a team's own presets in a config file are.

import { presetSchema, type Preset } from '../preset.js';
import braze from './braze.js';
import brevo from './brevo.js';
import hubspot from './hubspot.js';
import klaviyo from './klaviyo.js';
import mailchimp from './mailchimp.js';
import sfmc from './sfmc.js';
import shopify from './shopify.js';
import woocommerce from './woocommerce.js';

export const BUILTIN_PRESETS: readonly Preset[] = presetSchema
  .array()
  .parse([...shopify, ...woocommerce, ...mailchimp, ...klaviyo, ...hubspot, ...braze, ...sfmc, ...brevo]);
