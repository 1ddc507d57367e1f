import { convOutputSize, type FeatureShape } from './feature-shape';
import { describeValue, FormatError } from './format-error';
import type { LayerPlan, PlanLayer } from './layer-plan';

/**
 * Propagates a shape through a layer plan (pure) and checks the plan on the way: channel counts must chain,
 * groups must divide channels, residual bodies must keep the shape, squeeze-excite bodies must end in a
 * 1×1 map of the input's channels. A convolution's output is `floor((H + 2·(k//2) − k)/s) + 1` (symmetric
 * padding); global average pooling gives 1×1; flatten needs a 1×1 map and keeps it (the `[N, C]` result is
 * reported as `{ height: 1, width: 1, channels: C }`).
 *
 * @param inputShape - the block input (NHWC without the batch axis).
 * @throws FormatError naming the layer, e.g. `layers[2] (dw.conv): expected 48 input channels, got 24`.
 * @example
 * planOutputShape([{ kind: 'conv', name: 'conv', inChannels: 3, outChannels: 16, kernel: 3, stride: 2, groups: 1,
 *   bias: true }], { height: 224, width: 224, channels: 3 }); // { height: 112, width: 112, channels: 16 }
 */
export function planOutputShape(plan: LayerPlan, inputShape: FeatureShape): FeatureShape {
  return propagate(plan, inputShape, 'layers');
}

/**
 * The output shape of one layer (pure); `path` is used in errors. Nested bodies are propagated recursively.
 *
 * @throws FormatError as `planOutputShape`.
 */
export function layerOutputShape(layer: PlanLayer, shape: FeatureShape, path: string): FeatureShape {
  const where = 'name' in layer ? `${path} (${layer.name})` : `${path} (${layer.kind})`;
  switch (layer.kind) {
    case 'conv': {
      checkInteger(layer.kernel, `${where}.kernel`, 'a positive integer kernel size');
      checkInteger(layer.stride, `${where}.stride`, 'a positive integer stride');
      checkInteger(layer.groups, `${where}.groups`, 'a positive integer group count');
      checkInteger(layer.outChannels, `${where}.outChannels`, 'a positive integer channel count');
      if (layer.inChannels !== shape.channels) {
        throw new FormatError(where, `expected ${layer.inChannels} input channels, got ${shape.channels}`);
      }
      if (layer.inChannels % layer.groups !== 0 || layer.outChannels % layer.groups !== 0) {
        throw new FormatError(
          `${where}.groups`,
          `expected a group count dividing ${layer.inChannels} and ${layer.outChannels} channels, got ${layer.groups}`,
        );
      }
      // With k//2 padding on both sides the output is at least 1 for any input of at least 1.
      const height = convOutputSize(shape.height, layer.kernel, layer.stride);
      const width = convOutputSize(shape.width, layer.kernel, layer.stride);
      return { height, width, channels: layer.outChannels };
    }
    case 'batchNorm':
      if (layer.channels !== shape.channels) {
        throw new FormatError(where, `expected ${layer.channels} channels, got ${shape.channels}`);
      }
      return shape;
    case 'activation':
      if (!['relu', 'hswish', 'hsigmoid', 'sigmoid'].includes(layer.activation)) {
        throw new FormatError(`${where}.activation`, `expected relu, hswish, hsigmoid or sigmoid, got ${describeValue(layer.activation)}`);
      }
      return shape;
    case 'channelShuffle':
      checkInteger(layer.groups, `${where}.groups`, 'a positive integer group count');
      if (shape.channels % layer.groups !== 0) {
        throw new FormatError(`${where}.groups`, `expected a group count dividing ${shape.channels} channels, got ${layer.groups}`);
      }
      return shape;
    case 'globalAveragePool':
      return { height: 1, width: 1, channels: shape.channels };
    case 'squeezeExcite': {
      const gate = propagate(layer.body, shape, `${path}.body`);
      if (gate.height !== 1 || gate.width !== 1 || gate.channels !== shape.channels) {
        throw new FormatError(where, `expected a body ending in 1x1x${shape.channels}, got ${formatShape(gate)}`);
      }
      return shape;
    }
    case 'residual': {
      const output = propagate(layer.body, shape, `${path}.body`);
      if (output.height !== shape.height || output.width !== shape.width || output.channels !== shape.channels) {
        throw new FormatError(where, `expected a body keeping the shape ${formatShape(shape)}, got ${formatShape(output)}`);
      }
      return shape;
    }
    case 'flatten':
      if (shape.height !== 1 || shape.width !== 1) {
        throw new FormatError(where, `expected a 1x1 input, got ${shape.height}x${shape.width}`);
      }
      return shape;
    default:
      throw new FormatError(path, `unknown layer kind ${describeValue((layer as { kind: unknown }).kind)}`);
  }
}

function propagate(plan: LayerPlan, inputShape: FeatureShape, path: string): FeatureShape {
  return plan.reduce((shape, layer, index) => layerOutputShape(layer, shape, `${path}[${index}]`), inputShape);
}

function checkInteger(value: number, path: string, expected: string): void {
  if (!Number.isInteger(value) || value < 1) throw new FormatError(path, `expected ${expected}, got ${describeValue(value)}`);
}

function formatShape(shape: FeatureShape): string {
  return `${shape.height}x${shape.width}x${shape.channels}`;
}
