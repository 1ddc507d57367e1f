import {
  choiceArg, createOpSpecRegistry, formatFeatureShape, parseArgsWith, planOutputShape, type LayerPlan, type OpBlock, type OpSpec,
  type PlanPrimitive,
} from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceCheck } from './conformance-check';
import { opConformanceChecks } from './op-conformance-checks';

type Args = { kernel: 1 | 3; activation: 'relu' | 'hswish' };
const schema = { kernel: choiceArg([1, 3], 3), activation: choiceArg(['relu', 'hswish'], 'relu') };

function plan({ inChannels, outChannels, stride, args }: OpBlock<Args>): LayerPlan {
  return [
    { kind: 'conv', name: 'conv', inChannels, outChannels, kernel: args.kernel, stride, groups: 1, bias: false },
    { kind: 'batchNorm', name: 'bn', channels: outChannels },
    { kind: 'activation', activation: args.activation },
  ];
}

/** A conforming op. */
const good: OpSpec<Args> = {
  name: 'my_conv',
  description: 'conv → BN → activation',
  argNames: Object.keys(schema),
  aliases: [{ name: 'my_conv_k1', args: { kernel: 1 } }],
  parseArgs: (raw, context) => parseArgsWith(schema, raw, context),
  plan,
  latencyKey(block, input) {
    const inShape = { ...input, channels: block.inChannels };
    const out = planOutputShape(this.plan(block), inShape);
    return `my_conv-in:${formatFeatureShape(inShape)}-out:${formatFeatureShape(out)}-k:${block.args.kernel}-act:${block.args.activation}`;
  },
};

/** The names (without the op name) of the checks that fail, and how. */
function failures(checks: readonly ConformanceCheck[]): Map<string, string> {
  const failed = new Map<string, string>();
  for (const check of checks) {
    try {
      check.run();
    } catch (error) {
      failed.set(check.name, (error as Error).message);
    }
  }
  return failed;
}

/** The names of the checks that fail. */
const failedNames = (checks: readonly ConformanceCheck[]) => [...failures(checks).keys()];

