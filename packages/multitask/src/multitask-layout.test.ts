import { describe, expect, it } from 'vitest';
import { MULTITASK_TASKS, multitaskLayout, taskMacs } from './multitask-layout';

/** MACs of an inverted residual (1×1 expand unless e = 1, k×k depthwise, 1×1 project) at output side `side`. */
function irMacs(inSide: number, side: number, cin: number, cout: number, e: number, k: number): number {
  const mid = cin * e;
  return (e === 1 ? 0 : inSide * inSide * cin * mid) + side * side * mid * k * k + side * side * mid * cout;
}

describe('multitaskLayout, revision 1', () => {
  const layout = multitaskLayout({ revision: 1 });
  const byId = new Map(layout.steps.map((s) => [s.kind === 'block' ? s.block.id : s.fusion.id, s.kind === 'block' ? s.block : s.fusion]));

  it('plans the paths at 1/2, 1/4, 1/8 with exact MACs (hand formulas)', () => {
    expect(layout.skippable.map((b) => b.id)).toEqual([
      's1.p2.0', 's1.p2.1', 's2.p4.0', 's2.p4.1', 's2.p4.2', 's2.p2.0', 's3.p8.0', 's3.p8.1', 's3.p8.2', 's3.p4.0',
    ]);
    expect(byId.get('stem')!.macs).toBe(28 * 28 * 16 * 9 * 1);
    expect(byId.get('s1.p2.0')!.macs).toBe(irMacs(28, 28, 16, 16, 3, 3));
    expect(byId.get('s2.p2.0')!.macs).toBe(irMacs(28, 28, 16, 16, 1, 3));
    expect(byId.get('t4')!.macs).toBe(irMacs(28, 14, 16, 24, 3, 3));
    expect(byId.get('s2.p4.0')!.macs).toBe(irMacs(14, 14, 24, 24, 3, 5));
    expect(byId.get('t8')!.macs).toBe(irMacs(14, 7, 24, 32, 3, 3));
    expect(byId.get('s3.p8.0')!.macs).toBe(irMacs(7, 7, 32, 32, 6, 5));
    // Fusions: a 1×1 conv before ×2 upsampling; a strided 3×3 conv down.
    expect(byId.get('f2.p4-p2')).toMatchObject({ upsample: 2, macs: 14 * 14 * 24 * 16 });
    expect(byId.get('f2.p2-p4')).toMatchObject({ upsample: 1, macs: 14 * 14 * 16 * 24 * 9 });
    // Global average pooling costs C·H·W MACs (the counting convention), then the linear layer.
    expect(layout.heads.classification).toMatchObject({ path: 'p8', macs: 7 * 7 * 32 + 32 * 10 });
    expect(layout.heads.segmentation).toMatchObject({ path: 'p2', macs: 28 * 28 * 16 * 11 });
    expect(layout.heads.box).toMatchObject({ path: 'p8', macs: 7 * 7 * (32 * 8 + 8 * 4) });
  });

  it('counts each task\'s own network: kept blocks and fusions that reach its head', () => {
    const none = layout.skippable.map(() => 0 as const);
    const every = layout.skippable.map(() => 1 as const);
    const fixedAll = ['stem', 't4', 'f2.p2-p4'].reduce((s, id) => s + byId.get(id)!.macs, 0);
    expect(taskMacs(layout, 'classification', none)).toBe(fixedAll + byId.get('t8')!.macs + layout.heads.classification!.macs);
    expect(taskMacs(layout, 'segmentation', none)).toBe(fixedAll + byId.get('f2.p4-p2')!.macs + byId.get('f3.p4-p2')!.macs + layout.heads.segmentation!.macs);
    // s3.p8.* only reach the coarse heads; s3.p4.0 only segmentation.
    const only = (id: string) => layout.skippable.map((b) => (b.id === id ? 1 : 0) as 0 | 1);
    expect(taskMacs(layout, 'classification', only('s3.p8.1')) - taskMacs(layout, 'classification', none)).toBe(byId.get('s3.p8.1')!.macs);
    expect(taskMacs(layout, 'segmentation', only('s3.p8.1'))).toBe(taskMacs(layout, 'segmentation', none));
    expect(taskMacs(layout, 'box', only('s3.p4.0'))).toBe(taskMacs(layout, 'box', none));
    const total = layout.skippable.reduce((s, b) => s + b.macs, 0);
    const reach = MULTITASK_TASKS.map((t) => taskMacs(layout, t, every) - taskMacs(layout, t, none));
    expect(reach[0]! < total && reach[1]! < total).toBe(true);
    expect(() => taskMacs(layout, 'box', [1])).toThrow(/expected 10 keep flags, got 1/);
  });

  it('keeps every skippable block\'s shape (the identity when skipped); other sizes plan too', () => {
    for (const block of layout.skippable) expect(block.outShape, block.id).toEqual(block.inShape);
    expect(multitaskLayout({ widths: [8, 12, 16], inputSize: 40 }).heads.box!.inShape).toEqual({ height: 5, width: 5, channels: 16 });
  });
});

