import { announcedLength, describeNetworkError, describeProgress, downloadError, fetchResponse } from './download-error';

/** Options of `fetchBytes`. */
export interface FetchBytesOptions {
  /** The fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
  /** The most bytes accepted (the body is not read past it). */
  maxBytes: number;
  /** The option that raises `maxBytes`, named in the error. */
  maxBytesOption: string;
}

/**
 * Fetches a small document (a manifest, an architecture) into memory, at most `maxBytes` bytes.
 *
 * @throws Error `cannot download <url>: …` with the bytes received (as `downloadFile`), or over the limit
 *   `cannot download <url>: more than the limit of N bytes; raise the <option> option`.
 */
export async function fetchBytes(url: string, options: FetchBytesOptions): Promise<Uint8Array> {
  const response = await fetchResponse(url, options.fetch ?? fetch);
  const total = announcedLength(response);
  const tooLarge = () =>
    downloadError(url, `more than the limit of ${options.maxBytes} bytes; raise the ${options.maxBytesOption} option to read it`);
  if (total !== undefined && total > options.maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw downloadError(url, `connection closed after ${describeProgress(bytes, total)} (${describeNetworkError(error)})`, error);
    }
    if (chunk.done) break;
    bytes += chunk.value.length;
    if (bytes > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  if (total !== undefined && bytes !== total) {
    throw downloadError(url, `connection closed after ${describeProgress(bytes, total)} (the body ended early)`);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
