import { defineConfig } from 'vitest/config';

// The slow suite (npm run test:slow): fuzzing the built command line, and runs that take a minute
// by design (a template outrunning the render budget). CI runs it after npm test.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
  },
});
