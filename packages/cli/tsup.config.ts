import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', worker: 'src/worker.ts', 'data-parallel-thread': 'src/data-parallel-thread.ts' },
  // import.meta.url in the CJS build too (the local pool finds dist/worker.js, data-parallel training dist/data-parallel-thread.js, beside the bundle).
  shims: true,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [/^@tensorflow\//, /^@fbnas\//],
});
