/**
 * The `fbnas.zoo/v1` manifest format: pretrained-model metadata, kept apart from the architectures.
 *
 * ```json
 * {
 *   "format": "fbnas.zoo/v1",
 *   "models": [{
 *     "name": "fbnet_a", "family": "FBNet", "aliases": ["FBNet_a"], "architecture": "fbnet_a.json",
 *     "resolution": 224, "evalResize": 256,
 *     "published": { "macs": 244526360, "weights": 4270290, "macsMillions": 244.52636, "weightsMillions": 4.27029,
 *                    "decimals": 5 },
 *     "top1": 73.3,
 *     "checkpoint": { "url": "https://dl.fbaipublicfiles.com/fbnet/models/...", "urlVerified": false,
 *                     "urlSource": "...", "sha256": null, "licence": "CC BY-NC 4.0" }
 *   }]
 * }
 * ```
 *
 * - `published`: the reference's figures as published (`flops_m`, `params_m`: MACs and conv weights in
 *   millions, `decimals` digits after the point), and the same as plain numbers (`macs` = `macsMillions`·10⁶).
 *   The published numbers round the exact counts to `decimals` places.
 * - `evalResize`: the shorter side images are resized to before the centre crop of `resolution` (pixels).
 * - `checkpoint.urlVerified`: true when the URL was copied from the reference's model-info file for this very
 *   entry; false when it is the best-known candidate. `sha256` is null until recorded on a first download.
 */

/** The format tag of zoo manifests. */
export const ZOO_FORMAT = 'fbnas.zoo/v1';

/** The reference's published cost figures. */
export interface PublishedFigures {
  /** Multiply-accumulates, `macsMillions` · 10⁶ (MACs). */
  macs: number;
  /** Convolution weights, `weightsMillions` · 10⁶ (parameters). */
  weights: number;
  /** Published `flops_m` (millions of MACs). */
  macsMillions: number;
  /** Published `params_m` (millions of weights). */
  weightsMillions: number;
  /** Digits after the decimal point of the published millions: exact counts round to these. */
  decimals: number;
}

/** Where the reference weights are, and under which terms. */
export interface CheckpointInfo {
  /** Download URL of the reference PyTorch checkpoint. */
  url: string;
  /** True when the URL comes from the reference's model-info entry for this model. */
  urlVerified: boolean;
  /** Where the URL was found. */
  urlSource: string;
  /** SHA-256 of the file (hex), or null until recorded. */
  sha256: string | null;
  /** Licence of the weights. */
  licence: string;
}

/** One pretrained model. */
export interface ZooModel {
  /** Canonical name, e.g. `fbnet_a`, `FBNetV2_F1`. */
  name: string;
  /** Model family, e.g. `FBNet`, `FBNetV2`. */
  family: string;
  /** Other names resolving to this model (`FBNet_a`, `FBNetV2_F5`). */
  aliases: string[];
  /** File name of its `fbnas.arch/v1` architecture. */
  architecture: string;
  /** Input crop side (pixels). */
  resolution: number;
  /** Shorter-side resize before the centre crop at evaluation (pixels). */
  evalResize: number;
  /** Published MACs and weights. */
  published: PublishedFigures;
  /** Reference ImageNet-1k top-1 accuracy (%). */
  top1: number;
  /** Reference weights. */
  checkpoint: CheckpointInfo;
}

/** An `fbnas.zoo/v1` document. */
export interface ZooManifest {
  /** Always `fbnas.zoo/v1`. */
  format: typeof ZOO_FORMAT;
  /** The models, in display order. */
  models: ZooModel[];
}
