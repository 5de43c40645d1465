// The campaign file and the config file (SPEC §1.1, §1.3): zod schemas that read the snake_case
// YAML into the camelCase shapes of types.ts, and the translation of zod issues into InputErrors
// that name the file, line and column.

import { z } from 'zod';
import { closest, ProblemList, quoteText } from '../errors.js';
import { presetSchema } from '../csv/preset.js';
import { plural } from '../text.js';
import { CAMPAIGN_TYPES, CHANNELS } from '../types.js';
import type { IdentityConfig, RuleEntry } from '../types.js';
import type { YamlLocator } from './yaml.js';

const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const LINK_KEYS = ['person_id', 'email', 'phone', 'name_postal'] as const satisfies IdentityConfig['linkBy'];

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A value as the user would recognise it in a message. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return quoteText(value);
  return String(value);
}

/** `key: ` with nothing after it means the key is not set, the way a commented-out block reads. */
const nullAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? undefined, schema);
const optional = <T extends z.ZodType>(schema: T) => nullAsAbsent(schema.optional());

/** YAML reads `2026` or `true` as a number or boolean; where text is expected they mean their text. */
const scalarAsText = (value: unknown) =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
const text = z.preprocess(scalarAsText, z.string());
const nonEmptyText = z.preprocess(scalarAsText, z.string().min(1));
const textList = z.array(nonEmptyText);

/**
 * A mapping whose unknown keys are errors. Zod's issue keeps no link to the schema, so the
 * suggestions travel in its message: one line per key in `keys`, the closest known key or empty
 * (read by `problemsOf`). `expected` describes the mapping when the value is not one.
 */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T, expected?: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => closest(key, known) ?? '').join('\n');
      if (issue.code === 'invalid_type' && expected) return `expected ${expected}, got ${describe(issue.input)}`;
      return undefined;
    },
  });
}

function isUnique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch milliseconds of an ISO 8601 date or date-time; UTC unless it names an offset. */
export function parseIsoInstant(value: string): number | undefined {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = fields;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  const milliseconds = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  return Date.UTC(y, mo - 1, d, h, mi, s, milliseconds) - zoneOffsetMinutes(zone) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

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
    encoding: optional(
      z.string().refine(isEncoding, { error: (issue) => `unknown encoding ${describe(issue.input)}` }),
    ),
    columns: optional(z.record(z.string(), text)),
    values: optional(z.record(z.string(), z.record(z.string(), text))),
    date_format: optional(nonEmptyText),
    timezone: optional(
      z.string().refine(isTimeZone, {
        error: (issue) => `unknown IANA time zone ${describe(issue.input)} (e.g. Europe/Berlin)`,
      }),
    ),
    // A platform export's preset by name (SPEC §6); checked against the presets when the file is read.
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
const csvSource = z.preprocess(
  (value) => (typeof value === 'string' && value !== '' ? { path: value } : value),
  csvSourceObject,
);
export type CsvSourceSpec = z.output<typeof csvSource>;

/** One file, or a list of files whose records join one history (SPEC §6). */
const historyFiles = z
  .union([csvSource, z.array(csvSource).min(1, { error: 'a list of files needs at least one' })], {
    error: (issue) => `expected a file path, a mapping with a path, or a list of them, got ${describe(issue.input)}`,
  })
  .transform((files) => (Array.isArray(files) ? files : [files]));

const historySchema = strictObject({
  customers: optional(historyFiles),
  orders: optional(historyFiles),
  contacts: optional(historyFiles),
  suppressions: optional(historyFiles),
});

const severitySetting = z.enum(['off', 'warning', 'error']);

/** Only the shape: rule ids and their options are checked by the engine, which knows the rules. */
const ruleEntry = z.union([severitySetting, z.tuple([severitySetting, z.record(z.string(), z.unknown()).optional()])], {
  error: (issue) => `expected off, warning, error or [severity, { options }], got ${describe(issue.input)}`,
});
const rulesSchema = z.record(z.string(), ruleEntry.transform((entry): RuleEntry => entry));

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
  extends: optional(z.enum(['recommended', 'strict'])),
  history: nullAsAbsent(historySchema.prefault({})),
  identity: nullAsAbsent(identitySchema.prefault({})),
  loyalty: nullAsAbsent(loyaltySchema.prefault({})),
  run: nullAsAbsent(runSchema.prefault({})),
  rules: nullAsAbsent(rulesSchema.prefault({})),
  plugins: nullAsAbsent(z.array(nonEmptyText).default([])),
  // A team's own platform exports, in the form of the built-in presets (SPEC §6).
  presets: nullAsAbsent(z.array(presetSchema).default([])),
});
export type ConfigSpec = z.output<typeof configSchema>;

