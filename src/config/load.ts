// Finds and loads campaign files and config files (docs/campaign-and-config.md, docs/cli.md), resolving every path
// they name. Paths are shown the way the user gave them: relative to the working folder when
// they were relative, absolute when they were absolute.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { createRequire } from 'node:module';
import { closest, InputError, quoteText, UsageError, type ErrorLocation } from '../errors.js';
import { isInside, projectRootOf, realPathInside, type ProjectRoot } from './project-root.js';
import { withPreset } from '../csv/preset.js';
import { BUILTIN_PRESETS } from '../csv/presets/index.js';
import { HISTORY_KINDS, type Campaign, type Config, type CsvSource, type HistorySources } from '../types.js';
import { campaignSchema, configSchema } from './schema.js';
import { validate } from './validate.js';
import type { ConfigSpec, CsvSourceSpec } from './schema.js';
import { ignoreMatcher } from './ignore.js';
import { checkJsonSyntax } from './json.js';
import { parseYaml } from './yaml.js';
import type { YamlLocator } from './yaml.js';

/** The config file `init` writes, and the first name searched for. */
export const CONFIG_FILE_NAME = 'campaign-preflight.config.yaml';

/** The names a config file found by searching may have; a folder may hold only one of them. */
export const CONFIG_FILE_NAMES = [CONFIG_FILE_NAME, 'campaign-preflight.config.yml', 'campaign-preflight.config.json'] as const;

const CAMPAIGN_FILE_PATTERN = /^(?:campaign|.+\.campaign)\.ya?ml$/;

/** A file named by the user or by another file: where it is, and how to show it. */
interface FileRef {
  path: string;
  displayPath: string;
}

/** `given` resolved against `base`; shown relative to `cwd` unless it or the file naming it was absolute. */
function fileRef(given: string, base: string, cwd: string, shownAbsolute = false): FileRef {
  const path = resolve(base, given);
  return { path, displayPath: shownAbsolute || isAbsolute(given) ? path : relative(cwd, path) || '.' };
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Reads and parses a YAML file, or a JSON file when its name ends in `.json`; `kind` names what it
 * should be, for errors ("campaign file").
 */
async function readYaml(file: FileRef, kind: string) {
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isMissing(error)) throw new InputError(`${kind} not found`, { file: file.displayPath });
    if (code === 'EISDIR') throw new InputError(`is a folder, not a ${kind}`, { file: file.displayPath });
    throw new InputError(`cannot read ${kind}: ${(error as Error).message}`, { file: file.displayPath });
  }
  // JSON is YAML 1.2: once the text is known to be JSON and nothing more, YAML reads it and locates its keys.
  if (file.path.toLowerCase().endsWith('.json')) checkJsonSyntax(text, file.displayPath);
  return parseYaml(text, file.displayPath);
}

function toCsvSource(spec: CsvSourceSpec, namedBy: FileRef, cwd: string): CsvSource {
  const { path: given, ...howToRead } = spec;
  return {
    ...fileRef(given, dirname(namedBy.path), cwd, isAbsolute(namedBy.displayPath)),
    ...howToRead,
    namedIn: namedBy.displayPath,
  };
}

type HistorySpecs = Partial<Record<(typeof HISTORY_KINDS)[number], CsvSourceSpec[]>>;

function toHistory(specs: HistorySpecs, namedBy: FileRef, cwd: string): HistorySources {
  const history: HistorySources = {};
  for (const kind of HISTORY_KINDS) {
    const files = specs[kind];
    if (files) history[kind] = files.map((spec) => toCsvSource(spec, namedBy, cwd));
  }
  return history;
}

/** The config a spec stands for; `file` is the config file it was read from, when there was one. */
function toConfig(spec: ConfigSpec, file?: FileRef & { locate: YamlLocator; cwd: string }): Config {
  const config: Config = {
    // The preset; files and packages extended are merged in by loadConfigLayer.
    extends: spec.extends?.findLast((entry): entry is 'recommended' | 'strict' => (PRESETS as readonly string[]).includes(entry)),
    history: {},
    identity: spec.identity,
    loyalty: spec.loyalty,
    run: spec.run,
    rules: spec.rules,
    plugins: spec.plugins,
    presets: spec.presets,
    ignores: spec.ignores,
  };
  if (!file) return config;
  const folder = dirname(file.path);
  return {
    ...config,
    path: file.path,
    displayPath: file.displayPath,
    history: toHistory(spec.history, file, file.cwd),
    // Paths are relative to the config file; anything else is a package name.
    plugins: spec.plugins.map((plugin) => (plugin.startsWith('.') || isAbsolute(plugin) ? resolve(folder, plugin) : plugin)),
    locate: file.locate,
  };
}

