import { createGunzip } from 'node:zlib';

/**
 * The first `count` decompressed bytes of a gzip stream (fewer when the stream holds fewer), decompressing no
 * more than it needs: the rest of the stream is never inflated, so a header can be checked before the body
 * is allocated.
 *
 * @throws Error from zlib when the stream is corrupt before `count` bytes come out.
 * @example
 * const header = await gunzipHead(gzippedIdx, 16); // the magic number and the three sizes
 */
export function gunzipHead(bytes: Uint8Array, count: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip({ chunkSize: Math.max(64, count) });
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      resolve(new Uint8Array(Buffer.concat(chunks).subarray(0, count)));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= count) finish();
    });
    gunzip.on('end', finish);
    gunzip.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    gunzip.end(bytes);
  });
}
