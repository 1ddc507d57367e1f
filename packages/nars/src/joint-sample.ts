import { archDocument, type ArchDefinition, type BlockEntry, type JsonObject } from '@fbnas/core';
import { dimensionValue, jointDimensions, type JointDimension, type JointValue } from './joint-dimensions';
import type { JointSpaceDefinition } from './joint-space-definition';
import { validateJointSpace } from './validate-joint-space';

/** A parsed joint space: the validated document and its dimensions. */
export interface JointSpace {
  /** Space name. */
  name: string;
  /** The validated `fbnas.joint-space/v1` document. */
  definition: JointSpaceDefinition;
  /** Every dimension, in order (`jointDimensions`). */
  dimensions: readonly JointDimension[];
  /** The searched dimensions: one coordinate of a sample point each, in order. */
  searched: readonly JointDimension[];
}

/** One stage's choices. */
export interface JointStageChoice {
  channels: number;
  depth: number;
  expansion: number;
  kernel: number;
  se: boolean;
}

/** A training recipe. */
export interface JointRecipe {
  optimizer: 'sgd' | 'rmsprop' | 'adam';
  /** Initial learning rate. */
  learningRate: number;
  /** L2 weight-decay coefficient. */
  weightDecay: number;
  /** Mixup's Beta(α, α) α (0 = off). */
  mixup: number;
  /** Dropout probability before the classifier. */
  dropout: number;
  /** Drop probability of the last block (linear in depth; 0 = off). */
  stochasticDepth: number;
  /** EMA decay of the weights (0 = off). */
  ema: number;
  epochs: number;
}

/** One architecture–recipe pair of a joint space (plain JSON). */
export interface JointSample {
  /** Input side (pixels). */
  resolution: number;
  stem: { channels: number };
  /** Per stage, in order. */
  stages: JointStageChoice[];
  recipe: JointRecipe;
}

/**
 * Validates an `fbnas.joint-space/v1` document and lists its dimensions.
 *
 * @throws FormatError naming the JSON path (see `validateJointSpace`).
 * @example
 * const space = parseJointSpace(JSON.parse(text));
 * space.searched.length; // coordinates per sample point
 */
export function parseJointSpace(value: unknown): JointSpace {
  const definition = validateJointSpace(value);
  const dimensions = jointDimensions(definition);
  return { name: definition.name, definition, dimensions, searched: dimensions.filter((d) => !d.fixed) };
}

/**
 * The architecture–recipe pair at a point of the unit cube `[0, 1)^searched.length` (e.g. a Sobol point): each
 * searched dimension takes its value from its coordinate (`dimensionValue`), fixed ones their only value.
 *
 * @throws Error when the point has the wrong number of coordinates.
 * @example
 * const sobol = createSobolSequence({ dimensions: space.searched.length, seed: 0 });
 * const sample = decodeJointPoint(space, sobol.next());
 */
export function decodeJointPoint(space: JointSpace, point: readonly number[]): JointSample {
  if (point.length !== space.searched.length) {
    throw new Error(`decodeJointPoint: space '${space.name}' has ${space.searched.length} searched dimensions, got a point of ${point.length}`);
  }
  const values = new Map<string, JointValue>();
  let coordinate = 0;
  for (const dimension of space.dimensions) values.set(dimension.path, dimensionValue(dimension, dimension.fixed ? 0 : point[coordinate++]!));
  const get = <T extends JointValue>(path: string) => values.get(path) as T;
  return {
    resolution: get<number>('resolution'),
    stem: { channels: get<number>('stem.channels') },
    stages: space.definition.stages.map((_, index) => ({
      channels: get<number>(`stages[${index}].channels`),
      depth: get<number>(`stages[${index}].depth`),
      expansion: get<number>(`stages[${index}].expansion`),
      kernel: get<number>(`stages[${index}].kernel`),
      se: get<boolean>(`stages[${index}].se`),
    })),
    recipe: {
      optimizer: get<JointRecipe['optimizer']>('recipe.optimizer'),
      learningRate: get<number>('recipe.learningRate'),
      weightDecay: get<number>('recipe.weightDecay'),
      mixup: get<number>('recipe.mixup'),
      dropout: get<number>('recipe.dropout'),
      stochasticDepth: get<number>('recipe.stochasticDepth'),
      ema: get<number>('recipe.ema'),
      epochs: get<number>('recipe.epochs'),
    },
  };
}

/**
 * The `fbnas.arch/v1` architecture of a sample: the stem (`[op, channels, stride, 1]`), one architecture stage per
 * space stage (`["ir", channels, stride, depth, {kernel, expansion, se, activation, ...args}]`, SE the hsigmoid
 * gate), the `last` entries as a final stage, the head; `inputSize` = the sample's resolution.
 *
 * @example
 * const arch = jointArchitecture(space, sample);
 * countArch(arch, createBuiltinOpSpecRegistry()).macs;
 */
export function jointArchitecture(space: JointSpace, sample: JointSample, options: { name?: string } = {}): ArchDefinition {
  const { definition } = space;
  const stages: BlockEntry[][] = [[[definition.stem.op, sample.stem.channels, definition.stem.stride, 1]]];
  definition.stages.forEach((stage, index) => {
    const choice = sample.stages[index]!;
    const args: JsonObject = {
      kernel: choice.kernel, expansion: choice.expansion, se: choice.se ? 'hsigmoid' : 'none', activation: stage.activation, ...structuredClone(stage.args ?? {}),
    };
    stages.push([['ir', choice.channels, stage.stride, choice.depth, args]]);
  });
  if (definition.last !== undefined) stages.push(structuredClone(definition.last));
  return archDocument(definition, { name: options.name ?? `${space.name}-sample`, description: `Sampled from joint space '${space.name}'`, inputSize: sample.resolution, stages });
}
