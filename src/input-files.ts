// The files a run reads, known by device and inode: an output that would replace one is refused
// (docs/campaign-and-config.md), however its path is written — relative, through a symbolic link, or as a hard link.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.js';
import { HISTORY_KINDS, type Campaign } from './types.js';

export class InputFiles {
  private constructor(private readonly identities: ReadonlySet<string>) {}

  /** The files at `paths` (absolute) as they are now; a path that cannot be examined is left out. */
  static async of(paths: Iterable<string>): Promise<InputFiles> {
    const identities = await Promise.all([...new Set(paths)].map(identityOf));
    return new InputFiles(new Set(identities.filter((identity) => identity !== undefined)));
  }

  /** Whether writing `target` (resolved against `cwd`) would replace one of the files. */
  async includes(target: string, cwd: string): Promise<boolean> {
    const identity = await identityOf(path.resolve(cwd, target));
    return identity !== undefined && this.identities.has(identity);
  }
}

async function identityOf(file: string): Promise<string | undefined> {
  try {
    const { dev, ino } = await stat(file, { bigint: true });
    return `${dev}:${ino}`;
  } catch {
    return undefined;
  }
}

/** What a campaign makes a run read: the campaign file, its audience and its history files. */
export function inputFilesOf(campaign: Campaign): string[] {
  return [
    campaign.path,
    campaign.audience.path,
    ...HISTORY_KINDS.flatMap((kind) => (campaign.history[kind] ?? []).map((source) => source.path)),
  ];
}

/**
 * Refuses, before anything is written, targets that would replace an input of the check (a
 * campaign file, an audience or a history file): `what` names the outputs, `example` a folder of their own.
 */
export async function refuseReplacingInputs(
  targets: readonly string[],
  campaigns: readonly Campaign[],
  cwd: string,
  { what, example }: { what: string; example: string },
): Promise<void> {
  const inputs = await InputFiles.of(campaigns.flatMap(inputFilesOf));
  for (const target of targets) {
    if (await inputs.includes(target, cwd)) {
      throw new UsageError(`${what} would replace the input file ${target}; nothing was written`, [
        `give them a folder of their own, such as ${example}`,
      ]);
    }
  }
}
