import { defineConfig } from 'vitest/config';

// No `@fbnas/source` condition here: the examples run against the built packages, as users get them.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, pool: 'forks' },
});
