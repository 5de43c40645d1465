// The trust boundary (docs/campaign-and-config.md): every file that a campaign file or a discovered config file names
// must lie inside the project root once symlinks are followed. A campaign from a pull request or
// an email can then make the tool read the project's own files and nothing else on the machine.
//
// The project root of a campaign file is, in this order: the folder given with --root; the folder
// holding `.git` at or above the campaign file; the working folder, when the campaign lies in it;
// else the campaign file's own folder. Files named on the command line (campaigns, --config) and
// the files the --config file names are the user's own choice and are not held to it.

import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, quoteText, type ErrorLocation } from '../errors.js';

export interface ProjectRoot {
  /** The root as reached from the campaign file's path, symlinks not followed: where config discovery stops. */
  path: string;
  /** The root with its symlinks followed: what files are compared with. */
  real: string;
  /** How the root was chosen, for messages. */
  reason: 'given with --root' | 'the folder holding .git' | 'the working folder' | "the campaign file's folder";
}

/** The project root of the campaign file at `campaignPath` (absolute). */
export async function projectRootOf(campaignPath: string, cwd: string, given?: string): Promise<ProjectRoot> {
  const campaignFolder = dirname(campaignPath);
  if (given !== undefined) return withRealPath(resolve(cwd, given), 'given with --root');
  for (let folder = campaignFolder; ; folder = dirname(folder)) {
    if (await exists(join(folder, '.git'))) return withRealPath(folder, 'the folder holding .git');
    if (dirname(folder) === folder) break;
  }
  if (isInside(campaignPath, cwd)) return withRealPath(cwd, 'the working folder');
  return withRealPath(campaignFolder, "the campaign file's folder");
}

async function withRealPath(path: string, reason: ProjectRoot['reason']): Promise<ProjectRoot> {
  try {
    return { path, real: await realpath(path), reason };
  } catch (error) {
    throw new InputError(`the project root cannot be read: ${(error as Error).message}`, { file: path });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` is `folder` or lies below it (both absolute, compared as written). */
export function isInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!isAbsolute(fromFolder) && fromFolder !== '..' && !fromFolder.startsWith(`..${sep}`));
}

/**
 * The real path of `path` (an existing file) when it lies inside the root; otherwise an input
 * error at `where` that names the path as written and never anything of the file.
 */
export async function realPathInside(
  path: string,
  root: ProjectRoot,
  what: { key: string; given: string; where: ErrorLocation },
): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    // A missing file is reported by whoever reads it, with the error it deserves.
    if (isInside(resolve(path), root.path)) return path;
    real = resolve(path);
  }
  if (isInside(real, root.real)) return real;
  const throughLink = isInside(resolve(path), root.path) ? ' (through a symbolic link)' : '';
  throw new InputError(
    `${what.key}: ${quoteText(what.given)} lies outside the project root${throughLink}; it is not read`,
    what.where,
    [
      `the project root is ${root.path} (${root.reason})`,
      'files named in campaign and config files must lie inside it; --root <folder> sets another root',
    ],
  );
}
