import type { ActivationName, ConvLayer, PlanLayer } from '@fbnas/core';

/** Options of one conv → (BN) → (activation) unit (spec §4.1). */
export interface ConvUnitOptions {
  /** Module prefix: layers are named `${prefix}.conv` and `${prefix}.bn`; null gives `conv` and `bn`. */
  prefix: string | null;
  /** Input channels. */
  inChannels: number;
  /** Output channels. */
  outChannels: number;
  /** Kernel size (pixels). */
  kernel: number;
  /** Stride (pixels). */
  stride: number;
  /** Convolution groups (1 = dense, channels = depthwise). */
  groups: number;
  /** Whether the convolution has a bias. */
  bias: boolean;
  /** Whether a BatchNorm follows. */
  batchNorm: boolean;
  /** The activation after BN, or null for none. */
  activation: ActivationName | null;
  /** Initialise the BN γ to 0 (residual blocks with `zeroLastBnGamma`). */
  zeroGamma?: boolean;
  /** Zero padding on each side (pixels); absent or null: k//2. */
  padding?: number | null;
}

/**
 * The layers of one Conv–Norm–Act unit, named after the reference modules (`pw.conv`, `pw.bn`).
 *
 * @example
 * convUnit({ prefix: 'dw', inChannels: 48, outChannels: 48, kernel: 3, stride: 2, groups: 48, bias: false,
 *   batchNorm: true, activation: 'relu' }); // [dw.conv, dw.bn, relu]
 */
export function convUnit(options: ConvUnitOptions): PlanLayer[] {
  const name = (part: string) => (options.prefix === null ? part : `${options.prefix}.${part}`);
  const conv: ConvLayer = {
    kind: 'conv',
    name: name('conv'),
    inChannels: options.inChannels,
    outChannels: options.outChannels,
    kernel: options.kernel,
    stride: options.stride,
    groups: options.groups,
    bias: options.bias,
  };
  if (options.padding !== undefined && options.padding !== null) conv.padding = options.padding;
  const layers: PlanLayer[] = [conv];
  if (options.batchNorm) {
    layers.push(options.zeroGamma
      ? { kind: 'batchNorm', name: name('bn'), channels: options.outChannels, zeroGamma: true }
      : { kind: 'batchNorm', name: name('bn'), channels: options.outChannels });
  }
  if (options.activation !== null) layers.push({ kind: 'activation', activation: options.activation });
  return layers;
}
