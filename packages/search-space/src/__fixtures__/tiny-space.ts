import type { SpaceDefinition } from '../space-definition';

/** A small valid space: 16×16×3 input, a fixed stem, 3 searchable layers (two groups), a fixed 1×1, 5 classes. */
export function tinySpaceDefinition(): SpaceDefinition {
  return {
    format: 'fbnas.space/v1',
    name: 'tiny',
    inputSize: 16,
    inputChannels: 3,
    numClasses: 5,
    basicArgs: { widthDivisor: 1 },
    candidates: {
      k3_e1: ['ir_k3', { expansion: 1 }],
      k3_e1_g2: ['ir_k3_g2', { expansion: 1, pwlGroups: 2 }],
      k5_e3: ['ir_k5', { expansion: 3 }],
      skip: ['skip'],
    },
    stages: [
      [{ fixed: ['conv_k3', 8, 2, 1] }],
      [
        { search: 'a', outChannels: 8, stride: 1, repeat: 1, candidates: ['k3_e1', 'skip'] },
        { search: 'b', outChannels: 12, stride: 2, repeat: 2 },
      ],
      [{ fixed: ['conv_k1', 16, 1, 1] }],
    ],
  };
}
