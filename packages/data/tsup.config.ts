import { defineConfig } from 'tsup';

// `shims: true` gives the CommonJS build an `import.meta.url`, which the embedded subset uses to find
// `assets/` next to `dist/` (and next to `src/` when run from source).
export default defineConfig({
  entry: { index: 'src/index.ts', tensors: 'src/tensors.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  external: [/^@tensorflow\//],
});
