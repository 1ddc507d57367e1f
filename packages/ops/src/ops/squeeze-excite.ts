import type { SqueezeExciteLayer } from '@fbnas/core';

/** Options of a squeeze-excite module. */
export interface SqueezeExciteOptions {
  /** Channels of the gated tensor (the IR block's mid). */
  channels: number;
  /** Hidden channels (se_mid). */
  hiddenChannels: number;
  /** Activation between the two convs (the block's). */
  activation: 'relu' | 'hswish';
  /** Gate applied last. */
  gate: 'sigmoid' | 'hsigmoid';
}

/**
 * A squeeze-excite layer (spec §5.5), named like the reference's `se` module: global average pool → 1×1 conv
 * `se.se.0.conv` (with bias, no BN) → activation → 1×1 conv `se.se.1` (with bias) → gate. The body ends with
 * the gate activation, so the layer computes `x · body(x)`.
 *
 * @example
 * squeezeExcite({ channels: 128, hiddenChannels: 32, activation: 'relu', gate: 'hsigmoid' });
 */
export function squeezeExcite(options: SqueezeExciteOptions): SqueezeExciteLayer {
  const { channels, hiddenChannels } = options;
  // Plain literals (no spread of a shared object): the masked supernet plans this millions of times.
  return {
    kind: 'squeezeExcite',
    body: [
      { kind: 'globalAveragePool' },
      { kind: 'conv', name: 'se.se.0.conv', inChannels: channels, outChannels: hiddenChannels, kernel: 1, stride: 1, groups: 1, bias: true },
      { kind: 'activation', activation: options.activation },
      { kind: 'conv', name: 'se.se.1', inChannels: hiddenChannels, outChannels: channels, kernel: 1, stride: 1, groups: 1, bias: true },
      { kind: 'activation', activation: options.gate },
    ],
  };
}
