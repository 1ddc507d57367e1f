// The entry of a data-parallel training thread (`dist/data-parallel-thread.js`): `trainDataParallel` starts one per
// worker; each runs `trainWorkflow` as one rank of the group.
import { serveDataParallelThread } from '@fbnas/train';
import type { DataParallelTrainInput, DataParallelTrainReport } from './evaluation/train-data-parallel';
import { opsFromFlag } from './ops-flag';
import { trainWorkflow, type TrainWorkflowResult } from './workflows/train-workflow';

serveDataParallelThread<DataParallelTrainInput, TrainWorkflowResult>(async (input, group, report) => {
  const ops = input.opsModule === undefined ? undefined : await opsFromFlag(input.opsModule);
  const { model, ...result } = await trainWorkflow({
    ...input, ...(ops === undefined ? {} : { ops }), dataParallel: group,
    onMessage: (message) => report({ message } satisfies DataParallelTrainReport),
    onEpoch: (epoch) => report({ epoch } satisfies DataParallelTrainReport),
  });
  model.dispose();
  return result;
});
