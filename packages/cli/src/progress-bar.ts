/**
 * A one-line progress bar on stderr (redrawn in place on a TTY, printed every 10 % otherwise).
 * @example
 * const bar = progressBar('downloading fbnet_c');
 * bar.update(512, 1024);
 * bar.done();
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  unit: 'MiB' | 'steps' = 'MiB',
): { update(done: number, total?: number): void; done(): void } {
  let lastDecile = -1;
  const megabytes = (n: number) => (unit === 'MiB' ? (n / 1048576).toFixed(1) : String(n));
  return {
    update(done, total) {
      if (stream.isTTY) {
        const fraction = total ? Math.min(1, done / total) : 0;
        const width = 30;
        const filled = Math.round(fraction * width);
        const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}%` : '';
        stream.write(`\r${label} ${bar} ${megabytes(done)}${total ? `/${megabytes(total)}` : ''} ${unit}`);
      } else if (total) {
        const decile = Math.floor((done / total) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label} ${decile * 10}% (${megabytes(done)}/${megabytes(total)} ${unit})\n`);
        }
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

/** What a search's `onStep` reports: a phase's step (0-based) of `steps`, in an epoch (0-based). */
export type StepProgress = (phase: 'weights' | 'architecture', epoch: number, step: number, steps: number) => void;

/**
 * A search's step progress on `stream`: one bar per epoch and phase. On a TTY it is redrawn in place at every step;
 * in a log it stays silent for a phase's first `quietMs` milliseconds (default 30 s; short phases get only the
 * per-epoch lines), then prints a line per 10 % (`epoch 1 weights 40% (300/750 steps)`), so a long epoch shows
 * that it advances.
 */
export function searchStepProgress(stream: NodeJS.WriteStream = process.stderr, quietMs = 30_000, now: () => number = Date.now): StepProgress {
  let current = '';
  let bar = progressBar('', stream, 'steps');
  let started = 0;
  return (phase, epoch, step, steps) => {
    const key = `${epoch} ${phase}`;
    if (key !== current) {
      current = key;
      bar = progressBar(`epoch ${epoch + 1} ${phase === 'weights' ? 'weights' : 'θ'}`, stream, 'steps');
      started = now();
    }
    if (stream.isTTY || now() - started >= quietMs) bar.update(step + 1, steps);
  };
}
