import { add, div, mul, scalar, sqrt, sub, tidy, zerosLike, type NamedTensorMap, type Tensor, type Variable } from '@tensorflow/tfjs-core';

/** An optimizer whose whole state is a set of named tensors, so a checkpoint restores it exactly. */
export interface StatefulOptimizer {
  /** Applies one update to `variables` with their `gradients` (same order; a missing gradient skips the variable). */
  step(variables: readonly Variable[], gradients: readonly (Tensor | undefined)[], learningRate: number): void;
  /** The state as named tensors (copies; the caller disposes them). */
  state(prefix: string): NamedTensorMap;
  /** Restores state saved by `state(prefix)`. */
  restore(prefix: string, tensors: NamedTensorMap): void;
  dispose(): void;
}

/**
 * SGD with momentum as PyTorch defines it: `v ← μ·v + g; w ← w − lr·v` (weight decay goes into the loss).
 */
export function momentumSgd(momentum = 0.9): StatefulOptimizer {
  const velocities = new Map<number, Tensor>();
  return {
    step(variables, gradients, learningRate) {
      variables.forEach((variable, i) => {
        const gradient = gradients[i];
        if (!gradient) return;
        const previous = velocities.get(i);
        const velocity = tidy(() => (previous ? add(mul(previous, scalar(momentum)), gradient) : gradient.clone()));
        previous?.dispose();
        velocities.set(i, velocity);
        assignFrom(variable, tidy(() => sub(variable, mul(velocity, scalar(learningRate)))));
      });
    },
    state(prefix) {
      const out: NamedTensorMap = {};
      for (const [i, v] of velocities) out[`${prefix}/velocity/${i}`] = v.clone();
      return out;
    },
    restore(prefix, tensors) {
      for (const [name, tensor] of Object.entries(tensors)) {
        const match = new RegExp(`^${prefix}/velocity/(\\d+)$`).exec(name);
        if (match) {
          velocities.get(Number(match[1]))?.dispose();
          velocities.set(Number(match[1]), tensor.clone());
        }
      }
    },
    dispose() {
      for (const v of velocities.values()) v.dispose();
      velocities.clear();
    },
  };
}

/**
 * Adam (Kingma & Ba) with L2 weight decay added to the gradient, as PyTorch's `Adam(weight_decay=…)`.
 */
export function adam(options: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number } = {}): StatefulOptimizer {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 } = options;
  const moments = new Map<number, { m: Tensor; v: Tensor; t: number }>();
  return {
    step(variables, gradients, learningRate) {
      variables.forEach((variable, i) => {
        const raw = gradients[i];
        if (!raw) return;
        const previous = moments.get(i) ?? { m: zerosLike(variable), v: zerosLike(variable), t: 0 };
        const t = previous.t + 1;
        const [m, v] = tidy(() => {
          const g = weightDecay ? add(raw, mul(variable, scalar(weightDecay))) : raw;
          return [add(mul(previous.m, scalar(beta1)), mul(g, scalar(1 - beta1))), add(mul(previous.v, scalar(beta2)), mul(mul(g, g), scalar(1 - beta2)))];
        });
        previous.m.dispose();
        previous.v.dispose();
        moments.set(i, { m: m!, v: v!, t });
        assignFrom(variable, tidy(() => {
          const mHat = div(m!, scalar(1 - beta1 ** t));
          const vHat = div(v!, scalar(1 - beta2 ** t));
          return sub(variable, mul(div(mHat, add(sqrt(vHat), scalar(epsilon))), scalar(learningRate)));
        }));
      });
    },
    state(prefix) {
      const out: NamedTensorMap = {};
      for (const [i, { m, v, t }] of moments) {
        out[`${prefix}/m/${i}`] = m.clone();
        out[`${prefix}/v/${i}`] = v.clone();
        out[`${prefix}/t/${i}`] = scalar(t, 'int32');
      }
      return out;
    },
    restore(prefix, tensors) {
      for (const [name, tensor] of Object.entries(tensors)) {
        const match = new RegExp(`^${prefix}/m/(\\d+)$`).exec(name);
        if (!match) continue;
        const i = Number(match[1]);
        const old = moments.get(i);
        old?.m.dispose();
        old?.v.dispose();
        moments.set(i, {
          m: tensor.clone(),
          v: tensors[`${prefix}/v/${i}`]!.clone(),
          t: tensors[`${prefix}/t/${i}`]!.dataSync()[0]!,
        });
      }
    },
    dispose() {
      for (const { m, v } of moments.values()) {
        m.dispose();
        v.dispose();
      }
      moments.clear();
    },
  };
}

