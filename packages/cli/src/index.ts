import { parseArgs } from 'node:util';
import { CliError, processIo, type CliIo } from './cli-io';
import { backendCommand } from './commands/backend';
import { zooInfoCommand } from './commands/zoo-info';
import { zooListCommand } from './commands/zoo-list';
import { zooPredictCommand } from './commands/zoo-predict';
import { zooImportCommand, zooPullCommand } from './commands/zoo-transfer';

export { CliError, processIo } from './cli-io';
export type { CliIo } from './cli-io';
export { progressBar } from './progress-bar';

/** The usage text. */
export const USAGE = `usage: fbnas <command>

  fbnas backend [--json]                          which tfjs backend is used here, and why
  fbnas zoo list [--json]                         the pretrained FBNet models
  fbnas zoo info NAME [--json]                    counted vs published MACs/params, top-1, licence
  fbnas zoo pull NAME [--force]                   download, verify (sha256), convert and cache weights
  fbnas zoo import NAME --from FILE.pth --out DIR convert a local reference checkpoint (offline)
  fbnas zoo predict NAME --input FILE [--weights DIR|FILE.pth] [--json]
                                                  top-5 classes of a JPEG/PNG image or a float32 NHWC .npy

environment: FBNAS_BACKEND=tensorflow|wasm|cpu forces a backend; FBNAS_HOME sets the cache folder.`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  from: { type: 'string' },
  out: { type: 'string' },
  weights: { type: 'string' },
  input: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function required(value: string | undefined, flag: string, command: string): string {
  if (!value) throw new CliError(`fbnas ${command}: missing ${flag}\n\n${USAGE}`, 2);
  return value;
}

/**
 * Runs the fbnas command line with `argv` (without `node` and the script) and returns the exit code:
 * 0 on success, 1 for failures, 2 for usage errors. Messages go to `io` (default: the process streams).
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`fbnas: ${(error as Error).message}\n\n${USAGE}`, 2);
    }
    const { values, positionals } = parsed;
    const [group, action, name] = positionals;
    if (values.help || !group) {
      io.out(USAGE);
      return values.help ? 0 : 2;
    }
    if (group === 'backend') {
      await backendCommand({ json: values.json }, io);
      return 0;
    }
    if (group !== 'zoo') throw new CliError(`fbnas: unknown command '${group}'\n\n${USAGE}`, 2);
    if (action === 'list') {
      zooListCommand({ json: values.json }, io);
      return 0;
    }
    const modelName = required(name, 'NAME', `zoo ${action ?? ''}`.trim());
    switch (action) {
      case 'info':
        zooInfoCommand(modelName, { json: values.json }, io);
        return 0;
      case 'pull':
        await zooPullCommand(modelName, { force: values.force }, io);
        return 0;
      case 'import':
        await zooImportCommand(modelName, { from: required(values.from, '--from FILE.pth', 'zoo import'), out: required(values.out, '--out DIR', 'zoo import') }, io);
        return 0;
      case 'predict':
        await zooPredictCommand(modelName, { weights: values.weights, input: required(values.input, '--input FILE', 'zoo predict'), json: values.json }, io);
        return 0;
      default:
        throw new CliError(`fbnas: unknown zoo command '${action}'\n\n${USAGE}`, 2);
    }
  } catch (error) {
    io.error(error instanceof Error ? error.message : String(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
