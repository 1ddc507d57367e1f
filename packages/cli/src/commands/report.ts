import type { OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { writeReport, type WrittenReport } from '@fbnas/report';
import type { CliIo } from '../cli-io';

/**
 * `fbnas report RUN_DIR [--out FILE]`: the self-contained HTML report (SVG figures, nothing fetched) of a search,
 * DMaskingNAS search, training run, NARS run, FBNetV5 multitask search, experiment (`experiment.json`) or demo folder; prints the page's path.
 */
export async function reportCommand(runDir: string, flags: { out?: string; json: boolean; ops?: OpSpecRegistry }, io: CliIo): Promise<void> {
  const written = await writeRunReport(runDir, flags.out, flags.ops);
  io.out(flags.json ? JSON.stringify(written) : written.path);
}

/** The report of a run folder, with each block's MACs counted by `ops` (default: the built-in op specs). */
export function writeRunReport(runDir: string, out?: string, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): Promise<WrittenReport> {
  return writeReport(runDir, { out, ops });
}

/**
 * For `fbnas search`, `fbnas nars run`, `fbnas multitask search` and `fbnas demo` at the end of a finished run: writes `<runDir>/report.html` and returns its
 * path, its blocks counted with the run's `ops` (default: the built-ins). A report that cannot be written does not
 * fail the run: the reason goes to stderr and the result is `undefined`.
 */
export async function reportAfterRun(runDir: string, io: CliIo, ops?: OpSpecRegistry): Promise<string | undefined> {
  try {
    return (await writeRunReport(runDir, undefined, ops)).path;
  } catch (error) {
    io.error(`report not written: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
