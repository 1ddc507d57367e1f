export { deriveSeed } from './derive-seed';
export { gumbelSoftmax, sampleGumbel, straightThroughOneHot } from './gumbel-softmax';
export type { GumbelSoftmaxOptions } from './gumbel-softmax';
export { paperTemperature, temperatureSchedule } from './temperature-schedule';
export type { TemperatureSchedule, TemperatureScheduleConfig } from './temperature-schedule';
export { mixedOp } from './mixed-op';
export type { Candidate, MixedOpMode } from './mixed-op';
