import type { SearchConfig } from '@fbnas/train';

/**
 * DNAS search recipes: search-config overrides on top of `defaultSearchConfig` (the FBNet paper's settings scaled
 * to the run's epochs).
 *
 * - `paper`: no overrides. One Gumbel-softmax sample per step, τ from 5 decaying ×e^(−0.045) per paper epoch
 *   (compressed into the run's epochs), θ with Adam at lr 0.01.
 * - `small`: for runs with tens of θ steps (the demo: 6 epochs on 2500 images, 40 θ steps), where the paper's
 *   settings leave θ at its initial uniform and the supernet degrades as τ falls (docs/results/dnas-degradation).
 *   Departures: τ held at 5 (the compressed schedule makes the mixture nearly one-hot while θ is still uniform, so
 *   each step trains a random path); θ's lr 1.0 with cosine decay (40 Adam steps at 0.01 move a logit by at most
 *   0.4); one Gumbel sample per example (each θ step averages over N architectures instead of one).
 */
export const SEARCH_RECIPES = {
  paper: {},
  small: {
    temperature: { kind: 'constant', value: 5 },
    architectureLearningRate: 1,
    architectureSchedule: 'cosine',
    gumbelSamples: 'example',
  },
} as const satisfies Record<string, Partial<SearchConfig>>;

/** A recipe's name. */
export type SearchRecipe = keyof typeof SEARCH_RECIPES;

/** One line per recipe, for help texts and printouts. */
export const SEARCH_RECIPE_SUMMARIES: Readonly<Record<SearchRecipe, string>> = {
  paper: "FBNet's settings (τ 5 decaying, θ lr 0.01, one Gumbel sample per step)",
  small: 'τ held at 5, θ lr 1.0 cosine, one Gumbel sample per example (for runs with few θ steps)',
};
