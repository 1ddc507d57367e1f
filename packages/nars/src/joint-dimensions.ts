import type { ContinuousRange, IntegerDimension, IntegerRange, JointSpaceDefinition, RealDimension } from './joint-space-definition';

/** A value a dimension takes. */
export type JointValue = number | boolean | string;

/** One dimension of a joint space, in the order `jointDimensions` lists them. */
export interface JointDimension {
  /** Its JSON path in the space: `resolution`, `stem.channels`, `stages[1].kernel`, `recipe.learningRate`. */
  path: string;
  /** `options`: one of a finite list; `linear` / `log`: a real number in [min, max], uniform in value / in log. */
  kind: 'options' | 'linear' | 'log';
  /** The options (kind `options`). */
  options: readonly JointValue[];
  /** The range (kinds `linear`, `log`). */
  min: number;
  max: number;
  /** True when it has one value (one option, or min = max): it takes no coordinate of a sample point. */
  fixed: boolean;
}

/**
 * The dimensions of a joint space in a stable order: resolution, stem channels, then per stage channels, depth,
 * expansion, kernel, SE, then the recipe's optimizer, learning rate, weight decay, mixup, dropout, stochastic
 * depth, EMA and epochs. A sample point has one coordinate per searched (non-fixed) dimension, in this order.
 *
 * @example
 * jointDimensions(space).filter((d) => !d.fixed).length; // the dimension of the sampling cube
 */
export function jointDimensions(definition: JointSpaceDefinition): JointDimension[] {
  const dimensions: JointDimension[] = [
    integer('resolution', definition.resolution),
    integer('stem.channels', definition.stem.channels),
  ];
  definition.stages.forEach((stage, index) => {
    const at = `stages[${index}]`;
    dimensions.push(
      integer(`${at}.channels`, stage.channels),
      integer(`${at}.depth`, stage.depth),
      real(`${at}.expansion`, stage.expansion),
      options(`${at}.kernel`, stage.kernel),
      options(`${at}.se`, stage.se),
    );
  });
  const { recipe } = definition;
  dimensions.push(
    options('recipe.optimizer', recipe.optimizer),
    real('recipe.learningRate', recipe.learningRate),
    real('recipe.weightDecay', recipe.weightDecay),
    real('recipe.mixup', recipe.mixup),
    real('recipe.dropout', recipe.dropout),
    real('recipe.stochasticDepth', recipe.stochasticDepth),
    real('recipe.ema', recipe.ema),
    integer('recipe.epochs', recipe.epochs),
  );
  return dimensions;
}

/**
 * The value of a dimension at coordinate `u` ∈ [0, 1): option ⌊u·n⌋ of n, or min + u·(max − min) (in log space
 * for `log`). A fixed dimension ignores `u`.
 *
 * @example
 * dimensionValue({ path: 'x', kind: 'log', options: [], min: 0.01, max: 1, fixed: false }, 0.5); // 0.1
 */
export function dimensionValue(dimension: JointDimension, u: number): JointValue {
  if (dimension.kind === 'options') {
    const n = dimension.options.length;
    return dimension.options[Math.min(n - 1, Math.max(0, Math.floor(u * n)))]!;
  }
  const { min, max } = dimension;
  if (dimension.kind === 'log') return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  return min + u * (max - min);
}

/** The options of an integer dimension: its list, or min, min + step, … ≤ max. */
export function integerOptions(dimension: IntegerDimension): number[] {
  if (Array.isArray(dimension)) return [...dimension];
  const { min, max, step = 1 } = dimension as IntegerRange;
  const values: number[] = [];
  for (let value = min; value <= max; value += step) values.push(value);
  return values;
}

function integer(path: string, dimension: IntegerDimension): JointDimension {
  return options(path, integerOptions(dimension));
}

function options(path: string, values: readonly JointValue[]): JointDimension {
  return { path, kind: 'options', options: [...values], min: 0, max: 0, fixed: values.length === 1 };
}

function real(path: string, dimension: RealDimension): JointDimension {
  if (Array.isArray(dimension)) return options(path, dimension);
  const { min, max, scale = 'linear' } = dimension as ContinuousRange;
  return { path, kind: scale, options: [], min, max, fixed: min === max };
}
