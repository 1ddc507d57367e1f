/**
 * FBNetV3's predictor (fbnet-methods §3.3–3.5): an architecture encoder (MLP) whose embedding feeds a proxy head
 * (MACs and parameters, free labels) and an accuracy head that also sees the training recipe. Pretraining fits
 * encoder + proxy head on free architectures; fitting the accuracy head runs first with the encoder frozen, then
 * unfrozen with a decaying learning rate; both with the Huber loss. Targets are standardised (log MACs/params,
 * accuracies) and the statistics saved with the model. Training is deterministic: seeded initialisers and a seeded
 * batch order (`deriveSeed(seed, stream, epoch)`).
 */
import {
  concat, dispose, gather, losses, tensor1d, tensor2d, tidy, train, variableGrads, type Scalar, type Tensor, type Tensor2D, type Variable,
} from '@tensorflow/tfjs-core';
import { initializers, input, layers, model, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { deriveSeed, mulberry32, tfjsSeed } from '@fbnas/core';
import { encodeJointSample, jointFeatureNames } from '../encode-joint-sample';
import type { JointSample, JointSpace } from '../joint-sample';

/** Layer sizes and seed of a predictor. */
export interface NarsPredictorOptions {
  /** Hidden width of the encoder (default 64). */
  hidden?: number;
  /** Embedding width (default 32). */
  embedding?: number;
  /** Hidden width of the accuracy head (default 32). */
  headHidden?: number;
  /** Seed of the initialisers and batch orders (default 0). */
  seed?: number;
}

/** Options of one training phase. */
export interface FitOptions {
  /** Epochs (default 50). */
  epochs?: number;
  /** Batch size (default 64). */
  batchSize?: number;
  /** Adam's learning rate (default 3e-3; cosine-decayed to 0 in the unfrozen phase). */
  learningRate?: number;
  /** Huber δ on standardised targets (default 1). */
  delta?: number;
}

/** A labelled pair for the proxy head. */
export interface ProxyExample {
  sample: JointSample;
  macs: number;
  params: number;
}

/** A labelled pair for the accuracy head. */
export interface AccuracyExample {
  sample: JointSample;
  /** Accuracy in [0, 1] (or any score, higher is better). */
  accuracy: number;
}

/** Mean and standard deviation of a standardised target. */
interface Standardisation {
  mean: number;
  std: number;
}

/** What `save` writes beside the weights: the feature layout and the target statistics. */
export interface NarsPredictorState {
  format: 'fbnas.nars-predictor/v1';
  space: string;
  features: { architecture: string[]; recipe: string[] };
  options: Required<NarsPredictorOptions>;
  proxy: { logMacs: Standardisation; logParams: Standardisation } | null;
  accuracy: Standardisation | null;
}

/** A predictor of a joint space; dispose it when done. */
export interface NarsPredictor {
  readonly space: JointSpace;
  /** Fits encoder + proxy head to the pairs' log MACs and log params (Huber); returns the loss per epoch. */
  pretrain(examples: readonly ProxyExample[], options?: FitOptions): number[];
  /**
   * Fits the accuracy head: `frozen` epochs with the encoder frozen, then `unfrozen` epochs training everything with a
   * cosine-decayed learning rate (Huber); returns the loss per epoch of both phases.
   */
  fitAccuracy(examples: readonly AccuracyExample[], options?: FitOptions & { frozenEpochs?: number; unfrozenEpochs?: number }): number[];
  /** Predicted accuracies (in the examples' unit). */
  predictAccuracy(samples: readonly JointSample[]): number[];
  /** Predicted MACs and params (after `pretrain`). */
  predictProxy(samples: readonly JointSample[]): { macs: number; params: number }[];
  /** The model's weights and the state to save (`saveNarsPredictor`). */
  readonly models: { encoder: LayersModel; proxy: LayersModel; accuracy: LayersModel };
  state(): NarsPredictorState;
  dispose(): void;
}

const PROXY_STREAM = 0x70726f78;
const ACCURACY_STREAM = 0x61636375;

/**
 * A new predictor for a joint space: encoder `Dense(hidden) → ReLU → Dense(embedding) → ReLU` on the architecture
 * features (`encodeJointSample`), proxy head `Dense(2)` on the embedding, accuracy head
 * `Dense(headHidden) → ReLU → Dense(1)` on [embedding ⊕ recipe features].
 *
 * @example
 * const predictor = createNarsPredictor(space, { seed: 0 });
 * predictor.pretrain(freeExamples);            // ≥ 10k architectures with countArch labels
 * predictor.fitAccuracy(trainedExamples);      // candidates trained with their recipes
 * predictor.predictAccuracy([sample]);
 */
export function createNarsPredictor(space: JointSpace, options: NarsPredictorOptions = {}, restored?: NarsPredictorState): NarsPredictor {
  const settings: Required<NarsPredictorOptions> = { hidden: 64, embedding: 32, headHidden: 32, seed: 0, ...options };
  const features = jointFeatureNames(space);
  let seedCounter = 0;
  const init = () => initializers.glorotUniform({ seed: tfjsSeed(deriveSeed(settings.seed, seedCounter++)) });
  const dense = (units: number, activation: 'relu' | 'linear', name: string) =>
    layers.dense({ units, activation, kernelInitializer: init(), biasInitializer: 'zeros', name: `${name}_${space.name}_${settings.seed}_${uniqueId()}` });

  const archInput = input({ shape: [features.architecture.length] });
  const embedding = dense(settings.embedding, 'relu', 'embedding').apply(dense(settings.hidden, 'relu', 'encoder').apply(archInput)) as SymbolicTensor;
  const encoder = model({ inputs: archInput, outputs: embedding });
  const proxyInput = input({ shape: [settings.embedding] });
  const proxy = model({ inputs: proxyInput, outputs: dense(2, 'linear', 'proxy').apply(proxyInput) as SymbolicTensor });
  const headInput = input({ shape: [settings.embedding + features.recipe.length] });
  const accuracy = model({
    inputs: headInput, outputs: dense(1, 'linear', 'accuracy').apply(dense(settings.headHidden, 'relu', 'head').apply(headInput)) as SymbolicTensor,
  });

  let proxyStats = restored?.proxy ?? null;
  let accuracyStats = restored?.accuracy ?? null;
  const variablesOf = (...models: LayersModel[]) => models.flatMap((m) => m.trainableWeights.map((w) => w.read() as Variable));

  const encodeAll = (samples: readonly JointSample[]) => {
    const encoded = samples.map((sample) => encodeJointSample(space, sample));
    return {
      arch: tensor2d(encoded.map((e) => e.architecture), [samples.length, features.architecture.length]),
      recipe: tensor2d(encoded.map((e) => e.recipe), [samples.length, features.recipe.length]),
    };
  };
  const accuracyForward = (arch: Tensor, recipe: Tensor, training: boolean) => {
    const e = encoder.apply(arch, { training }) as Tensor;
    return accuracy.apply(features.recipe.length > 0 ? concat([e, recipe], 1) : e, { training }) as Tensor;
  };

  /** Minibatch Adam over `count` examples; `loss(indices)` builds the batch loss. */
  const fit = (count: number, variables: Variable[], stream: number, epochs: number, batchSize: number, rate: (epoch: number) => number, loss: (indices: number[]) => Scalar, offset: number) => {
    const optimizer = train.adam(rate(0));
    const history: number[] = [];
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        (optimizer as unknown as { learningRate: number }).learningRate = rate(epoch);
        const order = shuffled(count, mulberry32(deriveSeed(settings.seed, stream, offset + epoch)));
        let total = 0;
        for (let start = 0; start < count; start += batchSize) {
          const indices = order.slice(start, start + batchSize);
          const { value, grads } = variableGrads(() => loss(indices), variables);
          total += value.dataSync()[0]! * indices.length;
          optimizer.applyGradients(grads as Record<string, Variable>);
          dispose([value, ...Object.values(grads)]);
        }
        history.push(total / count);
      }
    } finally {
      optimizer.dispose();
    }
    return history;
  };

  return {
    space,
    models: { encoder, proxy, accuracy },
    pretrain(examples, fitOptions = {}) {
      const { epochs = 50, batchSize = 64, learningRate = 3e-3, delta = 1 } = fitOptions;
      if (examples.length === 0) throw new Error('pretrain: expected at least one example');
      const logMacs = examples.map((e) => Math.log(e.macs));
      const logParams = examples.map((e) => Math.log(e.params));
      proxyStats = { logMacs: standardisation(logMacs), logParams: standardisation(logParams) };
      const { arch, recipe } = encodeAll(examples.map((e) => e.sample));
      recipe.dispose();
      const targets = tensor2d(examples.map((_, i) => [
        (logMacs[i]! - proxyStats!.logMacs.mean) / proxyStats!.logMacs.std,
        (logParams[i]! - proxyStats!.logParams.mean) / proxyStats!.logParams.std,
      ]));
      try {
        return fit(examples.length, variablesOf(encoder, proxy), PROXY_STREAM, epochs, batchSize, () => learningRate, (indices) => tidy(() => {
          const at = tensor1dInt(indices);
          const predicted = proxy.apply(encoder.apply(gather(arch, at), { training: true }), { training: true }) as Tensor;
          return losses.huberLoss(gather(targets, at), predicted, undefined, delta) as Scalar;
        }), 0);
      } finally {
        dispose([arch, targets]);
      }
    },
    fitAccuracy(examples, fitOptions = {}) {
      const { frozenEpochs = 50, unfrozenEpochs = 50, batchSize = 64, learningRate = 3e-3, delta = 1 } = fitOptions;
      if (examples.length < 2) throw new Error('fitAccuracy: expected at least two examples');
      accuracyStats = standardisation(examples.map((e) => e.accuracy));
      const { arch, recipe } = encodeAll(examples.map((e) => e.sample));
      const targets = tensor2d(examples.map((e) => [(e.accuracy - accuracyStats!.mean) / accuracyStats!.std]));
      const loss = (indices: number[]) => tidy(() => {
        const at = tensor1dInt(indices);
        return losses.huberLoss(gather(targets, at), accuracyForward(gather(arch, at), gather(recipe, at), true), undefined, delta) as Scalar;
      });
      try {
        const frozen = fit(examples.length, variablesOf(accuracy), ACCURACY_STREAM, frozenEpochs, batchSize, () => learningRate, loss, 0);
        const cosine = (epoch: number) => 0.5 * learningRate * (1 + Math.cos((Math.PI * epoch) / Math.max(1, unfrozenEpochs)));
        const unfrozen = fit(examples.length, variablesOf(encoder, accuracy), ACCURACY_STREAM, unfrozenEpochs, batchSize, cosine, loss, frozenEpochs);
        return [...frozen, ...unfrozen];
      } finally {
        dispose([arch, recipe, targets]);
      }
    },
    predictAccuracy(samples) {
      if (accuracyStats === null) throw new Error('predictAccuracy: fit the accuracy head first (fitAccuracy)');
      const { arch, recipe } = encodeAll(samples);
      const values = tidy(() => accuracyForward(arch, recipe, false).dataSync());
      dispose([arch, recipe]);
      return Array.from(values, (v) => v * accuracyStats!.std + accuracyStats!.mean);
    },
    predictProxy(samples) {
      if (proxyStats === null) throw new Error('predictProxy: pretrain first');
      const { arch, recipe } = encodeAll(samples);
      const values = tidy(() => (proxy.apply(encoder.apply(arch)) as Tensor2D).arraySync());
      dispose([arch, recipe]);
      return values.map(([m, p]) => ({
        macs: Math.exp(m! * proxyStats!.logMacs.std + proxyStats!.logMacs.mean),
        params: Math.exp(p! * proxyStats!.logParams.std + proxyStats!.logParams.mean),
      }));
    },
    state: () => ({ format: 'fbnas.nars-predictor/v1', space: space.name, features, options: settings, proxy: proxyStats, accuracy: accuracyStats }),
    dispose() {
      for (const model of [encoder, proxy, accuracy]) model.dispose();
    },
  };
}

function standardisation(values: readonly number[]): Standardisation {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
  return { mean: m, std: Math.sqrt(variance) || 1 };
}

function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function tensor1dInt(values: number[]): Tensor {
  return tensor1d(values, 'int32');
}

let counter = 0;
function uniqueId(): number {
  counter += 1;
  return counter;
}

