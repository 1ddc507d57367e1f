import { describe, expect, it } from 'vitest';
import { planLayerNames } from './plan-layer-names';

describe('planLayerNames', () => {
  it('finds names in bodies and branches of any kind, with their paths', () => {
    const plan = [
      { kind: 'conv', name: 'pw.conv' },
      { kind: 'residual', body: [{ kind: 'batchNorm', name: 'pw.bn' }, { kind: 'activation' }] },
      { kind: 'concat', branches: [[], [{ kind: 'conv', name: 'cheap.conv' }]] },
      { kind: 'myKind', name: 'mine', body: [{ kind: 'conv', name: 'inner' }] },
    ];
    expect(planLayerNames(plan)).toEqual([
      { name: 'pw.conv', path: 'layers[0]' },
      { name: 'pw.bn', path: 'layers[1].body[0]' },
      { name: 'cheap.conv', path: 'layers[2].branches[1][0]' },
      { name: 'mine', path: 'layers[3]' },
      { name: 'inner', path: 'layers[3].body[0]' },
    ]);
  });

  it('skips values that are not layers', () => {
    expect(planLayerNames([null, 3, { kind: 'x', name: 7, body: 'no', branches: [1] }])).toEqual([]);
  });
});
