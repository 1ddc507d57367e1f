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

/**
 * A usage error of `fbnas <command>` (exit code 2), pointing at the command's help.
 *
 * @example
 * throw usageError('train', 'missing --arch FILE'); // fbnas train: missing --arch FILE (see `fbnas train --help`)
 */
export function usageError(command: string, message: string): CliError {
  const name = command ? `fbnas ${command}` : 'fbnas';
  return new CliError(`${name}: ${message}\n(see \`${name} --help\`)`, 2);
}

/**
 * Makes a closed stdout/stderr (`fbnas zoo list | head -2`) end the process quietly instead of crashing with
 * EPIPE; other stream errors are rethrown. Called once by the `fbnas` executable.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
