import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { writeReport, type WrittenReport } from '@fbnas/report';
import type { CliIo } from '../cli-io';

/**
 * `fbnas report RUN_DIR [--out FILE]`: the self-contained HTML report (SVG figures, nothing fetched) of a search,
 * DMaskingNAS search, training run, experiment (`experiment.json`) or demo folder; prints the page's path.
 */
export async function reportCommand(runDir: string, flags: { out?: string; json: boolean }, io: CliIo): Promise<void> {
  const written = await writeRunReport(runDir, flags.out);
  io.out(flags.json ? JSON.stringify(written) : written.path);
}

/** The report of a run folder, with each block's MACs counted by the built-in op specs. */
export function writeRunReport(runDir: string, out?: string): Promise<WrittenReport> {
  return writeReport(runDir, { out, ops: createBuiltinOpSpecRegistry() });
}

/**
 * For `fbnas search` and `fbnas demo` at the end of a finished run: writes `<runDir>/report.html` and returns its
 * path. A report that cannot be written does not fail the run: the reason goes to stderr and the result is
 * `undefined`.
 */
export async function reportAfterRun(runDir: string, io: CliIo): Promise<string | undefined> {
  try {
    return (await writeRunReport(runDir)).path;
  } catch (error) {
    io.error(`report not written: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
