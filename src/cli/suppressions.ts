// Bulk suppressions, as ESLint's eslint-suppressions.json: a committed file of counts per campaign
// file and rule, `{ "<campaign file, relative to this file>": { "<rule id>": { "count": n } } }`.
// The check suppresses a campaign's errors of a rule when there are no more of them than the count
// (docs/cli.md); --suppress-all and --suppress-rule write the file, --prune-suppressions lowers it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkJsonSyntax } from '../config/json.js';
import { InputError } from '../errors.js';
import { compareText } from '../text.js';
import { StagedFiles } from '../staged-files.js';

export const DEFAULT_SUPPRESSIONS_FILE = 'campaign-preflight-suppressions.json';

/** Campaign file (absolute) → rule id → count. */
export type SuppressionCounts = Map<string, Map<string, number>>;

/** The suppressions file's counts, keyed by absolute campaign path; undefined when the file does not exist. */
export async function readSuppressions(file: string): Promise<SuppressionCounts | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  checkJsonSyntax(text, file);
  const value: unknown = text.trim() === '' ? {} : JSON.parse(text.replace(/^\uFEFF/, ''));
  const shape = (what: string) =>
    new InputError(`${file}: ${what}`, { file }, [
      'the file holds { "<campaign file>": { "<rule id>": { "count": <whole number> } } }',
    ]);
  if (!isObject(value)) throw shape('the suppressions file must be a JSON object');
  const counts: SuppressionCounts = new Map();
  const base = path.dirname(file);
  for (const [campaignFile, rules] of Object.entries(value)) {
    if (!isObject(rules)) throw shape(`"${campaignFile}" must map rule ids to { "count": n }`);
    const byRule = new Map<string, number>();
    for (const [ruleId, entry] of Object.entries(rules)) {
      const count = isObject(entry) ? entry.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw shape(`"${campaignFile}" → "${ruleId}" must be { "count": <whole number, 0 or more> }`);
      }
      byRule.set(ruleId, count);
    }
    counts.set(path.resolve(base, campaignFile), byRule);
  }
  return counts;
}

/** Writes the counts whole or not at all, campaign files relative to the file, sorted, zeros dropped. */
export async function writeSuppressions(file: string, counts: SuppressionCounts): Promise<void> {
  const base = path.dirname(file);
  const entries = [...counts]
    .map(([campaign, byRule]) => {
      const relative = path.relative(base, campaign).split(path.sep).join('/');
      const rules = [...byRule].filter(([, count]) => count > 0).sort(([a], [b]) => compareText(a, b));
      return [relative, Object.fromEntries(rules.map(([ruleId, count]) => [ruleId, { count }]))] as const;
    })
    .filter(([, rules]) => Object.keys(rules).length > 0)
    .sort(([a], [b]) => compareText(a, b));
  const staged = new StagedFiles();
  try {
    const handle = await staged.open(file);
    try {
      await handle.writeFile(`${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
    } finally {
      await handle.close();
    }
    await staged.commit();
  } finally {
    await staged.discard();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
