import { concat, conv2d, split, tidy, type Tensor4D } from '@tensorflow/tfjs-core';

/** Padding accepted by `groupedConv2d`: tfjs's modes, or explicit `[[0,0],[top,bottom],[left,right],[0,0]]`. */
export type GroupedConvPadding = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/**
 * Grouped 2-D convolution (NHWC), which tfjs lacks: the input channels and the filter's output channels are
 * split into `groups` equal parts, each part is convolved separately and the results are concatenated, as
 * PyTorch's `Conv2d(groups=g)`. Gradients flow through tfjs's own `split`, `conv2d` and `concat`.
 *
 * @param x input `[N, H, W, Cin]`.
 * @param filter `[kh, kw, Cin/groups, Cout]` (PyTorch's `[Cout, Cin/groups, kh, kw]` transposed to HWIO).
 * @param strides stride in pixels, one number or `[sh, sw]`.
 * @param pad tfjs padding; prefer explicit pads on wasm (tfjs#6629 affects `'same'` with stride 2 there).
 * @param groups number of groups; must divide Cin and Cout.
 * @throws Error naming the mismatched dimension.
 * @example
 * const y = groupedConv2d(x, w, 1, [[0, 0], [0, 0], [0, 0], [0, 0]], 2); // a `_g2` 1×1 convolution
 */
export function groupedConv2d(
  x: Tensor4D,
  filter: Tensor4D,
  strides: number | [number, number],
  pad: GroupedConvPadding,
  groups: number,
): Tensor4D {
  const inChannels = x.shape[3];
  const [, , groupChannels, outChannels] = filter.shape;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new Error(`groupedConv2d: groups must be a positive integer, got ${groups}`);
  }
  if (inChannels % groups !== 0 || outChannels % groups !== 0 || groupChannels * groups !== inChannels) {
    throw new Error(
      `groupedConv2d: with ${groups} groups, expected input channels (${inChannels}) = filter dim 2 ` +
        `(${groupChannels}) × groups and output channels (${outChannels}) divisible by groups`,
    );
  }
  if (groups === 1) return conv2d(x, filter, strides, pad) as Tensor4D;
  return tidy(() => {
    const inputs = split(x, groups, 3) as Tensor4D[];
    const filters = split(filter, groups, 3) as Tensor4D[];
    return concat(inputs.map((part, g) => conv2d(part, filters[g]!, strides, pad) as Tensor4D), 3);
  });
}