/** Whether the config's `ignores:` skip a campaign file (an absolute path). */
export function ignoredByConfig(config: Config, campaignFile: string): boolean {
  if (config.path === undefined) return false;
  const lists = config.ignoreLists ?? [{ base: dirname(config.path), patterns: config.ignores }];
  return lists.some(({ base, patterns }) => patterns.length > 0 && ignoreMatcher(patterns, base)(campaignFile));
}

/** The config used when no file exists. */
export function defaultConfig(): Config {
  return toConfig(configSchema.parse({}));
}

/**
 * Loads a config file — missing file is an InputError. `root` is given for a config found by
 * searching: what it names must lie inside the root, and it may load plugins only when it is the
 * config at the root itself (a folder below is one that a pull request can add). The config files
 * it `extends` are read as it is, merged under it (see mergeConfigs).
 */
export async function loadConfigFile(path: string, cwd: string, root?: ProjectRoot): Promise<Config> {
  const file = fileRef(path, cwd, cwd);
  if (root) {
    file.path = await realPathInside(file.path, root, {
      key: 'config file',
      given: file.displayPath,
      where: { file: file.displayPath },
    });
  }
  // Plugins are code: only the config given with --config, or the one at the root, may load them.
  const trusted = root === undefined || dirname(file.path) === root.real;
  return (await loadConfigLayer(file, cwd, root, { trusted, chain: [] })).config;
}

/** A config as read, and the top-level keys its file sets (with a value). */
interface ConfigLayer {
  config: Config;
  written: ReadonlySet<string>;
}

const PRESETS = ['recommended', 'strict'] as const;

async function loadConfigLayer(
  file: FileRef,
  cwd: string,
  root: ProjectRoot | undefined,
  context: { trusted: boolean; chain: readonly FileRef[]; extendedAt?: ErrorLocation },
): Promise<ConfigLayer> {
  const { value, locate } = await readYaml(file, 'config file');
  // An empty file is an empty config.
  const spec = validate(configSchema, value ?? {}, locate, 'config');
  if (!context.trusted && spec.plugins.length > 0) {
    const extended = context.chain.length > 0;
    throw new InputError(
      extended
        ? `plugins: ${file.displayPath} brings plugins, but it is extended by a config that may not load them`
        : 'plugins: only the config at the project root, or the one given with --config, may load plugins',
      locate(['plugins']),
      [
        `the project root is ${root?.path} (${root?.reason}); a config in a folder below it cannot run code`,
        ...(extended ? [`extended from ${context.chain[0].displayPath}`] : []),
      ],
    );
  }
  const own: ConfigLayer = {
    config: { ...toConfig(spec, { ...file, locate, cwd }), root },
    written: new Set(
      Object.entries((value ?? {}) as Record<string, unknown>)
        .filter(([, given]) => given !== null && given !== undefined)
        .map(([key]) => key),
    ),
  };
  let base: ConfigLayer | undefined;
  const entries = spec.extends ?? [];
  const inList = Array.isArray((value as { extends?: unknown } | null)?.extends);
  for (const [index, entry] of entries.entries()) {
    if ((PRESETS as readonly string[]).includes(entry)) continue;
    const where = locate(inList ? ['extends', index] : ['extends'], 'value');
    const baseFile = await extendedFile(entry, file, cwd, root, where);
    const cycle = [...context.chain, file].findIndex((earlier) => earlier.path === baseFile.path);
    if (cycle >= 0) {
      const loop = [...context.chain, file].slice(cycle).map((ref) => ref.displayPath);
      throw new InputError(`extends: ${quoteText(entry)} makes a cycle: ${[...loop, baseFile.displayPath].join(' → ')}`, where, [
        'a config may not extend itself, directly or through others',
      ]);
    }
    const layer = await loadConfigLayer(baseFile, cwd, root, { ...context, chain: [...context.chain, file] });
    layer.config = { ...layer.config, extendedFiles: [baseFile.path, ...(layer.config.extendedFiles ?? [])] };
    base = base ? mergeConfigs(base, layer) : layer;
  }
  return base ? mergeConfigs(base, own) : own;
}

/**
 * The file an `extends` entry names: a path (starting with `.`, or absolute) relative to the config
 * file, or a package installed where the config file is (its `main` or `exports` naming a YAML or
 * JSON config). For a config found by searching, it must lie inside the project root.
 */
