import { describe, expect, it } from 'vitest';
import { predictedMeasuredSpec } from './predicted-measured-spec';

type Layered = { layer: { mark: { type: string }; data: { values: Record<string, number | string>[] }; encoding: Record<string, { scale?: { domain?: number[] } }> }[] };

describe('predictedMeasuredSpec', () => {
  it('plots measured against predicted on one shared range, with the diagonal across it', () => {
    const spec = predictedMeasuredSpec([
      { name: '7', series: 'iteration 1 picks', predicted: 0.8, measured: 0.7 },
      { name: '9', series: 'iteration 2 picks', predicted: 0.9, measured: 0.85 },
    ]) as unknown as Layered;
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'point']);
    // Range 0.7–0.9 padded by 5 % of its width (0.01) on each side, the same on both axes.
    const domain = spec.layer[1]!.encoding.x!.scale!.domain!;
    expect(domain[0]).toBeCloseTo(0.69, 12);
    expect(domain[1]).toBeCloseTo(0.91, 12);
    expect(spec.layer[1]!.encoding.y!.scale!.domain).toEqual(domain);
    expect(spec.layer[0]!.data.values.map((v) => v.v)).toEqual(domain);
    expect(spec.layer[1]!.data.values.map((v) => [v.name, v.predicted, v.measured])).toEqual([['7', 0.8, 0.7], ['9', 0.9, 0.85]]);
  });
});
