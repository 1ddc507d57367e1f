import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@fbnas/source'] },
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, pool: 'forks' },
});
