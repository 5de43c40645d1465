// Where a SARIF result or notification is: files relative to the repository's root under %SRCROOT%,
// else as file: URIs.

import path from 'node:path';
import type { Finding } from '../types.js';
import type { FormatContext } from './index.js';

/** Relative artifact URIs resolve against this base: the repository's root, or the folder the check ran in. */
export const SOURCE_ROOT = '%SRCROOT%';

/**
 * Where a finding is: its file and line; line 1 of its file, or else of its campaign's file; a
 * finding of no file and no campaign (the engine makes none) at the first campaign file, since
 * GitHub code scanning rejects a result without a location.
 */
export function locationOf(finding: Finding, campaignFiles: ReadonlyMap<string, string>, ctx: Placing): object[] {
  const file =
    finding.file ??
    (finding.campaignId === null ? undefined : campaignFiles.get(finding.campaignId)) ??
    campaignFiles.values().next().value;
  if (file === undefined) return [];
  return [
    {
      physicalLocation: {
        artifactLocation: artifactLocation(file, ctx),
        region: { startLine: finding.line !== null && finding.line >= 1 ? finding.line : 1 },
      },
    },
  ];
}

/**
 * A finding's fix as SARIF's `fixes`: a row to remove is its line deleted with its line break (a
 * replacement with no inserted content), described by the suggestion. A cell to set is not placed:
 * the report knows the row's line, not where the cell lies in it, so its fix stays in the result's
 * properties.
 */
export function sarifFixes(finding: Finding, ctx: Placing): { fixes?: object[] } {
  const { fix, file, line, suggestion } = finding;
  if (fix?.action !== 'remove' || file === null || line === null) return {};
  return {
    fixes: [
      {
        description: { text: suggestion ?? 'remove the row' },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(file, ctx),
            replacements: [{ deletedRegion: { startLine: line, startColumn: 1, endLine: line + 1, endColumn: 1 } }],
          },
        ],
      },
    ],
  };
}

/** What places a file: the working folder, and the repository's root when the caller knows it. */
export type Placing = Pick<FormatContext, 'cwd' | 'repositoryPath'>;

/**
 * A path relative to the repository's root (`ctx.repositoryPath`: GitHub code scanning resolves
 * %SRCROOT% to the root of the checkout) or, without it, to the folder the check ran in (as the
 * user gave it, or made so), with forward slashes and percent-encoded, based at %SRCROOT%; a path
 * in no repository and outside that folder as a file: URI.
 */
export function artifactLocation(file: string, { cwd, repositoryPath }: Placing): { uri: string; uriBaseId?: string } {
  const placed = repositoryPath?.(file);
  if (placed !== undefined) return { uri: encodePath(placed), uriBaseId: SOURCE_ROOT };
  const isAbsolute = path.isAbsolute(file) || path.win32.isAbsolute(file);
  const relative = isAbsolute ? path.relative(cwd, file) : file;
  if (isAbsolute && (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))) {
    const slashed = file.replaceAll('\\', '/');
    return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${encodePath(slashed)}` };
  }
  const slashed = relative.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return { uri: encodePath(slashed), uriBaseId: SOURCE_ROOT };
}

/** Percent-encodes each segment of a path, keeping the slashes and a drive letter's colon. */
export function encodePath(slashed: string): string {
  return slashed
    .split('/')
    .map((segment, i) => (i <= 1 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}
