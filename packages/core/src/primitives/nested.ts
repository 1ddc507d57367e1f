import { FormatError } from '../format-error';
import type { ConcatLayer, ResidualLayer, SqueezeExciteLayer } from '../layer-plan';
import type { PlanPrimitive } from '../plan-primitive';
import { shapeText } from './check-field';

/** `squeezeExcite`: `x · gate(body(x))`, the body starting with its own global pool and ending 1×1×C. */
export const squeezeExcitePrimitive: PlanPrimitive<SqueezeExciteLayer> = {
  name: 'squeezeExcite',
  description: 'squeeze-and-excitation: x · body(x), body ending in a 1×1 gate of x’s channels',
  outputShape(layer: SqueezeExciteLayer, input, { where, propagate }) {
    const gate = propagate(layer.body, input, 'body');
    if (gate.height !== 1 || gate.width !== 1 || gate.channels !== input.channels) {
      throw new FormatError(where, `expected a body ending in 1x1x${input.channels}, got ${shapeText(gate)}`);
    }
    return input;
  },
  bodies: (layer) => [layer.body],
};

/** `residual`: `x + body(x)`, the body keeping the shape. */
export const residualPrimitive: PlanPrimitive<ResidualLayer> = {
  name: 'residual',
  description: 'residual: x + body(x)',
  outputShape(layer: ResidualLayer, input, { where, propagate }) {
    const output = propagate(layer.body, input, 'body');
    if (output.height !== input.height || output.width !== input.width || output.channels !== input.channels) {
      throw new FormatError(where, `expected a body keeping the shape ${shapeText(input)}, got ${shapeText(output)}`);
    }
    return input;
  },
  bodies: (layer) => [layer.body],
};

/** `concat`: every branch applied to the input, outputs concatenated along channels (empty branch: identity). */
export const concatPrimitive: PlanPrimitive<ConcatLayer> = {
  name: 'concat',
  description: 'branches applied to the input, concatenated along channels',
  outputShape(layer: ConcatLayer, input, { where, propagate }) {
    if (!Array.isArray(layer.branches) || layer.branches.length < 1) {
      throw new FormatError(`${where}.branches`, 'expected a non-empty list of branches (layer plans)');
    }
    const outputs = layer.branches.map((branch, index) => propagate(branch, input, `branches[${index}]`));
    const first = outputs[0]!;
    outputs.forEach((output, index) => {
      if (output.height !== first.height || output.width !== first.width) {
        throw new FormatError(
          `${where}.branches[${index}]`,
          `expected a ${first.height}x${first.width} output like branch 0, got ${output.height}x${output.width}`,
        );
      }
    });
    return { height: first.height, width: first.width, channels: outputs.reduce((sum, output) => sum + output.channels, 0) };
  },
  bodies: (layer) => layer.branches,
};
