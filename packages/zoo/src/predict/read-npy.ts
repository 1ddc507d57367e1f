/** A float32 array read from a `.npy` file, with its shape. */
export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

/**
 * Parses a NumPy `.npy` file (format 1.x/2.x/3.x) holding little-endian float32 (`<f4`) data in C order.
 * @throws Error naming `source` and the field for other dtypes, Fortran order, truncation or a bad header.
 */
export function readNpy(bytes: Uint8Array, source = '.npy input'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${source}: not a .npy file (expected the magic \\x93NUMPY)`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${source}: malformed .npy header '${header.trim()}'`);
  }
  if (descr !== '<f4') throw new Error(`${source}: dtype '${descr}' is not supported; expected float32 ('<f4')`);
  if (fortran === 'True') throw new Error(`${source}: fortran_order arrays are not supported; save with C order`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart + count * 4) {
    throw new Error(`${source}: truncated: shape [${shape}] needs ${count * 4} bytes of data, file has ${bytes.length - dataStart}`);
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + i * 4, true);
  return { shape, data };
}
