import { add, dispose, getBackend, losses, memory, oneHot, randomNormal, randomUniform, variableGrads, type Scalar, type Tensor2D } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@fbnas/core';
import { gumbelSoftmax, type MixedOpMode } from '@fbnas/gumbel';
import { expectedLatency, macsTable } from '@fbnas/latency';
import { countArchitectures, countMaskArchitectures, type MaskSearchSpace, type SearchSpace } from '@fbnas/search-space';
import {
  createMaskedSupernet, createSupernet, latencyAwareLoss, layoutFromSpace, maskedCost, type LatencyLossForm, type MaskedSupernet, type Supernet,
} from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { explainWasmMemoryError } from '../wasm-memory-error';
import { maskSearchTarget, type SearchFlags } from './search-flags';

/** What one search kind brings to the dry run: its supernet, mixing mode, cost, loss and description. */
interface DryRunKind<S extends Supernet> {
  /** The space's name and input. */
  space: { name: string; inputSize: number; inputChannels: number; numClasses: number };
  /** How the printout names the supernet (`fbnet`, `fbnetv2-micro-28 (masked supernet)`). */
  title: string;
  build(seed: number): S;
  /** How each searchable layer mixes its candidates in the step. */
  mode: MixedOpMode;
  /** The differentiable cost of the step's architecture weights `[rows, K]`. */
  cost(supernet: S, weights: Tensor2D): Scalar;
  /** What the cost is counted in (`MACs`, `weights`). */
  costUnit: string;
  loss: LatencyLossForm;
  /** JSON fields describing the space and supernet (layer counts, how many architectures). */
  describe(supernet: S): Record<string, unknown>;
  /** The printout's words for the same: `22 searchable layers (… ≈ 10^21.0 architectures), 198 candidate blocks`. */
  summary(supernet: S): string;
}

/**
 * `fbnas search --dry-run`: builds the space's supernet (DNAS or masked) and runs one training step of weights and
 * θ on random data — a Gumbel-softmax sample of θ at τ 5, the cross-entropy and the cost term (MACs for DNAS,
 * effective-shape MACs or weights for DMaskingNAS) — and reports the build and step times and the memory. Nothing is
 * written. A wasm out-of-memory failure is explained (smaller batch, smaller space, native backend).
 */
export async function searchDryRun(flags: SearchFlags, io: CliIo): Promise<void> {
  if (flags.space.kind === 'mask') return dryRun(maskKind(flags.space.space, flags), flags, io);
  return dryRun(dnasKind(flags.space.space, flags), flags, io);
}

/** FBNet's supernet on a DNAS space: `--mode` (default `sampled`), MACs as the cost, CE·α·(log MACs)^β. */
function dnasKind(space: SearchSpace, flags: SearchFlags): DryRunKind<Supernet> {
  const layout = layoutFromSpace(space, flags.ops);
  const table = macsTable(space, { ops: flags.ops });
  const layerIds = space.layers.map((l) => l.id);
  const names = space.layers.map((l) => [...l.candidates]);
  const architectures = countArchitectures(space);
  return {
    space, title: space.name, mode: flags.mode ?? 'sampled', costUnit: 'MACs',
    build: (seed) => createSupernet(layout, seed),
    cost: (_, weights) => expectedLatency(table, layerIds, names, weights),
    loss: { kind: 'multiplicative', alpha: flags.alpha ?? 0.2, beta: flags.beta ?? 0.6 },
    describe: () => ({
      architectures: { count: architectures.count.toString(), log10: architectures.log10 },
      searchableLayers: layerIds.length, candidateModels: names.flat().length,
    }),
    summary: () => `${layerIds.length} searchable layers (${architectures.count} ≈ 10^${architectures.log10.toFixed(1)} architectures), ${names.flat().length} candidate blocks`,
  };
}

