import os from 'node:os';
import { getBackend, version_core } from '@tensorflow/tfjs-core';
import packageJson from '../../package.json';

/** Versions and machine facts recorded beside every run's results (never compared on resume). */
export async function runMetadata(): Promise<Record<string, unknown>> {
  return {
    fbnas: { cli: packageJson.version },
    tfjsCore: version_core,
    backend: getBackend(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
