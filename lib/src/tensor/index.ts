/** Tensors and their ops (free functions; the same ops are chainable methods of Tensor). */
export { Tensor, type NestedArray, type TensorLike, type GradNode } from "./tensor";
export * from "./create";
export * from "./elementwise";
export * from "./reduce";
export * from "./shape";
export * from "./matmul";
export { formatTensor, type FormatOptions } from "./format";
export { broadcastShapes } from "./broadcast";
export { asTensor, checkTensor, formatShape } from "./validate";
