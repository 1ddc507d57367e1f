import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { parseArgsWith, type CustomPlanLayer, type OpSpec } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { definePrimitive } from '@fbnas/ops';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { parseSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { opsWithDsep } from './__fixtures__/dsep-op';
import { layoutFromSpace } from './layout-from-space';
import { createSupernet } from './supernet';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** A contributed plan primitive (y = −x) and an op whose plan is that one layer. */
interface Negate extends CustomPlanLayer { kind: 'negate' }
const negate = definePrimitive<Negate>({
  name: 'negate',
  description: 'test: y = −x',
  outputShape: (_layer, shape) => shape,
  build: (_layer, x, context) => layers.rescaling({ scale: -1, offset: 0, name: context.anonymousName('negate') }).apply(x) as SymbolicTensor,
});
const negatedSpec: OpSpec = {
  name: 'negated', description: 'test: −x', argNames: [], aliases: [], parseArgs: (raw, context) => parseArgsWith({}, raw, context),
  plan: () => [{ kind: 'negate' }], latencyKey: () => 'negated', primitives: [negate],
};

/** An 8×8×1 space whose one searchable layer chooses among `candidates`. */
const space = (candidates: Record<string, unknown>) => parseSpace({
  format: 'fbnas.space/v1', name: 'contributed', inputSize: 8, inputChannels: 1, numClasses: 3, candidates,
  stages: [[{ fixed: ['conv_k3', 8, 2, 1] }], [{ search: 's', outChannels: 8, stride: 1, repeat: 1 }]],
});

describe('layoutFromSpace with contributed op specs', () => {
  it('plans candidates of a contributed op (dsep) with the given registry', () => {
    const layout = layoutFromSpace(space({ dsep: ['dsep_k5'], skip: ['skip'] }), opsWithDsep());
    const searched = layout.items.find((item) => item.kind === 'search')!;
    expect(searched.kind === 'search' && searched.candidates.map((c) => c.plan.map((l) => (l as { name?: string }).name ?? l.kind))).toEqual([
      ['dw.conv', 'dw.bn', 'activation', 'pwl.conv', 'pwl.bn'], [],
    ]);
    expect(() => layoutFromSpace(space({ dsep: ['dsep_k5'] }))).toThrow(/unknown op 'dsep_k5'/);
  });

  it("carries the registry's plan primitives, so createSupernet builds a candidate using a contributed kind", () => {
    const layout = layoutFromSpace(space({ negated: ['negated'], skip: ['skip'] }), createBuiltinOpSpecRegistry().extend([negatedSpec]));
    expect(layout.primitives?.has('negate')).toBe(true);
    expect(() => createSupernet({ ...layout, primitives: undefined })).toThrow(/unknown layer kind 'negate'/);
    const supernet = createSupernet(layout);
    const x = tf.randomNormal([2, 8, 8, 1]);
    // One-hot on `negated` vs on `skip`: the stem's output enters the head negated, or as is.
    const run = (column: number) => tf.tidy(() => {
      const mask = tf.oneHot(tf.tensor1d([column], 'int32'), 2) as tf.Tensor2D;
      return supernet.forward(x, { mask, training: false, mode: 'all' }).arraySync() as number[][];
    });
    const [negated, identity] = [run(0), run(1)];
    expect(negated).not.toEqual(identity);
    for (const row of negated) for (const value of row) expect(Number.isFinite(value)).toBe(true);
    x.dispose();
    supernet.dispose();
  });
});
