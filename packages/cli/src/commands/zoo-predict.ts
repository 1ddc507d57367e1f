import type { OpSpecRegistry } from '@fbnas/core';
import { IMAGENET_CLASSES, loadInput, loadZooModel, predictTop5 } from '@fbnas/zoo';
import type { CliIo } from '../cli-io';
import { zooFromFlag } from '../zoo-flag';

/**
 * `fbnas zoo predict NAME [--weights DIR|FILE.pth] --input FILE [--json]`: top-5 ImageNet-1k classes (index, name)
 * of an image (JPEG/PNG, reference preprocessing) or of a float32 NHWC `.npy` tensor fed as is. `ops` (`--ops`):
 * the registry the architecture's ops resolve to when a `.pth` is converted (default: the built-ins).
 */
export async function zooPredictCommand(
  name: string, options: { weights?: string; input: string; manifest?: string; json: boolean; ops?: OpSpecRegistry }, io: CliIo,
): Promise<void> {
  const zoo = await zooFromFlag(options.manifest);
  const info = zoo.modelInfo(name);
  const model = await loadZooModel(info.name, { weights: options.weights, zoo, ops: options.ops });
  const input = await loadInput(options.input, info.resolution, info.evalResize).catch((error: unknown) => {
    model.dispose();
    throw error;
  });
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
