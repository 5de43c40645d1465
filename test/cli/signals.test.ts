// Interrupted by SIGINT while its findings spill, the command line removes them and exits as a shell
// expects (SIGTERM, SIGHUP and a staged report: test/slow/signals.test.ts); a run killed beyond that
// (SIGKILL) has its spill folder removed by the next run that spills. All through the built command
// line, each run with a private temporary folder (TMPDIR) to watch.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, temporaryFolders } from '../support/cli.js';
import { expectInterruptedCleanly, writeSpillingProject } from '../support/spilling-run.js';

const emptyFolder = temporaryFolders('preflight-signals-');
let project: string;

beforeAll(() => {
  project = emptyFolder();
  writeSpillingProject(project);
});

describe('a signal while findings spill to the temporary folder', () => {
  // SIGTERM, SIGHUP, and SIGINT once the report is staged: test/slow/signals.test.ts.
  it('SIGINT: exit 130, nothing left in the temporary folder or beside the report (signalled once its findings spill)', ({
    expect,
    onTestFinished,
  }) =>
    expectInterruptedCleanly(
      { project, emptyFolder, signal: 'SIGINT', code: 130, when: 'its findings spill' },
      expect,
      onTestFinished,
    ));
});

describe('spill folders of runs that no longer exist', () => {
  it("are removed by the next run that spills; live runs', other users' and anything else are kept", async () => {
    const tmp = emptyFolder();
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const killed = `campaign-preflight-${ended}-abc`;
    mkdirSync(path.join(tmp, killed));
    writeFileSync(path.join(tmp, killed, 'chunk-0.jsonl'), '{}\n');
    const kept = [
      `campaign-preflight-${process.pid}-abc`, // a live process: this one
      'campaign-preflight-outputs-abc', // not a pid
      `campaign-preflight-${ended}`, // no suffix
      `campaign-preflight-${ended}-a.b`, // not the suffix of a spill folder
      'unrelated',
    ];
    for (const name of kept) mkdirSync(path.join(tmp, name));
    const file = `campaign-preflight-${ended}-file`;
    writeFileSync(path.join(tmp, file), 'not a folder');
    // A symbolic link is never followed: neither it nor the folder it points to is removed.
    const outside = emptyFolder();
    writeFileSync(path.join(outside, 'keep.txt'), 'keep');
    const link = `campaign-preflight-${ended}-link`;
    symlinkSync(outside, path.join(tmp, link));
    const others = process.getuid?.() === 0 ? [`campaign-preflight-${ended}-nobody`] : [];
    for (const name of others) {
      mkdirSync(path.join(tmp, name));
      chownSync(path.join(tmp, name), 65534, 65534);
    }

    // A run that spills, start to end: its first chunk spills after 10,000 rows.
    const spilling = emptyFolder();
    writeSpillingProject(spilling, 12_000);
    const report = path.join(emptyFolder(), 'report.json');
    // A process of its own: this one's id stands for a live run, and the temporary folder is its TMPDIR.
    const result = await runBuiltCli(['check', '.', '--format', 'json', '--output', report], {
      cwd: spilling,
      env: { TMPDIR: tmp },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(readdirSync(tmp).sort()).toEqual([...kept, file, link, ...others].sort());
    expect(readdirSync(outside)).toEqual(['keep.txt']);
  });
});
