/** The name used in error messages when a checkpoint was given as bytes without `options.source`. */
export const DEFAULT_SOURCE = 'checkpoint';

/**
 * Any failure to read a PyTorch checkpoint. The message starts with the file (`source: reason`); `source` and
 * `reason` hold the two parts separately. Reading never returns a partial result: it returns the whole
 * checkpoint or throws this error.
 *
 * @example
 * try { readTorchCheckpoint(bytes, { source: 'fbnet_a.pth' }); }
 * catch (error) { if (error instanceof TorchCheckpointError) console.error(error.source, error.reason); }
 */
export class TorchCheckpointError extends Error {
  override readonly name = 'TorchCheckpointError';
  /** The file (or `options.source`) being read. */
  readonly source: string;
  /** What was wrong, without the source prefix. */
  readonly reason: string;

  /** Makes an error whose message is `${source}: ${reason}`. */
  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(`${source}: ${reason}`, options);
    this.source = source;
    this.reason = reason;
  }
}
