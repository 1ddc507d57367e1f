/**
 * A malformed or unsupported value met while decoding (a bad argument to an allow-listed global, a tensor
 * view outside its storage, …). Internal: the reader catches it and re-throws a `TorchCheckpointError` that
 * names the file and the byte where decoding stopped.
 */
export class InvalidValueError extends Error {
  override readonly name = 'InvalidValueError';
}
