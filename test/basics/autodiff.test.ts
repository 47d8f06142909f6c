// The notebooks' "three ways" checks, third way: the hand-written derivatives
// of the basics networks against nnlab's reverse-mode autodiff of the same
// forward pass written with tensor ops.
import { describe, expect, it } from "vitest";
import { valueAndGrad } from "../../lib/src/autodiff";
import { add, matmul, mean, mul, scalar, sigmoid, square, sub, tensor, type Tensor } from "../../lib/src/tensor";
import {
  gradientDescentLoop,
  initNet221,
  net221FromVector,
  net221Gradient,
  net221ToVector,
  oneHiddenNodeGradient,
  sampleLectureQuadratic,
  trainNet221,
  type Net221Params,
} from "../../lib/src/basics";

describe("basics vs nnlab autodiff", () => {
  it("one hidden node: the four chain-rule derivatives equal autodiff's on several points", () => {
    const x = [0, 1.5, 4];
    const y = [1, 4, 9];
    const params = { w1: -0.27, b1: 1.04, w2: 0.99, b2: 0.15 };
    const xt = tensor(x);
    const yt = tensor(y);
    const cost = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) =>
      mul(mean(square(sub(add(mul(w2, sigmoid(add(mul(w1, xt), b1))), b2), yt))), 0.5);
    const r = valueAndGrad(cost)(scalar(params.w1), scalar(params.b1), scalar(params.w2), scalar(params.b2));
    const g = oneHiddenNodeGradient(params, x, y);
    expect(Math.abs(r.value.data[0] - g.cost)).toBeLessThan(1e-12);
    const hand = [g.dCdw1, g.dCdb1, g.dCdw2, g.dCdb2];
    r.grads.forEach((t, i) => expect(Math.abs(t.data[0] - hand[i])).toBeLessThan(1e-12));
  });

  const { X, y } = sampleLectureQuadratic({ n: 100, rng: 1 });
  const Xt = tensor(X);
  const yt = tensor(y);
  const cost = (W1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => {
    const A1 = sigmoid(add(matmul(Xt, W1, { transB: true }), b1)); // [100, 2]
    return mul(mean(square(sub(add(matmul(A1, w2), b2), yt))), 0.5);
  };
  const autodiff = (p: Net221Params) => valueAndGrad(cost)(tensor(p.W1), tensor(p.b1), tensor(p.w2), scalar(p.b2));

  it("2-2-1 network: the nine backprop derivatives equal autodiff's to 1e-12", () => {
    const p = initNet221(1);
    const g = net221Gradient(p, X, y);
    const r = autodiff(p);
    expect(Math.abs(r.value.data[0] - g.cost)).toBeLessThan(1e-12);
    const [dW1, db1, dw2, db2] = r.grads;
    expect(dW1.shape).toEqual([2, 2]);
    [g.dCdW1[0][0], g.dCdW1[0][1], g.dCdW1[1][0], g.dCdW1[1][1]].forEach((v, i) => expect(Math.abs(dW1.data[i] - v)).toBeLessThan(1e-12));
    g.dCdb1.forEach((v, i) => expect(Math.abs(db1.data[i] - v)).toBeLessThan(1e-12));
    g.dCdw2.forEach((v, i) => expect(Math.abs(dw2.data[i] - v)).toBeLessThan(1e-12));
    expect(Math.abs(db2.data[0] - g.dCdb2)).toBeLessThan(1e-12);
  });

  it("2-2-1 network: training with autodiff gradients follows the hand-written run", () => {
    const start = initNet221(1);
    const auto = gradientDescentLoop({
      theta0: net221ToVector(start),
      learningRate: 0.5,
      iterations: 300,
      costAndGradient: (theta) => {
        const r = autodiff(net221FromVector(theta));
        const [dW1, db1, dw2, db2] = r.grads;
        return { cost: r.value.data[0], gradient: [...dW1.data, ...dw2.data, ...db1.data, db2.data[0]] };
      },
    });
    const hand = trainNet221({ X, y, params0: start, learningRate: 0.5, iterations: 300 });
    const handTheta = net221ToVector(hand.params);
    auto.theta.forEach((v, i) => expect(Math.abs(v - handTheta[i])).toBeLessThan(1e-10));
    expect(auto.cost.at(-1)).toBeCloseTo(hand.cost.at(-1)!, 12);
  });
});
