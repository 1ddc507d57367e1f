/**
 * Errors about a dataset file name the file, the field and the expected form, as
 * `<file>: <field>: expected <form>, got <value>`, e.g.
 * `/data/train-images-idx3-ubyte.gz: data: expected 47040016 bytes (16-byte header + 60000 × 28 × 28), got 1000 (truncated)`.
 */

/** An error in a dataset file (or in an in-memory dataset, then `file` is its name). */
export class DatasetFileError extends Error {
  /** The file (path or dataset name) the problem is in. */
  readonly file: string;
  /** The field of the format that is wrong, e.g. `magic number`, `label[12]`, `size`. */
  readonly field: string;
  /** The message without the file and field. */
  readonly detail: string;

  /**
   * @param file - path of the offending file, or the dataset's name for in-memory data.
   * @param field - the part of the format that is wrong.
   * @param detail - what was expected and what was found.
   */
  constructor(file: string, field: string, detail: string) {
    super(`${file}: ${field}: ${detail}`);
    this.name = 'DatasetFileError';
    this.file = file;
    this.field = field;
    this.detail = detail;
  }
}
