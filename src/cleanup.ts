// What a run keeps on disk only while it runs: folders of spilled findings and staged output files.
// Each is registered here from when it is made until it is removed or committed, so that whatever
// ends the process can remove what is left: the 'exit' event, or the signal handlers that the
// command line installs (cli/bin.ts). A library never takes over its host's signals.
//
// SIGKILL leaves no chance to clean up, so a folder's name carries its process's id and a later run
// removes the folders of processes that no longer exist.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const leftovers = new Set<string>();
let removedAtExit = false;

/** Notes a file or folder to remove should the process end before `forgetLeftover` is called. */
export function noteLeftover(file: string): void {
  if (!removedAtExit) {
    process.once('exit', removeLeftovers);
    removedAtExit = true;
  }
  leftovers.add(file);
}

/** The file or folder was removed, or is now a result to keep. */
export function forgetLeftover(file: string): void {
  leftovers.delete(file);
}

/** Removes every noted file and folder still there, synchronously: fit for an exit or signal handler. */
export function removeLeftovers(): void {
  for (const file of leftovers) {
    try {
      rmSync(file, { recursive: true, force: true });
    } catch {
      // Best effort: one that cannot be removed must not keep the others.
    }
  }
  leftovers.clear();
}

/**
 * Removes the folders `<prefix><pid>-<suffix>` in `parent` that belong to this user and to a process
 * that has ended. Anything else is left alone: other names, files, symbolic links (never followed),
 * other users' folders and those of live processes. A folder with this process's id that it did not
 * note is from an earlier process that had the same id.
 */
export function removeFoldersOfEndedProcesses(parent: string, prefix: string): void {
  // Without user ids (Windows) there is no telling whose a folder is.
  const uid = process.getuid?.();
  if (uid === undefined) return;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^([1-9][0-9]*)-[A-Za-z0-9]+$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined) continue;
    const folder = path.join(parent, name);
    try {
      const stats = lstatSync(folder);
      if (!stats.isDirectory() || stats.uid !== uid) continue;
      if (Number(pid) === process.pid ? leftovers.has(folder) : isRunning(Number(pid))) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Removed meanwhile, or not ours to remove: the run goes on either way.
    }
  }
}

/** Whether a process with this id exists; one of another user's counts (EPERM). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
