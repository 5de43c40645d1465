// The presets that ship with campaign-preflight, one module per platform, each a table of the
// platform's exports (see ../preset.ts). Detection tries them in this order.

import type { Preset } from '../preset.js';

export const BUILTIN_PRESETS: readonly Preset[] = [];
