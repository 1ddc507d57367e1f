import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { announcedLength, describeNetworkError, describeProgress, downloadError, fetchResponse } from './download-error';

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

/** Resolves when `out` drains or fails (the failure is read from its 'error' listener). */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}

/**
 * Downloads `url` to `destination` through a temporary file in the same folder, hashing as it goes, and
 * renames it into place only when the whole body arrived. On any failure the temporary file is removed and
 * nothing is left at `destination`.
 *
 * @returns the sha256 (hex) and size in bytes of the file.
 * @throws Error `cannot download <url>: <reason>` giving the bytes received so far and the expected total when
 *   known: `fetch failed: connect ECONNREFUSED 127.0.0.1:9; 0 bytes received`, `HTTP 404 Not Found; 0 bytes
 *   received`, `connection closed after 1048576 of 4194304 bytes (terminated: other side closed)`, or
 *   `cannot write <file> after … bytes (ENOSPC: …)`.
 * @example
 * const { sha256, bytes } = await downloadFile('https://example.org/fbnet_c.pth', 'downloads/fbnet_c.pth');
 */
export async function downloadFile(url: string, destination: string, options: DownloadOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const response = await fetchResponse(url, options.fetch ?? fetch);
  const total = announcedLength(response);
  await mkdir(dirname(destination), { recursive: true });
  const temporary = `${destination}.part-${process.pid}-${Date.now()}`;
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(temporary);
  let writeError: Error | undefined;
  out.on('error', (error) => (writeError ??= error));
  const cannotWrite = (error: Error) => downloadError(url, `cannot write ${temporary} after ${describeProgress(bytes, total)} (${error.message})`, error);
  const reader = response.body.getReader();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw downloadError(url, `connection closed after ${describeProgress(bytes, total)} (${describeNetworkError(error)})`, error);
      }
      if (chunk.done) break;
      hash.update(chunk.value);
      bytes += chunk.value.length;
      if (writeError) throw cannotWrite(writeError);
      if (!out.write(chunk.value)) await drained(out);
      options.onProgress?.({ bytes, total });
    }
    if (total !== undefined && bytes !== total) {
      throw downloadError(url, `connection closed after ${describeProgress(bytes, total)} (the body ended early)`);
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(cannotWrite(error)) : resolve())));
    if (writeError) throw cannotWrite(writeError);
    await rename(temporary, destination);
  } catch (error) {
    out.destroy();
    await reader.cancel().catch(() => undefined);
    await rm(temporary, { force: true });
    if ((error as Error).message.startsWith('cannot download')) throw error;
    throw downloadError(url, `${(error as Error).message} after ${describeProgress(bytes, total)}`, error);
  }
  return { sha256: hash.digest('hex'), bytes };
}
