// Loads campaign files and finds the config file of each (docs/campaign-and-config.md), resolving
// every path they name. Paths are shown the way the user gave them: relative to the working folder
// when they were relative, absolute when they were absolute.

import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { isInside, projectRootOf, realPathInside, type ProjectRoot } from './project-root.js';
import { withPreset } from '../csv/preset.js';
import { BUILTIN_PRESETS } from '../csv/presets/index.js';
import { HISTORY_KINDS, type Campaign, type Config, type CsvSource, type HistorySources } from '../types.js';
import { campaignSchema } from './schema.js';
import { validate } from './validate.js';
import { fileRef, readYaml, toCsvSource, toHistory, statOrUndefined } from './source-files.js';

/** The config file `init` writes, and the first name searched for. */
export const CONFIG_FILE_NAME = 'campaign-preflight.config.yaml';

/** The names a config file found by searching may have; a folder may hold only one of them. */
export const CONFIG_FILE_NAMES = [CONFIG_FILE_NAME, 'campaign-preflight.config.yml', 'campaign-preflight.config.json'] as const;

/**
 * Finds the config for a campaign file: from its folder upward, stopping at the folder holding
 * `.git` (inclusive), the project root (inclusive) or the filesystem root; only the campaign's own
 * folder when it lies outside the project root. In each folder it looks for every name of
 * CONFIG_FILE_NAMES: two or more in one folder is an InputError naming them all. Undefined when
 * none. The path found is relative to `cwd` when `campaignPath` was, absolute otherwise.
 */
export async function findConfigFile(campaignPath: string, cwd: string, root?: ProjectRoot): Promise<string | undefined> {
  let folder = dirname(resolve(cwd, campaignPath));
  const inRoot = root === undefined || isInside(folder, root.path);
  const shown = (path: string) => (isAbsolute(campaignPath) ? path : relative(cwd, path));
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if ((await statOrUndefined(candidate))?.isFile()) found.push(shown(candidate));
    }
    if (found.length > 1) {
      throw new InputError(`${found.length} config files in one folder: ${found.join(', ')}`, { file: found[0] }, [
        'keep one of them: which one applies would otherwise depend on the order they are looked for',
      ]);
    }
    if (found.length === 1) return found[0];
    const parent = dirname(folder);
    if (parent === folder || !inRoot || folder === root?.path || (await statOrUndefined(join(folder, '.git')))) return undefined;
    folder = parent;
  }
}

/**
 * Loads and validates one campaign file; paths in it resolve relative to the file; history falls
 * back per source (customers/orders/contacts) to config.history. The files it names, and those a
 * config found by searching names, must lie inside `root`.
 */
export async function loadCampaign(path: string, cwd: string, config: Config, root?: ProjectRoot): Promise<Campaign> {
  const file = fileRef(path, cwd, cwd);
  const { value, locate } = await readYaml(file, 'campaign file');
  const spec = validate(campaignSchema, value ?? {}, locate, 'campaign');
  if (spec.history.postgres) {
    // A campaign file is the change under review: the database it reads is the config's to name.
    throw new InputError(
      'history.postgres: a campaign file may not name a database: name it in the config at the project root, or the one given with --config',
      locate(['history', 'postgres']),
    );
  }
  const ownHistory = toHistory(spec.history, file, cwd);
  const campaign: Campaign = {
    ...spec,
    ...file,
    audience: toCsvSource(spec.audience, file, cwd),
    history: {
      ...Object.fromEntries(
        HISTORY_KINDS.flatMap((kind) => {
          const source = ownHistory[kind] ?? config.history[kind];
          return source ? [[kind, source]] : [];
        }),
      ),
      ...((ownHistory.postgres ?? config.history.postgres) ? { postgres: ownHistory.postgres ?? config.history.postgres } : {}),
    },
    locate,
  };
  return checkSources(campaign, ownHistory, config, root ?? (await projectRootOf(file.path, cwd)));
}

/**
 * The campaign with each CSV source at its real path, once it is known to lie where it may and
 * to be a file. A problem is reported where the path was written, which is where the user fixes it.
 */
async function checkSources(
  campaign: Campaign,
  ownHistory: HistorySources,
  config: Config,
  root: ProjectRoot,
): Promise<Campaign> {
  const fromCampaign = { locate: campaign.locate, file: campaign.displayPath, root };
  const fromConfig = { locate: config.locate, file: config.displayPath, root: config.root };
  const check = async (
    source: CsvSource,
    keyPath: Array<string | number>,
    namedBy: typeof fromCampaign | typeof fromConfig,
  ): Promise<CsvSource> => {
    const where = namedBy.locate?.(keyPath) ?? { file: namedBy.file };
    const key = keyPath.join('.');
    const path = namedBy.root
      ? await realPathInside(source.path, namedBy.root, { key, given: source.displayPath, where })
      : source.path;
    const found = await statOrUndefined(path);
    if (!found?.isFile()) {
      const problem = !found ? 'file not found' : found.isDirectory() ? 'is a folder, not a CSV file' : 'is not a regular file';
      throw new InputError(`${key}: ${problem}: ${source.displayPath}`, where);
    }
    const kind = keyPath[0] === 'audience' ? 'audience' : (keyPath[1] as (typeof HISTORY_KINDS)[number]);
    // A suppression list is addresses and ids, a profiles table the tool's own: no platform export to recognise.
    if (kind === 'suppressions' || kind === 'profiles') return { ...source, path };
    const presetWhere = namedBy.locate?.([...keyPath, 'preset']) ?? where;
    return withPreset({ ...source, path }, kind, [...config.presets, ...BUILTIN_PRESETS], presetWhere);
  };
  for (const stand of ['postgres', 'profiles'] as const) {
    if (!campaign.history[stand]) continue;
    const namedBy = ownHistory[stand] ? fromCampaign : fromConfig;
    const where = namedBy.locate?.(['history', stand]) ?? { file: namedBy.file };
    const other = (['customers', 'orders', 'contacts', 'profiles'] as const).find(
      (kind) => kind !== stand && campaign.history[kind],
    );
    if (other) {
      throw new InputError(
        `history.${stand} stands for the customers, orders and contacts, and history.${other} is named too: ` +
          `name either ${stand === 'postgres' ? 'the database' : 'the profiles table'} or the history files`,
        where,
      );
    }
  }
  if (campaign.history.profiles) {
    const namedBy = ownHistory.profiles ? fromCampaign : fromConfig;
    const where = namedBy.locate?.(['history', 'profiles']) ?? { file: namedBy.file };
    if (campaign.history.profiles.length > 1) {
      throw new InputError('history.profiles is one table (docs/profiles-sql.md): name a single file', where);
    }
  }
  const history: HistorySources = {};
  for (const kind of HISTORY_KINDS) {
    const files = campaign.history[kind];
    if (!files) continue;
    const namedBy = ownHistory[kind] ? fromCampaign : fromConfig;
    // The key path of a file of a list ends in its index; a single file's, in the kind.
    history[kind] = await Promise.all(
      files.map((source, i) => check(source, files.length > 1 ? ['history', kind, i] : ['history', kind], namedBy)),
    );
  }
  if (campaign.history.postgres)
    history.postgres = { ...campaign.history.postgres, presets: [...config.presets, ...BUILTIN_PRESETS] };
  return { ...campaign, audience: await check(campaign.audience, ['audience'], fromCampaign), history };
}
