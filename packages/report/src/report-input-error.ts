import { describeValue } from '@fbnas/core';

/**
 * An error in what a report reads, naming the file and the field: `runs/a/log.jsonl: line 3: weightLoss: expected
 * a finite number, got "NaN"`, or the folder when its kind cannot be told (`runs/a: not a run folder: …`).
 */
export class ReportInputError extends Error {
  /** The file (or folder) the problem is in. */
  readonly file: string;
  /** The JSON path of the offending field (`points[2].accuracy`), empty for the whole file. */
  readonly field: string;

  /**
   * @param file - the file or folder, as given by the caller.
   * @param field - JSON path inside the file (may include `line N: `), or `''`.
   * @param detail - what is wrong.
   */
  constructor(file: string, field: string, detail: string) {
    super(field ? `${file}: ${field}: ${detail}` : `${file}: ${detail}`);
    this.name = 'ReportInputError';
    this.file = file;
    this.field = field;
  }
}

/**
 * The usual `file: field: expected <form>, got <value>` error.
 *
 * @example
 * throw expectedInput('runs/a/result.json', 'testAccuracy', 'a number from 0 to 1', 7);
 * // ReportInputError: runs/a/result.json: testAccuracy: expected a number from 0 to 1, got 7
 */
export function expectedInput(file: string, field: string, expected: string, received: unknown): ReportInputError {
  return new ReportInputError(file, field, `expected ${expected}, got ${describeValue(received)}`);
}
