import { createHash } from 'node:crypto';
import os from 'node:os';
import { getBackend, version_core } from '@tensorflow/tfjs-core';
import { canonicalJson } from '@fbnas/latency';
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

/** sha256 (hex) of a JSON value's canonical text (`canonicalJson`: object keys sorted), e.g. a space or a table. */
export function sha256Json(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
