import { describe, expect, it } from 'vitest';
import { EXPERIMENT_FORMAT, parseExperiment, seedRange } from './experiment-file';

const valid = {
  format: EXPERIMENT_FORMAT,
  title: 'β sweep',
  points: [
    { name: 'beta-0.6', kind: 'searched', group: 'DNAS β', accuracy: 0.87, latencyUs: 2100, macs: 1.2e6, run: 'train/beta-0.6' },
    { name: 'random-1', kind: 'random', accuracy: 0.85, macs: 1.8e6 },
    { name: 'random-2', kind: 'random', accuracy: 0.85, accuracies: [0.84, 0.86, 0.85], macs: 1.1e6 },
  ],
};

describe('parseExperiment', () => {
  it('reads a valid document', () => {
    expect(parseExperiment(valid, 'e/experiment.json')).toEqual(valid);
  });

  it.each([
    [{ ...valid, format: 'fbnas.experiment/v2' }, "e/experiment.json: format: expected 'fbnas.experiment/v1', got \"fbnas.experiment/v2\""],
    [{ ...valid, points: [] }, 'e/experiment.json: points: expected at least one point, got []'],
    [{ ...valid, extra: 1 }, 'e/experiment.json: extra: unknown key (expected only format, title, description, points)'],
    [{ ...valid, points: [{ name: 'a', kind: 'best', accuracy: 0.5 }] }, "e/experiment.json: points[0].kind: expected 'searched' or 'random', got \"best\""],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 87 }] }, 'e/experiment.json: points[0].accuracy: expected a finite number from 0 to 1, got 87'],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 0.8, latencyUs: -1 }] }, 'e/experiment.json: points[0].latencyUs: expected a finite number ≥ 0, got -1'],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 0.8, latency: 3 }] }, 'e/experiment.json: points[0].latency: unknown key'],
    [{ ...valid, points: [valid.points[1], valid.points[1]] }, "e/experiment.json: points[1].name: 'random-1' is used by an earlier point"],
    [[], 'e/experiment.json: expected a JSON object, got []'],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 0.8, accuracies: [] }] }, 'e/experiment.json: points[0].accuracies: expected a non-empty array of finite numbers from 0 to 1 (one test accuracy per seed), got []'],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 0.8, accuracies: [0.8, 80] }] }, 'e/experiment.json: points[0].accuracies: expected a non-empty array'],
    [{ ...valid, points: [{ name: 'a', kind: 'random', accuracy: 0.8, accuracies: [0.7, 0.8] }] }, 'e/experiment.json: points[0].accuracy: expected the mean of accuracies (0.75), got 0.8'],
  ])('names the file and field of a problem (%#)', (document, message) => {
    expect(() => parseExperiment(document, 'e/experiment.json')).toThrow(message);
  });
});

describe('seedRange', () => {
  it('gives the lowest and highest seed of a point retrained more than once', () => {
    expect(seedRange({ name: 'a', kind: 'random', accuracy: 0.85, accuracies: [0.84, 0.86, 0.85] })).toEqual({ low: 0.84, high: 0.86, seeds: 3 });
    expect(seedRange({ name: 'a', kind: 'random', accuracy: 0.85, accuracies: [0.85] })).toBeUndefined();
    expect(seedRange({ name: 'a', kind: 'random', accuracy: 0.85 })).toBeUndefined();
  });
});
