import { describe, expect, it } from 'vitest';
import { firstDifference } from './first-difference';

describe('firstDifference', () => {
  it('is null for equal values, whatever the key order; undefined keys count as absent', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBeNull();
    expect(firstDifference({ a: 1 }, { a: 1, b: undefined })).toBeNull();
    expect(firstDifference(0, -0)).toBeNull();
    expect(firstDifference(Number.NaN, Number.NaN)).toBeNull();
  });

  it('names the dotted path of the first differing field, with both values', () => {
    const saved = { search: { seed: 0, loss: { kind: 'multiplicative', beta: 0.6 } }, inputs: { data: { spec: 'embedded', count: 10 } } };
    const given = { search: { seed: 0, loss: { kind: 'multiplicative', beta: 0.8 } }, inputs: { data: { spec: 'fashion-mnist', count: 10 } } };
    expect(firstDifference(saved, given)).toEqual({ path: 'search.loss.beta', saved: 0.6, given: 0.8 });
    expect(firstDifference(saved.inputs, given.inputs)).toEqual({ path: 'data.spec', saved: 'embedded', given: 'fashion-mnist' });
  });

  it('reports missing and extra keys, array elements and changes of kind', () => {
    expect(firstDifference({ a: 1 }, {})).toEqual({ path: 'a', saved: 1, given: undefined });
    expect(firstDifference({}, { b: 2 })).toEqual({ path: 'b', saved: undefined, given: 2 });
    expect(firstDifference({ x: [1, 2] }, { x: [1, 2, 3] })).toEqual({ path: 'x[2]', saved: undefined, given: 3 });
    expect(firstDifference({ x: [1, 2] }, { x: { 0: 1 } })).toEqual({ path: 'x', saved: [1, 2], given: { 0: 1 } });
    expect(firstDifference({ 'odd key': 1 }, { 'odd key': 2 })).toEqual({ path: '["odd key"]', saved: 1, given: 2 });
    expect(firstDifference('a', 'b')).toEqual({ path: '(root)', saved: 'a', given: 'b' });
  });
});