async function extendedFile(
  entry: string,
  namedBy: FileRef,
  cwd: string,
  root: ProjectRoot | undefined,
  where: ErrorLocation,
): Promise<FileRef> {
  let ref: FileRef;
  if (entry.startsWith('.') || isAbsolute(entry)) {
    ref = fileRef(entry, dirname(namedBy.path), cwd, isAbsolute(namedBy.displayPath));
  } else {
    let found: string;
    try {
      found = createRequire(namedBy.path).resolve(entry);
    } catch {
      const near = closest(entry, PRESETS);
      throw new InputError(
        `extends: no package ${quoteText(entry)} is installed${near ? ` (did you mean "${near}"?)` : ''}`,
        where,
        ["extends takes recommended, strict, a config file's path relative to this file (./team.yaml), or an installed package"],
      );
    }
    ref = { path: found, displayPath: isAbsolute(namedBy.displayPath) ? found : relative(cwd, found) };
  }
  if (root) ref.path = await realPathInside(ref.path, root, { key: 'extends', given: entry, where });
  if (!(await statOrUndefined(ref.path))?.isFile()) throw new InputError(`extends: no config file ${quoteText(entry)}`, where);
  return { ...ref, path: await realpath(ref.path) };
}

/**
 * `top` over `base`, as ESLint merges a config over those it extends: `rules` per rule (as layers:
 * an entry with options replaces the options before it, a bare severity keeps them), `history` per
 * kind, `identity`, `loyalty` and `run` whole from the config that sets them, `plugins`, `presets`
 * (the extending config's first) and `ignores` joined. Errors are located in the file that wrote
 * the key.
 */
function mergeConfigs(base: ConfigLayer, top: ConfigLayer): ConfigLayer {
  const b = base.config;
  const t = top.config;
  const fromTop = (key: string) => top.written.has(key);
  const basePlugins = b.plugins.map((plugin) => packagePath(plugin, b));
  const config: Config = {
    ...t,
    extends: t.extends ?? b.extends,
    history: { ...b.history, ...t.history },
    identity: fromTop('identity') ? t.identity : b.identity,
    loyalty: fromTop('loyalty') ? t.loyalty : b.loyalty,
    run: fromTop('run') ? t.run : b.run,
    plugins: [...new Set([...basePlugins, ...t.plugins])],
    presets: [...t.presets, ...b.presets],
    ruleLayers: [...layersOf(b), ...layersOf(t)],
    ignoreLists: [...ignoreListsOf(b), ...ignoreListsOf(t)],
    extendedFiles: [...(b.extendedFiles ?? []), ...(t.extendedFiles ?? [])],
    locate: (keyPath) => {
      const [key, kind] = keyPath;
      const inTop =
        key === 'history'
          ? typeof kind === 'string' && t.history[kind as keyof HistorySources] !== undefined
          : fromTop(String(key));
      const locate = inTop ? t.locate : (b.locate ?? t.locate);
      return locate ? locate(keyPath) : { file: t.displayPath ?? '' };
    },
  };
  return { config, written: new Set([...base.written, ...top.written]) };
}

function layersOf(config: Config): NonNullable<Config['ruleLayers']> {
  return config.ruleLayers ?? [{ entries: config.rules, locate: config.locate }];
}

function ignoreListsOf(config: Config): NonNullable<Config['ignoreLists']> {
  return config.ignoreLists ?? (config.path ? [{ base: dirname(config.path), patterns: config.ignores }] : []);
}

/** A plugin package a config extended names, found from that config's folder (the extending one may not have it). */
function packagePath(plugin: string, config: Config): string {
  if (isAbsolute(plugin) || !config.path) return plugin;
  try {
    return createRequire(config.path).resolve(plugin);
  } catch {
    return plugin; // reported as not found when the plugins are loaded
  }
}

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
  const ownHistory = toHistory(spec.history, file, cwd);
  const campaign: Campaign = {
    ...spec,
    ...file,
    audience: toCsvSource(spec.audience, file, cwd),
    history: Object.fromEntries(
      HISTORY_KINDS.flatMap((kind) => {
        const source = ownHistory[kind] ?? config.history[kind];
        return source ? [[kind, source]] : [];
      }),
    ),
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
    // A suppression list is addresses and ids: no platform export to recognise.
    if (kind === 'suppressions') return { ...source, path };
    const presetWhere = namedBy.locate?.([...keyPath, 'preset']) ?? where;
    return withPreset({ ...source, path }, kind, [...config.presets, ...BUILTIN_PRESETS], presetWhere);
  };
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
  return { ...campaign, audience: await check(campaign.audience, ['audience'], fromCampaign), history };
}

