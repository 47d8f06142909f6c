/**
 * nnlab: the engine of the nnlab neural-network course.
 *
 * Areas (each a folder of lib/src with its own index.ts):
 * random, tensor (Tensor and its ops), autodiff (backward, grad, jvp, checkGrad),
 * kernels (typed-array loops, exported as the `kernels` namespace), data (loaders,
 * splits, scalers), plot (Plotly figure builders, show), progress (progress bars),
 * nn (activations, costs, layers, Sequential), models (the lectures' NeuralNetwork
 * and Nielsen's Network), optim (optimizers), train (fit, metrics, grid search),
 * ode (neural-network ODE solvers), basics (the first lectures: perceptron, scalar networks).
 */
export const version: string = require("../package.json").version;
export * from "./random";
export * from "./tensor";
export * from "./autodiff";
export * as kernels from "./kernels";
export * from "./data";
export * from "./plot";
export * from "./progress";
export * from "./nn";
export * from "./models";
export * from "./optim";
export * from "./train";
export * from "./ode";
export * from "./basics";
