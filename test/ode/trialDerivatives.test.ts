import { describe, expect, it } from "vitest";
import {
  Random, Tensor, backward, boundaryValueTrial, checkGrad, initOdeNetwork, initialValueTrial, mul, networkSizes, noGrad, sum,
  trialDerivatives, trialDerivativesGeneric, type OdeActivation, type TrialDerivativeSpec,
} from "../../lib/src/index";
import { grid, plainFromFlat, plainNetwork } from "./helpers";

const xs = Float64Array.from(grid(0, 1, 7));
const x = new Tensor(xs, [xs.length]);

function specFor(hidden: number[], activation: OdeActivation, order: 0 | 1 | 2, form: "ivp" | "ivp2" | "bvp"): TrialDerivativeSpec {
  const trial = form === "ivp" ? initialValueTrial({ g: 10 }, 0)
    : form === "ivp2" ? initialValueTrial({ g: 1, dg: -0.5 }, 0.1)
      : boundaryValueTrial([0.3, -1.2], [0, 1]);
  const { offset, factor } = trial.coefficients!(xs, order);
  return { sizes: networkSizes(hidden), activation, order, offset, factor };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("trialDerivatives (fused) against its generic twin", () => {
  const cases: [number[], OdeActivation, 0 | 1 | 2, "ivp" | "ivp2" | "bvp"][] = [
    [[10], "sigmoid", 1, "ivp"], [[10], "sigmoid", 2, "bvp"], [[4, 3], "tanh", 2, "ivp2"], [[5], "sin", 2, "bvp"],
    [[3, 4, 2], "sigmoid", 2, "ivp"], [[6], "tanh", 0, "bvp"],
  ];
  for (const [hidden, activation, order, form] of cases) {
    it(`values and parameter gradients agree: hidden ${JSON.stringify(hidden)}, ${activation}, order ${order}, ${form}`, () => {
      const spec = specFor(hidden, activation, order, form);
      const params = initOdeNetwork({ hidden, seed: 3 });
      const fused = trialDerivatives(x, params, spec);
      const generic = trialDerivativesGeneric(x, params, spec);
      expect(fused.shape).toEqual([order + 1, xs.length]);
      expect(maxAbsDiff(fused.data, generic.data)).toBeLessThan(1e-11);
      // gradients of a random weighting of the outputs
      const rng = new Random(5);
      const weights = new Tensor(Float64Array.from({ length: fused.size }, () => rng.normal()), fused.shape);
      backward(sum(mul(fused, weights)));
      const fusedGrads = params.map((p) => Float64Array.from(p.grad!.data));
      params.forEach((p) => { p.grad = null; });
      backward(sum(mul(generic, weights)));
      params.forEach((p, i) => {
        const scale = Math.max(1, ...Array.from(p.grad!.data, Math.abs));
        expect(maxAbsDiff(fusedGrads[i], p.grad!.data) / scale).toBeLessThan(1e-11);
      });
    });
  }

  it("matches the closed-form derivatives of the lecture's 1-10-1 sigmoid network", () => {
    const spec = specFor([10], "sigmoid", 2, "bvp");
    const params = initOdeNetwork({ hidden: [10], seed: 11 });
    const out = noGrad(() => trialDerivatives(x, params, spec));
    const net = plainFromFlat(params.map((p) => p.data));
    for (let i = 0; i < xs.length; i++) {
      const t = xs[i];
      const [n0, n1, n2] = plainNetwork(net, t);
      // g = 0.3 (1 - x) - 1.2 x + x (1 - x) N
      const h1 = 0.3 * (1 - t) - 1.2 * t, dh1 = -1.5;
      const g = h1 + t * (1 - t) * n0;
      const dg = dh1 + (1 - 2 * t) * n0 + t * (1 - t) * n1;
      const d2g = -2 * n0 + 2 * (1 - 2 * t) * n1 + t * (1 - t) * n2;
      expect(out.get(0, i)).toBeCloseTo(g, 12);
      expect(out.get(1, i)).toBeCloseTo(dg, 12);
      expect(out.get(2, i)).toBeCloseTo(d2g, 11);
    }
  });

  it("passes checkGrad in the parameters: first order (vjp and jvp) and second order", () => {
    const spec = specFor([3, 2], "tanh", 2, "ivp2");
    const params = initOdeNetwork({ hidden: [3, 2], seed: 2 }).map((p) => p.detach());
    const f = (...ps: Tensor[]): Tensor => trialDerivatives(x, ps, spec);
    const first = checkGrad(f, params, { seed: 1 });
    expect(first.passed, first.summary).toBe(true);
    const second = checkGrad(f, params, { order: 2, seed: 2 });
    expect(second.passed, second.summary).toBe(true);
  });

  it("recomputes its forward sweep when the parameters changed between forward and backward", () => {
    const spec = specFor([10], "sigmoid", 1, "ivp");
    const params = initOdeNetwork({ hidden: [10], seed: 4 });
    const stale = trialDerivatives(x, params, spec);
    const other = initOdeNetwork({ hidden: [10], seed: 9 });
    noGrad(() => trialDerivatives(x, other, specFor([10], "sigmoid", 1, "ivp"))); // another spec: own workspace
    params[0].data[0] += 0.5; // change P after the forward sweep (the recorded values are stale, the rule reads P)
    params[0].data[0] -= 0.5; // and back: the rule must still see the right state
    trialDerivatives(x, initOdeNetwork({ hidden: [10], seed: 8 }), spec); // same spec, other parameters: overwrites the workspace
    backward(sum(stale));
    const got = params.map((p) => Float64Array.from(p.grad!.data));
    params.forEach((p) => { p.grad = null; });
    backward(sum(trialDerivativesGeneric(x, params, spec)));
    params.forEach((p, i) => expect(maxAbsDiff(got[i], p.grad!.data)).toBeLessThan(1e-11));
  });
});
