// The executable itself, in a process of its own: the file the package's bin entry names, the exit
// code the process ends with, and a reader that goes away. The other tests run the command line
// in-process (runCli), through the same `run` the executable calls. These run side by side.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runBuiltCli, STACK_LINE, startBuiltCli } from '../support/cli.js';

describe.concurrent('the executable', () => {
  it("is the package's bin, a node script that runs", async () => {
    const { bin, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      version: string;
    };
    expect(path.join(ROOT, bin['campaign-preflight'])).toBe(BIN);
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(await runBuiltCli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('ends with the exit code of the run: 0 when every campaign passes, 2 with the message of an error', async () => {
    const [passing, missing, unknownCommand] = await Promise.all([
      runBuiltCli(['check', 'fixtures/passing']),
      runBuiltCli(['check', 'nowhere.campaign.yaml']),
      runBuiltCli(['chek', 'x']),
    ]);
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'nowhere.campaign.yaml: no such file or folder\n' });
    expect(unknownCommand.status).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'chek'");
  });

  it('a standard output nobody reads: exit 2 naming the write error, without a stack trace', async () => {
    const run = startBuiltCli(['check', 'fixtures/passing']);
    run.child.stdout.destroy();
    const { status, stderr } = await run.exited;
    expect(stderr).toBe('campaign-preflight: internal error: write EPIPE\n');
    expect(stderr).not.toMatch(STACK_LINE);
    expect(status).toBe(2);
  });
});
