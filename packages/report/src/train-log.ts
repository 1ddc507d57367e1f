import { objectFields } from './json-fields';

/** One line of a training run's `train-log.jsonl`, as the report reads it. */
export interface TrainLogLine {
  /** 0-based epoch. */
  epoch: number;
  /** Learning rate at the epoch's end. */
  learningRate: number;
  /** Mean training cross-entropy of the epoch. */
  loss: number;
  /** Training accuracy of the epoch, 0–1. */
  accuracy: number;
  /** Accuracy on the evaluation split, 0–1, when one was used. */
  evaluationAccuracy: number | null;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
}

/**
 * Checks one parsed line of `train-log.jsonl`.
 *
 * @param line - 1-based line number, for errors.
 * @throws ReportInputError: `runs/t/train-log.jsonl: line 1: loss: expected a finite number, got "x"`.
 */
export function parseTrainLogLine(value: unknown, file: string, line: number): TrainLogLine {
  const fields = objectFields(value, file, '', `line ${line}: `);
  return {
    epoch: fields.number('epoch', { min: 0 }),
    learningRate: fields.number('learningRate', { min: 0 }),
    loss: fields.number('loss'),
    accuracy: fields.number('accuracy', { min: 0, max: 1 }),
    evaluationAccuracy: fields.nullableNumber('evaluationAccuracy', { min: 0, max: 1 }),
    seconds: fields.optionalNumber('seconds', { min: 0 }) ?? 0,
  };
}
