// Two copies of a plain wasm matMul loop, alone and side by side: this VM's scaling for wasm compute.
// Run from packages/backend (it imports the built @fbnas/backend):
//   node wasm-matmul-scaling.mjs                                   # alone
//   node wasm-matmul-scaling.mjs & node wasm-matmul-scaling.mjs     # side by side
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
await selectBackend({ backend: 'wasm' });
const a = tf.randomNormal([256, 256]);
const t = performance.now();
for (let i = 0; i < 400; i++) tf.tidy(() => tf.matMul(a, a).dataSync());
console.log('wasm matmul', ((performance.now() - t) / 1000).toFixed(2), 's');
let x = 0;
const t2 = performance.now();
for (let i = 0; i < 3e8; i++) x += i % 7;
console.log('js loop', ((performance.now() - t2) / 1000).toFixed(2), 's', x > 0);
