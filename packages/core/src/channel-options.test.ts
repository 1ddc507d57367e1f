import { describe, expect, it } from 'vitest';
import { channelOptions } from './channel-options';

describe('channelOptions', () => {
  it('expands a range with both ends inclusive when reached (the paper’s (min, max, step))', () => {
    expect(channelOptions({ min: 16, max: 28, step: 4 })).toEqual([16, 20, 24, 28]);
    expect(channelOptions({ min: 8, max: 18, step: 4 })).toEqual([8, 12, 16]);
    expect(channelOptions({ min: 12, max: 12, step: 5 })).toEqual([12]);
  });

  it('sorts an explicit list and accepts values up to the maximum width', () => {
    expect(channelOptions([24, 8, 16], { maxChannels: 24 })).toEqual([8, 16, 24]);
    expect(channelOptions([5])).toEqual([5]);
  });

  it('rejects bad options with the option’s name and the expected form', () => {
    const name = 'stages[2].channels';
    expect(() => channelOptions([], { name })).toThrow('stages[2].channels: expected at least one channel count, got an empty list');
    expect(() => channelOptions([8, 40], { maxChannels: 32, name }))
      .toThrow("stages[2].channels: expected channel counts ≤ the block's maximum width 32, got 40");
    expect(() => channelOptions([8, 0], { name })).toThrow('stages[2].channels: expected positive integer channel counts, got 0');
    expect(() => channelOptions([8, -4], { name })).toThrow('expected positive integer channel counts, got -4');
    expect(() => channelOptions([8, 12.5], { name })).toThrow('expected positive integer channel counts, got 12.5');
    expect(() => channelOptions([8, 8], { name })).toThrow('stages[2].channels: expected distinct channel counts, got 8 more than once');
    expect(() => channelOptions({ min: 8, max: 16, step: 0 }, { name }))
      .toThrow('stages[2].channels.step: expected a positive integer step (> 0), got 0');
    expect(() => channelOptions({ min: 8, max: 16, step: -4 }, { name })).toThrow('.step: expected a positive integer step (> 0), got -4');
    expect(() => channelOptions({ min: 16, max: 8, step: 4 }, { name }))
      .toThrow('stages[2].channels: expected min ≤ max, got min 16 and max 8');
    expect(() => channelOptions({ min: 0, max: 8, step: 4 })).toThrow('channel options.min: expected a positive integer channel count, got 0');
    expect(() => channelOptions({ min: 8, max: 40, step: 8 }, { maxChannels: 32 }))
      .toThrow("channel options: expected channel counts ≤ the block's maximum width 32, got 40");
    expect(() => channelOptions([8], { maxChannels: 0 })).toThrow('expected a positive integer maximum width, got 0');
  });
});
