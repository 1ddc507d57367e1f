import { selectBackend } from '@fbnas/backend';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tinySpace } from './__fixtures__/tiny-space';
import { buildLatencyTable } from './build-latency-table';
import { timePredict } from './time-predict';
import { validateLatencyTable } from './validate-latency-table';

// Every timed run goes through timePredict: record its calls (the real function still runs).
vi.mock('./time-predict', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./time-predict')>();
  return { ...actual, timePredict: vi.fn(actual.timePredict) };
});
const calls = (): { warmup: number; repeats: number }[] => vi.mocked(timePredict).mock.calls.map(([, , timing]) => timing);

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
beforeEach(() => {
  vi.mocked(timePredict).mockClear();
});

describe('the warm-up pass', () => {
  it('runs every distinct block and readout of a latency table once, untimed, before any is timed', async () => {
    await buildLatencyTable(tinySpace(), { batchSize: 1, warmup: 3, repeats: 5 });
    const all = calls();
    const timedFrom = all.findIndex((timing) => timing.repeats === 5);
    expect(all.slice(0, timedFrom).every((timing) => timing.warmup === 2 && timing.repeats === 1)).toBe(true);
    expect(all.slice(timedFrom).every((timing) => timing.warmup === 3 && timing.repeats === 5)).toBe(true);
    expect(timedFrom).toBeGreaterThanOrEqual(5); // stem, xif2_0, head, k3_e1, k5_e3, and their readout shapes
    expect(all.length).toBe(2 * timedFrom); // each warmed once, timed once
  });

  it('is skipped with warmupPass: false or warmup: 0', async () => {
    await buildLatencyTable(tinySpace(), { batchSize: 1, warmup: 3, repeats: 5, warmupPass: false });
    expect(calls().every((timing) => timing.repeats === 5)).toBe(true);
    vi.mocked(timePredict).mockClear();
    await buildLatencyTable(tinySpace(), { batchSize: 1, warmup: 0, repeats: 5 });
    expect(calls().every((timing) => timing.repeats === 5)).toBe(true);
  });

  it('runs every validated network untimed before any is timed', async () => {
    const space = tinySpace();
    const table = await buildLatencyTable(space, { batchSize: 1, warmup: 2, repeats: 3, warmupPass: false });
    vi.mocked(timePredict).mockClear();
    await validateLatencyTable(space, table, { samples: 4, seed: 1 });
    expect(calls()).toEqual([...Array(4).fill({ warmup: 1, repeats: 1 }), ...Array(4).fill({ warmup: 2, repeats: 3 })]);
    vi.mocked(timePredict).mockClear();
    await validateLatencyTable(space, table, { samples: 4, seed: 1, warmupPass: false });
    expect(calls()).toEqual(Array(4).fill({ warmup: 2, repeats: 3 }));
  });
});
