// The executable itself, in a process of its own: the file the package's bin entry names, the exit
// code the process ends with, and a reader that goes away. The other tests run the command line
// in-process (runCli), through the same `run` the executable calls. These run side by side.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runBuiltCli, STACK_LINE, startBuiltCli, temporaryFolders } from '../support/cli.js';

const emptyFolder = temporaryFolders('preflight-executable-');

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

  // `campaign-preflight … | head -1`: a reader that goes away has what it wanted. The run ends
  // quietly, with the exit code it would have had (a check's verdict), and no stack trace.
  it.each([
    ['help check', ['help', 'check'], 0],
    ['rules', ['rules'], 0],
    ['explain', ['explain', 'no-consent'], 0],
    ['print-config', ['print-config', 'fixtures/passing'], 0],
    ['check, passing', ['check', 'fixtures/passing'], 0],
    ['check, failing', ['check', 'fixtures/pizza-mailer', '--format', 'json'], 1],
  ])('a standard output nobody reads (%s): exits quietly', async (_name, args, expected) => {
    const run = startBuiltCli(args);
    run.child.stdout.destroy();
    const { status, stderr } = await run.exited;
    expect(stderr).toBe('');
    expect(status).toBe(expected);
  });

  it('a standard output nobody reads (init): the files are written, and it exits quietly', async () => {
    const folder = emptyFolder();
    const run = startBuiltCli(['init'], { cwd: folder });
    run.child.stdout.destroy();
    expect(await run.exited).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(path.join(folder, 'campaign-preflight.config.yaml'))).toBe(true);
  });

  it('a reader that takes one line of a long report and goes away (| head -1): the run ends quietly', async () => {
    const run = startBuiltCli(['check', 'fixtures', '--format', 'json']);
    run.child.stdout.once('data', () => run.child.stdout.destroy());
    const { status, stderr } = await run.exited;
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stderr).not.toContain('EPIPE');
    expect(status).toBe(1);
  });
});
