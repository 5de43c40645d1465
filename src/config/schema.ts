// The campaign file and the config file (docs/campaign-and-config.md): zod schemas that read the snake_case
// YAML into the camelCase shapes of types.ts (validate.ts turns their issues into InputErrors).

import { z } from 'zod';
import { presetSchema } from '../csv/preset.js';
import { closest } from '../errors.js';
import { isParquetFile } from '../places.js';
import { SEVERITY_FORMS, severityOf } from './severity.js';
import { parseIsoInstant } from '../time.js';
import { CAMPAIGN_TYPES, CHANNELS, HISTORY_ENGINES } from '../types.js';
import type { IdentityConfig, RowSuppression, RuleEntry } from '../types.js';
import {
  describe,
  isEncoding,
  isTimeZone,
  isUnique,
  nonEmptyText,
  nullAsAbsent,
  optional,
  scalarAsText,
  strictObject,
  text,
  textList,
} from './schema-blocks.js';

const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const LINK_KEYS = ['person_id', 'email', 'phone', 'name_postal'] as const satisfies IdentityConfig['linkBy'];

const SEND_AT_EXPECTED = 'an ISO 8601 date or date-time such as 2026-12-01 or 2026-12-01T09:00:00Z';

const sendAt = z
  .string({ error: (issue) => `expected ${SEND_AT_EXPECTED}, got ${describe(issue.input)}` })
  .transform((value, context) => {
    const instant = parseIsoInstant(value);
    if (instant === undefined) {
      context.addIssue({ code: 'custom', message: `expected ${SEND_AT_EXPECTED}, got ${describe(value)}` });
      return z.NEVER;
    }
    return instant;
  });

// ---------------------------------------------------------------------------------------------
// Shared sections

const csvSourceObject = strictObject(
  {
    path: nonEmptyText,
    delimiter: optional(
      z
        .string()
        .length(1, { error: (issue) => `must be a single character, got ${describe(issue.input)}` })
        // Quotes and line breaks already mean something in a CSV file.
        .refine((delimiter) => !['"', '\n', '\r'].includes(delimiter), {
          error: (issue) => `cannot be a quote or a line break, got ${describe(issue.input)}`,
        }),
    ),
    encoding: optional(z.string().refine(isEncoding, { error: (issue) => `unknown encoding ${describe(issue.input)}` })),
    columns: optional(z.record(z.string(), text)),
    values: optional(z.record(z.string(), z.record(z.string(), text))),
    date_format: optional(nonEmptyText),
    timezone: optional(
      z.string().refine(isTimeZone, {
        error: (issue) => `unknown IANA time zone ${describe(issue.input)} (e.g. Europe/Berlin)`,
      }),
    ),
    // A platform export's preset by name (docs/campaign-and-config.md); checked against the presets when the file is read.
    preset: optional(nonEmptyText),
  },
  'a file path or a mapping with a path',
).transform((source) => ({
  path: source.path,
  delimiter: source.delimiter,
  encoding: source.encoding,
  columns: source.columns,
  values: source.values,
  dateFormat: source.date_format,
  timezone: source.timezone,
  preset: source.preset,
}));

/** A CSV source as written: a path, or a mapping with the path and how to read it. The path is not resolved yet. */
const csvSource = z.preprocess((value) => (typeof value === 'string' && value !== '' ? { path: value } : value), csvSourceObject);
export type CsvSourceSpec = z.output<typeof csvSource>;

/** One file, or a list of files whose records join one history (docs/campaign-and-config.md). */
const historyFiles = z
  .union([csvSource, z.array(csvSource).min(1, { error: 'a list of files needs at least one' })], {
    error: (issue) => `expected a file path, a mapping with a path, or a list of them, got ${describe(issue.input)}`,
  })
  .superRefine((files, context) => {
    // A Parquet file's schema says how its values are stored: a CSV setting on one is a mistake, not a no-op.
    for (const [index, source] of (Array.isArray(files) ? files : [files]).entries()) {
      if (!isParquetFile(source.path)) continue;
      for (const key of ['encoding', 'delimiter'] as const) {
        if (source[key] === undefined) continue;
        context.addIssue({
          code: 'custom',
          path: Array.isArray(files) ? [index, key] : [key],
          message: `${key} is a setting of CSV files, and ${source.path} is a Parquet file, which says how its values are stored itself: remove it`,
        });
      }
    }
  })
  .transform((files) => (Array.isArray(files) ? files : [files]));

