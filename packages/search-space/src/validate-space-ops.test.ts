import { FormatError } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { createBuiltinSpaceRegistry } from './builtin-spaces';
import { parseSpace } from './parse-space';
import type { SpaceDefinition } from './space-definition';
import { validateSpaceOps } from './validate-space-ops';

const ops = createBuiltinOpSpecRegistry();

function check(change: (definition: SpaceDefinition) => void): () => void {
  const definition = tinySpaceDefinition();
  change(definition);
  return () => validateSpaceOps(parseSpace(definition), ops);
}

describe('validateSpaceOps', () => {
  it('accepts the built-in spaces and the fixture', () => {
    for (const space of createBuiltinSpaceRegistry().list()) expect(() => validateSpaceOps(space, ops)).not.toThrow();
    expect(check(() => undefined)).not.toThrow();
  });

  it('locates unknown ops and bad arguments at the candidate and layer', () => {
    expect(check((d) => { d.candidates.k5_e3 = ['ir_k9', { expansion: 3 }]; })).toThrow(/^candidates\.k5_e3 \(layer b_0\): .*unknown op 'ir_k9'/);
    expect(check((d) => { d.candidates.k5_e3 = ['ir_k5', { expansion: 3, kernel: 3 }]; })).toThrow(/^candidates\.k5_e3 \(layer b_0\): .*fixes kernel to 5/);
    expect(check((d) => { d.candidates.k5_e3 = ['ir_k5', { expansion: -3 }]; })).toThrow(FormatError);
  });

  it('locates plans that do not fit, e.g. two groups on an odd width', () => {
    expect(check((d) => { (d.stages[1]![1] as { outChannels: number }).outChannels = 13; })).toThrow(/^candidates\.k3_e1_g2 \(layer b_0\): .*pwl\.conv.*13 channels/);
  });

  it('locates fixed blocks and the head', () => {
    expect(check((d) => { d.stages[0] = [{ fixed: ['conv_k9', 8, 2, 1] }]; })).toThrow(/^stages\[0\]\[0\] \(fixed block\): /);
    expect(check((d) => { d.head = { op: 'classifier', args: { dropout: 1.5 } }; })).toThrow(/^head \(fixed block\): /);
  });

  it('rejects ops that change the spatial size other than by their stride', () => {
    expect(check((d) => { d.stages[0]!.push({ fixed: ['ir_pool', 8, 1, 1, { expansion: 1 }] }); })).toThrow(
      /^candidates\.k3_e1 \(layer a_0\): .*expected an input of 8x8 pixels .* got 1x1/,
    );
  });
});
