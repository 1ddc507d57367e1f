import { readFileSync } from 'node:fs';
import { builtinJointSpaceFiles, loadJointSpace, parseJointSpace, type JointSpace } from '@fbnas/nars';
import { usageError } from './cli-io';

/**
 * Resolves `--space` of the `nars` commands: a built-in joint space name, else an `fbnas.joint-space/v1` file.
 *
 * @throws CliError (exit 2) for a value that is neither, listing the built-in names; Error starting `--space FILE:`
 *   for a file that cannot be read or does not validate (naming the JSON path).
 */
export function jointSpaceFromFlag(command: string, value: string): JointSpace {
  if (Object.hasOwn(builtinJointSpaceFiles, value)) return loadJointSpace(value);
  if (!value.endsWith('.json')) {
    throw usageError(command, `--space expects one of ${Object.keys(builtinJointSpaceFiles).join(', ')}, or a joint space file (FILE.json, fbnas.joint-space/v1), got '${value}'`);
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(value, 'utf8'));
  } catch (error) {
    throw new Error(`--space ${value}: ${(error as Error).message}`);
  }
  try {
    return parseJointSpace(document);
  } catch (error) {
    throw new Error(`--space ${value}: ${(error as Error).message}`);
  }
}
