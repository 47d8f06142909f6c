/** Autodiff: reverse mode (backward, grad, valueAndGrad, vjp), forward mode (jvp), gradient checking, primitives. */
export { isGradEnabled, noGrad, enableGrad } from "./mode";
export { defineOp, type Op, type OpContext, type OpDefinition, OpNode } from "./op";
export { backward, gradients, zeroGrad, type BackwardOptions, type GradientsOptions } from "./backward";
export { grad, valueAndGrad, vjp, type GradOptions, type ValueAndGrad, type VjpResult } from "./grad";
export { jvp, hessianVectorProduct, type JvpResult } from "./jvp";
export { checkGrad, type CheckGradOptions, type CheckGradResult, type CheckGradWorst } from "./check-grad";
export { topologicalOrder } from "./graph";
