import { CliError } from './cli-io';

/** Fields of a run folder's config.json and the flags that set them. */
const FIELD_FLAGS: readonly [RegExp, string][] = [
  [/^inputs\.space\b/, '--space'],
  [/^inputs\.data\.spec$/, '--data'],
  [/^inputs\.data\.(trainImages|count)/, '--train-images'],
  [/^inputs\.cost\.kind$/, '--cost'],
  [/^inputs\.cost\.lut/, '--lut'],
  [/^inputs\.target\.mode$/, '--target-macs/--target-params/--target-latency'],
  [/^inputs\.target\.value$/, '--target-macs/--target-params/--target-latency'],
  [/^inputs\.latencyModel\b/, '--latency-model'],
  [/^architecture\b/, '--arch'],
  [/^(search|train)\.epochs$/, '--epochs'],
  [/^(search|train)\.seed$/, '--seed'],
  [/^(search|train)\.batchSize$/, '--batch-size'],
  [/^search\.mode$/, '--mode'],
  [/^search\.loss\.alpha$/, '--alpha'],
  [/^search\.loss\.beta$/, '--beta'],
  [/^search\.loss\.lambda$/, '--lambda'],
  [/^search\.loss\.(target|kind)$/, '--target-macs/--target-params/--target-latency'],
  [/^search\.architectureTemperature\b/, '--theta-temperature'],
  [/^(resolution|architecture)Pick\.epochs$/, '--pick-epochs'],
  [/^(resolution|architecture)Pick\.trainImages$/, '--train-images'],
  [/^(resolution|architecture)Pick\.seed$/, '--seed'],
  [/^resolutionPick\.target\b/, '--target-macs/--target-params/--target-latency'],
  [/^architecturePick\.samples$/, '--samples'],
];

/** The flag that sets a config.json field (`inputs.data.spec` → `--data`), or undefined. */
export function flagOfField(field: string): string | undefined {
  return FIELD_FLAGS.find(([pattern]) => pattern.test(field))?.[1];
}

interface RunMismatch {
  name: string;
  message: string;
  field: string;
  saved: unknown;
  given: unknown;
  file?: string;
}

const isMismatch = (error: unknown): error is RunMismatch => error instanceof Error && error.name === 'RunMismatchError' && typeof (error as unknown as RunMismatch).field === 'string';

/**
 * Rephrases the run-folder errors of @fbnas/train in the command line's words: a resume whose inputs differ names
 * the flag (`--data`) with the saved and the given value; a finished training run points at `--force`. Other
 * errors pass through unchanged.
 */
export function explainRunError(error: unknown): unknown {
  if (isMismatch(error)) {
    const flag = flagOfField(error.field);
    if (flag === undefined) return error;
    const show = (value: unknown) => (value === undefined ? '(not given)' : JSON.stringify(value));
    const where = error.file ?? error.message.split(':')[0];
    return new CliError(
      `${where}: this run folder was started with ${flag} ${show(error.saved)} (${error.field}); this command gives ${show(error.given)}. ` +
        'Re-run with the same flags to resume, or use another --out.',
      1,
    );
  }
  return error;
}
