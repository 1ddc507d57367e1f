/**
 * The layer plan: what an op expands to, as a tree of a few primitive layers. Op specs produce plans (pure);
 * counting walks them (MACs, weights, parameters); the tfjs builder in `@fbnas/ops` interprets them; checkpoint
 * import maps reference keys onto their `name`s. A new op is one spec producing a plan from these primitives.
 *
 * Conventions: tensors are NHWC; every k×k convolution pads k//2 on every side (PyTorch's symmetric padding);
 * `name` is the dotted path of the layer's parameters inside its block, following the reference (mobile-vision)
 * module names, so that `${blockPath}.${name}.weight` is the reference checkpoint key (e.g. `pw.conv`, `pw.bn`,
 * `se.se.0.conv`).
 */

/** Activation functions (spec §4.2). `hswish` = x·relu6(x+3)/6, `hsigmoid` = relu6(x+3)/6. */
export type ActivationName = 'relu' | 'hswish' | 'hsigmoid' | 'sigmoid';

/** A 2-D convolution with symmetric k//2 zero padding; depthwise when `groups === inChannels === outChannels`. */
export interface ConvLayer {
  kind: 'conv';
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  groups: number;
  bias: boolean;
}

/** Batch normalisation over channels (ε 1e-5, PyTorch momentum 0.1). `zeroGamma`: γ initialised to 0. */
export interface BatchNormLayer {
  kind: 'batchNorm';
  name: string;
  channels: number;
  zeroGamma?: boolean;
}

/** An elementwise activation. */
export interface ActivationLayer {
  kind: 'activation';
  activation: ActivationName;
}

/** ShuffleNet channel shuffle with `groups` groups. */
export interface ChannelShuffleLayer {
  kind: 'channelShuffle';
  groups: number;
}

/** Global average pooling over H and W, keeping a 1×1 spatial map (NHWC [N,1,1,C]). */
export interface GlobalAveragePoolLayer {
  kind: 'globalAveragePool';
}

/** Squeeze-and-excitation: `x · gate(body(x))`; `body` starts with its own global average pool. */
export interface SqueezeExciteLayer {
  kind: 'squeezeExcite';
  body: PlanLayer[];
}

/** Residual: `x + body(x)`; the body must keep the shape. */
export interface ResidualLayer {
  kind: 'residual';
  body: PlanLayer[];
}

/** Flattens [N,1,1,C] to [N,C] (the classifier's logits). */
export interface FlattenLayer {
  kind: 'flatten';
}

/** One primitive layer of a plan. */
export type PlanLayer =
  | ConvLayer
  | BatchNormLayer
  | ActivationLayer
  | ChannelShuffleLayer
  | GlobalAveragePoolLayer
  | SqueezeExciteLayer
  | ResidualLayer
  | FlattenLayer;

/** The plan of one block: its layers, applied in order. An empty list is the identity. */
export type LayerPlan = PlanLayer[];
