import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbImage } from './preprocess-image';

/**
 * Decodes a JPEG or PNG (detected from its first bytes, not its name) into 8-bit RGB; alpha is dropped.
 * Pure JavaScript (jpeg-js, pngjs): no native image library needed.
 * @throws Error naming `source` when the bytes are neither format or the decoder fails.
 */
export function decodeImage(bytes: Uint8Array, source = 'image'): RgbImage {
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (isJpeg) rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    else if (isPng) rgba = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    else throw new Error('expected a JPEG (FF D8) or PNG (89 50 4E 47) file');
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
