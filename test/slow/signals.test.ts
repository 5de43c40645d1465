// Interrupted by SIGTERM or SIGHUP while its findings spill, or by SIGINT once its report is staged,
// the command line removes what it wrote and exits as a shell expects (test/cli/signals.test.ts has
// SIGINT while findings spill, and the spill folders of runs killed beyond that). The runs side by side.
import { beforeAll, describe, it } from 'vitest';
import { temporaryFolders } from '../support/cli.js';
import { expectInterruptedCleanly, writeSpillingProject } from '../support/spilling-run.js';

const emptyFolder = temporaryFolders('preflight-signals-slow-');
let project: string;

beforeAll(() => {
  project = emptyFolder();
  writeSpillingProject(project);
});

describe('a signal while findings spill to the temporary folder', () => {
  it.concurrent.for([
    ['SIGTERM', 143, 'its findings spill'],
    ['SIGHUP', 129, 'its findings spill'],
    ['SIGINT', 130, 'its report is staged'],
  ] as const)(
    '%s: exit %i, nothing left in the temporary folder or beside the report (signalled once %s)',
    ([signal, code, when], { expect, onTestFinished }) =>
      expectInterruptedCleanly({ project, emptyFolder, signal, code, when }, expect, onTestFinished),
  );
});
