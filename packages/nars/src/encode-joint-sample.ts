import type { JointDimension } from './joint-dimensions';
import type { JointSample, JointSpace } from './joint-sample';

/** A pair's predictor features: the architecture's and the recipe's, each in [0, 1]. */
export interface JointEncoding {
  architecture: number[];
  recipe: number[];
}

/**
 * The names of the features `encodeJointSample` produces, in order: `stages[1].kernel=5` for a one-hot feature,
 * `stages[1].channels` for an ordinal or continuous one. Fixed dimensions have none.
 *
 * @example
 * jointFeatureNames(space).architecture.length; // the encoder's input width
 */
export function jointFeatureNames(space: JointSpace): { architecture: string[]; recipe: string[] } {
  const names = { architecture: [] as string[], recipe: [] as string[] };
  for (const dimension of space.searched) {
    const target = dimension.path.startsWith('recipe.') ? names.recipe : names.architecture;
    if (isCategorical(dimension)) for (const option of dimension.options) target.push(`${dimension.path}=${String(option)}`);
    else target.push(dimension.path);
  }
  return names;
}

/**
 * Encodes a pair for FBNetV3's predictor (fbnet-methods §3.3): categorical dimensions (kernel, SE, optimizer) as
 * one-hot, numeric options (widths, depths, expansions, resolution, EMA decays, epochs) as their rank scaled to
 * [0, 1], continuous ranges min-max scaled (in log space for `log` ranges). Architecture and recipe features are
 * kept apart: the encoder sees the architecture, the accuracy head also the recipe.
 *
 * @example
 * encodeJointSample(space, pairs[0].sample); // { architecture: [0.5, 1, 0, …], recipe: [1, 0, 0.31, …] }
 */
export function encodeJointSample(space: JointSpace, sample: JointSample): JointEncoding {
  const encoding: JointEncoding = { architecture: [], recipe: [] };
  for (const dimension of space.searched) {
    const target = dimension.path.startsWith('recipe.') ? encoding.recipe : encoding.architecture;
    const value = jointValueAt(sample, dimension.path);
    if (dimension.kind !== 'options') {
      const scaled = dimension.kind === 'log'
        ? (Math.log(value as number) - Math.log(dimension.min)) / (Math.log(dimension.max) - Math.log(dimension.min))
        : ((value as number) - dimension.min) / (dimension.max - dimension.min);
      target.push(Math.min(1, Math.max(0, scaled)));
      continue;
    }
    const index = dimension.options.indexOf(value as never);
    if (index < 0) throw new Error(`encodeJointSample: ${dimension.path}: ${JSON.stringify(value)} is not one of ${dimension.options.map((o) => JSON.stringify(o)).join(', ')}`);
    if (isCategorical(dimension)) dimension.options.forEach((_, i) => target.push(i === index ? 1 : 0));
    else target.push(index / (dimension.options.length - 1));
  }
  return encoding;
}

/**
 * A pair's value at a dimension path (`resolution`, `stem.channels`, `stages[2].kernel`, `recipe.mixup`).
 *
 * @example
 * jointValueAt(sample, 'stages[0].depth'); // 2
 */
export function jointValueAt(sample: JointSample, path: string): number | boolean | string {
  if (path === 'resolution') return sample.resolution;
  if (path === 'stem.channels') return sample.stem.channels;
  const stage = /^stages\[(\d+)\]\.(channels|depth|expansion|kernel|se)$/.exec(path);
  if (stage) return sample.stages[Number(stage[1])]![stage[2] as 'channels'];
  const recipe = /^recipe\.(\w+)$/.exec(path);
  if (recipe && recipe[1]! in sample.recipe) return sample.recipe[recipe[1] as keyof JointSample['recipe']];
  throw new Error(`jointValueAt: unknown dimension path '${path}'`);
}

/** Kernels, SE flags and optimizers are categories; other numeric options are ordered. */
function isCategorical(dimension: JointDimension): boolean {
  return dimension.path.endsWith('.kernel') || dimension.options.some((option) => typeof option !== 'number');
}
