import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { evaluateAccuracy } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { atResolution, batchSource, loadData } from '../workflows/load-data';

/** `fbnas eval --model DIR --data D`: top-1 accuracy of a saved model on the test set. */
export async function evaluateCommand(flags: { model: string; data: string; json: boolean }, io: CliIo): Promise<void> {
  await selectBackend({ onWarning: (m) => io.error(m) });
  registerFbnasLayers();
  const model = await loadLayersModel(fileSystemIO(flags.model));
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  const data = atResolution(await loadData(flags.data), h!);
  const accuracy = evaluateAccuracy(model, batchSource(data.test, { batchSize: 256, seed: 0, normalize: data.normalize, shuffle: false })(0), [h!, w!, c!], data.test.classes);
  model.dispose();
  io.out(flags.json ? JSON.stringify({ model: flags.model, testImages: data.test.count, accuracy }) : `${flags.model}: test accuracy ${(accuracy * 100).toFixed(2)} % on ${data.test.count} images`);
}

/** `fbnas export --run DIR --out DIR`: the trained model (tfjs artifact) with its architecture and results. */
export async function exportCommand(flags: { run: string; out: string }, io: CliIo): Promise<void> {
  registerFbnasLayers();
  const model = await loadLayersModel(fileSystemIO(join(flags.run, 'model')));
  await model.save(fileSystemIO(flags.out));
  model.dispose();
  await mkdir(flags.out, { recursive: true });
  for (const file of ['result.json', 'train-config.json']) {
    await cp(join(flags.run, file), join(flags.out, file)).catch(() => undefined);
  }
  io.out(`exported ${flags.run}/model → ${flags.out} (model.json + sha256-checked shards)`);
}
