/**
 * Size of the Fashion-MNIST subset shipped in `assets/fashion-mnist-subset/`: the first 250 training and first
 * 50 test examples of each class, in file order (see `provenance.json` there and `scripts/make-subset.mjs`).
 */
export const EMBEDDED_FASHION_MNIST_COUNTS = Object.freeze({
  /** Training images (250 per class). */
  train: 2500,
  /** Test images (50 per class). */
  test: 500,
  /** Training images per class. */
  trainPerClass: 250,
  /** Test images per class. */
  testPerClass: 50,
});
