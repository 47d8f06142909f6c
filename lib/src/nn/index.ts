// nn: activation functions and cost functions on typed arrays (layers to follow).
export { activations, getActivation, sigmoidScalar } from "./activations";
export type { Activation, ActivationCallOptions, ActivationName } from "./activations";
export {
  costs, getCost, quadraticCost, binaryCrossEntropyCost, softmaxCrossEntropyCost, softmaxCrossEntropyFromLogits,
} from "./costs";
export type { Cost, CostName, CostOptions, CostReduction, QuadraticCostOptions } from "./costs";
// nn: differentiable image ops, layers, Sequential, initialisers and tensor losses.
export { conv2d, conv2dBackpropInput, conv2dBackpropFilter, sumChannels } from "./ops/conv2d";
export type { Conv2dOptions, Conv2dBackpropOptions } from "./ops/conv2d";
export { maxPool2d, avgPool2d, avgPool2dBackprop, gatherFlat, scatterAddFlat } from "./ops/pool2d";
export type { Pool2dOptions } from "./ops/pool2d";
export type { Padding, Size2 } from "./ops/geometry";
export { softmaxCrossEntropy } from "./ops/softmaxCrossEntropy";
export type { SoftmaxCrossEntropyOptions, LossReduction } from "./ops/softmaxCrossEntropy";
export { layerActivations, LEAKY_RELU_ALPHA } from "./activationFunctions";
export type { LayerActivationName } from "./activationFunctions";
export { initializers, getInitializer } from "./init";
export type { Initializer, InitializerName } from "./init";
export { Layer } from "./module";
export type { Module, NamedParameter, ParameterKind, LayerJSON, TensorJSON } from "./module";
export { Dense } from "./dense";
export type { DenseOptions } from "./dense";
export { Conv2D } from "./conv2d";
export type { Conv2DOptions } from "./conv2d";
export { MaxPool2D, AvgPool2D } from "./pool";
export type { PoolLayerOptions } from "./pool";
export { Flatten } from "./flatten";
export { Dropout } from "./dropout";
export type { DropoutOptions } from "./dropout";
export { BatchNorm } from "./batchNorm";
export type { BatchNormOptions } from "./batchNorm";
export { ActivationLayer } from "./activationLayer";
export { Sequential } from "./sequential";
export type { SequentialOptions, SequentialJSON, LayerSummary, ParamGroupOptions } from "./sequential";
export { layerFromJSON } from "./serialize";
export { mseLoss, quadraticLoss, binaryCrossEntropyLoss, softmaxCrossEntropyLoss, getLoss } from "./losses";
export type { Loss, LossName, LossOptions, BinaryCrossEntropyOptions } from "./losses";
