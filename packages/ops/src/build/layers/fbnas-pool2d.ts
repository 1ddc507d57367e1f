import { avgPool, maxPool, pad, tidy, type Tensor, type Tensor4D } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { convOutputSize } from '@fbnas/core';

type Shape = (number | null)[];

/** Configuration of `FbnasPool2D`. */
export interface FbnasPool2DConfig {
  name?: string;
  /** `avg` (zero padding counted, PyTorch's default) or `max` (−∞ padding). */
  mode: 'avg' | 'max';
  /** Window size (pixels, odd). */
  kernel: number;
  /** Stride (pixels). */
  stride: number;
}

/** k×k average or max pooling with symmetric k//2 padding, as the plan's `pool` primitive (PyTorch semantics). */
export class FbnasPool2D extends layers.Layer {
  static readonly className = 'FbnasPool2D';
  readonly mode: 'avg' | 'max';
  readonly kernel: number;
  readonly stride: number;

  constructor(config: FbnasPool2DConfig) {
    super(config);
    this.mode = config.mode;
    this.kernel = config.kernel;
    this.stride = config.stride;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const side = (size: number | null) => (size === null ? null : convOutputSize(size, this.kernel, this.stride));
    return [shape[0]!, side(shape[1]!), side(shape[2]!), shape[3]!];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as Tensor4D;
    const p = Math.floor(this.kernel / 2);
    return tidy(() => {
      if (this.mode === 'avg') return avgPool(pad(x, [[0, 0], [p, p], [p, p], [0, 0]]), this.kernel, this.stride, 'valid');
      // −∞ padding: pad with a value below any activation, then take the max.
      return maxPool(pad(x, [[0, 0], [p, p], [p, p], [0, 0]], -3.4e38), this.kernel, this.stride, 'valid');
    });
  }

  override getConfig() {
    return { ...super.getConfig(), mode: this.mode, kernel: this.kernel, stride: this.stride };
  }
}
