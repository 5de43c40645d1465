// Presets (docs/inputs.md): how a platform's export reads as our contract, as data. A preset names the
// file kind it is for, the headers that identify the export, which of its headers stand for each
// canonical column, its value vocabularies and its date format. Without `columns:` or `values:`, a
// file whose header has every `detect` header is read with that preset; `preset: <name>` picks one
// by name, and `columns:`/`values:` given beside it win over its own.

import { z } from 'zod';
import { closest, InputError, quoteText, type ErrorLocation } from '../errors.js';
import type { CsvSource } from '../types.js';
import { COLUMNS_OF_KIND, normalizeName } from './columns.js';
import { isParquetFile } from '../places.js';
import { readHeaderNames } from './header-line.js';

export const PRESET_FILE_KINDS = ['audience', 'customers', 'orders', 'contacts'] as const;
export type PresetFileKind = (typeof PRESET_FILE_KINDS)[number];

/**
 * A column worked out from others of the same line, for what a header mapping cannot say: a name
 * split out of a full name, a status from several columns, a date some days after another.
 */
export const derivationSchema = z.union([
  z.object({ split_name: z.string().min(1), part: z.enum(['first', 'last']) }).strict(),
  z
    .object({
      cases: z
        .array(
          z
            .object({
              column: z.string().min(1),
              /**
               * The case holds when the cell is non-empty (`present`), is one of these values (`in`),
               * or holds one of these words (`contains`: a list written in one cell); case ignored.
               */
              present: z.literal(true).optional(),
              in: z.array(z.string()).min(1).optional(),
              contains: z.array(z.string().min(1)).min(1).optional(),
              value: z.string(),
            })
            .strict()
            .refine((entry) => [entry.present, entry.in, entry.contains].filter((test) => test !== undefined).length === 1, {
              message: 'a case has one of present, in and contains',
            }),
        )
        .min(1),
      otherwise: z.string().optional(),
    })
    .strict(),
  z.object({ add_days: z.object({ column: z.string().min(1), days: z.number().int().min(0) }).strict() }).strict(),
  /** The first of these columns that holds an id: not empty, 0 or guest (a guest order's email after its user id). */
  z.object({ first_id_of: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type Derivation = z.infer<typeof derivationSchema>;

export const presetSchema = z
  .object({
    /** Lower-case kebab-case, e.g. `shopify-customers`. */
    name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    /** The platform as its users call it: `Shopify`. */
    platform: z.string().min(1),
    file: z.enum(PRESET_FILE_KINDS),
    /** Headers (case and surrounding blanks ignored) that the export always has and others rarely do. */
    detect: z.array(z.string().min(1)).min(1),
    /** Canonical column -> the export's header, or several: the first the file has is read. */
    columns: z.record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])),
    /** Canonical column -> { their value: ours } (values compared case-insensitively, trimmed). */
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    /**
     * A canonical column whose value, repeated on consecutive lines, makes them line items of one
     * record (an orders export with a line per item): only the first line, which carries the order's
     * own cells, is read.
     */
    line_items: z.string().min(1).optional(),
    /** Canonical columns the export has no header for, worked out from its others (see derivationSchema). */
    derive: z.record(z.string(), derivationSchema).optional(),
    /** The export's date format when not ISO 8601 (the `date_format` tokens). */
    date_format: z.string().min(1).optional(),
    /** Where the export's headers are documented. */
    source: z.string().min(1),
  })
  .strict()
  .superRefine((preset, context) => {
    const canonical: readonly string[] = COLUMNS_OF_KIND[preset.file];
    if (preset.line_items !== undefined && !canonical.includes(preset.line_items)) {
      context.addIssue({
        code: 'custom',
        path: ['line_items'],
        message: `${preset.line_items} is not a column of a ${preset.file} file`,
      });
    }
    for (const column of Object.keys(preset.derive ?? {})) {
      if (column in preset.columns) {
        context.addIssue({
          code: 'custom',
          path: ['derive', column],
          message: `${column} is both mapped in columns and derived`,
        });
      }
    }
    for (const key of ['columns', 'values', 'derive'] as const) {
      for (const column of Object.keys(preset[key] ?? {})) {
        if (!canonical.includes(column)) {
          context.addIssue({
            code: 'custom',
            path: [key, column],
            message: `${column} is not a column of a ${preset.file} file (${canonical.join(', ')})`,
          });
        }
      }
    }
  });

export type Preset = z.infer<typeof presetSchema>;

/** Whether a header has every `detect` header of the preset. */
export function presetMatches(preset: Preset, header: readonly string[]): boolean {
  const names = new Set(header.map(normalizeName));
  return preset.detect.every((name) => names.has(normalizeName(name)));
}

/** The preset's columns that the header has: canonical -> the first of its headers the file holds. */
export function presetColumns(preset: Preset, header: readonly string[]): Record<string, string> {
  const byKey = new Map(header.map((name) => [normalizeName(name), name]));
  const columns: Record<string, string> = {};
  for (const [canonical, theirs] of Object.entries(preset.columns)) {
    const found = (Array.isArray(theirs) ? theirs : [theirs])
      .map((name) => byKey.get(normalizeName(name)))
      .find((name) => name !== undefined);
    if (found !== undefined) columns[canonical] = found;
  }
  return columns;
}

/**
 * The source as it is read: with the preset it names, or else — when it has neither `columns:` nor
 * `values:` — with the first preset of its kind whose `detect` headers its header has. The
 * preset's columns, values and date format fill what the source does not say itself.
 */
export async function withPreset(
  source: CsvSource,
  kind: PresetFileKind,
  presets: readonly Preset[],
  where: ErrorLocation,
): Promise<CsvSource> {
  const named = source.preset;
  if (named === undefined && (source.columns !== undefined || source.values !== undefined)) return source;
  const ofKind = presets.filter((preset) => preset.file === kind);
  let preset: Preset | undefined;
  if (named !== undefined) {
    preset = ofKind.find((candidate) => candidate.name === named);
    if (!preset) {
      const suggestion = closest(
        named,
        ofKind.map((candidate) => candidate.name),
      );
      throw new InputError(`preset ${quoteText(named)} is not a preset for a ${kind} file`, where, [
        suggestion
          ? `did you mean "${suggestion}"?`
          : `presets for ${kind} files: ${ofKind.map((candidate) => candidate.name).join(', ') || 'none'}`,
      ]);
    }
  }
  const header = isParquetFile(source.path)
    ? await (await import('../parquet/read.js')).parquetColumnNames(source)
    : await readHeaderNames(source);
  return presetApplied(source, preset ?? ofKind.find((candidate) => presetMatches(candidate, header)), header);
}

/**
 * A source with a header (a file's, or a database table's columns): with the preset, whose columns
 * (those the header has), values and date format fill what the source does not say itself.
 */
export function presetApplied(source: CsvSource, preset: Preset | undefined, header: readonly string[]): CsvSource {
  if (!preset) return source;
  const values = { ...preset.values };
  for (const [column, mapping] of Object.entries(source.values ?? {})) values[column] = { ...values[column], ...mapping };
  return {
    ...source,
    columns: { ...presetColumns(preset, header), ...source.columns },
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...((source.dateFormat ?? preset.date_format) !== undefined ? { dateFormat: source.dateFormat ?? preset.date_format } : {}),
    ...(preset.line_items !== undefined ? { lineItemsOf: preset.line_items } : {}),
    ...(preset.derive !== undefined ? { derive: preset.derive } : {}),
    preset: preset.name,
  };
}
