import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Progress of a download: bytes so far and the total when the server sent a length. */
export interface DownloadProgress {
  bytes: number;
  total: number | undefined;
}

/** Options of `downloadFile`. */
export interface DownloadOptions {
  onProgress?: (progress: DownloadProgress) => void;
  /** The fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
}

/**
 * Downloads `url` to `destination` through a temporary file in the same folder, hashing as it goes, and
 * renames it into place only when the whole body arrived. On any failure the temporary file is removed and
 * nothing is left at `destination`.
 * @returns the sha256 (hex) and size in bytes of the file.
 * @throws Error naming the URL for network failures, HTTP errors and truncated bodies.
 */
export async function downloadFile(url: string, destination: string, options: DownloadOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`cannot download ${url}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  if (!response.ok || !response.body) throw new Error(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader ? Number(lengthHeader) : undefined;
  await mkdir(dirname(destination), { recursive: true });
  const temporary = `${destination}.part-${process.pid}-${Date.now()}`;
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(temporary);
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      bytes += value.length;
      if (!out.write(value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      options.onProgress?.({ bytes, total });
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (total !== undefined && bytes !== total) throw new Error(`cannot download ${url}: got ${bytes} of ${total} bytes`);
    await rename(temporary, destination);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    if ((error as Error).message.startsWith('cannot download')) throw error;
    throw new Error(`cannot download ${url}: ${(error as Error).message}`);
  }
  return { sha256: hash.digest('hex'), bytes };
}
