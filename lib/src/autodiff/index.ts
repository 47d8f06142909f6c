/** Autodiff beyond `backward`: grad, valueAndGrad, vjp, forward mode (jvp), gradient checking. */
export { gradients, grad, valueAndGrad, vjp, type GradientsOptions, type GradOptions, type ValueAndGrad, type VjpResult } from "./grad";
export { jvp, type JvpResult } from "./jvp";
export { checkGrad, type CheckGradOptions, type CheckGradResult, type CheckGradWorst } from "./check-grad";