// ---------------------------------------------------------------------------------------------
// From zod issues to an InputError

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function oneOf(values: readonly unknown[]): string {
  const names = values.map(String);
  return names.length === 1 ? names[0] : `one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Messages for zod's own issues, used wherever a schema gives none; they never name the path. */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value': {
      const suggestion = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return `expected ${oneOf(issue.values)}, got ${describe(issue.input)}${hint}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const limit = small ? 'at least' : 'at most';
      if (issue.origin === 'array') return `must have ${limit} ${plural(bound, 'item')}`;
      if (issue.origin === 'string') {
        return small && bound === 1 ? 'must not be empty' : `must have ${limit} ${plural(bound, 'character')}`;
      }
      const relation = issue.inclusive ? limit : small ? 'greater than' : 'less than';
      return `must be ${relation} ${bound}, got ${describe(issue.input)}`;
    }
    default:
      return undefined;
  }
}

type Path = ReadonlyArray<PropertyKey>;

function pathText(path: Path): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i > 0 ? '.' : ''}${String(segment)}`))
    .join('');
}

interface Problem {
  message: string;
  /** A key that was not written: located at its parent, so listed after problems found where they are. */
  missing?: boolean;
  file: string;
  line?: number;
  column?: number;
}

/**
 * The problems an issue stands for. A failed union stands for its branch that got furthest (an
 * error inside `[warnin, {}]` is about its first item), or for itself when every branch failed at
 * the top; an unknown-keys issue stands for one problem per key.
 */
function problemsOf(issue: z.core.$ZodIssue, prefix: Path, label: string, locate: YamlLocator): Problem[] {
  const path = [...prefix, ...issue.path];
  const keyPath = path as Array<string | number>;
  const where = path.length > 0 ? pathText(path) : label;

  if (issue.code === 'invalid_union') {
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((inner) => inner.path.length));
    const furthest = issue.errors.reduce((best, branch) => (depth(branch) > depth(best) ? branch : best));
    if (depth(furthest) > 0) return furthest.flatMap((inner) => problemsOf(inner, path, label, locate));
  }
  if (issue.code === 'unrecognized_keys') {
    const suggestions = issue.message.split('\n');
    return issue.keys.map((key, i) => {
      const hint = suggestions[i] ? ` (did you mean "${suggestions[i]}"?)` : '';
      return { message: `unknown key ${quoteText(key)} in ${where}${hint}`, ...locate([...keyPath, key], 'key') };
    });
  }
  // YAML has no undefined: an undefined input is a key that was not written.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    const parent = path.slice(0, -1);
    const owner = parent.length > 0 ? pathText(parent) : label;
    const key = JSON.stringify(String(path[path.length - 1]));
    return [{ message: `missing required key ${key} in ${owner}`, missing: true, ...locate(keyPath, 'key') }];
  }
  return [{ message: `${where}: ${issue.message}`, ...locate(keyPath, 'value') }];
}

/**
 * Validates parsed YAML against a schema. Problems are reported in the order they appear in the
 * file, missing keys last: the first as the error, the others (up to MAX_LISTED_PROBLEMS) as its details.
 * `label` names the file's kind in messages ("campaign", "config").
 */
export function validate<T extends z.ZodType>(
  schema: T,
  data: unknown,
  locate: YamlLocator,
  label: string,
): z.output<T> {
  // reportInput keeps each issue's input, which tells a missing key from a wrong value.
  const result = schema.safeParse(data, { error: issueMessage, reportInput: true });
  if (result.success) return result.data;

  const problems = result.error.issues
    .flatMap((issue) => problemsOf(issue, [], label, locate))
    .sort(
      (a, b) =>
        Number(a.missing ?? false) - Number(b.missing ?? false) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0),
    );
  const list = new ProblemList();
  for (const problem of problems) list.add(problem);
  throw list.toError();
}
