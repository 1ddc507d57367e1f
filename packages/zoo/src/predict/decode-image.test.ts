import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage, DEFAULT_MAX_PIXELS } from './decode-image';
import { readImageHeader } from './image-header';
import { loadInput } from './predict-input';

const folder = mkdtempSync(join(tmpdir(), 'fbnas-decode-image-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A valid-looking PNG header of `width × height` RGB pixels (CRCs right) with one row of data: a few hundred bytes. */
function hugePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, adaptive filter, no interlace
  const row = deflateSync(new Uint8Array(1 + width * 3));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', row), chunk('IEND', new Uint8Array(0))]);
}

/** A JPEG's markers up to a baseline start-of-frame declaring `width × height` (no scan data). */
function hugeJpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xff, ...sof, 0xff, 0xd9]);
}

function smallPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 31) % 256;
  return PNG.sync.write(png);
}

describe('image pixel limit (maxPixels)', () => {
  it('defaults to 40 megapixels', () => {
    expect(DEFAULT_MAX_PIXELS).toBe(40_000_000);
  });

  it('refuses a 20000 × 20000 PNG from its header, before decoding (no 1.6 GB allocation)', async () => {
    const bytes = hugePng(20000, 20000);
    expect(bytes.length).toBeLessThan(2000);
    expect(readImageHeader(bytes)).toEqual({ format: 'png', width: 20000, height: 20000 });
    const path = join(folder, 'huge.png');
    writeFileSync(path, bytes);
    const start = performance.now();
    await expect(loadInput(path, 224, 256)).rejects.toThrow(
      `${path}: the image is 20000 × 20000 pixels (400 megapixels), more than the limit of 40000000 pixels (40 megapixels); raise the maxPixels option to decode it`,
    );
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('refuses a JPEG whose start-of-frame declares too many pixels', () => {
    const bytes = hugeJpegHeader(65000, 65000);
    expect(readImageHeader(bytes)).toEqual({ format: 'jpeg', width: 65000, height: 65000 });
    expect(() => decodeImage(bytes, 'huge.jpg')).toThrow(/^huge\.jpg: the image is 65000 × 65000 pixels \(4225 megapixels\), more than the limit of 40000000 pixels/);
  });

  it('applies a lower maxPixels to real PNGs and JPEGs, and decodes them under a higher one', async () => {
    const png = smallPng(40, 30);
    const jpg = jpeg.encode({ width: 40, height: 30, data: Buffer.from(new PNG({ width: 40, height: 30 }).data) }, 90).data;
    expect(readImageHeader(jpg)).toEqual({ format: 'jpeg', width: 40, height: 30 });
    for (const [name, bytes] of [['small.png', png], ['small.jpg', jpg]] as const) {
      expect(() => decodeImage(bytes, name, { maxPixels: 1199 })).toThrow(`${name}: the image is 40 × 30 pixels (0.0012 megapixels), more than the limit of 1199 pixels`);
      expect(decodeImage(bytes, name, { maxPixels: 1200 })).toMatchObject({ width: 40, height: 30 });
    }
    const path = join(folder, 'small.png');
    writeFileSync(path, png);
    await expect(loadInput(path, 16, 20, { maxPixels: 100 })).rejects.toThrow(/raise the maxPixels option/);
    expect((await loadInput(path, 16, 20)).shape).toEqual([1, 16, 16, 3]);
  });

  it('leaves other bytes to the decoders and their errors', () => {
    expect(readImageHeader(Uint8Array.from([1, 2, 3]))).toBeUndefined();
    expect(() => decodeImage(Uint8Array.from([1, 2, 3]), 'x.bin')).toThrow(/^x\.bin: cannot decode image: expected a JPEG/);
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});
