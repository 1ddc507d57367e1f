import { dispose, type NamedTensorMap } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import type { StatefulOptimizer } from './optimizers';
import type { TrainEpochLog } from './train-architecture';
import type { WeightAverage } from './weight-average';

/** What a training checkpoint's JSON state holds. */
export interface TrainCheckpointState {
  epoch: number;
  logs: TrainEpochLog[];
}

/** Saves every model weight (BN statistics included) as `model/<name>`, the optimizer's state and the EMA, atomically. */
export async function saveTrainCheckpoint(
  path: string, model: LayersModel, optimizer: StatefulOptimizer, ema: WeightAverage | null, state: TrainCheckpointState,
): Promise<void> {
  const tensors: NamedTensorMap = { ...optimizer.state('weights') };
  for (const w of model.weights) tensors[`model/${w.originalName}`] = w.read().clone();
  for (const [name, average] of ema?.averages ?? []) tensors[`ema/${name}`] = average.clone();
  try {
    await saveNamedTensors(path, tensors, state);
  } finally {
    dispose(Object.values(tensors));
  }
}

/** Restores what `saveTrainCheckpoint` wrote into `model`, `optimizer` and `ema`; returns the JSON state. */
export async function restoreTrainCheckpoint(
  path: string, model: LayersModel, optimizer: StatefulOptimizer, ema: WeightAverage | null,
): Promise<TrainCheckpointState> {
  const { tensors, state } = await loadNamedTensors<TrainCheckpointState>(path);
  try {
    for (const w of model.weights) {
      const saved = tensors[`model/${w.originalName}`];
      if (!saved) throw new Error(`${path}: missing tensor 'model/${w.originalName}'; the checkpoint is of another architecture`);
      w.write(saved);
    }
    for (const [name, average] of ema?.averages ?? []) {
      const saved = tensors[`ema/${name}`];
      if (!saved) throw new Error(`${path}: missing tensor 'ema/${name}'; the checkpoint was written without train.ema`);
      average.assign(saved);
    }
    optimizer.restore('weights', tensors);
  } finally {
    dispose(Object.values(tensors));
  }
  return state;
}

