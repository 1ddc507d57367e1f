// fbnas benchmarks: `pnpm bench [suite ...] [--quick] [--repeats N] [--json FILE]`. Prints the backend report, then each
// suite's table, then the whole result as JSON (also written to FILE with --json). Suites run in one process,
// side by side, so their ratios compare like with like.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { env } from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import * as mbconvTraining from './suites/mbconv-training.mjs';
import * as zooInference from './suites/zoo-inference.mjs';
import * as latencyValidation from './suites/latency-validation.mjs';
import * as latencyModel from './suites/latency-model.mjs';
import * as dmasking from './suites/dmasking.mjs';
import * as parallel from './suites/parallel.mjs';
import * as multitask from './suites/multitask.mjs';

const SUITES = { 'mbconv-training': mbconvTraining, 'zoo-inference': zooInference, 'latency-validation': latencyValidation, 'latency-model': latencyModel, dmasking, parallel, multitask };

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIndex = args.indexOf('--json');
const jsonPath = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
// Interleaved rounds for suites that take them (parallel): every setting once per round, ratios per round.
const repeatsIndex = args.indexOf('--repeats');
const repeats = repeatsIndex >= 0 ? Number(args[repeatsIndex + 1]) : 1;
if (!Number.isInteger(repeats) || repeats < 1) {
  console.error(`--repeats expects a positive integer, got '${args[repeatsIndex + 1]}'`);
  process.exit(2);
}
const valueOf = new Set([jsonIndex, repeatsIndex].filter((i) => i >= 0).map((i) => i + 1));
const named = args.filter((a, i) => !a.startsWith('--') && !valueOf.has(i));
const unknown = named.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  console.error(`unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const selected = named.length > 0 ? named : Object.keys(SUITES);

// PROD silences tfjs's console advice to install tfjs-node (the report below says what was chosen and why).
env().set('PROD', true);
const selection = await selectBackend();
console.log('fbnas backend report');
console.log(`  selected: ${selection.backend} (${selection.package}), gpu: ${selection.gpu}, source: ${selection.source}`);
console.log(`  wasm training kernels: ${selection.trainingKernels}, tfjs-core ${selection.tfjsVersion}`);
for (const s of selection.skipped) console.log(`  skipped ${s.package}: ${s.reason}`);
const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` };
console.log(`  machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);

const results = {};
for (const name of selected) results[name] = await SUITES[name].run({ quick, repeats });

const report = { date: new Date().toISOString(), machine, backend: selection, quick, repeats, results };
const json = JSON.stringify(report, null, 2);
console.log('\nJSON:');
console.log(json);
if (jsonPath) writeFileSync(jsonPath, `${json}\n`);
