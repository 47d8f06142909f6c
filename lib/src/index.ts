/**
 * nnlab: the engine of the nnlab course. Areas (folders of lib/src, each with an index.ts): random, tensor,
 * autodiff, kernels (exported as the `kernels` namespace), data, plot, progress, nn, optim, train, ode.
 * The lectures' own code (the perceptron, NeuralNetwork, Nielsen's Network, ...) lives in the notebooks.
 */
import { matmulKernel } from "./kernels/matmul";
import { binaryKernel, expKernel, sigmoidKernel } from "./kernels/vector";
import { setBinaryKernel } from "./tensor/broadcast";
import { setUnaryKernels } from "./tensor/elementwise";
import { setMatmulKernel } from "./tensor/matmul";

export const version: string = require("../package.json").version;
// The fast kernels (WebAssembly SIMD) back `matmul`, `exp`, `sigmoid` and + - * / from here on (same bits as the loops they replace).
setMatmulKernel(matmulKernel);
setUnaryKernels({ exp: expKernel, sigmoid: sigmoidKernel });
setBinaryKernel(binaryKernel);
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
