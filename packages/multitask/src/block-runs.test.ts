import { describe, expect, it } from 'vitest';
import { blockRuns, canonicalKeep, describeNetwork } from './block-runs';
import { MULTITASK_TASKS, multitaskLayout, pruneLayout, taskMacs } from './multitask-layout';
import { deriveTaskArchitecture } from './task-architecture';

const layout = multitaskLayout({ revision: 1 });
const masks = Array.from({ length: 2 ** layout.skippable.length }, (_, m) => layout.skippable.map((_, i) => ((m >> i) & 1) as 0 | 1));

describe('blockRuns', () => {
  it('groups the consecutive identical blocks of a path: the stages of fbnetv5-micro', () => {
    expect(blockRuns(layout).map((r) => `${r.name}×${r.blocks.length}`)).toEqual(['s1.p2×2', 's2.p4×3', 's2.p2×1', 's3.p8×3', 's3.p4×1']);
    expect(blockRuns(layout).flatMap((r) => r.blocks)).toEqual(layout.skippable.map((_, i) => i));
  });

  it('one description per network: equal descriptions, equal pruned networks (as plans, with their MACs)', () => {
    for (const task of MULTITASK_TASKS) {
      const byDescription = new Map<string, string>();
      for (const keep of masks) {
        const description = describeNetwork(layout, task, keep);
        // The network's plans and shapes in order, without block ids.
        const network = JSON.stringify(pruneLayout(layout, task, keep).steps.map((s) => (s.kind === 'block' ? [s.block.plan.map((l) => ({ ...l, name: undefined })), s.block.inShape] : [s.fusion.plan, s.fusion.inShape])));
        if (byDescription.has(description)) expect(network, `${task}: ${description}`).toBe(byDescription.get(description));
        else byDescription.set(description, network);
        expect(taskMacs(layout, task, canonicalKeep(layout, keep))).toBe(taskMacs(layout, task, keep));
      }
      // Distinct descriptions are distinct networks; here each has its own MAC count too.
      const networks = [...byDescription.values()];
      expect(new Set(networks).size).toBe(networks.length);
      expect(byDescription.size).toBe(task === 'segmentation' ? 3 * 4 * 2 * 2 : 3 * 4 * 2 * 4);
    }
  });

  it('revision 2: every block is a run of its own, named by its id; 1024 distinct networks per task', () => {
    const r2 = multitaskLayout();
    expect(blockRuns(r2).map((r) => r.name)).toEqual(r2.skippable.map((b) => b.id));
    expect(blockRuns(r2)).toBe(blockRuns(r2));
    for (const task of MULTITASK_TASKS) {
      const networks = new Set(masks.map((keep) => JSON.stringify(pruneLayout(r2, task, keep).steps.map((s) => (s.kind === 'block' ? [s.block.plan.map((l) => ({ ...l, name: undefined })), s.block.inShape] : s.fusion.id)))));
      expect(networks.size, task).toBe(1024);
      expect(new Set(masks.map((keep) => describeNetwork(r2, task, keep))).size).toBe(1024);
    }
    expect(describeNetwork(r2, 'box', [1, 0, 0, 1, 0, 0, 0, 0, 1, 0])).toBe('s1.p2.0×1 s1.p2.1×0 s2.p4.0×0 s2.p4.1×1 s2.p4.2×0 s2.p2.0×0 s3.p8.0×0 s3.p8.1×0 s3.p8.2×1 s3.p4.0×0');
  });

  it('derives one document for equivalent masks: the first blocks of each run', () => {
    const a = deriveTaskArchitecture(layout, 'classification', [0, 1, 0, 0, 1, 0, 1, 0, 1, 0]);
    const b = deriveTaskArchitecture(layout, 'classification', [1, 0, 1, 0, 0, 0, 0, 1, 1, 1]);
    expect(a).toEqual(b);
    expect(a.keep).toEqual(['s1.p2.0', 's2.p4.0', 's3.p8.0', 's3.p8.1']);
    expect(describeNetwork(layout, 'segmentation', [0, 1, 0, 0, 1, 0, 1, 0, 1, 1])).toBe('s1.p2×1 s2.p4×1 s2.p2×0 s3.p4×1');
  });
});
