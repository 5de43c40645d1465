// A temporary folder the run cannot write its spilled findings to ends the run with exit 2 and a
// message naming the folder and TMPDIR, never with a rule blamed for a bug. Through the built command
// line, with TMPDIR a read-only folder (run as "nobody" when the tests run as root, who writes anywhere).
import { chmodSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, temporaryFolders } from '../support/cli.js';
import { writeSpillingProject } from '../support/spilling-run.js';

const emptyFolder = temporaryFolders('preflight-temporary-folder-');
let project: string;

beforeAll(() => {
  project = emptyFolder();
  writeSpillingProject(project, 12_000);
  chmodSync(project, 0o755);
});

describe('a temporary folder that cannot take the findings', () => {
  it('stops the run with exit 2, naming the folder and TMPDIR', async () => {
    const tmp = emptyFolder();
    chmodSync(tmp, 0o555);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const { status, stdout, stderr } = await runBuiltCli(['check', '.'], { cwd: project, env: { TMPDIR: tmp }, as: asNobody });
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `cannot write findings to the temporary folder ${tmp}: permission denied\n  set TMPDIR to a folder you may write to\n`,
    );
    expect(status).toBe(2);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
