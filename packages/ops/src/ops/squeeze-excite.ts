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
  const pointwise = { kind: 'conv', kernel: 1, stride: 1, groups: 1, bias: true } as const;
  return {
    kind: 'squeezeExcite',
    body: [
      { kind: 'globalAveragePool' },
      { ...pointwise, name: 'se.se.0.conv', inChannels: channels, outChannels: hiddenChannels },
      { kind: 'activation', activation: options.activation },
      { ...pointwise, name: 'se.se.1', inChannels: hiddenChannels, outChannels: channels },
      { kind: 'activation', activation: options.gate },
    ],
  };
}
