import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their sources through the `@fbnas/source` export condition (no build needed);
// tests run in Vite's SSR environment, whose conditions are set separately.
export default defineConfig({
  resolve: { conditions: ['@fbnas/source'] },
  ssr: { resolve: { conditions: ['@fbnas/source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, pool: 'forks' },
});
