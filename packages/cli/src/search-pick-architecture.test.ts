import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI in child processes, as users run it.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-cli-pick-arch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('fbnas search --pick-architecture train (built CLI)', () => {
  it('trains the argmax and the sampled architectures briefly, keeps the lowest search loss on held-out images, and resumes without redoing work', () => {
    const out = join(root, 'run');
    const args = [
      bin, 'search', '--space', 'fbnet-micro-28', '--data', 'embedded', '--train-images', '160', '--epochs', '2', '--batch-size', '32',
      '--cost', 'macs', '--beta', '0.6', '--samples', '3', '--seed', '2', '--pick-architecture', 'train', '--pick-epochs', '1', '--out', out,
    ];
    const first = spawnSync('node', args, { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const architectures = read(join(out, 'architectures.json')) as { name: string; sample: Record<string, string>; predictedCost: number; architecture: unknown }[];
    const pick = read(join(out, 'pick', 'architecture-pick.json'));
    // Every distinct derived architecture is trained once (a sample equal to an earlier one is not).
    const distinct = architectures.filter((a, i) => architectures.findIndex((b) => JSON.stringify(b.sample) === JSON.stringify(a.sample)) === i);
    expect(pick.candidates.map((c: { derived: { name: string } }) => c.derived.name)).toEqual(distinct.map((a) => a.name));
    expect(pick.loss).toEqual({ kind: 'multiplicative', alpha: 0.2, beta: 0.6 });
    for (const c of pick.candidates) {
      // 160 images, 20 % held out (stratified): the held-out accuracy is a count out of 32.
      expect(Math.abs(c.validationAccuracy * 32 - Math.round(c.validationAccuracy * 32))).toBeLessThan(1e-6);
      expect(read(join(out, 'pick', c.derived.name, 'result.json')).validationAccuracy).toBe(c.validationAccuracy);
      // The search's loss with the held-out error for the cross-entropy: (1 − acc) · α · (ln MACs)^β.
      expect(c.objective).toBeCloseTo((1 - c.validationAccuracy) * 0.2 * Math.log(c.derived.predictedCost) ** 0.6, 4);
    }
    const best = [...pick.candidates].sort((a, b) => a.objective - b.objective || a.derived.predictedCost - b.derived.predictedCost)[0];
    expect(pick.picked).toBe(best.derived.name);
    expect(read(join(out, 'pick', 'architecture.json'))).toEqual(architectures.find((a) => a.name === best.derived.name)!.architecture);
    // The search's own result stays the argmax.
    expect(read(join(out, 'architecture.json'))).toEqual(architectures[0]!.architecture);
    expect(first.stdout).toMatch(new RegExp(`\\* ${best.derived.name} +held-out`));
    expect(first.stdout).toContain(`picked architecture (${best.derived.name}): ${join(out, 'pick', 'architecture.json')}`);
    // The report shows the comparison.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Architecture, picked by training');
    expect(html).toContain(`★ ${best.derived.name}`);

    // Re-running resumes: nothing is searched or trained again, and the pick is the same.
    const again = spawnSync('node', [...args, '--json'], { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/training fbnet/);
    expect(read(join(out, 'pick', 'architecture-pick.json'))).toEqual(pick);
    expect(JSON.parse(again.stdout).architecturePick.picked).toBe(pick.picked);

    // Other pick settings on the same folder are refused, naming the field.
    const other = spawnSync('node', [...args.slice(0, -4), '--pick-epochs', '2', '--out', out], { encoding: 'utf8' });
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/architecturePick\.epochs/);
    expect(other.stderr).toMatch(/started with --pick-epochs 1 .*; this command gives 2/);
  }, 300_000);

  it('flag errors', () => {
    const mask = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--pick-architecture', 'train'], { encoding: 'utf8' });
    expect(mask.status).toBe(2);
    expect(mask.stderr).toMatch(/--pick-architecture does not apply to the DMaskingNAS space 'fbnetv2-micro-28'/);
    const stray = spawnSync('node', [bin, 'search', '--space', 'fbnet-micro-28', '--pick-epochs', '2'], { encoding: 'utf8' });
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/--pick-epochs applies to --pick-resolution train or --pick-architecture train/);
    const parallel = spawnSync('node', [bin, 'search', '--pick-architecture', 'train', '--data-parallel', '2'], { encoding: 'utf8' });
    expect(parallel.status).toBe(2);
    expect(parallel.stderr).toMatch(/--pick-architecture train runs on one thread/);
    const none = spawnSync('node', [bin, 'search', '--pick-architecture', 'train', '--samples', '0'], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--pick-architecture train compares the argmax with --samples K draws of P_θ; give --samples 1 or more/);
    const wrong = spawnSync('node', [bin, 'search', '--pick-architecture', 'best'], { encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--pick-architecture/);
  });
});
