// Data sets (loaders for the committed files in data/) and data utilities.
export type { Dataset } from "./dataset";
export { loadDigits } from "./loadDigits";
export { loadBreastCancer, selectFeatures, BREAST_CANCER_LECTURE_FEATURES } from "./loadBreastCancer";
export { loadMnist, type LoadMnistOptions, type MnistSet } from "./loadMnist";
export { trainTestSplit, type TrainTestSplitOptions, type TrainTestSplitResult } from "./trainTestSplit";
export { oneHot } from "./oneHot";
export { StandardScaler } from "./standardScaler";
export { featuresToImages, type FeaturesToImagesOptions } from "./featuresToImages";
