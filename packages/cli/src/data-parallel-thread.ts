// The entry of a data-parallel thread (`dist/data-parallel-thread.js`): `trainDataParallel` and `searchDataParallel`
// start one per worker; each runs `trainWorkflow` or `searchWorkflow` as one rank of the group.
import { serveDataParallelThread } from '@fbnas/train';
import type { DataParallelSearchInput, DataParallelSearchReport, DataParallelSearchResult } from './evaluation/search-data-parallel';
import type { DataParallelTrainInput, DataParallelTrainReport } from './evaluation/train-data-parallel';
import { opsFromFlag } from './ops-flag';
import { spaceFromFlag } from './space-flag';
import { searchWorkflow } from './workflows/search-workflow';
import { trainWorkflow, type TrainWorkflowResult } from './workflows/train-workflow';

type Input = DataParallelTrainInput | DataParallelSearchInput;

serveDataParallelThread<Input, TrainWorkflowResult | DataParallelSearchResult>(async (input, group, report) => {
  const ops = await opsFromFlag(input.opsModule);
  if (input.job === 'search') {
    // `job` and `opsModule` ride along unread (the workflows ignore fields they do not know).
    const { space: spaceValue, ...options } = input;
    const space = spaceFromFlag('search', spaceValue, ops);
    if (space.kind !== 'dnas') throw new Error(`--data-parallel: ${spaceValue} is a DMaskingNAS space; data-parallel search takes DNAS spaces`);
    const { result, architectures } = await searchWorkflow({
      ...options, space: space.space, ops, dataParallel: group,
      onMessage: (message) => report({ message } satisfies DataParallelSearchReport),
      onEpoch: (epoch) => report({ epoch } satisfies DataParallelSearchReport),
      onStep: (phase, epoch, step, steps) => report({ step: { phase, epoch, step, steps } } satisfies DataParallelSearchReport),
    });
    return { result, architectures };
  }
  const { model, ...result } = await trainWorkflow({
    ...input, ops, dataParallel: group,
    onMessage: (message) => report({ message } satisfies DataParallelTrainReport),
    onEpoch: (epoch) => report({ epoch } satisfies DataParallelTrainReport),
  });
  model.dispose();
  return result;
});
