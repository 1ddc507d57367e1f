import { deriveSeed } from '@fbnas/core';
import { shuffledIndices } from './shuffled-indices';

/** Stream tag for {@link stratifiedSample}'s per-class shuffles. */
const STRATIFIED_STREAM = 0x5354;

/**
 * Picks `count` example indices so every class keeps its share: class `c` with `n_c` of `N` examples gets
 * `count · n_c / N` rounded by largest remainder (ties to the lower class index), so the quotas sum to
 * `count` exactly. Within a class, which examples are taken is a seeded shuffle of that class
 * (`deriveSeed(seed, tag, c)`). Returns the chosen indices and the rest, each in ascending order.
 *
 * @example
 * const { chosen, rest } = stratifiedSample(train.labels, 10, 2000, 7); // 200 per class when balanced
 */
export function stratifiedSample(
  labels: Uint8Array,
  classes: number,
  count: number,
  seed: number,
): { chosen: Uint32Array; rest: Uint32Array } {
  const members: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, index) => members[label]?.push(index));
  const total = labels.length;
  const exact = members.map((group) => (total === 0 ? 0 : (count * group.length) / total));
  const quotas = exact.map(Math.floor);
  let missing = count - quotas.reduce((sum, quota) => sum + quota, 0);
  const byRemainder = exact
    .map((value, label) => ({ label, remainder: value - Math.floor(value) }))
    .sort((left, right) => right.remainder - left.remainder || left.label - right.label);
  for (const { label } of byRemainder) {
    if (missing === 0) break;
    quotas[label] = (quotas[label] ?? 0) + 1;
    missing -= 1;
  }
  const taken = new Uint8Array(total);
  members.forEach((group, label) => {
    const order = shuffledIndices(group.length, deriveSeed(seed, STRATIFIED_STREAM, label));
    for (let position = 0; position < (quotas[label] ?? 0); position += 1) taken[group[order[position] ?? 0] ?? 0] = 1;
  });
  const chosen = new Uint32Array(count);
  const rest = new Uint32Array(total - count);
  let chosenLength = 0;
  let restLength = 0;
  taken.forEach((flag, index) => {
    if (flag) chosen[chosenLength++] = index;
    else rest[restLength++] = index;
  });
  return { chosen, rest };
}
