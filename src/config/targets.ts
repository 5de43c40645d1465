// The command line's targets: campaign files, folders searched for them, and quoted globs, less
// what --ignore-pattern and the configs' ignores skip.

import { readdir, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError, UsageError } from '../errors.js';
import { isInside } from './project-root.js';
import { ignoreMatcher } from './ignore.js';
import { statOrUndefined } from './source-files.js';

const CAMPAIGN_FILE_PATTERN = /^(?:campaign|.+\.campaign)\.ya?ml$/;

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
