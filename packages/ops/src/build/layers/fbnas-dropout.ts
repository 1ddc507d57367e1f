import { cast, div, greaterEqual, mul, randomUniform, scalar, slice, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { deriveSeed, tfjsSeed } from '@fbnas/core';

/** Configuration of `FbnasDropout` (serialized in model.json). */
export interface FbnasDropoutConfig {
  name?: string;
  /** Drop probability in [0, 1). */
  rate: number;
  /** `element`: classic dropout; `example`: one draw per example for the whole tensor (drop path). */
  per: 'element' | 'example';
  /** The layer's own seed, mixed with the step seed so layers draw different masks (default: a hash of its name). */
  seed?: number;
}

/**
 * The plan's `dropout` primitive: in training (`training: true`), zeroes each element — or, per example, the whole
 * tensor (stochastic depth's drop path) — with probability `rate` and scales the rest by 1/(1 − rate); the
 * identity at inference. Masks are reproducible: set `stepSeed` before each training step (e.g.
 * `deriveSeed(runSeed, epoch, step)`) and the mask is a function of it and the layer's own seed, so a resumed run
 * draws what an uninterrupted one would; with `stepSeed` null the masks are unseeded.
 */
export class FbnasDropout extends layers.Layer {
  static readonly className = 'FbnasDropout';
  private readonly settings: FbnasDropoutConfig;
  /** The current training step's seed, or null for unseeded masks. */
  stepSeed: number | null = null;
  /**
   * In data-parallel training, this worker's rows of the step's global batch: the mask is drawn for all `total`
   * examples and rows `start…start + N` are used, so the workers together draw the single-worker mask. Null: the
   * input is the whole batch.
   */
  stepRows: { start: number; total: number } | null = null;

  constructor(config: FbnasDropoutConfig) {
    super(config);
    this.settings = { ...config };
  }

  /** Drop probability. */
  get rate(): number {
    return this.settings.rate;
  }

  override call(inputs: Tensor | Tensor[], kwargs: { training?: boolean }): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const { rate, per } = this.settings;
    if (!kwargs?.training || rate === 0) return x;
    return tidy(() => {
      const rows = this.stepRows;
      const examples = rows === null ? x.shape[0]! : rows.total;
      const shape = per === 'element' ? [examples, ...x.shape.slice(1)] : [examples, ...x.shape.slice(1).map(() => 1)];
      const seed = this.stepSeed === null ? undefined : tfjsSeed(deriveSeed(this.stepSeed, this.settings.seed ?? nameHash(this.name)));
      let uniform: Tensor = randomUniform(shape, 0, 1, 'float32', seed);
      if (rows !== null) uniform = slice(uniform, rows.start, x.shape[0]!);
      const keep = cast(greaterEqual(uniform, scalar(rate)), 'float32');
      return div(mul(x, keep), scalar(1 - rate));
    });
  }

  override getConfig() {
    const { rate, per, seed } = this.settings;
    return { ...super.getConfig(), rate, per, ...(seed === undefined ? {} : { seed }) };
  }
}

/** FNV-1a of a layer name: a stable per-layer seed that does not take one from the model's initializer seeds. */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
