import { describe, expect, it } from "vitest";
import {
  Tensor, checkGrad, cos, gradients, grad, hessianVectorProduct, matmul, mul, randn, sigmoid, sin, sum, tanh, tensor,
  valueAndGrad, vjp,
} from "../../lib/src/index";
