#!/usr/bin/env node
// Checks that a built @fbnas/data (default: this package; or the folder given, e.g. an unpacked tarball) loads
// its embedded Fashion-MNIST subset through both the ESM (`import`) and the CommonJS (`require`) build, i.e.
// that the assets/ path resolves from dist/ in both formats.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const probe = (loader) =>
  `${loader}.then(async (data) => { const { train, test } = await data.loadEmbeddedFashionMnist();` +
  ` if (train.count !== 2500 || test.count !== 500) throw new Error('unexpected counts ' + train.count + ' + ' + test.count);` +
  ` console.log(train.count + ' + ' + test.count); })`;
const esm = execFileSync(process.execPath, ['--input-type=module', '-e', probe(`import(${JSON.stringify(`${root}/dist/index.js`)})`)], {
  cwd: root,
  encoding: 'utf8',
});
const cjs = execFileSync(process.execPath, ['-e', probe(`Promise.resolve(require(${JSON.stringify(`${root}/dist/index.cjs`)}))`)], {
  cwd: root,
  encoding: 'utf8',
});
console.log(`import: ${esm.trim()}`);
console.log(`require: ${cjs.trim()}`);