const historyKinds = {
  customers: optional(historyFiles),
  orders: optional(historyFiles),
  contacts: optional(historyFiles),
  suppressions: optional(historyFiles),
  profiles: optional(historyFiles),
};
/** A table in PostgreSQL: `table` or `schema.table`, letters, digits and underscores. */
const postgresTable = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, {
  error: (issue) => `expected a table name such as crm.customers, got ${describe(issue.input)}`,
});
const postgresTables = z.union([postgresTable, z.array(postgresTable).min(1)]);
const columnMap = z.record(nonEmptyText, nonEmptyText);
const postgresSchema = strictObject({
  url: z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, {
    error: (issue) =>
      `expected env:NAME, the environment variable that holds the connection URL (a URL and its password are never written in a file), got ${describe(issue.input)}`,
  }),
  // A kind's several tables (a platform's several exports) are one history, as several files are.
  tables: strictObject({ customers: postgresTables, orders: optional(postgresTables), contacts: optional(postgresTables) }),
  columns: nullAsAbsent(
    strictObject({ customers: optional(columnMap), orders: optional(columnMap), contacts: optional(columnMap) }).prefault({}),
  ),
}).transform((postgres) => ({
  urlVariable: postgres.url.slice('env:'.length),
  tables: postgres.tables,
  columns: postgres.columns,
}));
export type PostgresSpec = z.output<typeof postgresSchema>;

const historySchema = strictObject({ ...historyKinds, postgres: optional(postgresSchema) });
/** A config file's history: its files, and who reads orders and contacts (docs/cli.md#history-engine). */
const configHistorySchema = strictObject({
  ...historyKinds,
  postgres: optional(postgresSchema),
  engine: optional(z.enum(HISTORY_ENGINES)),
});

/** `off`, `warning`, `error`, or ESLint's `warn`, `0`, `1`, `2`: read as ours (config/severity.ts). */
const severitySetting = z.preprocess(
  (value) => severityOf(value) ?? value,
  z.enum(['off', 'warning', 'error'], {
    error: (issue) => `expected one of ${SEVERITY_FORMS}, got ${describe(issue.input)}${suggestion(issue.input)}`,
  }),
);

function suggestion(input: unknown): string {
  const near = typeof input === 'string' ? closest(input, ['off', 'warn', 'warning', 'error']) : undefined;
  return near ? ` (did you mean "${near}"?)` : '';
}

/** Only the shape: rule ids and their options are checked by the engine, which knows the rules. */
const ruleEntry = z.union([severitySetting, z.tuple([severitySetting, z.record(z.string(), z.unknown()).optional()])], {
  error: (issue) => `expected ${SEVERITY_FORMS.replace(' or ', ', ')} or [severity, { options }], got ${describe(issue.input)}`,
});
const rulesSchema = z.record(
  z.string(),
  ruleEntry.transform((entry): RuleEntry => entry),
);

// ---------------------------------------------------------------------------------------------
// Campaign file

const offerSchema = strictObject({
  discount_pct: optional(z.number().min(0).max(100)),
  discount_amount: optional(z.number().min(0)),
  currency: optional(nonEmptyText),
  categories: optional(textList),
  excludes_categories: optional(textList),
  life_stages: optional(textList),
  age_range: optional(
    z
      .tuple([z.number().min(0), z.number().min(0)])
      .refine(([lowest, highest]) => lowest <= highest, 'the lowest age must not exceed the highest'),
  ),
}).transform((offer) => ({
  discountPct: offer.discount_pct,
  discountAmount: offer.discount_amount,
  currency: offer.currency,
  categories: offer.categories,
  excludesCategories: offer.excludes_categories,
  lifeStages: offer.life_stages,
  ageRange: offer.age_range,
}));

const controlGroupSchema = strictObject({
  column: nullAsAbsent(nonEmptyText.default('group')),
  control_values: z.array(nonEmptyText).min(1),
  baseline_conversion: nullAsAbsent(z.number().gt(0).lt(1).default(0.05)),
  min_detectable_uplift: nullAsAbsent(z.number().gt(0).default(0.2)),
})
  .superRefine((group, context) => {
    if (group.baseline_conversion * (1 + group.min_detectable_uplift) >= 1) {
      context.addIssue({
        code: 'custom',
        path: ['min_detectable_uplift'],
        message: 'baseline_conversion × (1 + min_detectable_uplift) must stay below 1',
      });
    }
  })
  .transform((group) => ({
    column: group.column,
    controlValues: group.control_values,
    baselineConversion: group.baseline_conversion,
    minDetectableUplift: group.min_detectable_uplift,
  }));

const UNTIL_EXPECTED = 'a date such as 2026-12-31';

