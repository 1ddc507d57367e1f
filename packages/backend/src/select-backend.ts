import { backend as activeBackend, getBackend, setBackend, version_core } from '@tensorflow/tfjs-core';
import { defaultImporter, ensureGradients, type ModuleImporter } from './ensure-gradients';
import { registerWasmTrainingKernels } from './wasm/register-wasm-training-kernels';

/** A tfjs backend fbnas can run on. `tensorflow` is libtensorflow through tfjs-node(-gpu). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backends in order of preference; also the accepted values of `FBNAS_BACKEND`. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** A better choice that was not taken, and why. */
export interface SkippedBackend {
  /** The npm package that provides it. */
  package: string;
  /** `not-installed` is normal and silent; `load-failed` carries the loader's message. */
  kind: 'not-installed' | 'load-failed' | 'not-requested';
  reason: string;
}

/** What `selectBackend` chose. */
export interface BackendSelection {
  backend: BackendName;
  /** The npm package providing the backend. */
  package: string;
  /** True when the backend runs on a GPU (tfjs-node-gpu with CUDA found). */
  gpu: boolean;
  /** Where the choice came from. */
  source: 'option' | 'environment' | 'automatic';
  /** True when fbnas's wasm training kernels were registered. */
  trainingKernels: boolean;
  /** tfjs-core version in use. */
  tfjsVersion: string;
  /** Better choices that were unavailable, in order of preference. */
  skipped: SkippedBackend[];
}

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  /** Force one backend; an unavailable forced backend is an error. Overrides `FBNAS_BACKEND`. */
  backend?: BackendName;
  /** Environment to read `FBNAS_BACKEND` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Register tfjs's gradients (default true; needs `@tensorflow/tfjs-layers`). */
  gradients?: boolean;
  /** Called with a message when an installed backend fails to load (default `console.warn`). */
  onWarning?: (message: string) => void;
  /** Module loader, for tests (default: dynamic `import()`). */
  importModule?: ModuleImporter;
}

interface Candidate {
  backend: BackendName;
  package: string;
  load(importModule: ModuleImporter): Promise<{ gpu: boolean; trainingKernels: boolean }>;
}

const CANDIDATES: readonly Candidate[] = [
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', load: (i) => loadNode(i, '@tensorflow/tfjs-node-gpu') },
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node', load: (i) => loadNode(i, '@tensorflow/tfjs-node') },
  { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', load: loadWasm },
  { backend: 'cpu', package: '@tensorflow/tfjs-backend-cpu', load: loadCpu },
];

/**
 * Picks and activates the fastest available tfjs backend: `@tensorflow/tfjs-node-gpu` (libtensorflow on a GPU),
 * `@tensorflow/tfjs-node` (libtensorflow on the CPU), `wasm` with fbnas's training kernels, then the pure-JS
 * `cpu`. The tfjs-node packages are optional peers: their absence is normal; an installed one that fails to
 * load (e.g. its native addon was never built) is skipped with its message. `FBNAS_BACKEND=tensorflow|wasm|cpu`
 * or `options.backend` forces a choice.
 *
 * @throws Error when a forced backend is unavailable, or `FBNAS_BACKEND` holds an unknown name.
 * @example
 * const selection = await selectBackend();
 * console.log(selection.backend, selection.skipped);
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const importModule = options.importModule ?? defaultImporter;
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const env = options.env ?? process.env;
  const fromEnvironment = env.FBNAS_BACKEND?.trim() || undefined;
  const forced = options.backend ?? fromEnvironment;
  const source = options.backend ? 'option' : fromEnvironment ? 'environment' : 'automatic';
  if (forced !== undefined && !BACKEND_NAMES.includes(forced as BackendName)) {
    const where = options.backend ? 'options.backend' : 'FBNAS_BACKEND';
    throw new Error(`@fbnas/backend: ${where} is '${forced}'; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  if (options.gradients !== false) await ensureGradients(importModule);

  const skipped: SkippedBackend[] = [];
  for (const candidate of CANDIDATES) {
    if (forced !== undefined && candidate.backend !== forced) {
      if (BACKEND_NAMES.indexOf(candidate.backend) < BACKEND_NAMES.indexOf(forced as BackendName)) {
        skipped.push({ package: candidate.package, kind: 'not-requested', reason: `${source} asked for '${forced}'` });
      }
      continue;
    }
    try {
      const { gpu, trainingKernels } = await candidate.load(importModule);
      return { backend: candidate.backend, package: candidate.package, gpu, source, trainingKernels, tfjsVersion: version_core, skipped };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (isNotInstalled(error, candidate.package)) {
        skipped.push({ package: candidate.package, kind: 'not-installed', reason: 'not installed' });
      } else {
        skipped.push({ package: candidate.package, kind: 'load-failed', reason: message });
        warn(`@fbnas/backend: ${candidate.package} is installed but failed to load: ${message}`);
      }
    }
  }
  const details = skipped.filter((s) => s.kind !== 'not-requested').map((s) => `${s.package}: ${s.reason}`).join('; ');
  throw new Error(
    forced !== undefined
      ? `@fbnas/backend: backend '${forced}' (from ${source === 'option' ? 'options.backend' : 'FBNAS_BACKEND'}) is unavailable (${details})`
      : `@fbnas/backend: no tfjs backend could be loaded (${details})`,
  );
}

/**
 * True when `error` says that `packageName` itself cannot be resolved (Node's ERR_MODULE_NOT_FOUND, or a
 * bundler's "Could not resolve"), as opposed to an installed package that failed, or one of its dependencies.
 */
function isNotInstalled(error: unknown, packageName: string): boolean {
  const message = String((error as Error)?.message ?? error);
  const name = packageName.replace(/[/\\-]/g, (c) => `\\${c}`);
  return new RegExp(`(Cannot find (package|module)|Could not resolve|Failed to resolve import) ['"]${name}['"]`).test(message);
}

async function loadNode(importModule: ModuleImporter, packageName: string): Promise<{ gpu: boolean; trainingKernels: boolean }> {
  const module = (await importModule(packageName)) as { version?: Record<string, string> };
  const theirCore = module.version?.['tfjs-core'];
  if (theirCore !== undefined && theirCore !== version_core) {
    throw new Error(`it uses tfjs-core ${theirCore} but fbnas uses ${version_core}; install matching versions`);
  }
  if (!(await setBackend('tensorflow'))) throw new Error("tfjs could not initialise the 'tensorflow' backend");
  const gpu = Boolean((activeBackend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
  return { gpu, trainingKernels: false };
}

async function loadWasm(importModule: ModuleImporter): Promise<{ gpu: boolean; trainingKernels: boolean }> {
  await importModule('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
  if (!(await setBackend('wasm'))) throw new Error("tfjs could not initialise the 'wasm' backend");
  return { gpu: false, trainingKernels: true };
}

async function loadCpu(importModule: ModuleImporter): Promise<{ gpu: boolean; trainingKernels: boolean }> {
  await importModule('@tensorflow/tfjs-backend-cpu');
  if (!(await setBackend('cpu'))) throw new Error("tfjs could not initialise the 'cpu' backend");
  return { gpu: getBackend() === 'tensorflow', trainingKernels: false };
}
