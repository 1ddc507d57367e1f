export type { Dataset, DatasetSplits } from './dataset';
export { assertDataset } from './dataset';
export { DatasetFileError } from './dataset-file-error';
export { DEFAULT_MAX_FILE_BYTES, isGzip, readDatasetFile } from './read-dataset-file';
export type { DeclaredFileSize, ReadDatasetFileOptions } from './read-dataset-file';
export { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, idxDeclaredSize, parseIdxImages, parseIdxLabels } from './idx-format';
export type { IdxImageExpectation, IdxImages } from './idx-format';
export { parseIdxDataset, readIdxDataset } from './idx-dataset';
export type { IdxDatasetFiles } from './idx-dataset';
export { CIFAR10_RECORD_BYTES, CIFAR10_SIZE, parseCifar10Batch } from './cifar10-batch';
export type { Cifar10Records } from './cifar10-batch';
export { cifar10ClassNames, loadCifar10 } from './cifar10';
export type { LoadCifar10Options } from './cifar10';
export {
  DEBIAN_FASHION_MNIST_DIRECTORY,
  fashionMnistClassNames,
  fashionMnistDirectories,
  fashionMnistStatistics,
  loadFashionMnist,
} from './fashion-mnist';
export type { LoadFashionMnistOptions } from './fashion-mnist';
export { loadMnist, mnistClassNames } from './mnist';
export type { LoadMnistOptions } from './mnist';
export { EMBEDDED_FASHION_MNIST_COUNTS } from './embedded-fashion-mnist-counts';
export { embeddedFashionMnistFiles, loadEmbeddedFashionMnist } from './embedded-fashion-mnist';
export { deriveSeed, mulberry32 } from '@fbnas/core';
export { shuffledIndices } from './shuffled-indices';
export { selectExamples } from './select-examples';
export { stratifiedSample } from './stratified-sample';
export { splitDataset, subsetDataset } from './split-dataset';
export type { SplitOptions } from './split-dataset';
export { channelStatistics } from './channel-statistics';
export type { ChannelStatistics } from './channel-statistics';
export { resolveNormalization } from './normalization';
export type { ChannelAffine, Normalization } from './normalization';
export { cropAndFlip, cropPadding, sampleAugmentation } from './augmentation';
export type { AugmentationParameters, AugmentOptions, ImageShape } from './augmentation';
export { batches, countBatches, epochOrder } from './batches';
export type { Batch, BatchOptions } from './batches';
export { subsampleDataset } from './subsample-dataset';
export { multitaskCanvas } from './multitask-canvas';
export type { MultitaskCanvasOptions, MultitaskDataset } from './multitask-canvas';
export { loadMultitaskDataset, MULTITASK_FORMAT, multitaskDatasetSha256, saveMultitaskDataset } from './multitask-file';
export { cachedMultitaskCanvas } from './multitask-cache';
