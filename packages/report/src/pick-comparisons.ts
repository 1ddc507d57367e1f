import { objectFields } from './json-fields';

/** The comparison of `fbnas search --pick-architecture train` (`pick/architecture-pick.json`). */
export interface ArchitecturePick {
  /** The kept architecture's name (`argmax`, `sample-1`, …). */
  picked: string;
  /** Training epochs of each architecture. */
  epochs: number;
  candidates: {
    name: string;
    /** The searched layers' candidates, in order. */
    ops: string[];
    /** The table's predicted cost (µs or MACs, as the search's cost). */
    predictedCost: number;
    /** Top-1 on the held-out training images (0–1). */
    validationAccuracy: number;
    /** The search's loss with the held-out error for the cross-entropy: what was compared (lowest kept). */
    objective: number;
    /** Top-1 on the test set (0–1), recorded only. */
    testAccuracy: number;
    /** Batch-1 latency measured after training (µs). */
    measuredLatencyUs: number;
  }[];
}

/** The comparison of `fbnas search --pick-resolution train` (`resolution-pick.json`). */
export interface ResolutionPick {
  /** The kept input side (px). */
  picked: number;
  /** Training epochs of each network. */
  epochs: number;
  candidates: {
    resolution: number;
    description: string;
    macs: number;
    /** Top-1 on the held-out training images (0–1): what was compared. */
    validationAccuracy: number;
    /** Top-1 on the test set (0–1), recorded only. */
    testAccuracy: number;
    /** Batch-1 latency measured after training (µs). */
    measuredLatencyUs: number;
  }[];
}

/** `pick/architecture-pick.json` of `fbnas search --pick-architecture train`. */
export function readArchitecturePick(value: unknown, file: string): ArchitecturePick {
  const fields = objectFields(value, file);
  const picked = fields.string('picked');
  const candidates = fields.array('candidates').map((item, index) => {
    const candidate = objectFields(item, file, `candidates[${index}]`);
    const derived = candidate.object('derived');
    const sample = derived.object('sample');
    return {
      name: derived.string('name'), ops: Object.keys(sample.value).map((layer) => sample.string(layer)), predictedCost: derived.number('predictedCost', { min: 0 }),
      validationAccuracy: candidate.number('validationAccuracy', { min: 0, max: 1 }), objective: candidate.number('objective', { min: 0 }),
      testAccuracy: candidate.number('testAccuracy', { min: 0, max: 1 }), measuredLatencyUs: candidate.number('measuredLatencyUs', { min: 0 }),
    };
  });
  if (!candidates.some((c) => c.name === picked)) throw fields.fail('picked', `one of the candidates' names (${candidates.map((c) => c.name).join(', ')})`, picked);
  return { picked, epochs: fields.object('pick').number('epochs', { min: 1 }), candidates };
}

/** `resolution-pick.json` of `fbnas search --pick-resolution train`. */
export function readResolutionPick(value: unknown, file: string): ResolutionPick {
  const fields = objectFields(value, file);
  const picked = fields.number('picked', { min: 1 });
  const candidates = fields.array('candidates').map((item, index) => {
    const candidate = objectFields(item, file, `candidates[${index}]`);
    const derived = candidate.object('derived');
    return {
      resolution: candidate.number('resolution', { min: 1 }), description: derived.string('description'), macs: derived.number('macs', { min: 0 }),
      validationAccuracy: candidate.number('validationAccuracy', { min: 0, max: 1 }), testAccuracy: candidate.number('testAccuracy', { min: 0, max: 1 }),
      measuredLatencyUs: candidate.number('measuredLatencyUs', { min: 0 }),
    };
  });
  if (!candidates.some((c) => c.resolution === picked)) throw fields.fail('picked', `one of the candidates' resolutions (${candidates.map((c) => c.resolution).join(', ')})`, picked);
  return { picked, epochs: fields.object('pick').number('epochs', { min: 1 }), candidates };
}
