/** Per-block rows of the spec §6.2 tables: output size, weights and MACs. */
import { countArch, type BlockCount } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { loadArchitecture } from './builtin-zoo';

const registry = createBuiltinOpSpecRegistry();

/** [model, block, in, out, out side (pixels), weights, MACs] from spec §6.2. */
const ROWS: ReadonlyArray<readonly [string, string, number, number, number, number, number]> = [
  ['fbnet_a', 'xif0_0', 3, 16, 112, 432, 5419008],
  ['fbnet_a', 'xif1_0', 16, 16, 112, 0, 0],
  ['fbnet_a', 'xif2_0', 16, 24, 56, 2352, 14601216],
  ['fbnet_a', 'xif4_2', 64, 64, 14, 3648, 715008],
  ['fbnet_a', 'xif4_7', 112, 112, 14, 7280, 1426880],
  ['fbnet_a', 'xif5_4', 184, 352, 7, 619344, 30347856],
  ['fbnet_a', 'xif6_0', 352, 1504, 7, 529408, 25940992],
  ['fbnet_a', 'head', 1504, 1000, 1, 1504000, 1577696],
  ['fbnet_b', 'xif1_0', 16, 16, 112, 400, 5017600],
  ['fbnet_b', 'xif5_1', 184, 184, 7, 38456, 1884344],
  ['fbnet_b', 'head', 1984, 1000, 1, 1984000, 2081216],
  ['fbnet_c', 'xif4_5', 112, 112, 14, 167328, 32796288],
  ['FBNetV2_F1', 'xif0_0', 3, 8, 64, 216, 884736],
  ['FBNetV2_F1', 'xif2_0', 8, 24, 32, 2736, 3981312],
  ['FBNetV2_F1', 'xif3_1', 32, 24, 16, 23184, 3034368],
  ['FBNetV2_F1', 'xif4_3', 56, 80, 8, 4480, 286720],
  ['FBNetV2_F1', 'xif5_2', 144, 144, 4, 802528, 5475840],
  ['FBNetV2_F1', 'xif6_0', 224, 1600, 1, 2451456, 6988800],
  ['FBNetV2_F1', 'head', 1600, 1000, 1, 1600000, 1601600],
  ['FBNetV2_F2', 'xif5_0', 80, 144, 5, 156400, 4431456],
  ['FBNetV2_F3', 'xif6_0', 224, 1984, 1, 2967552, 13552896],
  ['FBNetV2_F4', 'xif2_1', 24, 24, 56, 3504, 10988544],
  ['FBNetV2_F4', 'xif4_2', 64, 64, 14, 0, 0],
  ['FBNetV2_F4', 'xif4_6', 104, 112, 14, 169736, 18668608],
  ['FBNetV2_F4', 'xif5_3', 184, 224, 7, 41216, 2019584],
  ['FBNetV2_L1', 'xif3_0', 24, 40, 28, 19584, 16265216],
  ['FBNetV2_L1', 'xif4_9', 112, 112, 14, 193768, 20864192],
  ['FBNetV2_L2', 'xif5_0', 112, 184, 8, 390000, 25838592],
  ['FBNetV2_L2', 'xif6_0', 224, 1984, 1, 2967552, 22020096],
];

const counts = new Map<string, BlockCount[]>();
function blockCount(model: string, block: string): BlockCount {
  if (!counts.has(model)) counts.set(model, countArch(loadArchitecture(model), registry).blocks);
  const found = counts.get(model)!.find((entry) => entry.name === block);
  if (!found) throw new Error(`${model} has no block ${block}`);
  return found;
}

describe('per-block counts (spec §6.2)', () => {
  it.each(ROWS)('%s %s', (model, block, inChannels, outChannels, side, weights, macs) => {
    const count = blockCount(model, block);
    expect(count.inShape.channels).toBe(inChannels);
    expect(count.outShape).toEqual({ height: side, width: side, channels: outChannels });
    expect([count.weights, count.macs]).toEqual([weights, macs]);
  });

  it('names blocks and paths like the reference checkpoints', () => {
    const blocks = countArch(loadArchitecture('FBNetV2_L1'), registry).blocks;
    expect(blocks.map((block) => block.path).slice(0, 3)).toEqual([
      'backbone.stages.xif0_0',
      'backbone.stages.xif1_0',
      'backbone.stages.xif2_0',
    ]);
    expect(blocks.at(-1)!.path).toBe('head');
    expect(blocks.length).toBe(28);
  });
});
