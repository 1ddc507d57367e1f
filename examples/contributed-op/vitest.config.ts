import { defineConfig } from 'vitest/config';

// No `@fbnas/source` condition: the example runs against the built packages, as a contributor outside the repo would.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, pool: 'forks' },
});
