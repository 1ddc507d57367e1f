import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemIO } from '@fbnas/ops';
import type { JointSpace } from '../joint-sample';
import { jointFeatureNames } from '../encode-joint-sample';
import { createNarsPredictor, type NarsPredictor, type NarsPredictorState } from './nars-predictor';

const PARTS = ['encoder', 'proxy', 'accuracy'] as const;

/**
 * Saves a predictor as a folder: `encoder/`, `proxy/`, `accuracy/` (tfjs artifacts: model.json + weights) and
 * `predictor.json` (format, space, feature layout, layer sizes, target standardisations). Written to a temporary
 * folder and renamed into place, so a folder is either the old predictor or the new one.
 *
 * @example
 * await saveNarsPredictor(predictor, 'runs/nars/predictor');
 */
export async function saveNarsPredictor(predictor: NarsPredictor, folder: string): Promise<void> {
  const temporary = join(dirname(folder), `.${basename(folder)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(temporary, { recursive: true });
  try {
    for (const part of PARTS) await predictor.models[part].save(fileSystemIO(join(temporary, part)));
    await writeFile(join(temporary, 'predictor.json'), `${JSON.stringify(predictor.state(), null, 2)}\n`);
    await rm(folder, { recursive: true, force: true });
    await rename(temporary, folder);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Loads a predictor saved by `saveNarsPredictor` for `space` (its feature normalisation and target statistics
 * included), ready to predict or to keep training.
 *
 * @throws Error naming the file when it is not a predictor, is of another space, or its features differ.
 * @example
 * const predictor = await loadNarsPredictor('runs/nars/predictor', loadJointSpace('nars-micro-28'));
 */
export async function loadNarsPredictor(folder: string, space: JointSpace): Promise<NarsPredictor> {
  const path = join(folder, 'predictor.json');
  let state: NarsPredictorState;
  try {
    state = JSON.parse(await readFile(path, 'utf8')) as NarsPredictorState;
  } catch (error) {
    throw new Error(`${path}: cannot read a predictor (${(error as Error).message})`);
  }
  if (state.format !== 'fbnas.nars-predictor/v1') throw new Error(`${path}: format: expected "fbnas.nars-predictor/v1", got ${JSON.stringify(state.format)}`);
  if (state.space !== space.name) throw new Error(`${path}: space: the predictor is of space '${state.space}', not '${space.name}'`);
  if (JSON.stringify(state.features) !== JSON.stringify(jointFeatureNames(space))) {
    throw new Error(`${path}: features: the space '${space.name}' has changed since the predictor was saved (its dimensions differ)`);
  }
  const predictor = createNarsPredictor(space, state.options, state);
  for (const part of PARTS) {
    const saved = await loadLayersModel(fileSystemIO(join(folder, part)));
    predictor.models[part].setWeights(saved.getWeights());
    saved.dispose();
  }
  return predictor;
}
