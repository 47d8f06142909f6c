// nn: activation functions and cost functions on typed arrays (layers to follow).
export { activations, getActivation, sigmoidScalar } from "./activations";
export type { Activation, ActivationCallOptions, ActivationName } from "./activations";
export {
  costs, getCost, quadraticCost, binaryCrossEntropyCost, softmaxCrossEntropyCost, softmaxCrossEntropyFromLogits,
} from "./costs";
export type { Cost, CostName, CostOptions, CostReduction, QuadraticCostOptions } from "./costs";
