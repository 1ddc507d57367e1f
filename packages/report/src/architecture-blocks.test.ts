import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from './__fixtures__/fixture-folders';
import { architectureBlocks, searchableLayerIds } from './architecture-blocks';
import { blockCosts, blockDiagramSpec } from './block-diagram-spec';
import { parseLatencyMedians } from './latency-medians';

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('architectureBlocks', () => {
  it('labels every block of a DNAS argmax with its layer, candidate, LUT latency and MACs', async () => {
    const dir = fixtureDir('dnas-search');
    const config = await readJson(join(dir, 'config.json'));
    const arch = validateArch(await readJson(join(dir, 'architecture.json')));
    const lut = parseLatencyMedians(await readJson(join(dir, 'lut.json')), 'lut.json');
    const sample = { c16_0: 'k3_e1', c24_0: 'k3_e3', c24_1: 'k3_e1', c32_0: 'k3_e1_g2', c32_1: 'k3_e3', c48_0: 'k5_e1', c48_1: 'k3_e1_g2', c64_0: 'k3_e1_g2' };
    const blocks = architectureBlocks(arch, { space: config.space, sample, latency: lut, ops: createBuiltinOpSpecRegistry() });
    expect(blocks.map((b) => b.layerId ?? b.name)).toEqual(['xif0_0', 'c16_0', 'c24_0', 'c24_1', 'c32_0', 'c32_1', 'c48_0', 'c48_1', 'c64_0', 'xif6_0', 'head']);
    expect(blocks[2]).toMatchObject({ path: 'backbone.stages.xif2_0', label: 'k3_e3, 24 ch, s2', latencyUs: lut.layers.c24_0!.k3_e3 });
    expect(blocks[0]!.latencyUs).toBe(lut.fixed['backbone.stages.xif0_0']);
    expect(blocks[10]!.latencyUs).toBe(lut.fixed.head);
    const architectures = (await readJson(join(dir, 'architectures.json'))) as unknown as { macs: number }[];
    expect(blocks.reduce((sum, b) => sum + b.macs!, 0)).toBe(architectures[0]!.macs);
    expect(blockCosts(blocks)).toEqual(['latencyUs', 'macs']);
  });

  it('falls back to widths without op specs or a latency table', async () => {
    const arch = validateArch(await readJson(join(fixtureDir('mask-search'), 'architecture.json')));
    const blocks = architectureBlocks(arch);
    expect(blocks[1]).toMatchObject({ name: 'xif1_0', label: 'ir_k3 e3, 16 ch, s1' });
    expect(blocks.some((b) => b.macs !== undefined || b.latencyUs !== undefined)).toBe(false);
    expect(blockCosts(blocks)).toEqual(['channels']);
  });

  it('names the file when the op specs cannot count the architecture', async () => {
    const arch = validateArch({ format: 'fbnas.arch/v1', name: 'x', inputSize: 8, stages: [[['no_such_op', 8, 1, 1]]] });
    expect(() => architectureBlocks(arch, { ops: createBuiltinOpSpecRegistry(), file: 'runs/x/architecture.json' })).toThrow(/^runs\/x\/architecture\.json: .*no_such_op/);
  });
});

describe('searchableLayerIds', () => {
  it('names blocks by stage and index, counting fixed entries and repeats', () => {
    const space = { stages: [[{ fixed: ['conv_k3', 16, 2, 1] }], [{ fixed: ['skip', 16, 1, 2] }, { search: 'c24', repeat: 2 }], [{ search: 'stem' }]] };
    expect([...searchableLayerIds(space)]).toEqual([
      ['backbone.stages.xif1_2', 'c24_0'], ['backbone.stages.xif1_3', 'c24_1'], ['backbone.stages.xif2_0', 'stem_0'],
    ]);
    expect(searchableLayerIds(undefined).size).toBe(0);
  });
});

describe('blockDiagramSpec', () => {
  it('draws one bar per block and cost, in network order', () => {
    const blocks = [
      { index: 0, name: 'xif0_0', path: 'backbone.stages.xif0_0', label: 'conv_k3, 16 ch, s2', latencyUs: 90, macs: 28224 },
      { index: 1, name: 'xif1_0', path: 'backbone.stages.xif1_0', layerId: 'c16_0', label: 'skip, 16 ch, s1', latencyUs: 0, macs: 0 },
      { index: 2, name: 'head', path: 'head', label: 'classifier, 10 classes', macs: 1290 },
    ];
    const spec = blockDiagramSpec(blocks) as unknown as { hconcat: { transform: { filter: string }[] }[]; data: { values: { row: string; kind: string }[] } };
    expect(spec.hconcat).toHaveLength(2);
    expect(spec.hconcat[0]!.transform[0]!.filter).toBe('datum.latencyUs != null');
    expect(spec.data.values.map((v) => `${v.row} (${v.kind})`)).toEqual([
      'xif0_0 · conv_k3, 16 ch, s2 (fixed block)', 'c16_0 · skip, 16 ch, s1 (searched layer)', 'head · classifier, 10 classes (head)',
    ]);
  });
});