describe('opConformanceChecks', () => {
  it('passes a conforming op under every name, with the registry it is used with', () => {
    const checks = opConformanceChecks(good, { layerNames: ['conv', 'bn'], registry: createOpSpecRegistry([good]) });
    expect(failedNames(checks)).toEqual([]);
    expect(checks.some((check) => check.name.startsWith('my_conv_k1: block 24→40 stride 2:'))).toBe(true);
    expect(checks.some((check) => check.name === 'my_conv: is registered with every alias')).toBe(true);
  });

  it('fails the shape (and key) checks of a plan with the wrong output channels, with the expected shape', () => {
    const wrong: OpSpec<Args> = { ...good, plan: (block) => plan({ ...block, outChannels: block.outChannels + 1 }) };
    const failed = failures(opConformanceChecks(wrong));
    expect(failed.get("my_conv: block 16→24 stride 1: plans the block's output shape")).toBe(
      "expected the plan to map 16x16x16 to 16x16x24 (the block's outChannels, at stride 1), got 16x16x25",
    );
    expect([...failed.keys()].every((name) => /output shape|latency key/.test(name))).toBe(true);
    expect(failed.size).toBe(2 * 3 * 2); // 2 names × 3 blocks × (shape, key)
  });

  it("fails the shape checks of a strided op declared as pooling, and of a pooling op that isn't declared", () => {
    expect(failedNames(opConformanceChecks(good, { pools: true })).filter((name) => name.includes('output shape'))).toHaveLength(6);
    const pooling: OpSpec<Args> = { ...good, plan: (block) => [{ kind: 'globalAveragePool' }, ...plan({ ...block, stride: 1 })] };
    expect(failures(opConformanceChecks(pooling)).get("my_conv: block 24→40 stride 2: plans the block's output shape")).toBe(
      "expected the plan to map 16x16x24 to 8x8x40 (the block's outChannels, at stride 2), got 1x1x40",
    );
  });

  it('fails the unknown-argument check of an op that ignores unknown arguments', () => {
    const lenient: OpSpec<Args> = {
      ...good,
      parseArgs: (raw, context) => parseArgsWith(schema, { kernel: raw.kernel ?? 3, activation: raw.activation ?? 'relu' }, context),
    };
    const failed = failures(opConformanceChecks(lenient));
    expect([...failed.keys()]).toEqual([
      'my_conv: rejects an unknown argument with a FormatError at its path',
      'my_conv_k1: rejects an unknown argument with a FormatError at its path',
    ]);
    expect(failed.get('my_conv: rejects an unknown argument with a FormatError at its path')).toMatch(
      /^expected a FormatError at 'stages\[0\]\[0\]\.unknownConformanceArgument', but parseArgs accepted it/,
    );
  });

  it('fails the unknown-argument check of an op reporting it at the wrong path or with a plain Error', () => {
    const wrongPath: OpSpec<Args> = { ...good, parseArgs: (raw, context) => parseArgsWith(schema, raw, { path: context.path }) };
    expect(failures(opConformanceChecks(wrongPath)).get('my_conv: rejects an unknown argument with a FormatError at its path')).toBe(
      "expected a FormatError at 'stages[0][0][4].unknownConformanceArgument', got one at 'stages[0][0].unknownConformanceArgument'",
    );
    const plain: OpSpec<Args> = {
      ...good,
      parseArgs: (raw, context) => {
        if (Object.keys(raw).some((key) => !(key in schema))) throw new Error('bad');
        return parseArgsWith(schema, raw, context);
      },
    };
    expect(failures(opConformanceChecks(plain)).get('my_conv: rejects an unknown argument with a FormatError at its path')).toBe(
      "expected a FormatError at 'stages[0][0].unknownConformanceArgument', got Error: bad",
    );
  });

  it('fails the argument checks of a parser returning other keys or non-JSON values, or not keeping fixed ones', () => {
    const extra: OpSpec<Args> = { ...good, parseArgs: (raw, context) => ({ ...parseArgsWith(schema, raw, context), size: undefined }) as Args };
    const failed = failures(opConformanceChecks(extra));
    expect(failed.get('my_conv: parses its arguments into exactly argNames, keeping the fixed ones')).toBe(
      'expected parseArgs to return the keys of argNames [activation, kernel], got [activation, kernel, size]',
    );
    expect(failed.get('my_conv: parses arguments that survive a JSON round trip')).toBe('args.size: expected a JSON value, got nothing');
    const ignoresAlias: OpSpec<Args> = { ...good, parseArgs: (_raw, context) => parseArgsWith(schema, {}, context) };
    expect(failures(opConformanceChecks(ignoresAlias)).get('my_conv_k1: parses its arguments into exactly argNames, keeping the fixed ones')).toBe(
      "args.kernel: expected the alias's fixed value 1, got 3",
    );
  });

  it('fails the data check of a plan that is not pure JSON, or not deterministic', () => {
    const withFunction: OpSpec<Args> = { ...good, plan: (block) => [...plan(block), { kind: 'activation', activation: 'relu', f: () => 1 } as never] };
    expect(failures(opConformanceChecks(withFunction)).get('my_conv: block 32→32 stride 1: plans pure, deterministic JSON data')).toBe(
      'layers[3].f: expected a JSON value, got a function',
    );
    let calls = 0;
    const changing: OpSpec<Args> = { ...good, plan: (block) => plan({ ...block, args: { ...block.args, activation: calls++ % 2 ? 'relu' : 'hswish' } }) };
    expect(failures(opConformanceChecks(changing)).get('my_conv: block 32→32 stride 1: plans pure, deterministic JSON data')).toMatch(
      /^expected plan\(\) to return the same layers for the same block/,
    );
  });

  it('fails the name check of duplicate or unlisted layer names, also inside nested bodies', () => {
    const nested: OpSpec<Args> = {
      ...good,
      plan: (block) => [...plan(block), { kind: 'residual', body: [{ kind: 'batchNorm', name: 'bn', channels: block.outChannels }] }],
    };
    const failed = failures(opConformanceChecks(nested, { blocks: [{ inChannels: 8, outChannels: 8, stride: 1 }] }));
    expect(failed.get('my_conv: block 8→8 stride 1: names its layers uniquely')).toBe(
      "layers[3].body[0]: layer name 'bn' is already used at layers[1]",
    );
    expect(failures(opConformanceChecks(good, { layerNames: ['conv'] })).get('my_conv: block 32→32 stride 1: names its layers uniquely from the allowed names')).toBe(
      "layers[1]: expected a layer name among conv, got 'bn'",
    );
  });

  it('fails the cost check of a contributed primitive with a fractional cost, using the spec\'s primitives', () => {
    const half: PlanPrimitive = {
      name: 'half',
      description: 'identity costing half a MAC',
      outputShape: (_layer, input) => input,
      cost: (_layer, { arithmetic }) => ({ macs: arithmetic.constant(0.5) }),
    };
    const halving: OpSpec<Args> = { ...good, primitives: [half], plan: (block) => [...plan(block), { kind: 'half' }] };
    const failed = failures(opConformanceChecks(halving));
    expect(failed.get('my_conv: block 32→32 stride 1: costs non-negative safe integers')).toBe(
      'countPlan(...).macs: expected a non-negative safe integer, got 2359296.5',
    );
    expect([...failed.keys()].every((name) => name.endsWith('costs non-negative safe integers') || name.endsWith('latency key that depends on the input size'))).toBe(true);
  });

  it('fails the latency-key check of a key that ignores the input size or is not canonical', () => {
    const fixedSize: OpSpec<Args> = { ...good, latencyKey: (block) => good.latencyKey(block, { height: 16, width: 16 }) };
    expect(failures(opConformanceChecks(fixedSize)).get('my_conv: block 16→24 stride 1: has a canonical latency key that depends on the input size')).toBe(
      "expected a different key at 32x32, got 'my_conv-in:16x16x16-out:16x16x24-k:3-act:relu' again",
    );
    const orderDependent: OpSpec<Args> = { ...good, latencyKey: (block, input) => `${good.latencyKey(block, input)}-x:${Object.keys(block.args).join('.')}` };
    expect(failures(opConformanceChecks(orderDependent)).get('my_conv: block 16→24 stride 1: has a canonical latency key that depends on the input size')).toMatch(
      /^expected the same key for the same block, got '.*-x:kernel\.activation' then '.*-x:activation\.kernel'$/,
    );
    const spaced: OpSpec<Args> = { ...good, latencyKey: (block, input) => `${good.latencyKey(block, input)} (fast)` };
    expect(failures(opConformanceChecks(spaced)).get('my_conv: block 16→24 stride 1: has a canonical latency key that depends on the input size')).toBe(
      "expected a latency key 'my_conv-in:16x16x16-out:16x16x24' followed by '-field:value' parts, got \"my_conv-in:16x16x16-out:16x16x24-k:3-act:relu (fast)\"",
    );
  });

  it('fails the naming and description checks of camelCase names, duplicate aliases and missing descriptions', () => {
    const badNames: OpSpec<Args> = { ...good, aliases: [{ name: 'myConvK1', args: { kernel: 1 } }] };
    expect(failures(opConformanceChecks(badNames)).get('my_conv: has a snake_case name and snake_case, distinct alias names')).toBe(
      'aliases[0].name: expected a snake_case name, got "myConvK1"',
    );
    const twice: OpSpec<Args> = { ...good, aliases: [{ name: 'my_conv', args: {} }] };
    expect(failures(opConformanceChecks(twice)).get('my_conv: has a snake_case name and snake_case, distinct alias names')).toBe(
      "aliases[0].name: 'my_conv' is already a name of op 'my_conv'",
    );
    const undescribed: OpSpec<Args> = { ...good, description: ' ' };
    expect(failures(opConformanceChecks(undescribed)).get('my_conv: has a one-line description')).toBe(
      'expected description to be one non-empty line, got " "',
    );
    const snakeArgs: OpSpec<Args> = { ...good, argNames: ['kernel', 'act_fn'] };
    expect(failures(opConformanceChecks(snakeArgs)).get('my_conv: declares unique camelCase argument names')).toBe(
      'argNames[1]: expected a camelCase name, got "act_fn"',
    );
  });

  it('fails the registration check when the registry holds another spec under the name', () => {
    const other = { ...good, aliases: [] };
    const failed = failures(opConformanceChecks(good, { registry: createOpSpecRegistry([other]) }));
    expect(failed.get('my_conv: is registered with every alias')).toBe("expected the registry to hold this spec under 'my_conv'");
  });

  it('builds its list without running the spec, even for a malformed one', () => {
    const throwing = { ...good, aliases: [null], parseArgs: () => { throw new Error('boom'); } } as unknown as OpSpec;
    const checks = opConformanceChecks(throwing);
    expect(checks.length).toBeGreaterThan(0);
    expect(failures(checks).get('my_conv: parses arguments that survive a JSON round trip')).toBe('boom');
  });
});
