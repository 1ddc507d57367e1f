// Forward (and forward + backward) time of one batch norm of a 32×14×14×96 input on wasm: synchronized (a group of
// one) vs the unsynchronized native kernel. Run from packages/backend after `pnpm build`: node synchronized-batch-norm-timing.mjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { batchNormTraining, selectBackend, synchronizedBatchNorm } from '@fbnas/backend';
await selectBackend({ backend: 'wasm' });
const x = tf.add(tf.randomNormal([32, 14, 14, 96]), 0);
const g = tf.variable(tf.ones([96]));
const b = tf.variable(tf.zeros([96]));
const reducer = { sum: (v) => v };
function timeIt(name, f) {
  for (let i = 0; i < 3; i++) f();
  const t = performance.now();
  for (let i = 0; i < 20; i++) f();
  console.log(name, ((performance.now() - t) / 20).toFixed(2), 'ms');
}
const loss = (bn) => () => { const { grads, value } = tf.variableGrads(() => { const r = bn(); r.mean.dispose(); r.variance.dispose(); return tf.sum(tf.mul(r.y, r.y)); }); tf.dispose([value, ...Object.values(grads)]); };
timeIt('synchronized fwd+bwd', loss(() => synchronizedBatchNorm(x, g, b, 1e-5, reducer)));
timeIt('native fwd+bwd', loss(() => batchNormTraining(x, g, b, 1e-5)));
timeIt('synchronized fwd', () => { const r = synchronizedBatchNorm(x, g, b, 1e-5, reducer); tf.dispose([r.y, r.mean, r.variance]); });
timeIt('native fwd', () => { const r = batchNormTraining(x, g, b, 1e-5); tf.dispose([r.y, r.mean, r.variance]); });
