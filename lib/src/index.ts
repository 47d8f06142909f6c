/**
 * nnlab: the engine of the nnlab neural-network course.
 *
 * Areas (each a folder of lib/src with its own index.ts):
 * random, tensor (Tensor and its ops), autodiff (backward, grad, jvp, checkGrad),
 * kernels (typed-array loops, exported as the `kernels` namespace), data (loaders,
 * splits, scalers), plot (Plotly figure builders, show), progress (progress bars),
 * nn (activations, losses, layers, Sequential), optim (optimizers), train (fit,
 * metrics, grid search), ode (neural-network ODE solvers). The lectures' own code
 * (the perceptron, NeuralNetwork, Nielsen's Network, ...) lives in the notebooks.
 */
import { matmulKernel } from "./kernels/matmul";
import { setMatmulKernel } from "./tensor/matmul";

export const version: string = require("../package.json").version;
// The fast matrix-product kernel (WebAssembly SIMD) backs `matmul` from here on.
setMatmulKernel(matmulKernel);
export * from "./random";
export * from "./tensor";
export * from "./autodiff";
export * as kernels from "./kernels";
export * from "./data";
export * from "./plot";
export * from "./progress";
export * from "./nn";
export * from "./optim";
export * from "./train";
export * from "./ode";
