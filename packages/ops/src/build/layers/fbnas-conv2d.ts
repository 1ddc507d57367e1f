import { add, conv2d, depthwiseConv2d, reshape, tidy, type Tensor, type Tensor4D } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable } from '@tensorflow/tfjs-layers';
import { groupedConv2d } from '@fbnas/backend';
import { tfjsSeed } from '@fbnas/core';

type Shape = (number | null)[];

/** Configuration of `FbnasConv2D` (serialized in model.json). */
export interface FbnasConv2DConfig {
  name?: string;
  trainable?: boolean;
  filters: number;
  kernelSize: number;
  strides: number;
  groups: number;
  useBias: boolean;
  /** Zero padding on each side (pixels); absent: `kernelSize // 2`. */
  padding?: number;
  /** Seed of the Kaiming-normal (fan-out, ReLU gain) weight initializer (any integer, 0 included; none: random). */
  seed?: number;
}

/**
 * A 2-D convolution (NHWC) with PyTorch semantics: symmetric zero padding (`padding`, default `kernelSize // 2`) on every side
 * (explicit pads, which also avoid tfjs#6629 on wasm), `groups` (1 = dense, = input channels = depthwise with
 * multiplier filters/groups, otherwise grouped), optional bias. Kernels are HWIO: dense/grouped
 * `[k, k, in/groups, filters]`, depthwise `[k, k, in, filters/in]`. Weights are initialised Kaiming-normal
 * (fan-out = filters·k²/groups·… as PyTorch computes it, ReLU gain), biases zero.
 */
export class FbnasConv2D extends layers.Layer {
  static readonly className = 'FbnasConv2D';
  private readonly settings: FbnasConv2DConfig;
  private kernel?: LayerVariable;
  private bias?: LayerVariable;

  constructor(config: FbnasConv2DConfig) {
    super(config);
    this.settings = { ...config };
  }

  private isDepthwise(inChannels: number): boolean {
    return this.settings.groups > 1 && this.settings.groups === inChannels;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const inChannels = shape[3] as number;
    const { filters, kernelSize: k, groups, seed } = this.settings;
    if (inChannels % groups !== 0 || filters % groups !== 0) {
      throw new Error(`${this.name}: groups ${groups} must divide input channels ${inChannels} and filters ${filters}`);
    }
    const kernelShape = this.isDepthwise(inChannels) ? [k, k, inChannels, filters / inChannels] : [k, k, inChannels / groups, filters];
    // PyTorch's kaiming_normal_(mode='fan_out', nonlinearity='relu'): fan_out = out_channels · k · k.
    const stddev = Math.sqrt(2 / (filters * k * k));
    // tfjsSeed: tfjs ignores a seed of 0, which would make seed 0 (the default) irreproducible.
    const initializer = initializers.randomNormal({ mean: 0, stddev, seed: seed === undefined ? undefined : tfjsSeed(seed) });
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', initializer);
    if (this.settings.useBias) this.bias = this.addWeight('bias', [filters], 'float32', initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const { kernelSize: k, strides: s, filters } = this.settings;
    const p = this.padding();
    const out = (size: number | null) => (size === null ? null : Math.floor((size + 2 * p - k) / s) + 1);
    return [shape[0]!, out(shape[1]!), out(shape[2]!), filters];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor4D;
      const { strides, groups } = this.settings;
      const p = this.padding();
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [p, p], [p, p], [0, 0]];
      const kernel = this.kernel!.read() as Tensor4D;
      let y: Tensor4D;
      if (groups === 1) y = conv2d(x, kernel, strides, pad);
      else if (this.isDepthwise(x.shape[3])) y = depthwiseConv2d(x, kernel, strides, pad);
      else y = groupedConv2d(x, kernel, strides, pad, groups);
      if (this.bias) y = add(y, reshape(this.bias.read(), [1, 1, 1, -1]));
      return y;
    });
  }

  private padding(): number {
    return this.settings.padding ?? Math.floor(this.settings.kernelSize / 2);
  }

  override getConfig() {
    const { filters, kernelSize, strides, groups, useBias, padding } = this.settings;
    return { ...super.getConfig(), filters, kernelSize, strides, groups, useBias, ...(padding === undefined ? {} : { padding }) };
  }
}