/** FBNetV2's masked supernet on a mask space: every candidate weighted (`all`), the budget or FBNet's loss on the effective cost. */
function maskKind(space: MaskSearchSpace, flags: SearchFlags): DryRunKind<MaskedSupernet> {
  const target = maskSearchTarget(flags);
  const log10 = countMaskArchitectures(space);
  return {
    space, title: `${space.name} (masked supernet)`, mode: 'all', costUnit: target?.mode === 'params' ? 'weights' : 'MACs',
    build: (seed) => createMaskedSupernet(space, seed, flags.ops),
    cost: (supernet, weights) => maskedCost(supernet.plan, weights, target?.mode ?? 'flops'),
    loss: target ? { kind: 'budget', lambda: flags.lambda ?? 10, target: target.value } : { kind: 'multiplicative', alpha: 0.2, beta: 0.6 },
    describe: (supernet) => ({ log10Architectures: log10, searchableLayers: space.layers.length, choiceRows: supernet.layerIds.length }),
    summary: (supernet) => `${space.layers.length} searchable layers, ${supernet.layerIds.length} searched dimensions (≈ 10^${log10.toFixed(1)} architectures)`,
  };
}

/** The one step, timed, and its report (JSON or three lines). */
async function dryRun<S extends Supernet>(kind: DryRunKind<S>, flags: SearchFlags, io: CliIo): Promise<void> {
  const backend = getBackend();
  const { space } = kind;
  const batch = flags.batchSize ?? 8;
  const what = `fbnas search --space ${flags.space.file ?? space.name} --dry-run (batch ${batch}, ${kind.mode})`;
  const started = performance.now();
  let supernet: S;
  try {
    supernet = kind.build(flags.seed);
  } catch (error) {
    throw explainWasmMemoryError(error, what, backend);
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const x = randomNormal([batch, space.inputSize, space.inputSize, space.inputChannels]);
  const y = oneHot(randomUniform([batch], 0, space.numClasses, 'int32'), space.numClasses);
  let cost = 0;
  const stepStart = performance.now();
  let outcome: ReturnType<typeof variableGrads>;
  try {
    outcome = variableGrads(() => {
      // As the search's first step draws it: θ plus the padding mask, seeded from (seed, epoch 0, step 0).
      const weights = gumbelSoftmax(add(supernet.theta, supernet.thetaMask), { temperature: 5, seed: deriveSeed(flags.seed, 0, 0, 1), hard: kind.mode === 'sampled' }) as Tensor2D;
      const logits = supernet.forward(x, { mask: weights, training: true, mode: kind.mode });
      const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
      const expected = kind.cost(supernet, weights);
      cost = expected.dataSync()[0]!;
      return latencyAwareLoss(ce, expected, kind.loss);
    }, [...supernet.weights, supernet.theta]);
  } catch (error) {
    dispose([x, y]);
    supernet.dispose();
    throw explainWasmMemoryError(error, what, backend);
  }
  const { value, grads } = outcome;
  const loss = value.dataSync()[0]!;
  const stepSeconds = (performance.now() - stepStart) / 1000;
  const tensorMemory = memory();
  const trainableParameters = supernet.weights.reduce((s, w) => s + w.size, 0);
  const report = {
    space: space.name, backend, ...kind.describe(supernet), batchSize: batch, mode: kind.mode, trainableParameters, buildSeconds, stepSeconds,
    loss, expectedCost: cost, costUnit: kind.costUnit,
    tensorBytes: tensorMemory.numBytes, numTensors: tensorMemory.numTensors, residentSetBytes: process.memoryUsage().rss,
  };
  const summary = kind.summary(supernet);
  dispose([value, x, y, ...Object.values(grads)]);
  supernet.dispose();
  if (flags.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  io.out(`dry run of ${kind.title} on ${backend}: ${summary}, ${(trainableParameters / 1e6).toFixed(2)} M trainable parameters`);
  io.out(`  build ${buildSeconds.toFixed(1)} s; one training step (batch ${batch}, ${kind.mode}) ${stepSeconds.toFixed(1)} s, loss ${loss.toFixed(3)}, expected cost ${(cost / 1e6).toFixed(2)} M ${kind.costUnit}`);
  io.out(`  memory: ${(report.tensorBytes / 2 ** 20).toFixed(0)} MiB in tensors, ${(report.residentSetBytes / 2 ** 20).toFixed(0)} MiB resident`);
}
