import { describe, expect, it } from 'vitest';
import { argmaxCells, argmaxOverEpochsSpec, evenlySpaced, probabilityCells, probabilityFacetSpec, probabilityHeatmapSpec } from './probability-heatmap-spec';

const dnas = { c16_0: { k3_e1: 0.2, skip: 0.8 }, c24_0: { k3_e1: 0.5, skip: 0.5 } };
const mask = { resolution: { '14': 0.2, '21': 0.3, '28': 0.5 }, 's1_0.op': { k3: 0.6, skip: 0.4 } };

describe('probabilityCells', () => {
  it('uses the candidates as columns when every layer has the same ones', () => {
    const cells = probabilityCells(dnas, 3);
    expect(cells.map((c) => [c.layer, c.column, c.p, c.argmax])).toEqual([
      ['c16_0', 'k3_e1', 0.2, false], ['c16_0', 'skip', 0.8, true], ['c24_0', 'k3_e1', 0.5, true], ['c24_0', 'skip', 0.5, false],
    ]);
    expect(cells.every((c) => c.epoch === 3)).toBe(true);
  });

  it('marks the run’s own argmax when given (ties)', () => {
    expect(probabilityCells(dnas, 1, { c16_0: 'skip', c24_0: 'skip' }).filter((c) => c.argmax).map((c) => `${c.layer}=${c.candidate}`)).toEqual(['c16_0=skip', 'c24_0=skip']);
  });

  it('numbers the options of rows with different candidates (DMaskingNAS)', () => {
    const cells = probabilityCells(mask, 1);
    expect(cells.map((c) => `${c.layer}:${c.column}=${c.candidate}`)).toEqual([
      'resolution:option 1=14', 'resolution:option 2=21', 'resolution:option 3=28', 's1_0.op:option 1=k3', 's1_0.op:option 2=skip',
    ]);
  });
});

describe('probabilityHeatmapSpec', () => {
  it('draws rects coloured by p from 0 to 1, the argmax outlined, cells labelled', () => {
    const spec = probabilityHeatmapSpec(probabilityCells(mask, 2)) as unknown as { layer: { mark: { type: string; stroke?: string } }[]; data: { values: { text: string }[] } };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['rect', 'rect', 'text']);
    expect(spec.layer[1]!.mark.stroke).toBeDefined();
    expect(spec.data.values[0]!.text).toBe('14: 0.20');
    expect(JSON.stringify(spec)).toContain('"domain":[0,1]');
  });

  it('facets several epochs', () => {
    const spec = probabilityFacetSpec([...probabilityCells(dnas, 1), ...probabilityCells(dnas, 2)]) as unknown as { facet: { field: string }; data: { values: unknown[] } };
    expect(spec.facet.field).toBe('epoch');
    expect(spec.data.values).toHaveLength(8);
  });
});

describe('argmax over epochs', () => {
  it('takes the most probable candidate of every layer', () => {
    expect(argmaxCells(dnas, 4)).toEqual([
      { layer: 'c16_0', layerOrder: 0, epoch: 4, candidate: 'skip', p: 0.8 },
      { layer: 'c24_0', layerOrder: 1, epoch: 4, candidate: 'k3_e1', p: 0.5 },
    ]);
  });

  it('settles ties with the run’s own argmax', () => {
    expect(argmaxCells(dnas, 1, { c24_0: 'skip' })[1]).toMatchObject({ candidate: 'skip', p: 0.5 });
  });

  it('labels cells with the candidate for up to 12 epochs only', () => {
    const cells = (epochs: number) => Array.from({ length: epochs }, (_, e) => argmaxCells(dnas, e + 1)).flat();
    const layers = (spec: unknown) => (spec as { layer: { mark: { type: string } }[] }).layer.map((l) => l.mark.type);
    expect(layers(argmaxOverEpochsSpec(cells(12)))).toEqual(['rect', 'text']);
    expect(layers(argmaxOverEpochsSpec(cells(90)))).toEqual(['rect']);
  });
});

describe('evenlySpaced', () => {
  it('keeps the first and the last', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
    expect(evenlySpaced([0, 1, 2], 6)).toEqual([0, 1, 2]);
    expect(evenlySpaced([0, 1, 2], 1)).toEqual([2]);
  });
});