/** How targets are expanded: `--ignore-pattern` and `--no-error-on-unmatched-pattern`. */
export interface TargetOptions {
  /** Globs relative to `cwd`; a campaign file they match is skipped (config/ignore.ts). */
  ignorePatterns?: readonly string[];
  /** false: a target that matches no campaign file is skipped rather than an error. Default true. */
  errorOnUnmatchedPattern?: boolean;
}

/**
 * Expands the CLI's targets: files as given; folders searched recursively for campaign.yaml,
 * campaign.yml, *.campaign.yaml, *.campaign.yml (skipping node_modules and dot folders), sorted;
 * a glob (quoted, so that the shell leaves it to us) matches files
 * by those names and folders, searched as above. Files matching an ignore pattern are skipped. A
 * folder or glob with no campaign file left is a UsageError, a missing path an InputError, unless
 * `errorOnUnmatchedPattern` is false: then it is skipped. A file reached twice is listed once.
 */
export async function findCampaignFiles(targets: string[], cwd: string, options: TargetOptions = {}): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const ignored = ignoreMatcher(options.ignorePatterns ?? [], cwd);
  const strict = options.errorOnUnmatchedPattern ?? true;
  /** Adds the files that are not ignored; how many were. */
  const add = (found: readonly string[]): number => {
    let skipped = 0;
    for (const file of found) {
      const absolute = resolve(cwd, file);
      if (ignored(absolute)) {
        skipped++;
      } else if (!seen.has(absolute)) {
        seen.add(absolute);
        files.push(file);
      }
    }
    return skipped;
  };
  const nothingLeft = (target: string, skipped: number, what: string): void => {
    if (!strict) return;
    if (skipped > 0) {
      throw new UsageError(`every campaign file ${what} ${target} is ignored`, [
        'by --ignore-pattern; --no-error-on-unmatched-pattern skips such a target',
      ]);
    }
    throw new UsageError(`no campaign files ${what} ${target}`, [
      'looked for campaign.yaml, campaign.yml, *.campaign.yaml and *.campaign.yml',
      ...(what === 'match' ? ['--no-error-on-unmatched-pattern skips a target that matches nothing'] : []),
    ]);
  };

  for (const target of targets) {
    const found = await statOrUndefined(resolve(cwd, target));
    if (!found && isDynamicPattern(target)) {
      const inGlob: string[] = [];
      for (const match of await globMatches(target, cwd)) {
        if (match.endsWith('/')) {
          for (const file of await campaignFilesUnder(resolve(cwd, match))) inGlob.push(join(match, file));
        } else if (CAMPAIGN_FILE_PATTERN.test(basename(match))) {
          inGlob.push(match);
        }
      }
      const skipped = add(inGlob);
      if (skipped === inGlob.length) nothingLeft(target, skipped, 'match');
      continue;
    }
    if (!found) {
      if (!strict) continue;
      throw new InputError('no such file or folder', { file: target });
    }
    if (!found.isDirectory()) {
      add([target]);
      continue;
    }
    const inFolder = (await campaignFilesUnder(resolve(cwd, target))).map((file) => join(target, file));
    const skipped = add(inFolder);
    if (skipped === inFolder.length) nothingLeft(target, skipped, 'in');
  }
  return files;
}

/** What a glob matches from `cwd`, sorted: files, and folders with a trailing `/`. Dot files and node_modules are left out, as in a folder search. */
async function globMatches(pattern: string, cwd: string): Promise<string[]> {
  const matches = await glob(pattern, {
    cwd,
    onlyFiles: false,
    dot: false,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  });
  return matches.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Campaign files under a folder, relative to it, in sorted tree order. A symbolic link that leads
 * out of the folder searched is not followed: the search finds the folder's own files.
 */
async function campaignFilesUnder(folder: string, searched?: string): Promise<string[]> {
  const searchedReal = searched ?? (await realpath(folder).catch(() => folder));
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read folder: ${(error as Error).message}`, { file: folder });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      for (const file of await campaignFilesUnder(join(folder, entry.name), searchedReal)) files.push(join(entry.name, file));
    } else if (CAMPAIGN_FILE_PATTERN.test(entry.name) && (await statOrUndefined(join(folder, entry.name)))?.isFile()) {
      if (entry.isSymbolicLink()) {
        const target = await realpath(join(folder, entry.name));
        if (!isInside(target, searchedReal)) {
          throw new InputError(
            'this symbolic link leads out of the folder searched; it is not read',
            { file: join(folder, entry.name) },
            ['name the file on the command line to check it'],
          );
        }
      }
      files.push(entry.name);
    }
  }
  return files;
}
