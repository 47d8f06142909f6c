// models: the lectures' hand-written networks (explicit backpropagation equations).
export { NeuralNetwork } from "./neuralNetwork";
export type {
  NeuralNetworkOptions, NeuralNetworkTrainOptions, NeuralNetworkEpochInfo, NeuralNetworkHistory,
  NeuralNetworkGradients, NeuralNetworkForward, NeuralNetworkJSON, SamplingMode,
} from "./neuralNetwork";
export type { MatrixInput } from "./validate";
export { Network } from "./network";
export type {
  NetworkOptions, NetworkData, NetworkEpochInfo, NetworkSGDOptions, NetworkHistory, NetworkGradients, NetworkJSON,
} from "./network";
