/** Where a command writes: stdout for results, stderr for progress and errors. Injectable for tests. */
export interface CliIo {
  out(text: string): void;
  error(text: string): void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  error: (text) => void process.stderr.write(`${text}\n`),
};

/** An error whose message is shown to the user as is (exit code 2 for usage errors, 1 otherwise). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
