import { existsSync } from 'node:fs';
import { dispose } from '@tensorflow/tfjs-core';
import { loadNamedTensors, saveNamedTensors, type StatefulOptimizer } from '@fbnas/train';
import type { MultitaskSupernet } from './multitask-supernet';

/** Saves every variable of `net` (weights and BN statistics) and the optimizer's state with `state`, atomically. */
export async function saveNetCheckpoint(path: string, net: MultitaskSupernet, optimizer: StatefulOptimizer, state: unknown): Promise<void> {
  const tensors = { ...Object.fromEntries([...net.namedVariables()].map(([name, v]) => [name, v.clone()])), ...optimizer.state('weights') };
  try {
    await saveNamedTensors(path, tensors, state);
  } finally {
    dispose(Object.values(tensors));
  }
}

/**
 * Restores what `saveNetCheckpoint` wrote into `net` and `optimizer` and returns its state, or `null` when there is
 * no checkpoint at `path`.
 *
 * @throws Error naming the checkpoint and a tensor `net` has and the checkpoint lacks (it is of another network).
 */
export async function restoreNetCheckpoint<T>(path: string, net: MultitaskSupernet, optimizer: StatefulOptimizer): Promise<T | null> {
  if (!existsSync(path)) return null;
  const { tensors, state } = await loadNamedTensors<T>(path);
  try {
    for (const [name, variable] of net.namedVariables()) {
      if (!tensors[name]) throw new Error(`${path}: missing tensor '${name}'; the checkpoint is of another network`);
      variable.assign(tensors[name]!);
    }
    optimizer.restore('weights', tensors);
  } finally {
    dispose(Object.values(tensors));
  }
  return state;
}
