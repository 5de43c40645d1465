import { defineConfig } from 'vitest/config';

// The slow suite (npm run test:slow): runs that take a minute by design. CI runs it after npm test.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
  },
});