/** A row suppression (docs/campaign-and-config.md#suppress): a rule's finding on one row, accepted with a reason until a date. */
const rowSuppressionSchema = strictObject({
  rule: nonEmptyText,
  customer_id: optional(nonEmptyText),
  line: optional(z.int().positive()),
  reason: nonEmptyText,
  until: z
    .string({ error: (issue) => `expected ${UNTIL_EXPECTED}, got ${describe(issue.input)}` })
    .transform((value, context) => {
      const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseIsoInstant(value) : undefined;
      if (instant === undefined) {
        context.addIssue({ code: 'custom', message: `expected ${UNTIL_EXPECTED}, got ${describe(value)}` });
        return z.NEVER;
      }
      return { date: value, instant };
    }),
})
  .superRefine((entry, context) => {
    if ((entry.customer_id === undefined) === (entry.line === undefined)) {
      context.addIssue({ code: 'custom', message: 'give customer_id or line (of the audience file), one of them' });
    }
  })
  .transform((entry): RowSuppression => ({
    ruleId: entry.rule,
    ...(entry.customer_id !== undefined ? { customerId: entry.customer_id } : {}),
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    reason: entry.reason,
    until: entry.until.date,
    untilInstant: entry.until.instant,
  }));

const messageSchema = strictObject({
  subject: optional(text),
  greeting: optional(text),
  body: optional(text),
});

export const campaignSchema = strictObject({
  id: z.preprocess(
    scalarAsText,
    z.string().regex(CAMPAIGN_ID_PATTERN, {
      error: (issue) =>
        `expected lower-case letters, digits, ".", "_" or "-", starting with a letter or digit, ` +
        `got ${describe(issue.input)}`,
    }),
  ),
  name: optional(text),
  type: z.enum(CAMPAIGN_TYPES),
  channel: z.enum(CHANNELS),
  send_at: sendAt,
  brand: optional(nonEmptyText),
  audience: csvSource,
  history: nullAsAbsent(historySchema.prefault({})),
  message: nullAsAbsent(messageSchema.prefault({})),
  offer: nullAsAbsent(offerSchema.prefault({})),
  control_group: optional(controlGroupSchema),
  rules: nullAsAbsent(rulesSchema.prefault({})),
  suppress: optional(z.array(rowSuppressionSchema)),
}).transform((campaign) => ({
  id: campaign.id,
  name: campaign.name,
  type: campaign.type,
  channel: campaign.channel,
  sendAt: campaign.send_at,
  brand: campaign.brand,
  audience: campaign.audience,
  history: campaign.history,
  message: campaign.message,
  offer: campaign.offer,
  controlGroup: campaign.control_group,
  rules: campaign.rules,
  ...(campaign.suppress !== undefined ? { suppress: campaign.suppress } : {}),
}));

// ---------------------------------------------------------------------------------------------
// Config file

const identitySchema = strictObject({
  link_by: nullAsAbsent(
    z
      .array(z.enum(LINK_KEYS))
      .refine(isUnique, 'lists a key twice')
      .default([...LINK_KEYS]),
  ),
}).transform((identity): IdentityConfig => ({ linkBy: identity.link_by }));

const loyaltySchema = strictObject({
  measure: nullAsAbsent(z.enum(['orders', 'tier']).default('orders')),
  bands: nullAsAbsent(
    z
      .array(z.int().positive())
      .superRefine((bands, context) => {
        const index = bands.findIndex((band, i) => i > 0 && band <= bands[i - 1]);
        if (index > 0) {
          context.addIssue({
            code: 'custom',
            path: [index],
            message: 'must be greater than the band before it (bands increase, e.g. [2, 5])',
          });
        }
      })
      .default([2, 5]),
  ),
  tiers: nullAsAbsent(z.array(nonEmptyText).refine(isUnique, 'lists a tier twice').default([])),
}).superRefine((loyalty, context) => {
  if (loyalty.measure === 'tier' && loyalty.tiers.length === 0) {
    context.addIssue({
      code: 'custom',
      path: ['tiers'],
      message: 'required with measure: tier (the tiers from lowest to highest)',
    });
  }
});

const runSchema = strictObject({
  window_days: nullAsAbsent(z.int().positive().default(31)),
}).transform((run) => ({ windowDays: run.window_days }));

export const configSchema = strictObject({
  // A preset (recommended, strict), a config file's path or a package's name, or a list of them.
  extends: optional(
    z.union([nonEmptyText, z.array(nonEmptyText)]).transform((entries) => (Array.isArray(entries) ? entries : [entries])),
  ),
  history: nullAsAbsent(configHistorySchema.prefault({})),
  identity: nullAsAbsent(identitySchema.prefault({})),
  loyalty: nullAsAbsent(loyaltySchema.prefault({})),
  run: nullAsAbsent(runSchema.prefault({})),
  rules: nullAsAbsent(rulesSchema.prefault({})),
  plugins: nullAsAbsent(z.array(nonEmptyText).default([])),
  // A team's own platform exports, in the form of the built-in presets (docs/campaign-and-config.md).
  presets: nullAsAbsent(z.array(presetSchema).default([])),
  // Campaign files to skip, as ESLint's ignores: globs relative to the config file's folder.
  ignores: nullAsAbsent(z.array(nonEmptyText).default([])),
});
export type ConfigSpec = z.output<typeof configSchema>;
