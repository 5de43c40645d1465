// Output files written whole or not at all: each is written under a temporary name beside its
// target, and the targets appear only when every file is complete, by renames (atomic on one file
// system). Reports and clean audiences are written this way, so an interrupted run never leaves a
// half-written file where a complete one is expected; nor, even when interrupted by a signal, a
// temporary file (see cleanup.ts). BufferedWriter gathers small writes to one of them.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { forgetLeftover, noteLeftover } from './cleanup.js';

export class StagedFiles {
  private readonly staged: Array<{ temporary: string; target: string }> = [];

  /**
   * A new, empty temporary file for `target` (an absolute path), its folders created; the caller
   * closes it. A target that is a device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written
   * directly: a file renamed over it would replace it, and /dev/null with it.
   */
  async open(target: string): Promise<FileHandle> {
    const existing = await stat(target).catch(() => undefined);
    if (existing && !existing.isFile() && !existing.isDirectory()) return open(target, 'w');
    const temporary = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
    );
    await mkdir(path.dirname(target), { recursive: true });
    // Noted before it exists: a signal arriving while it is being made must not miss it.
    noteLeftover(temporary);
    // "wx": never an existing file, even one of the same name made meanwhile.
    let handle: FileHandle;
    try {
      handle = await open(temporary, 'wx');
    } catch (error) {
      forgetLeftover(temporary);
      throw error;
    }
    this.staged.push({ temporary, target });
    return handle;
  }

  /** Renames every staged file to its target, replacing what was there. */
  async commit(): Promise<void> {
    for (const { temporary, target } of this.staged) {
      await rename(temporary, target);
      forgetLeftover(temporary);
    }
    this.staged.length = 0;
  }

  /** Removes the staged files that were not committed. */
  async discard(): Promise<void> {
    await Promise.all(
      this.staged.map(async ({ temporary }) => {
        await rm(temporary, { force: true });
        forgetLeftover(temporary);
      }),
    );
    this.staged.length = 0;
  }
}

/** Gathers small pieces of text into large writes. */
export class BufferedWriter {
  private buffered = '';

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.buffered += text;
    if (this.buffered.length >= 1 << 16) await this.flush();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffered === '') return;
    const text = this.buffered;
    this.buffered = '';
    await this.handle.write(text);
  }
}
