import { selectBackend } from '@fbnas/backend';
import type { CliIo } from '../cli-io';

/** `fbnas backend [--json]`: which tfjs backend fbnas selects here, and why the better ones were skipped. */
export async function backendCommand(options: { json: boolean }, io: CliIo): Promise<void> {
  const selection = await selectBackend({ onWarning: (message) => io.error(message) });
  if (options.json) {
    io.out(JSON.stringify(selection, null, 2));
    return;
  }
  io.out(`backend: ${selection.backend} (${selection.package}), gpu: ${selection.gpu}, source: ${selection.source}`);
  io.out(`wasm training kernels: ${selection.trainingKernels}; tfjs-core ${selection.tfjsVersion}`);
  for (const skipped of selection.skipped) io.out(`skipped ${skipped.package}: ${skipped.reason}`);
}
