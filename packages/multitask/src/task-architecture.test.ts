import { describe, expect, it } from 'vitest';
import { multitaskLayout, taskMacs } from './multitask-layout';
import { deriveTaskArchitecture, keepMask, parseTaskArchitecture, taskNetworkLayout } from './task-architecture';

describe('task architectures', () => {
  const layout = multitaskLayout({ revision: 1 });
  const keep = layout.skippable.map((_, b) => (b % 3 === 0 ? 1 : 0) as 0 | 1);

  it('derive the task\'s own kept blocks; parse back; rebuild its network with the same MACs', () => {
    const arch = deriveTaskArchitecture(layout, 'segmentation', keep);
    // s3.p8.0 (index 6) is kept but does not reach the segmentation head: left out. s2.p4.1 is one of the three
    // interchangeable s2.p4 blocks: the document names the first (the same network).
    expect(arch.keep).toEqual(['s1.p2.0', 's2.p4.0', 's3.p4.0']);
    expect(arch.macs).toBe(taskMacs(layout, 'segmentation', keep));
    const parsed = parseTaskArchitecture(JSON.parse(JSON.stringify(arch)), 'seg.arch.json');
    expect(parsed).toEqual(arch);
    expect(taskMacs(taskNetworkLayout(parsed), 'segmentation', [])).toBe(arch.macs);
    expect(keepMask(layout, parsed).filter((k) => k === 1)).toHaveLength(3);
  });

  it('refuses a bad document, naming the source and the field', () => {
    const arch = deriveTaskArchitecture(layout, 'box', keep);
    expect(() => parseTaskArchitecture({ ...arch, format: 'x' }, 'a.json')).toThrow(/a\.json: format: expected "fbnas\.multitask-arch\/v1"/);
    expect(() => parseTaskArchitecture({ ...arch, task: 'depth' }, 'a.json')).toThrow(/a\.json: task: expected one of classification, segmentation, box/);
    expect(() => parseTaskArchitecture({ ...arch, keep: ['s1.p2.0', 'x'] }, 'a.json')).toThrow(/a\.json: keep\[1\]: expected a searchable block of the layout \(s1\.p2\.0, /);
    expect(() => parseTaskArchitecture({ ...arch, macs: 5 }, 'a.json')).toThrow(/a\.json: macs: expected \d+ \(the network's count\), got 5/);
    expect(() => parseTaskArchitecture({ ...arch, layout: { ...arch.layout, widths: [1, 2] } }, 'a.json')).toThrow(/a\.json: layout\.widths: expected three positive integers/);
    expect(() => parseTaskArchitecture([], 'a.json')).toThrow(/a\.json: \(document\): expected a JSON object/);
    expect(() => parseTaskArchitecture({ ...arch, layout: { ...arch.layout, revision: 7 } }, 'a.json')).toThrow(/a\.json: layout\.revision: expected one of 1, 2, got 7/);
  });

  it('reads a document without a revision as revision 1 (written before revisions); revision 2 round-trips', () => {
    const old = deriveTaskArchitecture(layout, 'box', keep);
    const { revision, ...options } = old.layout;
    expect(revision).toBe(1);
    expect(parseTaskArchitecture({ ...old, layout: options }, 'old.json')).toEqual(old);
    const r2 = multitaskLayout();
    const arch = deriveTaskArchitecture(r2, 'classification', keep);
    expect(arch).toMatchObject({ name: 'fbnetv5-micro-r2-classification', layout: { revision: 2 }, keep: ['s1.p2.0', 's2.p4.1', 's3.p8.0', 's3.p4.0'] });
    expect(parseTaskArchitecture(JSON.parse(JSON.stringify(arch)), 'r2.json')).toEqual(arch);
    expect(taskMacs(taskNetworkLayout(arch), 'classification', [])).toBe(arch.macs);
  });
});
