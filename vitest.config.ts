import { configDefaults, defineConfig } from 'vitest/config';

/** Test files that mock modules (vi.mock): each needs a module graph of its own. */
const MOCKING = ['test/engine/spill-failures.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A worker per core, not one fewer (vitest's default, which leaves one of two cores to the main
    // process): the main process has little to do, and the tests wait on child processes, a browser
    // and the disk for much of their time.
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
          // The slow suite has its own script and config (vitest.slow.config.ts).
          exclude: [...configDefaults.exclude, 'test/slow/**', ...MOCKING],
          // One module graph for the test files of a worker: loading the engine afresh for each file
          // took a third of the suite's time.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'mocking', include: MOCKING } },
    ],
  },
});
