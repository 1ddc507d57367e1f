import type { LatencyModel } from './latency-model';
import { readJsonFile, writeJsonFileAtomic } from './latency-table-file';
import { assertModelMatchesSpace, parseLatencyModel } from './parse-latency-model';

/** Validates and writes a latency model atomically (temporary file + rename). @throws FormatError when invalid. */
export async function saveLatencyModel(file: string, model: LatencyModel): Promise<void> {
  await writeJsonFileAtomic(file, parseLatencyModel(model));
}

/**
 * Reads and validates a latency model; with `space`, also checks that it was fitted on it.
 *
 * @throws Error naming the file (unreadable, not JSON, invalid, or fitted on another space).
 * @example
 * const model = await loadLatencyModel('fbnetv2-micro-28.latency-model.json', loadMaskSpace('fbnetv2-micro-28'));
 */
export async function loadLatencyModel(file: string, space?: { name: string; definition: unknown }): Promise<LatencyModel> {
  return readJsonFile(file, (json) => {
    const model = parseLatencyModel(json);
    if (space !== undefined) assertModelMatchesSpace(model, space);
    return model;
  });
}
