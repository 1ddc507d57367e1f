import { describe, expect, it } from 'vitest';
import { progressBar, searchStepProgress } from './progress-bar';

/** A stream that records what is written, as a terminal (`isTTY`) or a log. */
function recorder(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progressBar', () => {
  it('writes a log line per 10 % reached, each once', () => {
    const { stream, written } = recorder(false);
    const bar = progressBar('download', stream);
    for (let done = 0; done <= 20; done++) bar.update(done * 1048576, 20 * 1048576);
    expect(written).toHaveLength(11);
    expect(written[0]).toBe('download 0% (0.0/20.0 MiB)\n');
    expect(written[10]).toBe('download 100% (20.0/20.0 MiB)\n');
  });
});

describe('searchStepProgress', () => {
  it('in a log: silent for a phase\'s first quietMs, then a line per 10 %; a new phase starts silent again', () => {
    const { stream, written } = recorder(false);
    let clock = 0;
    const onStep = searchStepProgress(stream, 30_000, () => clock);
    // 100 weight steps, one second each: silent until 30 s, then the deciles from 30 % on.
    for (let step = 0; step < 100; step++, clock += 1000) onStep('weights', 0, step, 100);
    expect(written[0]).toBe('epoch 1 weights 30% (31/100 steps)\n');
    expect(written.at(-1)).toBe('epoch 1 weights 100% (100/100 steps)\n');
    expect(written).toHaveLength(8);
    // A short θ phase (10 steps of 1 s) prints nothing.
    for (let step = 0; step < 10; step++, clock += 1000) onStep('architecture', 0, step, 10);
    expect(written).toHaveLength(8);
    // The next epoch's weights phase is silent for its own first 30 s.
    onStep('weights', 1, 0, 100);
    expect(written).toHaveLength(8);
    clock += 30_000;
    onStep('weights', 1, 50, 100);
    expect(written.at(-1)).toBe('epoch 2 weights 50% (51/100 steps)\n');
  });

  it('on a terminal: redrawn in place at every step', () => {
    const { stream, written } = recorder(true);
    const onStep = searchStepProgress(stream, 30_000, () => 0);
    onStep('architecture', 2, 0, 4);
    onStep('architecture', 2, 1, 4);
    expect(written).toEqual([
      '\repoch 3 θ [########......................] 25% 1/4 steps',
      '\repoch 3 θ [###############...............] 50% 2/4 steps',
    ]);
  });
});
