import { readFile } from 'node:fs/promises';
import { softmax, tensor4d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { decodeImage, type DecodeImageOptions } from './decode-image';
import { preprocessImage } from './preprocess-image';
import { readNpy } from './read-npy';

/** One of the top classes of a prediction. */
export interface ClassScore {
  /** Class index (ImageNet-1k order for the zoo models). */
  index: number;
  /** Class name, when the model's classes are known (ImageNet-1k for the zoo). */
  name?: string;
  /** Softmax probability. */
  probability: number;
}

/** A prediction: raw logits of the first image and its five most likely classes. */
export interface Prediction {
  logits: number[];
  top5: ClassScore[];
}

/**
 * Loads a model input from a file: a `.npy` float32 NHWC array (`[H,W,C]` or `[1,H,W,C]`) is used as is; a
 * JPEG or PNG gets the reference preprocessing (shorter side → `evalResize`, centre crop `resolution`,
 * ImageNet normalisation; spec §9.9). An image of more than `options.maxPixels` pixels (default 40 megapixels)
 * is refused from its header, before it is decoded.
 * @throws Error naming the file for unreadable inputs, a shape that does not match `resolution`, or an image
 *   over `maxPixels`.
 * @example
 * const x = await loadInput('cat.jpg', 224, 256); // [1, 224, 224, 3]
 */
export async function loadInput(path: string, resolution: number, evalResize: number, options: DecodeImageOptions = {}): Promise<Tensor> {
  const bytes = new Uint8Array(await readFile(path));
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) {
    const { shape, data } = readNpy(bytes, path);
    const full = shape.length === 3 ? [1, ...shape] : shape;
    if (full.length !== 4 || full[1] !== resolution || full[2] !== resolution || full[3] !== 3) {
      throw new Error(`${path}: expected a float32 NHWC array of shape [1,${resolution},${resolution},3], got [${shape}]`);
    }
    return tensor4d(data, full as [number, number, number, number]);
  }
  const image = decodeImage(bytes, path, options);
  return tensor4d(preprocessImage(image, evalResize, resolution), [1, resolution, resolution, 3]);
}

/** Runs `model` on `input` and returns the first row's logits and top-5 softmax classes (named when `classNames` is given). */
export function predictTop5(model: LayersModel, input: Tensor, classNames?: readonly string[]): Prediction {
  const [logits, probabilities] = tidy(() => {
    const out = model.predict(input) as Tensor;
    return [out, softmax(out)];
  });
  const logitValues = Array.from(logits!.dataSync().subarray(0, logits!.shape[1]));
  const probabilityValues = Array.from(probabilities!.dataSync().subarray(0, probabilities!.shape[1]));
  logits!.dispose();
  probabilities!.dispose();
  const top5 = probabilityValues
    .map((probability, index) => ({ index, ...(classNames?.[index] ? { name: classNames[index] } : {}), probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 5);
  return { logits: logitValues, top5 };
}
