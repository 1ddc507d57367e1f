/** BullMQ connection options for a `redis://host:port[/db]` URL (ioredis underneath; reconnects without limit). */
export function queueConnection(url: string): { url: string; maxRetriesPerRequest: null; retryStrategy: (times: number) => number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue: expected a Redis URL redis://host:port (or rediss://), got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`--queue: expected a Redis URL redis://host:port (or rediss://), got '${url}'`);
  // Workers and waiting coordinators ride out a Redis restart: commands wait for the reconnection instead of failing.
  return { url, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(200 * times, 2000) };
}

/** The BullMQ queue fbnas uses unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'fbnas';