/**
 * RMSprop as PyTorch's `RMSprop(alpha, eps, momentum, centered)`: `v ← α·v + (1 − α)·g²`; centered:
 * `ḡ ← α·ḡ + (1 − α)·g` and the denominator `√(v − ḡ²) + ε`, else `√v + ε`; with momentum
 * `b ← μ·b + g/denominator, w ← w − lr·b`, else `w ← w − lr·g/denominator` (weight decay goes into the loss).
 *
 * @example
 * const optimizer = rmsprop({ alpha: 0.9, epsilon: 1e-3, momentum: 0.9 }); // TensorFlow's EfficientNet settings
 */
export function rmsprop(options: { alpha?: number; epsilon?: number; momentum?: number; centered?: boolean } = {}): StatefulOptimizer {
  const { alpha = 0.99, epsilon = 1e-8, momentum = 0, centered = false } = options;
  const slots = ['square', 'mean', 'buffer'] as const;
  const state = new Map<number, Partial<Record<(typeof slots)[number], Tensor>>>();
  const replace = (i: number, slot: (typeof slots)[number], value: Tensor) => {
    const entry = state.get(i) ?? {};
    entry[slot]?.dispose();
    entry[slot] = value;
    state.set(i, entry);
  };
  return {
    step(variables, gradients, learningRate) {
      variables.forEach((variable, i) => {
        const g = gradients[i];
        if (!g) return;
        const previous = state.get(i) ?? {};
        const square = tidy(() => add(mul(previous.square ?? zerosLike(g), scalar(alpha)), mul(mul(g, g), scalar(1 - alpha))));
        replace(i, 'square', square);
        let mean: Tensor | undefined;
        if (centered) {
          mean = tidy(() => add(mul(previous.mean ?? zerosLike(g), scalar(alpha)), mul(g, scalar(1 - alpha))));
          replace(i, 'mean', mean);
        }
        const update = tidy(() => {
          const denominator = add(sqrt(mean ? sub(square, mul(mean, mean)) : square), scalar(epsilon));
          return div(g, denominator);
        });
        if (momentum > 0) {
          const buffer = tidy(() => add(mul(state.get(i)!.buffer ?? zerosLike(g), scalar(momentum)), update));
          update.dispose();
          replace(i, 'buffer', buffer);
          assignFrom(variable, tidy(() => sub(variable, mul(buffer, scalar(learningRate)))));
        } else {
          assignFrom(variable, tidy(() => sub(variable, mul(update, scalar(learningRate)))));
          update.dispose();
        }
      });
    },
    state(prefix) {
      const out: NamedTensorMap = {};
      for (const [i, entry] of state) for (const slot of slots) if (entry[slot]) out[`${prefix}/${slot}/${i}`] = entry[slot]!.clone();
      return out;
    },
    restore(prefix, tensors) {
      for (const [name, tensor] of Object.entries(tensors)) {
        const match = new RegExp(`^${prefix}/(square|mean|buffer)/(\\d+)$`).exec(name);
        if (match) replace(Number(match[2]), match[1] as (typeof slots)[number], tensor.clone());
      }
    },
    dispose() {
      for (const entry of state.values()) for (const slot of slots) entry[slot]?.dispose();
      state.clear();
    },
  };
}

/** Assigns `value` to `variable` and disposes `value` (assign shares its buffer; the wrapper would leak). */
function assignFrom(variable: Variable, value: Tensor): void {
  variable.assign(value);
  value.dispose();
}
