import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { readImageHeader } from './image-header';
import type { RgbImage } from './preprocess-image';

/** The default limit on an image's pixels: 40 megapixels (e.g. 7300 × 5475), 160 MB decoded as RGBA. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** Options of `decodeImage`. */
export interface DecodeImageOptions {
  /** The most pixels (width × height) an image may have, checked from its header before decoding (default 40 000 000). */
  maxPixels?: number;
}

const megapixels = (pixels: number) => `${Number(pixels >= 1e6 ? (pixels / 1e6).toFixed(1) : (pixels / 1e6).toPrecision(2))} megapixels`;

/**
 * Decodes a JPEG or PNG (detected from its first bytes, not its name) into 8-bit RGB; alpha is dropped.
 * Pure JavaScript (jpeg-js, pngjs): no native image library needed. The image's size is read from its header
 * first: one of more than `maxPixels` pixels (default 40 megapixels) is refused before anything is allocated.
 *
 * @throws Error naming `source` when the bytes are neither format, the decoder fails, or the image is too
 *   large: `cat.png: the image is 20000 × 20000 pixels (400 megapixels), more than the limit of 40000000 pixels
 *   (40 megapixels); raise the maxPixels option to decode it`.
 * @example
 * const { width, height, data } = decodeImage(readFileSync('cat.jpg'), 'cat.jpg');
 */
export function decodeImage(bytes: Uint8Array, source = 'image', options: DecodeImageOptions = {}): RgbImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels >= 1)) throw new RangeError(`decodeImage: maxPixels must be a positive number of pixels, got ${maxPixels}`);
  const header = readImageHeader(bytes);
  if (header !== undefined && header.width * header.height > maxPixels) {
    const pixels = header.width * header.height;
    throw new Error(
      `${source}: the image is ${header.width} × ${header.height} pixels (${megapixels(pixels)}), more than the limit of ` +
        `${maxPixels} pixels (${megapixels(maxPixels)}); raise the maxPixels option to decode it`,
    );
  }
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (isJpeg) {
      // jpeg-js checks its own limits too (a JPEG whose header this reader missed still cannot exceed them).
      const maxResolutionInMP = Math.max(maxPixels / 1e6, 1e-6);
      const maxMemoryUsageInMB = Math.max(1024, Math.ceil((maxPixels * 8) / 2 ** 20));
      rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP, maxMemoryUsageInMB });
    } else if (isPng) {
      rgba = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } else {
      throw new Error('expected a JPEG (FF D8) or PNG (89 50 4E 47) file');
    }
  } catch (error) {
    throw new Error(`${source}: cannot decode image: ${(error as Error).message}`);
  }
  const pixels = rgba.width * rgba.height;
  const data = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    data[i * 3] = rgba.data[i * 4]!;
    data[i * 3 + 1] = rgba.data[i * 4 + 1]!;
    data[i * 3 + 2] = rgba.data[i * 4 + 2]!;
  }
  return { width: rgba.width, height: rgba.height, data };
}
