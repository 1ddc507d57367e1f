import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('uses the largest binary unit below the value, with at most two decimals', () => {
    expect(formatBytes(100)).toBe('100 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatBytes(2 ** 32)).toBe('4 GiB');
    expect(formatBytes(2 ** 50)).toBe('1024 TiB');
  });
});
