/**
 * Test support: a contributed op spec, `my_stem` (a 3×3 conv with bias → BN → hswish, the layers `conv` and `bn`
 * of the reference stem), and the tiny reference architecture with its stem written as `my_stem`, so the tiny
 * PyTorch checkpoints fit it only when the op registry knows `my_stem`.
 */
import { readFileSync } from 'node:fs';
import { createOpSpecRegistry, parseArgsWith, type ArchDefinition, type OpSpec, type OpSpecRegistry } from '@fbnas/core';
import { builtinOpSpecs, convSpec } from '@fbnas/ops/specs';
import { zooFixture } from './loopback-server';

const stemArgs = { kernel: 3, activation: 'hswish', bias: true } as const;

/** `my_stem`: no arguments; the plan and latency key of `conv_k3_hs`. */
export const myStemSpec: OpSpec<Record<string, never>> = {
  name: 'my_stem',
  description: '3×3 conv (with bias) → BN → hswish',
  argNames: [],
  aliases: [],
  parseArgs: (raw, context) => parseArgsWith({}, raw, context),
  plan: (block) => convSpec.plan({ ...block, args: stemArgs }),
  latencyKey: (block, input) => convSpec.latencyKey({ ...block, args: stemArgs }, input),
};

/** The built-in op specs plus `my_stem`. */
export function opsWithMyStem(): OpSpecRegistry {
  return createOpSpecRegistry([...builtinOpSpecs, myStemSpec as OpSpec]);
}

/** `tiny-arch.json` with its stem (`conv_k3_hs`) written as `my_stem`. */
export function tinyArchWithMyStem(): ArchDefinition {
  const arch = JSON.parse(readFileSync(zooFixture('tiny-arch.json'), 'utf8')) as { stages: unknown[][][] };
  arch.stages[0]![0]![0] = 'my_stem';
  return arch as unknown as ArchDefinition;
}
