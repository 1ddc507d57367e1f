/**
 * The shared arithmetic of `effectiveCost` (scalar tensors) and `effectiveCostValue` (numbers): effective-shape
 * propagation through a chain of convolutions and FBNetV2's per-layer cost (Eq. 10). Conventions: see
 * `effective-shape.ts`.
 */
import { convOutputSize } from '@fbnas/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** What the cost counts: `flops` (MACs, Eq. 10's FLOP mode) or `params` (convolution weights). */
export type CostMode = 'flops' | 'params';

/** One convolution of a chain. `V`: a width (a number, or a scalar tensor in `effectiveCost`). */
export interface EffectiveLayer<V = number | Tensor> {
  /** Kernel size k (pixels). */
  kernel: number;
  /** Stride (pixels). */
  stride: number;
  /** Output width C̄out (channels; a number or an effective width), or `depthwise` (C̄out = C̄in, γ = C̄in). */
  outChannels: V | 'depthwise';
  /** Groups γ of a non-depthwise convolution (default 1). */
  groups?: number;
}

/** A choice over square input resolutions (pixels) with its Gumbel weights `W` (a `[K]` tensor or numbers). */
export interface ResolutionChoice<W> {
  /** Candidate input sizes rᵢ (pixels). */
  resolutions: readonly number[];
  /** Their weights gᵢ. */
  weights: W;
}

/** The effective input of a chain: its width and either an exact spatial size or a resolution choice. */
export interface EffectiveInput<V, W> {
  /** Input width C̄in (channels; a number or an effective width). */
  channels: V;
  /** Exact `{ height, width }` (pixels), or a resolution choice. */
  spatial: { height: number; width: number } | ResolutionChoice<W>;
}

/** The four operations the cost needs, on numbers or on scalar tensors. */
export interface Arithmetic<V, W> {
  constant(value: number): V;
  add(a: V, b: V): V;
  multiply(a: V, b: V): V;
  weightedSum(weights: W, values: readonly number[]): V;
}

/**
 * Propagates the effective shape through a chain of convolutions and sums Eq. 10 over its layers (the
 * conventions of `effective-shape.ts`), with the given arithmetic.
 *
 * @throws Error naming `layers[i].kernel`, `.stride` or `.groups` when it is not a positive integer, or `mode` when
 *   it is neither `flops` nor `params`.
 */
export function chainCost<V, W>(
  arithmetic: Arithmetic<V, W>,
  layers: readonly EffectiveLayer<V>[],
  input: EffectiveInput<V, W>,
  mode: CostMode,
  caller: string,
): V {
  if (mode !== 'flops' && mode !== 'params') throw new Error(`${caller}: mode: expected 'flops' or 'params', got ${String(mode)}`);
  let channels = input.channels;
  let spatial = input.spatial;
  let total = arithmetic.constant(0);
  layers.forEach((layer, index) => {
    const where = `${caller}: layers[${index}]`;
    positiveInteger(layer.kernel, `${where}.kernel`, 'a positive integer kernel size');
    positiveInteger(layer.stride, `${where}.stride`, 'a positive integer stride');
    positiveInteger(layer.groups ?? 1, `${where}.groups`, 'a positive integer group count');
    const size = (value: number) => convOutputSize(value, layer.kernel, layer.stride);
    spatial = 'resolutions' in spatial
      ? { resolutions: spatial.resolutions.map(size), weights: spatial.weights }
      : { height: size(spatial.height), width: size(spatial.width) };
    const kernelArea = layer.kernel * layer.kernel;
    const outChannels = layer.outChannels === 'depthwise' ? channels : layer.outChannels;
    let cost = layer.outChannels === 'depthwise'
      ? arithmetic.multiply(channels, arithmetic.constant(kernelArea))
      : arithmetic.multiply(arithmetic.multiply(channels, outChannels), arithmetic.constant(kernelArea / (layer.groups ?? 1)));
    if (mode === 'flops') {
      const area = 'resolutions' in spatial
        ? arithmetic.multiply(arithmetic.weightedSum(spatial.weights, spatial.resolutions), arithmetic.weightedSum(spatial.weights, spatial.resolutions))
        : arithmetic.constant(spatial.height * spatial.width);
      cost = arithmetic.multiply(cost, area);
    }
    total = arithmetic.add(total, cost);
    channels = outChannels;
  });
  return total;
}

/** Throws unless a weight vector has one weight per option. */
export function checkWeights(caller: string, length: number, expected: number, shape: readonly number[]): void {
  if (length !== expected) {
    throw new Error(`${caller}: expected ${expected} weights (a [K] vector, one per option), got shape [${shape}]`);
  }
}

function positiveInteger(value: number, where: string, expected: string): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: expected ${expected}, got ${String(value)}`);
}
