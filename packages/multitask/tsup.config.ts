import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', supernet: 'src/supernet/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [/^@tensorflow\//, /^@fbnas\//],
});
