// The registry of what a run keeps on disk only while it runs, and the removal of spill folders left
// by processes that have ended.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetLeftover, noteLeftover, removeFoldersOfEndedProcesses, removeLeftovers } from '../src/cleanup.js';
import { StagedFiles } from '../src/staged-files.js';
import { temporaryFolders } from './support/cli.js';

const emptyFolder = temporaryFolders('preflight-cleanup-');

describe('leftovers', () => {
  it('removes the files and folders noted and not forgotten', () => {
    const folder = emptyFolder();
    const [spill, staged, kept] = ['spill', 'staged.tmp', 'kept.tmp'].map((name) => path.join(folder, name));
    mkdirSync(spill);
    writeFileSync(path.join(spill, 'chunk-0.jsonl'), '{}\n');
    writeFileSync(staged, 'half');
    writeFileSync(kept, 'whole');
    for (const file of [spill, staged, kept]) noteLeftover(file);
    forgetLeftover(kept);
    removeLeftovers();
    expect(readdirSync(folder)).toEqual(['kept.tmp']);
  });

  it('a staged file is a leftover until it is committed or discarded', async () => {
    const folder = emptyFolder();
    const interrupted = new StagedFiles();
    await (await interrupted.open(path.join(folder, 'interrupted.json'))).close();
    const committed = new StagedFiles();
    const handle = await committed.open(path.join(folder, 'report.json'));
    await handle.writeFile('{}');
    await handle.close();
    await committed.commit();
    const discarded = new StagedFiles();
    await (await discarded.open(path.join(folder, 'discarded.json'))).close();
    await discarded.discard();
    expect(readdirSync(folder).sort()).toEqual([
      expect.stringMatching(/^\.interrupted\.json\.\d+-[0-9a-f]{8}\.tmp$/),
      'report.json',
    ]);

    removeLeftovers(); // as a signal handler does
    expect(readdirSync(folder)).toEqual(['report.json']);
    expect(readFileSync(path.join(folder, 'report.json'), 'utf8')).toBe('{}');
  });
});

describe('removeFoldersOfEndedProcesses', () => {
  it("removes only this user's folders named with the id of a process that has ended", () => {
    const tmp = emptyFolder();
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    // A folder of this process that it did not note is an earlier process's that had the same id.
    const stale = [`preflight-${ended}-abc123`, `preflight-${process.pid}-earlier`];
    const mine = path.join(tmp, `preflight-${process.pid}-mine`);
    // pid 1 always runs.
    const kept = [`preflight-${process.pid}-mine`, `preflight-1-abc`, `preflight-x${ended}-abc`, `other-${ended}-abc`];
    for (const name of [...stale, ...kept]) mkdirSync(path.join(tmp, name));
    writeFileSync(path.join(tmp, stale[0], 'chunk-0.jsonl'), '{}\n');
    const outside = emptyFolder();
    symlinkSync(outside, path.join(tmp, `preflight-${ended}-link`));
    noteLeftover(mine);

    removeFoldersOfEndedProcesses(tmp, 'preflight-');
    expect(readdirSync(tmp).sort()).toEqual([...kept, `preflight-${ended}-link`].sort());
    expect(existsSync(outside)).toBe(true);
    forgetLeftover(mine);
  });
});
