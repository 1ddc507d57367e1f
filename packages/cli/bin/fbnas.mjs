#!/usr/bin/env node
// The fbnas command. Runs the built CLI (packages/cli/dist); in the monorepo, `pnpm install && pnpm start` builds it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('fbnas: the CLI is not built yet; run `pnpm build` (or `pnpm start`) in the fbnas repository first');
  process.exit(1);
}
const { exitQuietlyOnClosedPipe, main } = await import(entry.href);
exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2));
