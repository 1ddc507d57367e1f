import classes from './imagenet-classes.json';

/**
 * The 1000 ImageNet-1k class names in the index order of the zoo models' logits (as torchvision lists them,
 * `torchvision.models._meta._IMAGENET_CATEGORIES`, taken from Debian's python3-torchvision 0.14).
 */
export const IMAGENET_CLASSES: readonly string[] = Object.freeze(classes as string[]);
