// Issue #14 experiments: the networks of several multitask-ablation folders (their ablation.json), pooled.

/**
 * Every network of `task` retrained in the given ablations (their `ablation.json` contents), by network
 * (`describeNetwork`): its first row (the multi-task, single-task or random one; `folder` the index of the ablation it
 * came from) and its value per retraining seed. A network's retraining with one seed does not depend on the folder
 * (the same data, epochs and layout), so a seed found twice (a reused result, or two searches that found one network)
 * counts once.
 */
export function pooledNetworks(ablations, task) {
  const byNetwork = new Map();
  for (const [folder, ablation] of ablations.entries()) {
    const t = ablation.tasks.find((x) => x.task === task);
    for (const row of [t.multitask, t.single, ...t.random.rows]) {
      if (!byNetwork.has(row.network)) byNetwork.set(row.network, { ...row, folder, bySeed: new Map() });
      const known = byNetwork.get(row.network);
      row.seeds.forEach((seed, k) => { if (!known.bySeed.has(seed)) known.bySeed.set(seed, row.values[k]); });
    }
  }
  return byNetwork;
}
