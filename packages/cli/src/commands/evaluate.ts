import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { evaluateAccuracy } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { atResolution, batchSource, checkDataFlag, loadData } from '../workflows/load-data';

/** Loads a saved model folder, naming the flag and folder when there is none. */
async function loadModelFolder(folder: string, flag: string) {
  if (!existsSync(join(folder, 'model.json'))) throw new Error(`${flag} ${folder}: no model.json there (expected a model folder written by fbnas train or fbnas zoo import)`);
  registerFbnasLayers();
  return loadLayersModel(fileSystemIO(folder));
}

/** `fbnas eval --model DIR --data D`: top-1 accuracy of a saved model on the test set. */
export async function evaluateCommand(flags: { model: string; data: string; json: boolean }, io: CliIo): Promise<void> {
  checkDataFlag('eval', flags.data);
  const model = await loadModelFolder(flags.model, '--model');
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  const data = atResolution(await loadData(flags.data), h!);
  if (data.test.channels !== c) {
    model.dispose();
    throw new Error(`--data ${flags.data}: the model takes ${c}-channel images, the data have ${data.test.channels}`);
  }
  const accuracy = evaluateAccuracy(model, batchSource(data.test, { batchSize: 256, seed: 0, normalize: data.normalize, shuffle: false })(0), [h!, w!, c!], data.test.classes);
  model.dispose();
  io.out(flags.json ? JSON.stringify({ model: flags.model, testImages: data.test.count, accuracy }) : `${flags.model}: test accuracy ${(accuracy * 100).toFixed(2)} % on ${data.test.count} images`);
}

/**
 * `fbnas export --run DIR --out DIR`: the trained model (tfjs artifact, sha256-checked shards) with the run's
 * architecture and results. An `--out` that already holds a model is kept unless `--force`.
 */
export async function exportCommand(flags: { run: string; out: string; force: boolean }, io: CliIo): Promise<void> {
  if (!existsSync(join(flags.run, 'model', 'model.json'))) {
    throw new Error(`--run ${flags.run}: no trained model (${join(flags.run, 'model', 'model.json')} is missing; is the run finished?)`);
  }
  if (!flags.force && existsSync(join(flags.out, 'model.json'))) {
    throw new Error(`--out ${flags.out} already holds a model; use --force to replace it, or another --out`);
  }
  const model = await loadModelFolder(join(flags.run, 'model'), '--run');
  await model.save(fileSystemIO(flags.out));
  model.dispose();
  await mkdir(flags.out, { recursive: true });
  for (const file of ['result.json', 'config.json']) {
    if (existsSync(join(flags.run, file))) await cp(join(flags.run, file), join(flags.out, file));
  }
  io.out(`exported ${flags.run}/model → ${flags.out} (model.json + sha256-checked shards)`);
}
