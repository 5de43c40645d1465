// Ignore lists, as ESLint's: `--ignore-pattern <glob>` (relative to the working folder) and a config
// file's `ignores:` (relative to the config file's folder). A campaign file that matches is skipped.
import path from 'node:path';
import picomatch from 'picomatch';

/**
 * Whether an absolute path is ignored by `patterns`, written relative to `base`. As in a
 * .gitignore: a pattern without a `/` (but a trailing one) matches a name at any depth; one with a
 * `/` matches from `base`; `name/` matches a folder and everything in it; `!pattern` takes a path
 * back. Files and folders starting with `.` are matched too.
 */
export function ignoreMatcher(patterns: readonly string[], base: string): (file: string) => boolean {
  const rules = patterns.map((written) => {
    const negated = written.startsWith('!');
    let pattern = negated ? written.slice(1) : written;
    const folderOnly = pattern.endsWith('/');
    if (folderOnly) pattern = pattern.replace(/\/+$/, '');
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    const anyDepth = !pattern.includes('/');
    return { negated, folderOnly, matches: picomatch(pattern, { dot: true, basename: anyDepth }) };
  });
  return (file) => {
    const relative = path.relative(base, file).split(path.sep).join('/');
    // Outside the base folder, no pattern applies.
    if (relative === '' || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return false;
    const parts = relative.split('/');
    const folders = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      const hit = folders.some((folder) => rule.matches(folder)) || (!rule.folderOnly && rule.matches(relative));
      if (hit) ignored = !rule.negated;
    }
    return ignored;
  };
}
