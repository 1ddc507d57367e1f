import os from 'node:os';
import { version_core } from '@tensorflow/tfjs-core';
import { getBackend } from '@tensorflow/tfjs-core';

/** Versions and machine facts recorded beside every run's results. */
export async function runMetadata(): Promise<Record<string, unknown>> {
  return {
    fbnas: { cli: '0.1.0' },
    tfjsCore: version_core,
    backend: getBackend(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
