import { InvalidValueError } from '../invalid-value-error';
import { NUMPY_GLOBALS } from './numpy-globals';
import { PYTHON_GLOBALS } from './python-globals';
import { GlobalReference, type SafeGlobal } from './safe-global';
import { TORCH_GLOBALS } from './torch-globals';

function allowList(): Map<string, SafeGlobal> {
  return new Map([...TORCH_GLOBALS, ...PYTHON_GLOBALS, ...NUMPY_GLOBALS].map((entry) => [entry.name, entry]));
}

/**
 * Every Python global a checkpoint's pickle may name. Anything else (`os.system`, `builtins.eval`,
 * `subprocess.Popen`, numpy arrays, whole `nn.Module`s, …) makes reading fail before anything is built.
 */
export const ALLOWED_GLOBALS: readonly string[] = [...allowList().keys()];

/**
 * Resolves a GLOBAL/STACK_GLOBAL against the allow-list.
 * @throws InvalidValueError `unsafe pickle: global 'os.system' is not allowed (allowed: …)`.
 */
export function resolveGlobal(module: string, name: string): GlobalReference {
  const dotted = `${module}.${name}`;
  const definition = allowList().get(dotted);
  if (definition === undefined && /^torch\.\w+Storage$/.test(dotted)) {
    const supported = ALLOWED_GLOBALS.filter((allowed) => allowed.endsWith('Storage'));
    throw new InvalidValueError(`unsupported storage type '${dotted}' (supported: ${supported.join(', ')})`);
  }
  if (definition === undefined) {
    throw new InvalidValueError(`unsafe pickle: global '${dotted}' is not allowed (allowed: ${ALLOWED_GLOBALS.join(', ')})`);
  }
  return new GlobalReference(definition);
}
