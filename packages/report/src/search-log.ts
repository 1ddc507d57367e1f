import { objectFields } from './json-fields';

/**
 * One line of a search's `log.jsonl` (DNAS and DMaskingNAS), as the report reads it. Costs are in the run's cost
 * unit: µs per image for a measured latency table, MACs or conv weights otherwise.
 */
export interface SearchLogLine {
  /** 0-based epoch. */
  epoch: number;
  /** Gumbel-softmax temperature τ of the epoch. */
  temperature: number;
  /** Mean cross-entropy of the weight steps (80 % split). */
  weightLoss: number;
  /** Accuracy of the weight steps, 0–1. */
  weightAccuracy: number;
  /** Mean loss of the θ steps (20 % split); `null` in warm-up epochs. */
  architectureLoss: number | null;
  /** Accuracy of the θ steps, 0–1; `null` in warm-up epochs. */
  architectureAccuracy: number | null;
  /** The cost expected under softmax(θ) at the epoch's end (µs, MACs or weights). */
  expectedLatency: number;
  /** softmax(θ) at the epoch's end: layer (or choice row) → candidate → probability. */
  probabilities: Record<string, Record<string, number>>;
  /** The most probable candidate of every layer (choice row). */
  argmax: Record<string, string>;
  /** Wall-clock seconds of the epoch, when logged. */
  seconds?: number;
  /** DMaskingNAS: MACs and conv weights of the argmax architecture at the epoch's end. */
  argmaxMacs?: number;
  /** DMaskingNAS: conv weights of the argmax architecture. */
  argmaxWeights?: number;
  /** DMaskingNAS with a latency target: the argmax architecture's latency by the search's latency model (µs). */
  argmaxLatencyUs?: number;
  /** DMaskingNAS: the argmax architecture in words (`r=28 stem_0=conv3/16 …`). */
  argmaxArchitecture?: string;
}

/**
 * Checks one parsed line of `log.jsonl`. Other fields the trainer writes (learning rate, tensor counts) are ignored.
 *
 * @param line - 1-based line number, for errors.
 * @throws ReportInputError: `runs/a/log.jsonl: line 2: weightLoss: expected a finite number, got null`.
 */
export function parseSearchLogLine(value: unknown, file: string, line: number): SearchLogLine {
  const fields = objectFields(value, file, '', `line ${line}: `);
  const probabilities = fields.object('probabilities');
  const parsed: SearchLogLine = {
    epoch: fields.number('epoch', { min: 0 }),
    temperature: fields.number('temperature', { min: 0 }),
    weightLoss: fields.number('weightLoss'),
    weightAccuracy: fields.number('weightAccuracy', { min: 0, max: 1 }),
    architectureLoss: fields.nullableNumber('architectureLoss'),
    architectureAccuracy: fields.nullableNumber('architectureAccuracy', { min: 0, max: 1 }),
    expectedLatency: fields.number('expectedLatency', { min: 0 }),
    probabilities: Object.fromEntries(Object.keys(probabilities.value).map((layer) => [layer, probabilities.numberRecord(layer, { min: 0, max: 1 })])),
    argmax: fields.stringRecord('argmax'),
  };
  const seconds = fields.optionalNumber('seconds', { min: 0 });
  if (seconds !== undefined) parsed.seconds = seconds;
  const annotations = fields.optionalObject('annotations');
  if (annotations) {
    const macs = annotations.optionalNumber('argmaxMacs', { min: 0 });
    const weights = annotations.optionalNumber('argmaxWeights', { min: 0 });
    const latency = annotations.optionalNumber('argmaxLatencyUs');
    const architecture = annotations.optionalString('argmaxArchitecture');
    if (macs !== undefined) parsed.argmaxMacs = macs;
    if (latency !== undefined) parsed.argmaxLatencyUs = latency;
    if (weights !== undefined) parsed.argmaxWeights = weights;
    if (architecture !== undefined) parsed.argmaxArchitecture = architecture;
  }
  for (const layer of Object.keys(parsed.probabilities)) {
    if (!(layer in parsed.argmax)) throw fields.fail(`argmax`, `a candidate for every layer of probabilities (missing '${layer}')`, parsed.argmax);
  }
  return parsed;
}
