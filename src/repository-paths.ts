// Where a file is for a CI system: GitHub annotations and code scanning, GitLab's Code Quality and
// test reports all place a path relative to the root of the repository, wherever the check ran.
// The root is the folder holding `.git` at or above the file (a folder, or the file of a worktree
// or submodule), as the project root is found (config/project-root.ts); a file in no repository
// is placed relative to the working folder when it lies in it. The command line hands the formats
// this lookup (`FormatContext.repositoryPath`); formats do no I/O themselves.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isInside } from './config/project-root.js';

/**
 * A lookup from a report's path (relative to `cwd`, or absolute) to the same file relative to its
 * repository's root, with forward slashes; undefined for a file in no repository and outside `cwd`.
 * Folders are looked up once each, and files placed once each.
 */
export function repositoryPaths(cwd: string): (file: string) => string | undefined {
  const rootOf = new Map<string, string | null>();
  const repositoryRoot = (folder: string): string | null => {
    const known = rootOf.get(folder);
    if (known !== undefined) return known;
    const parent = path.dirname(folder);
    const root = existsSync(path.join(folder, '.git')) ? folder : parent === folder ? null : repositoryRoot(parent);
    rootOf.set(folder, root);
    return root;
  };
  // A report names few files, each for many findings: each is placed once.
  const placed = new Map<string, string | undefined>();
  return (file) => {
    if (placed.has(file)) return placed.get(file);
    const absolute = path.resolve(cwd, file);
    const root = repositoryRoot(path.dirname(absolute)) ?? (isInside(absolute, cwd) ? cwd : null);
    const relative = root === null ? undefined : path.relative(root, absolute).split(path.sep).join('/');
    placed.set(file, relative);
    return relative;
  };
}
