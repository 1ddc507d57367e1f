import { expectedError, sha256Json } from '@fbnas/core';
import type { JsonValue } from '@fbnas/core';
import { LATENCY_MODEL_FORMAT, type LatencyModel } from './latency-model';
import { checkCount, checkMetadata, checkObject, checkSpaceReference } from './parse-latency-table';

const TOP_LEVEL_KEYS = ['format', 'space', 'unit', 'batchSize', 'metadata', 'coefficients', 'fit'] as const;
const COEFFICIENT_KEYS = ['intercept', 'perLayer', 'perMac', 'perOutputElement'] as const;
const FIT_KEYS = ['networks', 'seed', 'medianAbsolutePercentError', 'p95AbsolutePercentError', 'spearman'] as const;

/**
 * Checks that `value` is a valid `fbnas.latency-model/v1` document (`latency-model.ts`) and returns it typed.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `coefficients.perLayer: expected a finite number ≥ 0, got -1`.
 */
export function parseLatencyModel(value: unknown): LatencyModel {
  checkObject(value, '(root)', `an ${LATENCY_MODEL_FORMAT} object`, TOP_LEVEL_KEYS);
  const model = value as Record<string, unknown>;
  if (model.format !== LATENCY_MODEL_FORMAT) throw expectedError('format', JSON.stringify(LATENCY_MODEL_FORMAT), model.format);
  checkSpaceReference(model.space);
  if (model.unit !== 'us') throw expectedError('unit', '"us"', model.unit);
  checkCount(model.batchSize, 'batchSize', 1);
  checkMetadata(model.metadata);
  checkObject(model.coefficients, 'coefficients', 'an object {"intercept", "perLayer", "perMac", "perOutputElement"}', COEFFICIENT_KEYS);
  const coefficients = model.coefficients as Record<string, unknown>;
  for (const key of COEFFICIENT_KEYS) {
    const number = coefficients[key];
    const slope = key !== 'intercept';
    if (typeof number !== 'number' || !Number.isFinite(number) || (slope && number < 0)) {
      throw expectedError(`coefficients.${key}`, slope ? 'a finite number ≥ 0' : 'a finite number', number);
    }
  }
  checkObject(model.fit, 'fit', 'an object {"networks", "seed", "medianAbsolutePercentError", ...}', FIT_KEYS);
  const fit = model.fit as Record<string, unknown>;
  checkCount(fit.networks, 'fit.networks', 1);
  checkCount(fit.seed, 'fit.seed', 0);
  for (const key of ['medianAbsolutePercentError', 'p95AbsolutePercentError'] as const) {
    if (typeof fit[key] !== 'number' || !Number.isFinite(fit[key]) || (fit[key] as number) < 0) throw expectedError(`fit.${key}`, 'a finite number ≥ 0', fit[key]);
  }
  if (typeof fit.spearman !== 'number' || !(Math.abs(fit.spearman) <= 1)) throw expectedError('fit.spearman', 'a number in [-1, 1]', fit.spearman);
  return value as LatencyModel;
}

/**
 * Checks that `model` was fitted on `space` (by name and the SHA-256 of its canonical JSON).
 *
 * @throws Error naming both spaces, e.g. when the model was fitted on another space or an edited copy.
 */
export function assertModelMatchesSpace(model: LatencyModel, space: { name: string; definition: unknown }): void {
  const sha256 = sha256Json(space.definition as JsonValue);
  if (model.space.name !== space.name || model.space.sha256 !== sha256) {
    throw new Error(
      `space: the latency model was fitted on '${model.space.name}' (sha256 ${model.space.sha256.slice(0, 12)}…), ` +
        `not on '${space.name}' (sha256 ${sha256.slice(0, 12)}…); fit one for this space with fbnas latency fit --space ${space.name}`,
    );
  }
}
