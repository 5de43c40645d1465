// Loading a config file (docs/campaign-and-config.md): its keys, the files and packages it `extends`,
// merged ESLint-style, and who may load plugins.

import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { closest, InputError, quoteText, type ErrorLocation } from '../errors.js';
import { realPathInside, type ProjectRoot } from './project-root.js';
import { type Config, type HistorySources } from '../types.js';
import { configSchema } from './schema.js';
import { validate } from './validate.js';
import type { ConfigSpec } from './schema.js';
import { ignoreMatcher } from './ignore.js';
import type { YamlLocator } from './yaml.js';
import { fileRef, readYaml, statOrUndefined, toHistory, type FileRef } from './source-files.js';

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
    ...(spec.history.engine ? { historyEngine: spec.history.engine } : {}),
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
  if (!context.trusted && spec.history.postgres) {
    // The database's credentials come with the run: a config a pull request can add must not choose what they read.
    throw new InputError(
      'history.postgres: only the config at the project root, or the one given with --config, may name a database',
      locate(['history', 'postgres']),
      [`the project root is ${root?.path} (${root?.reason}); see SECURITY.md`],
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
    ...((t.historyEngine ?? b.historyEngine) ? { historyEngine: t.historyEngine ?? b.historyEngine } : {}),
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
