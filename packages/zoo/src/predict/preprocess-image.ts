/** An RGB image as interleaved 8-bit values, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  /** `width·height·3` bytes, R G B per pixel. */
  data: Uint8Array;
}

/** ImageNet channel means and standard deviations used by the reference accuracies (spec §9.9). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/**
 * The reference evaluation preprocessing (spec §9.9): resize so the shorter side is `resize` (bilinear, pixel
 * centres aligned as PIL/torchvision do without antialiasing), centre-crop `crop`×`crop`, scale to [0, 1] and
 * normalise per channel. Returns NHWC float32 data for a `[1, crop, crop, 3]` tensor.
 */
export function preprocessImage(image: RgbImage, resize: number, crop: number): Float32Array {
  const scale = resize / Math.min(image.width, image.height);
  const width = image.width <= image.height ? resize : Math.round(image.width * scale);
  const height = image.height < image.width ? resize : Math.round(image.height * scale);
  if (crop > width || crop > height) throw new Error(`crop ${crop} is larger than the resized image ${width}×${height}`);
  const top = Math.round((height - crop) / 2);
  const left = Math.round((width - crop) / 2);
  const out = new Float32Array(crop * crop * 3);
  const sy = image.height / height;
  const sx = image.width / width;
  for (let y = 0; y < crop; y++) {
    const fy = Math.min(Math.max((y + top + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < crop; x++) {
      const fx = Math.min(Math.max((x + left + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => image.data[(yy * image.width + xx) * 3 + c]!;
        const value = (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1)) + wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1));
        out[(y * crop + x) * 3 + c] = (value / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
      }
    }
  }
  return out;
}
