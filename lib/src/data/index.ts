// Data sets (loaders for the committed files in data/) and data utilities.
export type { Dataset } from "./dataset";
export { loadDigits } from "./loadDigits";
export { loadBreastCancer, BREAST_CANCER_LECTURE_FEATURES } from "./loadBreastCancer";
export { loadMnist } from "./loadMnist";
export type { LoadMnistOptions, MnistSet } from "./loadMnist";
export { trainTestSplit } from "./trainTestSplit";
export type { TrainTestSplitOptions, TrainTestSplitResult } from "./trainTestSplit";
export { oneHot } from "./oneHot";
export { StandardScaler } from "./standardScaler";
export { featuresToImages } from "./featuresToImages";
export type { FeaturesToImagesOptions } from "./featuresToImages";
export { selectFeatures } from "./selectFeatures";
