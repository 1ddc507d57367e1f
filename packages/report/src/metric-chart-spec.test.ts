import { describe, expect, it } from 'vitest';
import { metricChartSpec } from './metric-chart-spec';
import { paretoScatterSpec } from './pareto-scatter-spec';

type Layered = { layer: { mark: { type: string; interpolate?: string }; data: { values: Record<string, unknown>[] }; encoding: Record<string, { legend?: unknown }> }[] };

describe('metricChartSpec', () => {
  it('draws a line per series over 1-based epochs, with a legend when there are several', () => {
    const spec = metricChartSpec([{ epoch: 1, series: 'a', value: 1 }, { epoch: 1, series: 'b', value: 2 }], { yTitle: 'loss' }) as unknown as Layered;
    expect(spec.layer).toHaveLength(1);
    expect(spec.layer[0]!.mark.type).toBe('line');
    expect(spec.layer[0]!.encoding.color!.legend).toBeUndefined();
    const single = metricChartSpec([{ epoch: 1, series: 'a', value: 1 }], { yTitle: 'loss' }) as unknown as Layered;
    expect(single.layer[0]!.encoding.color!.legend).toBeNull();
  });

  it('adds a dashed, labelled reference line', () => {
    const spec = metricChartSpec([{ epoch: 1, series: 'MACs', value: 7e5 }], { yTitle: 'MACs', rule: { value: 6e5, label: 'target' } }) as unknown as Layered;
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'text']);
    expect(spec.layer[1]!.data.values).toEqual([{ value: 6e5, label: 'target' }]);
  });
});

describe('paretoScatterSpec', () => {
  const points = [
    { name: 'r1', kind: 'random' as const, accuracy: 0.8, latencyUs: 100, macs: 10 },
    { name: 'r2', kind: 'random' as const, accuracy: 0.7, latencyUs: 200 },
    { name: 'r3', kind: 'random' as const, accuracy: 0.9, latencyUs: 300 },
    { name: 's1', kind: 'searched' as const, accuracy: 0.85, latencyUs: 150, group: 'β' },
  ];

  it('draws the random points’ Pareto front as a staircase under the points', () => {
    const spec = paretoScatterSpec(points, 'latencyUs') as unknown as Layered;
    expect(spec.layer[0]!.mark).toMatchObject({ type: 'line', interpolate: 'step-after' });
    expect(spec.layer[0]!.data.values.map((v) => v.name)).toEqual(['r1', 'r3']);
    expect(spec.layer[1]!.data.values.map((v) => v.name)).toEqual(['r1', 'r2', 'r3']);
    expect(spec.layer[2]!.data.values.map((v) => [v.name, v.series])).toEqual([['s1', 'β']]);
  });

  it('draws each seeded point’s range as a bar and keeps the front on the means', () => {
    const seeded = [...points.slice(0, 3), { ...points[3]!, accuracies: [0.8, 0.85, 0.9] }];
    const spec = paretoScatterSpec(seeded, 'latencyUs') as unknown as Layered;
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'point', 'point', 'text']);
    expect(spec.layer[0]!.data.values.map((v) => v.name)).toEqual(['r1', 'r3']);
    expect(spec.layer[1]!.data.values.map((v) => [v.name, v.low, v.high, v.accuracy])).toEqual([['s1', 0.8, 0.9, 0.85]]);
    expect(spec.layer[1]!.encoding.y).toMatchObject({ field: 'low' });
    expect(spec.layer[1]!.encoding.y2).toEqual({ field: 'high' });
    expect((paretoScatterSpec(points, 'latencyUs') as unknown as Layered).layer.map((l) => l.mark.type)).toEqual(['line', 'point', 'point', 'text']);
  });

  it('leaves out points without the axis', () => {
    const spec = paretoScatterSpec(points, 'macs') as unknown as Layered;
    expect(spec.layer[1]!.data.values.map((v) => v.name)).toEqual(['r1']);
    expect(spec.layer[2]!.data.values).toEqual([]);
  });
});
