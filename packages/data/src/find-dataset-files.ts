import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One file a dataset needs, as the names it may have on disk (first match wins). */
export interface WantedFile {
  /** The canonical name, used in messages, e.g. `train-images-idx3-ubyte[.gz]`. */
  readonly label: string;
  /** Accepted file names, e.g. the raw and `.gz` variants. */
  readonly names: readonly string[];
}

/** The result of {@link findDatasetFiles}: the first folder holding every wanted file, and what was tried. */
export interface DatasetFilesSearch {
  /** The folder and the path of each wanted file (same order), or `undefined` when no folder has them all. */
  readonly found: { readonly directory: string; readonly paths: readonly string[] } | undefined;
  /** One line per folder tried: `<folder> (missing a, b)` or `<folder> (does not exist)`. */
  readonly tried: readonly string[];
}

/**
 * The accepted names of an IDX file: raw or `.gz`, with `-` or `.` before `idx` (both spellings circulate).
 *
 * @example
 * idxFileNames('train-images', 'idx3-ubyte');
 * // label 'train-images-idx3-ubyte[.gz]', names ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz', ...]
 */
export function idxFileNames(prefix: string, kind: 'idx1-ubyte' | 'idx3-ubyte'): WantedFile {
  const dash = `${prefix}-${kind}`;
  const dot = `${prefix}.${kind}`;
  return { label: `${dash}[.gz]`, names: [dash, `${dash}.gz`, dot, `${dot}.gz`] };
}

/**
 * Looks through `directories` in order for the first one that holds every wanted file.
 *
 * @example
 * const search = findDatasetFiles(['/usr/share/datasets/fashion-mnist'], [idxFileNames('t10k-labels', 'idx1-ubyte')]);
 * search.found?.paths[0]; // '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz'
 */
export function findDatasetFiles(directories: readonly string[], wanted: readonly WantedFile[]): DatasetFilesSearch {
  const tried: string[] = [];
  for (const directory of directories) {
    if (!existsSync(directory)) {
      tried.push(`${directory} (does not exist)`);
      continue;
    }
    const paths = wanted.map((file) => file.names.map((name) => join(directory, name)).find((path) => existsSync(path)));
    const missing = wanted.filter((_, index) => paths[index] === undefined).map((file) => file.label);
    if (missing.length === 0) return { found: { directory, paths: paths as string[] }, tried };
    tried.push(`${directory} (missing ${missing.join(', ')})`);
  }
  return { found: undefined, tried };
}
