import { mean, mul, reshape, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { ActivationName } from '@fbnas/core';
import { channelShuffle } from '@fbnas/backend';
import { applyActivation } from '../activations';

type Shape = (number | null)[];

function single(inputs: Tensor | Tensor[]): Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/** An activation of the layer plan (`relu`, `hswish`, `hsigmoid`, `sigmoid`) as a layer. */
export class FbnasActivation extends layers.Layer {
  static readonly className = 'FbnasActivation';
  readonly activation: ActivationName;

  constructor(config: { name?: string; activation: ActivationName }) {
    super(config);
    this.activation = config.activation;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return applyActivation(single(inputs), this.activation);
  }

  override getConfig() {
    return { ...super.getConfig(), activation: this.activation };
  }
}

/** ShuffleNet channel shuffle as a layer. */
export class FbnasChannelShuffle extends layers.Layer {
  static readonly className = 'FbnasChannelShuffle';
  readonly groups: number;

  constructor(config: { name?: string; groups: number }) {
    super(config);
    this.groups = config.groups;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return channelShuffle(single(inputs) as Parameters<typeof channelShuffle>[0], this.groups);
  }

  override getConfig() {
    return { ...super.getConfig(), groups: this.groups };
  }
}

/** Global average pooling over H and W that keeps a 1×1 map: [N,H,W,C] → [N,1,1,C]. */
export class FbnasGlobalAveragePool extends layers.Layer {
  static readonly className = 'FbnasGlobalAveragePool';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [shape[0]!, 1, 1, shape[3]!];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return mean(single(inputs), [1, 2], true);
  }
}

/** Multiplies a feature map [N,H,W,C] by a per-channel gate [N,1,1,C] (squeeze-and-excitation). */
export class FbnasScale extends layers.Layer {
  static readonly className = 'FbnasScale';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0]!;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const [x, gate] = inputs as Tensor[];
    return mul(x!, gate!);
  }
}

/** Flattens [N,1,1,C] (or any [N,…]) to [N, rest]. */
export class FbnasFlatten extends layers.Layer {
  static readonly className = 'FbnasFlatten';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [shape[0]!, shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1)];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = single(inputs);
    return tidy(() => reshape(x, [x.shape[0]!, -1]));
  }
}
