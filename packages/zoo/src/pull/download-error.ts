/**
 * Download error messages, one format for every failure: `cannot download <url>: <what happened>`, with the
 * bytes received so far and, when the server announced it, the expected total, e.g.
 * `cannot download http://127.0.0.1:8080/x.pth: connection closed after 1048576 of 4194304 bytes (terminated: other side closed)`.
 */

/** The message of an error and of its cause (undici puts the socket error in `cause`): `terminated: other side closed`. */
export function describeNetworkError(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  const detail = cause?.message ?? cause?.code;
  return detail && detail !== message ? `${message}: ${detail}` : message;
}

/** `1048576 of 4194304 bytes`, or `1048576 bytes` when the total is unknown. */
export function describeProgress(bytes: number, total: number | undefined): string {
  return total === undefined ? `${bytes} bytes` : `${bytes} of ${total} bytes`;
}

/** An error `cannot download <url>: <reason>`. */
export function downloadError(url: string, reason: string, cause?: unknown): Error {
  return new Error(`cannot download ${url}: ${reason}`, cause === undefined ? undefined : { cause });
}

/** The total a response announces (`content-length`), or undefined. */
export function announcedLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  const total = header === null ? Number.NaN : Number(header);
  return Number.isSafeInteger(total) && total >= 0 ? total : undefined;
}

/**
 * Fetches `url`, turning a failure to connect and an HTTP error status into download errors naming the URL
 * (`cannot download <url>: HTTP 404 Not Found; 0 bytes received`).
 */
export async function fetchResponse(url: string, doFetch: typeof fetch): Promise<Response & { body: ReadableStream<Uint8Array> }> {
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    throw downloadError(url, `${describeNetworkError(error)}; 0 bytes received`, error);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw downloadError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; 0 bytes received`);
  }
  return response as Response & { body: ReadableStream<Uint8Array> };
}
