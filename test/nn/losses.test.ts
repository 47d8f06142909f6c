import { describe, expect, it } from "vitest";
import {
  Tensor, binaryCrossEntropyLoss, checkGrad, getLoss, grad, mseLoss, quadraticLoss, randn, softmaxCrossEntropyLoss, tensor,
} from "../../lib/src/index";

const a = tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]);
const y = tensor([[0, 1, 0], [1, 0, 0]]);

function close(t: Tensor, expected: number[], digits = 13): void {
  expect(t.size).toBe(expected.length);
  expected.forEach((v, i) => expect(t.data[i]).toBeCloseTo(v, digits));
}

describe("losses", () => {
  it("mse is the mean of (a - y)^2 over all values", () => {
    const d = [0.2, -0.3, 0.1, -0.4, 0.3, 0.1];
    const loss = mseLoss();
    expect(loss.value(a, y).item()).toBeCloseTo(d.reduce((s, v) => s + v * v, 0) / 6, 14);
    expect(mseLoss({ reduction: "sum" }).value(a, y).item()).toBeCloseTo(d.reduce((s, v) => s + v * v, 0), 14);
  });

  it("quadratic is 1/2 sum (a - y)^2 (the lectures' cost); the mean form divides by n", () => {
    const d = [0.2, -0.3, 0.1, -0.4, 0.3, 0.1];
    const half = 0.5 * d.reduce((s, v) => s + v * v, 0);
    expect(quadraticLoss().value(a, y).item()).toBeCloseTo(half, 14);
    expect(quadraticLoss({ reduction: "mean" }).value(a, y).item()).toBeCloseTo(half / 2, 14);
  });

  it("softmax cross-entropy from logits: -1/n sum y ln softmax(z); its gradient is (softmax(z) - y)/n", () => {
    const z = tensor([[1, 2, 0.5], [-1, 0, 3]]);
    const loss = softmaxCrossEntropyLoss();
    let ref = 0;
    const soft: number[] = [];
    for (let i = 0; i < 2; i++) {
      const row = [0, 1, 2].map((j) => Math.exp(z.data[i * 3 + j]));
      const s = row[0] + row[1] + row[2];
      for (let j = 0; j < 3; j++) {
        soft.push(row[j] / s);
        ref -= y.data[i * 3 + j] * Math.log(row[j] / s);
      }
    }
    expect(loss.value(z, y).item()).toBeCloseTo(ref / 2, 14);
    close(grad((o) => loss.value(o, y))(z)[0], soft.map((p, k) => (p - y.data[k]) / 2));
    expect(getLoss("softmaxCrossEntropy").name).toBe("softmaxCrossEntropy");
  });

  it("binary cross-entropy from logits agrees with the formula; its gradient is (sigmoid(z) - y)/(nC)", () => {
    const z = tensor([[2], [-1], [0.5], [-3]]);
    const t = tensor([[1], [0], [0], [1]]);
    const p = Array.from(z.data, (v) => 1 / (1 + Math.exp(-v)));
    const ref = -p.reduce((s, pi, i) => s + t.data[i] * Math.log(pi) + (1 - t.data[i]) * Math.log(1 - pi), 0) / 4;
    expect(binaryCrossEntropyLoss().value(z, t).item()).toBeCloseTo(ref, 14);
    close(grad((o) => binaryCrossEntropyLoss().value(o, t))(z)[0], p.map((pi, i) => (pi - t.data[i]) / 4));
    // stable for huge logits: softplus form, no log(0)
    expect(binaryCrossEntropyLoss().value(tensor([[800], [-800]]), tensor([[0], [1]])).item()).toBeCloseTo(800, 9);
  });

  it("every loss passes checkGrad", () => {
    const z = randn([4, 3], 3);
    const targets = tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    const cases = [
      { loss: mseLoss(), out: z }, { loss: mseLoss({ reduction: "sum" }), out: z }, { loss: quadraticLoss(), out: z },
      { loss: quadraticLoss({ reduction: "mean" }), out: z }, { loss: softmaxCrossEntropyLoss(), out: z },
      { loss: softmaxCrossEntropyLoss({ reduction: "sum" }), out: z }, { loss: binaryCrossEntropyLoss(), out: z },
    ];
    for (const { loss, out } of cases) {
      expect(checkGrad((o) => loss.value(o, targets), [out]).maxRelativeError, loss.name).toBeLessThanOrEqual(1e-6);
    }
  });

  it("names the problem on bad input", () => {
    expect(() => mseLoss().value(randn([2, 3], 1), randn([3, 2], 1))).toThrow(/mse.value: targets have shape \[3,2\] but output has shape \[2,3\]/);
    expect(() => getLoss("hinge" as never)).toThrow(/getLoss: loss must be one of "mse", "quadratic", "binaryCrossEntropy", "softmaxCrossEntropy".*got "hinge"/);
    expect(() => mseLoss({ reduction: "max" as never })).toThrow(/mseLoss: reduction must be "mean" or "sum"/);
  });
});
