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
