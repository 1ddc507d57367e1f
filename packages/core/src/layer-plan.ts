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

/**
 * Any plan layer: a `kind` naming its plan primitive (see `plan-primitive.ts`) and, for layers with parameters,
 * a `name` (the dotted path of its parameters inside the block). The built-in kinds are below; an op may bring
 * its own kinds through `OpSpec.primitives`.
 */
export interface PlanLayerBase {
  /** The plan primitive interpreting the layer (`conv`, `batchNorm`, …, or a contributed kind). */
  kind: string;
  /** The parameters' dotted path inside the block (layers with parameters only). */
  name?: string;
}

/** A layer of a contributed kind: any JSON fields besides `kind` and `name`. */
export interface CustomPlanLayer extends PlanLayerBase {
  [field: string]: unknown;
}

/**
 * A 2-D convolution with symmetric zero padding (k//2 on every side unless `padding` is given); depthwise when
 * `groups === inChannels === outChannels`.
 */
export interface ConvLayer {
  kind: 'conv';
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  groups: number;
  bias: boolean;
  /** Zero padding on each of the four sides (pixels); absent: k//2. FBNetV3 overrides it on a few dw convs. */
  padding?: number;
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

/**
 * Dropout, active only in training: each element (`per: 'element'`) or each example's whole tensor
 * (`per: 'example'`, stochastic depth's drop path) is zeroed with probability `rate` and the rest scaled by
 * 1/(1 − rate); the identity at inference. Free, no parameters.
 */
export interface DropoutLayer {
  kind: 'dropout';
  /** Drop probability in [0, 1). */
  rate: number;
  per: 'element' | 'example';
}

/**
 * Concatenation along channels: every branch is applied to the layer's input and the outputs are concatenated in
 * order (an empty branch is the identity); the branches must agree in height and width. Used by multi-branch
 * blocks (e.g. a ghost module: `[[], [cheap depthwise conv]]` after its primary convolution).
 */
export interface ConcatLayer {
  kind: 'concat';
  branches: LayerPlan[];
}

/**
 * k×k spatial pooling with stride `stride` and symmetric k//2 padding (PyTorch's `AvgPool2d(k, s, k//2)` with
 * zero padding counted, or `MaxPool2d(k, s, k//2)` with −∞ padding); channels are kept.
 */
export interface PoolLayer {
  kind: 'pool';
  mode: 'avg' | 'max';
  kernel: number;
  stride: number;
}

/** One built-in primitive layer of a plan. */
export type BuiltinPlanLayer =
  | ConvLayer
  | BatchNormLayer
  | ActivationLayer
  | ChannelShuffleLayer
  | GlobalAveragePoolLayer
  | SqueezeExciteLayer
  | ResidualLayer
  | FlattenLayer
  | DropoutLayer
  | ConcatLayer
  | PoolLayer;

/** One layer of a plan: a built-in kind, or a contributed one. */
export type PlanLayer = BuiltinPlanLayer | CustomPlanLayer;

/** The plan of one block: its layers, applied in order. An empty list is the identity. */
export type LayerPlan = PlanLayer[];
