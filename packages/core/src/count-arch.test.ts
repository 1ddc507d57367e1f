import { describe, expect, it } from 'vitest';
import { createTestRegistry, tinyTestArch, testConvSpec } from './__fixtures__/test-ops';
import { archOutputShapes, countArch } from './count-arch';
import { createOpSpecRegistry } from './op-spec-registry';

const registry = createTestRegistry();
const arch = tinyTestArch;

describe('countArch', () => {
  it('sums blocks and derives trainable, BN stats and the framework count', () => {
    const count = countArch(arch, registry);
    const stem = 432 * 112 * 112;
    const pointwise = 16 * 32 * 112 * 112;
    const head = 32 * 112 * 112 + 320;
    expect(count.blocks.map((block) => [block.name, block.macs, block.weights])).toEqual([
      ['xif0_0', stem, 432],
      ['xif1_0', 0, 0],
      ['xif2_0', pointwise, 512],
      ['head', head, 320],
    ]);
    expect(count).toMatchObject({
      name: 'tiny',
      inputSize: 224,
      macs: stem + pointwise + head,
      weights: 432 + 512 + 320,
      biases: 16 + 10,
      trainable: 432 + 512 + 320 + 16 + 10 + 2 * (16 + 32),
      bnStats: 2 * (16 + 32),
      frameworkParams: 432 + 512 + 320 + 16 + 10 + 4 * (16 + 32),
    });
    expect(count.blocks[0]).toMatchObject({ bnChannels: 16, biases: 16, trainable: 432 + 16 + 32, bnStats: 32, opName: 'conv_k3' });
  });

  it('reports the shapes around every block', () => {
    expect(archOutputShapes(arch, registry).map((block) => [block.name, block.inShape, block.outShape])).toEqual([
      ['xif0_0', { height: 224, width: 224, channels: 3 }, { height: 112, width: 112, channels: 16 }],
      ['xif1_0', { height: 112, width: 112, channels: 16 }, { height: 112, width: 112, channels: 16 }],
      ['xif2_0', { height: 112, width: 112, channels: 16 }, { height: 112, width: 112, channels: 32 }],
      ['head', { height: 112, width: 112, channels: 32 }, { height: 1, width: 1, channels: 10 }],
    ]);
  });

  it('names the block whose plan does not fit', () => {
    const wideConv: typeof testConvSpec = {
      ...testConvSpec,
      plan: (block) => testConvSpec.plan({ ...block, outChannels: block.outChannels + 1 }),
    };
    const broken = createOpSpecRegistry([wideConv]).extend(registry.list().filter((spec) => spec.name !== 'conv'));
    expect(() => countArch(arch, broken)).toThrow(
      "backbone.stages.xif0_0 (stages[0][0], op 'conv_k3'): expected the plan to produce 16 channels, got 17",
    );
  });
});
