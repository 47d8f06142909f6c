/**
 * Tensors, their ops (free functions; the same ops are chainable methods of
 * Tensor), and the recording that makes them differentiable: every op is a
 * primitive defined with `defineOp` (op.ts), and `backward` walks the recorded
 * graph in reverse (backward.ts).
 */
export { Tensor, type NestedArray, type TensorLike, type GradNode } from "./tensor";
export * from "./create";
export * from "./elementwise";
export * from "./reduce";
export * from "./shape";
export * from "./matmul";
export { formatTensor, type FormatOptions } from "./format";
export { broadcastShapes } from "./broadcast";
export { asTensor, checkTensor, formatShape } from "./validate";
export { isGradEnabled, noGrad, enableGrad } from "./mode";
export { defineOp, type Op, type OpContext, type OpDefinition, OpNode } from "./op";
export { backward, type BackwardOptions } from "./backward";
export { topologicalOrder } from "./graph";
export { checkOptions, lookup } from "./options";
