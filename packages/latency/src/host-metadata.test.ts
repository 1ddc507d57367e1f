import { describe, expect, it } from 'vitest';
import { hostMetadata } from './host-metadata';

describe('hostMetadata', () => {
  it('describes the host without tfjs: no backend, one thread, tfjs version none unless given', () => {
    const metadata = hostMetadata({ warmup: 0, repeats: 0 });
    expect(metadata).toMatchObject({ backend: 'none', tfjsVersion: 'none', threads: 1, warmup: 0, repeats: 0, node: process.version });
    expect(metadata.cores).toBeGreaterThanOrEqual(1);
    expect(Number.isNaN(Date.parse(metadata.date))).toBe(false);
    expect(hostMetadata({ warmup: 1, repeats: 2, tfjsVersion: '4.22.0' })).toMatchObject({ tfjsVersion: '4.22.0', warmup: 1, repeats: 2 });
  });
});
