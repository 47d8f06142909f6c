// Unit tests of the code notebook 08 exports (Nielsen's Network and his two costs),
// against the engine's autodiff and central finite differences.
import { describe, expect, it } from "vitest";
import { gradients, oneHot, randn, sigmoid, Tensor, tensor } from "nnlab";
import { CrossEntropyCost, Network, QuadraticCost, type Cost } from "../../lectures/src";

/** The network's summed cost on (x, y) as a plain number. */
function costOf(net: Network, x: Tensor, y: Tensor): number {
  return net.cost.fn(net.feedforward(x), y).item();
}

/** A small network and a minibatch of random examples. */
function setup(sizes: number[], cost: Cost, m = 6, seed = 5) {
  const net = new Network(sizes, { cost, seed });
  const x = randn([m, sizes[0]], seed + 1);
  const labels = Int32Array.from({ length: m }, (_, i) => (i * 7 + seed) % sizes[sizes.length - 1]);
  return { net, x, y: oneHot(labels, sizes[sizes.length - 1]) };
}

const costs: [string, Cost][] = [["quadratic", QuadraticCost], ["cross-entropy", CrossEntropyCost]];

describe.each(costs)("Network.backprop with the %s cost", (_name, cost) => {
  for (const sizes of [[4, 3, 2], [3, 5, 4, 3]]) {
    it(`agrees with autodiff on ${sizes.join("-")}`, () => {
      const { net, x, y } = setup(sizes, cost);
      const { nablaB, nablaW } = net.backprop(x, y);
      const params = [...net.weights, ...net.biases];
      params.forEach((p) => p.requireGrad());
      const auto = gradients(net.cost.fn(net.feedforward(x), y), params);
      params.forEach((p) => p.requireGrad(false));
      const mine = [...nablaW, ...nablaB];
      mine.forEach((g, k) => {
        expect(g.shape).toEqual(params[k].shape);
        g.data.forEach((v, i) => expect(Math.abs(v - auto[k].data[i])).toBeLessThan(1e-12));
      });
    });

    it(`agrees with central finite differences on ${sizes.join("-")}`, () => {
      const { net, x, y } = setup(sizes, cost);
      const { nablaB, nablaW } = net.backprop(x, y);
      const h = 1e-6;
      const all: [Tensor, Tensor][] = [...net.weights.map((w, l) => [w, nablaW[l]] as [Tensor, Tensor]), ...net.biases.map((b, l) => [b, nablaB[l]] as [Tensor, Tensor])];
      let checked = 0;
      for (const [param, grad] of all) {
        for (let i = 0; i < param.size; i++) {
          const v = param.data[i];
          param.data[i] = v + h;
          const up = costOf(net, x, y);
          param.data[i] = v - h;
          const down = costOf(net, x, y);
          param.data[i] = v;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(numeric - grad.data[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
          checked++;
        }
      }
      expect(checked).toBe(all.reduce((s, [p]) => s + p.size, 0));
    });
  }
});

describe.each(costs)("%s cost: delta is the derivative of fn with respect to z", (_name, cost) => {
  const z = tensor([[-3, -0.5, 0, 0.7, 2.5], [1.5, -1, 4, -2, 0.2]]);
  const y = tensor([[0, 1, 0, 1, 1], [1, 0, 0, 1, 0]]);
  const delta = cost.delta(z, sigmoid(z), y);

  it("by autodiff", () => {
    const zt = z.clone().requireGrad();
    const auto = gradients(cost.fn(sigmoid(zt), y), [zt])[0];
    delta.data.forEach((v, i) => expect(Math.abs(v - auto.data[i])).toBeLessThan(1e-12));
  });

  it("by central finite differences", () => {
    const h = 1e-6;
    for (let i = 0; i < z.size; i++) {
      const shifted = (d: number) => {
        const zz = z.clone();
        zz.data[i] += d;
        return cost.fn(sigmoid(zz), y).item();
      };
      const numeric = (shifted(h) - shifted(-h)) / (2 * h);
      expect(Math.abs(numeric - delta.data[i])).toBeLessThan(1e-8);
    }
  });

  it("has the closed form of Nielsen's network2.py", () => {
    for (let i = 0; i < z.size; i++) {
      const a = 1 / (1 + Math.exp(-z.data[i]));
      const expected = cost === QuadraticCost ? (a - y.data[i]) * a * (1 - a) : a - y.data[i];
      expect(delta.data[i]).toBeCloseTo(expected, 14);
    }
    const a = sigmoid(z);
    let quadratic = 0;
    let crossEntropy = 0;
    a.data.forEach((v, i) => {
      quadratic += 0.5 * (v - y.data[i]) ** 2;
      crossEntropy -= y.data[i] * Math.log(v) + (1 - y.data[i]) * Math.log(1 - v);
    });
    expect(cost.fn(a, y).item()).toBeCloseTo(cost === QuadraticCost ? quadratic : crossEntropy, 12);
  });
});

describe("Network", () => {
  it("stores w^l as [n_l, n_(l-1)] and b^l as [n_l], N(0, 1) or N(0, 1/n_in)", () => {
    const large = new Network([784, 30, 10], { seed: 1 });
    const scaled = new Network([784, 30, 10], { seed: 1, weightInit: "scaled" });
    expect(large.weights.map((w) => w.shape)).toEqual([[30, 784], [10, 30]]);
    expect(large.biases.map((b) => b.shape)).toEqual([[30], [10]]);
    const std = (t: Tensor) => Math.sqrt(t.data.reduce((s, v) => s + v * v, 0) / t.size);
    expect(std(large.weights[0])).toBeGreaterThan(0.97);
    expect(std(large.weights[0])).toBeLessThan(1.03);
    expect(std(scaled.weights[0]) * Math.sqrt(784)).toBeGreaterThan(0.97);
    expect(std(scaled.weights[0]) * Math.sqrt(784)).toBeLessThan(1.03);
  });

  it("updateMiniBatch steps by -(eta/m) times the summed gradient", () => {
    const { net, x, y } = setup([4, 3, 2], QuadraticCost, 5);
    const before = [...net.weights, ...net.biases].map((t) => t.data.slice());
    const { nablaB, nablaW } = net.backprop(x, y);
    const grads = [...nablaW, ...nablaB].map((g) => g.data.slice());
    net.updateMiniBatch(x, y, 3.0);
    [...net.weights, ...net.biases].forEach((t, k) => {
      t.data.forEach((v, i) => expect(v).toBeCloseTo(before[k][i] - (3.0 / 5) * grads[k][i], 14));
    });
  });

  it("predict answers the output with the largest activation; evaluate counts the rows where that is the label", () => {
    const { net, x } = setup([4, 3, 3], CrossEntropyCost, 12);
    const a = net.feedforward(x);
    const best = Array.from({ length: 12 }, (_, i) => [0, 1, 2].reduce((j, k) => (a.data[i * 3 + k] > a.data[i * 3 + j] ? k : j), 0));
    expect(Array.from(net.predict(x))).toEqual(best);
    expect(new Set(best).size).toBeGreaterThan(1); // the rows do not all give the same answer
    const labels = Int32Array.from(best, (b, i) => (i % 3 === 0 ? (b + 1) % 3 : b)); // every third label wrong
    expect(net.evaluate({ inputs: x, labels })).toBe(8);
  });

  it("SGD is reproducible for a seed and lowers the cost on a small problem", () => {
    const { x } = setup([4, 3, 2], CrossEntropyCost, 40, 8);
    const labels = Int32Array.from({ length: 40 }, (_, i) => (x.data[i * 4] > 0 ? 1 : 0));
    const targets = oneHot(labels, 2);
    const run = () => {
      const net = new Network([4, 3, 2], { seed: 2 });
      const before = costOf(net, x, targets);
      const history = net.SGD({ inputs: x, targets }, 20, 5, 0.5, { evaluationData: { inputs: x, labels }, seed: 3 });
      return { net, before, after: costOf(net, x, targets), history };
    };
    const first = run();
    const second = run();
    expect(first.history.evaluationAccuracy).toEqual(second.history.evaluationAccuracy);
    expect(first.history.evaluationAccuracy.length).toBe(20);
    expect(first.history.epochSeconds.length).toBe(20);
    expect(Array.from(first.net.weights[0].data)).toEqual(Array.from(second.net.weights[0].data));
    expect(first.after).toBeLessThan(first.before / 2);
    const seen: [number, number | undefined][] = [];
    new Network([4, 3, 2], { seed: 2 }).SGD({ inputs: x, targets }, 3, 5, 0.5, {
      evaluationData: { inputs: x, labels }, seed: 3, onEpoch: (epoch, accuracy) => void seen.push([epoch, accuracy]),
    });
    expect(seen).toEqual(first.history.evaluationAccuracy.slice(0, 3).map((a, i) => [i + 1, a]));
  });
});
