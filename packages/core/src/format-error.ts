/**
 * Errors in fbnas data (architectures, op arguments, plans, manifests) name where the problem is and what was
 * expected, as `path: expected <form>, got <value>`, e.g. `stages[3][1][2]: expected a positive integer
 * stride, got -1`. Paths are JSON paths into the document (`stages[3][1][4].kernel`) or block paths
 * (`backbone.stages.xif2_0`).
 */

/** An error located at `path` in a document; `message` is `${path}: ${detail}`. */
export class FormatError extends Error {
  /** Where the problem is, e.g. `stages[3][1][2]` or `basicArgs.widthDivisor`. */
  readonly path: string;
  /** The message without the path. */
  readonly detail: string;

  /**
   * @param path - JSON path or block path of the offending value.
   * @param detail - what is wrong, e.g. `expected a positive integer stride, got -1`.
   */
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'FormatError';
    this.path = path;
    this.detail = detail;
  }
}

/**
 * Builds the usual `path: expected <form>, got <value>` error.
 *
 * @example
 * throw expectedError('stages[3][1][2]', 'a positive integer stride', -1);
 * // FormatError: stages[3][1][2]: expected a positive integer stride, got -1
 */
export function expectedError(path: string, expected: string, received: unknown): FormatError {
  return new FormatError(path, `expected ${expected}, got ${describeValue(received)}`);
}

/**
 * A short human-readable rendering of any value for error messages: JSON where possible (truncated to about
 * 60 characters), `nothing` for a missing value.
 *
 * @example
 * describeValue(-1); // '-1'
 * describeValue(undefined); // 'nothing'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Appends an object key to a JSON path: `.key` for identifier-like keys, `["key"]` otherwise.
 *
 * @example
 * childPath('basicArgs', 'widthDivisor'); // 'basicArgs.widthDivisor'
 * childPath('', 'stages'); // 'stages'
 */
export function childPath(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return segment.startsWith('"') ? `[${segment}]` : segment;
  return segment.startsWith('"') ? `${path}[${segment}]` : `${path}.${segment}`;
}