describe('multitaskLayout, revision 2 (the default)', () => {
  const layout = multitaskLayout();
  const byId = new Map(layout.steps.map((s) => [s.kind === 'block' ? s.block.id : s.fusion.id, s.kind === 'block' ? s.block : s.fusion]));
  const none = layout.skippable.map(() => 0 as const);
  const only = (id: string) => layout.skippable.map((b) => (b.id === id ? 1 : 0) as 0 | 1);

  it('plans ten different skippable ops and a last exchange of all paths (hand formulas)', () => {
    expect(layout).toMatchObject({ name: 'fbnetv5-micro-r2', options: { revision: 2 } });
    expect(new Set(layout.skippable.map((b) => JSON.stringify([b.entry, b.inShape]))).size).toBe(10);
    expect(byId.get('s1.p2.1')!.macs).toBe(irMacs(28, 28, 16, 16, 1, 5));
    expect(byId.get('s2.p4.0')!.macs).toBe(irMacs(14, 14, 24, 24, 3, 3));
    expect(byId.get('s2.p4.1')!.macs).toBe(irMacs(14, 14, 24, 24, 3, 5));
    expect(byId.get('s2.p4.2')!.macs).toBe(irMacs(14, 14, 24, 24, 6, 3));
    expect(byId.get('s3.p8.0')!.macs).toBe(irMacs(7, 7, 32, 32, 4, 3));
    expect(byId.get('s3.p8.1')!.macs).toBe(irMacs(7, 7, 32, 32, 6, 5));
    expect(byId.get('s3.p8.2')!.macs).toBe(irMacs(7, 7, 32, 32, 6, 3));
    expect(byId.get('s3.p4.0')!.macs).toBe(irMacs(14, 14, 24, 24, 2, 5));
    // p4 down into p8 (strided 3×3), p8 up into p2 (1×1 at 7×7, then ×4).
    expect(byId.get('f3.p4-p8')).toMatchObject({ upsample: 1, macs: 7 * 7 * 24 * 32 * 9, tasks: ['classification', 'box'] });
    expect(byId.get('f3.p8-p2')).toMatchObject({ upsample: 4, macs: 7 * 7 * 32 * 16, tasks: ['segmentation'] });
  });

  it('lets every skippable block reach every head', () => {
    for (const task of MULTITASK_TASKS) {
      for (const block of layout.skippable) expect(taskMacs(layout, task, only(block.id)) - taskMacs(layout, task, none), `${task} ${block.id}`).toBe(block.macs);
    }
    const fixed = ['stem', 't4', 'f2.p2-p4', 't8'].reduce((s, id) => s + byId.get(id)!.macs, 0);
    expect(taskMacs(layout, 'classification', none)).toBe(fixed + byId.get('f3.p4-p8')!.macs + layout.heads.classification!.macs);
    expect(taskMacs(layout, 'segmentation', none)).toBe(fixed + ['f2.p4-p2', 'f3.p4-p2', 'f3.p8-p2'].reduce((s, id) => s + byId.get(id)!.macs, 0) + layout.heads.segmentation!.macs);
  });

  it('refuses an unknown revision', () => {
    expect(() => multitaskLayout({ revision: 3 as never })).toThrow(/revision: expected one of 1, 2, got 3/);
  });
});

describe('pruneLayout', () => {
  it('keeps a task\'s own network: its kept blocks (now fixed), the parts reaching its head, its head only', async () => {
    const { pruneLayout } = await import('./multitask-layout');
    const layout = multitaskLayout({ revision: 1 });
    const keep = layout.skippable.map((_, b) => (b % 2 === 0 ? 1 : 0) as 0 | 1);
    const pruned = pruneLayout(layout, 'classification', keep);
    const ids = pruned.steps.map((s) => (s.kind === 'block' ? s.block.id : s.fusion.id));
    expect(ids).toEqual(['stem', 's1.p2.0', 't4', 's2.p4.0', 's2.p4.2', 'f2.p2-p4', 't8', 's3.p8.0', 's3.p8.2']);
    expect(pruned.skippable).toEqual([]);
    expect(Object.keys(pruned.heads)).toEqual(['classification']);
    expect(taskMacs(pruned, 'classification', [])).toBe(taskMacs(layout, 'classification', keep));
    expect(() => taskMacs(pruned, 'box', [])).toThrow(/no box head/);
  });
});
