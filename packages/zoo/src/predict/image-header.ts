/** An image's format and size, read from its header without decoding it. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JPEG start-of-frame markers (baseline, progressive, lossless…): SOF0–SOF15 but DHT (C4), JPG (C8), DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function pngHeader(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  // The first chunk must be IHDR: length (4), 'IHDR' (4), width (4), height (4), big-endian.
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { format: 'png', width: view.getUint32(16, false), height: view.getUint32(20, false) };
}

function jpegHeader(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return undefined;
      return { format: 'jpeg', height: view.getUint16(at + 5, false), width: view.getUint16(at + 7, false) };
    }
    at += 2 + view.getUint16(at + 2, false);
  }
  return undefined;
}

/**
 * Reads a PNG's or JPEG's width and height from its header (PNG: the IHDR chunk; JPEG: the first
 * start-of-frame segment), so its size can be checked before anything is decoded. Undefined when the bytes
 * are neither format or the header is cut short; the decoder then reports the problem.
 *
 * @example
 * readImageHeader(readFileSync('cat.png')); // { format: 'png', width: 640, height: 480 }
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 8 && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return pngHeader(bytes, view);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes, view);
  return undefined;
}
