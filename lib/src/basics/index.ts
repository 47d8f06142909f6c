/**
 * basics: the small building blocks of the first lectures, on plain numbers
 * (no tensors): the single neuron and perceptron, the one-input linear neuron
 * with its explicit derivatives, the design-matrix neuron with L2/L1
 * penalties, the one-hidden-node scalar network, the nine-parameter 2-2-1
 * network, plain gradient descent and central finite differences.
 */
export { heaviside, logistic, logisticPrime } from "./scalarActivations";
export { neuronOutput, perceptron, sigmoidNeuron, type NeuronOptions } from "./neuron";
export { centralDifference, centralDifferenceGradient } from "./finiteDifference";
export { gradientDescentLoop, type CostWithGradient, type GradientDescentLoopOptions, type GradientDescentLoopResult } from "./gradientDescent";
export {
  linearNeuronGradient,
  fitLinearNeuron,
  learningRateSweep,
  linearNeuronStability,
  type LinearNeuronGradient,
  type FitLinearNeuronOptions,
  type LinearNeuronFit,
  type LearningRateSweepOptions,
  type LinearNeuronStability,
} from "./linearNeuron";
export {
  polynomialFeatures,
  designMatrixNeuronGradient,
  designMatrixMaxLearningRate,
  fitDesignMatrixNeuron,
  type NeuronPenalties,
  type DesignMatrixGradient,
  type FitDesignMatrixOptions,
  type DesignMatrixFit,
} from "./designMatrixNeuron";
export {
  oneHiddenNodeForward,
  oneHiddenNodeGradient,
  oneHiddenNodeCost,
  trainOneHiddenNode,
  type OneHiddenNodeParams,
  type ScalarOutputActivation,
  type OneHiddenNodeForward,
  type OneHiddenNodeGradient,
  type TrainOneHiddenNodeOptions,
  type OneHiddenNodeFit,
} from "./oneHiddenNode";
export {
  net221Forward,
  net221Predict,
  net221Gradient,
  net221Cost,
  net221ParameterNames,
  net221ToVector,
  net221FromVector,
  net221GradientVector,
  initNet221,
  trainNet221,
  lectureQuadratic,
  sampleLectureQuadratic,
  type Net221Params,
  type Net221Forward,
  type Net221Gradient,
  type TrainNet221Options,
  type Net221Fit,
  type SampleQuadraticOptions,
} from "./net221";
export { thinCurve } from "./thinCurve";
export { logicGate, type LogicGate, type LogicGateName } from "./gates";
export { trainPerceptron, type TrainPerceptronOptions, type PerceptronFit } from "./perceptronLearning";
export { scanPerceptrons, type ScanPerceptronsOptions, type PerceptronScan } from "./gatesSeparability";
export { countConvergedSeeds, type CountConvergedSeedsOptions, type SeedConvergence } from "./gatesConvergence";
export { convergenceGrid, type ConvergenceGridOptions, type ConvergenceGrid } from "./gatesConvergenceGrid";
export { lectureCnn, fitLectureCnn, type LectureCnnOptions, type FitLectureCnnOptions, type LectureCnnFit } from "./cnnLecture";
export * from "./deepNetworks";
