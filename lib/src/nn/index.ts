// nn: differentiable image ops, layers, Sequential, initialisers and tensor losses.
export { conv2d, conv2dBackpropInput, conv2dBackpropFilter, sumChannels, type Conv2dOptions, type Conv2dBackpropOptions } from "./ops/conv2d";
export { maxPool2d, avgPool2d, avgPool2dBackprop, gatherFlat, scatterAddFlat, type Pool2dOptions } from "./ops/pool2d";
export type { Padding, Size2 } from "./ops/geometry";
export { softmaxCrossEntropy, type SoftmaxCrossEntropyOptions, type LossReduction } from "./ops/softmaxCrossEntropy";
export { layerActivations, LEAKY_RELU_ALPHA, type LayerActivationName, ActivationLayer } from "./activationFunctions";
export { initializers, getInitializer, type Initializer, type InitializerName } from "./init";
export { Layer, type Module, type NamedParameter, type ParameterKind, type LayerJSON, type TensorJSON } from "./module";
export { Dense, type DenseOptions } from "./dense";
export { Conv2D, type Conv2DOptions } from "./conv2d";
export { MaxPool2D, AvgPool2D, Flatten, Dropout, type PoolLayerOptions, type DropoutOptions } from "./layers";
export { BatchNorm, type BatchNormOptions } from "./batchNorm";
export { Sequential, type SequentialOptions, type SequentialJSON, type LayerSummary, type ParamGroupOptions } from "./sequential";
export { layerFromJSON } from "./serialize";
export { mseLoss, quadraticLoss, binaryCrossEntropyLoss, softmaxCrossEntropyLoss, getLoss, type Loss, type LossName, type LossOptions } from "./losses";
