import { IMAGENET_CLASSES, loadInput, loadZooModel, modelInfo, predictTop5 } from '@fbnas/zoo';
import type { CliIo } from '../cli-io';

/**
 * `fbnas zoo predict NAME [--weights DIR|FILE.pth] --input FILE [--json]`: top-5 ImageNet-1k classes (index, name)
 * of an image (JPEG/PNG, reference preprocessing) or of a float32 NHWC `.npy` tensor fed as is.
 */
export async function zooPredictCommand(name: string, options: { weights?: string; input: string; json: boolean }, io: CliIo): Promise<void> {
  const info = modelInfo(name);
  const model = await loadZooModel(info.name, { weights: options.weights });
  const input = await loadInput(options.input, info.resolution, info.evalResize);
  const prediction = predictTop5(model, input, IMAGENET_CLASSES);
  input.dispose();
  model.dispose();
  if (options.json) {
    io.out(JSON.stringify(prediction));
    return;
  }
  io.out(`${info.name} on ${options.input}: top-5 ImageNet classes`);
  for (const { index, name, probability } of prediction.top5) io.out(`  class ${String(index).padStart(4)}  p = ${probability.toFixed(4)}  ${name ?? ''}`);
}
