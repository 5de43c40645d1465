import { defineConfig } from 'vitest/config';

// The slow suite (npm run test:slow): fuzzing the built command line, runs that take a minute by
// design (a template outrunning the render budget), and the benchmark's DuckDB checks against the
// CLI on a generated scenario. CI runs it after npm test.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
  },
});
