/** Autodiff beyond `backward`: grad, valueAndGrad, vjp, forward mode (jvp), gradient checking. */
export { grad, valueAndGrad, vjp, type GradOptions, type ValueAndGrad, type VjpResult } from "./grad";
export { jvp, hessianVectorProduct, type JvpResult } from "./jvp";
export { checkGrad, type CheckGradOptions, type CheckGradResult, type CheckGradWorst } from "./check-grad";
