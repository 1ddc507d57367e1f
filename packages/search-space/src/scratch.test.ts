import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { it } from 'vitest';
import { derive } from './derive';
import { loadSpace } from './builtin-spaces';
import { validateSpaceOps } from './validate-space-ops';

it('scratch', () => {
  const ops = createBuiltinOpSpecRegistry();
  for (const name of ['fbnet', 'fbnet-micro-28', 'fbnet-micro-32']) {
    const space = loadSpace(name);
    validateSpaceOps(space, ops);
    const per: Record<string, Record<string, number>> = {};
    let fixed = 0;
    for (const c of space.candidates) {
      const sample = Object.fromEntries(space.layers.map((l) => [l.id, c.name]));
      const count = countArch(derive(space, sample), ops);
      for (const b of count.blocks) {
        const layer = space.layers.find((l) => l.path === b.path);
        if (layer) (per[layer.id] ??= {})[c.name] = b.macs; else if (c.name === 'skip') fixed += b.macs;
      }
    }
    let min = fixed, max = fixed, all = fixed;
    for (const [id, row] of Object.entries(per)) { const v = Object.values(row); min += Math.min(...v); max += Math.max(...v); all += v.reduce((a, b) => a + b, 0); console.log(name, id, JSON.stringify(row)); }
    const minNoSkip = fixed + Object.values(per).reduce((s, row) => s + Math.min(...Object.entries(row).filter(([k]) => k !== 'skip').map(([, v]) => v)), 0);
    console.log(name, { fixed, min, minNoSkip, max, supernet: all });
  }
});
