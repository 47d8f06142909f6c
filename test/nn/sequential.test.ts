import { describe, expect, it } from "vitest";
import {
  BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, Sequential, SGD, checkGrad, fit, predict, predictProbabilities, randn, tensor,
  type Tensor,
} from "../../lib/src/index";

/** The CNN of the lectures (conv 10 3x3 relu 'valid', 2x2 max-pool, dense 50 relu, dense 10 softmax) on 8x8 images. */
function lectureCnn(seed = 1): Sequential {
  return new Sequential([
    new Conv2D(10, 3, { activation: "relu" }),
    new MaxPool2D(2),
    new Flatten(),
    new Dense(50, { activation: "relu" }),
    new Dense(10, { activation: "softmax" }),
  ], { inputShape: [1, 8, 8], seed });
}

describe("Sequential", () => {
  it("summary: output shapes and parameter counts of the lecture's CNN and MLP (hand-computed)", () => {
    const cnn = lectureCnn();
    const rows = cnn.layerSummaries();
    expect(rows.map((r) => r.outputShape)).toEqual([[10, 6, 6], [10, 3, 3], [90], [50], [10]]);
    // conv: 10 filters * (1*3*3) weights + 10 biases; dense: 90*50 + 50; output: 50*10 + 10
    expect(rows.map((r) => r.parameters)).toEqual([100, 0, 0, 4550, 510]);
    expect(cnn.parameterCount()).toBe(5160);
    const text = cnn.summary();
    expect(text).toContain("total parameters: 5160");
    expect(text).toContain("[10,6,6]");
    const mlp = new Sequential([new Dense(50, { activation: "sigmoid" }), new Dense(10, { activation: "softmax" })], { inputShape: [64] });
    expect(mlp.parameterCount()).toBe(64 * 50 + 50 + 50 * 10 + 10); // 3760
    // 'same' padding keeps 8x8: 10*8*8 -> pool 10*4*4 = 160 inputs to the dense layer
    const same = new Sequential([new Conv2D(10, 3, { padding: "same" }), new MaxPool2D(2), new Flatten(), new Dense(50)], { inputShape: [1, 8, 8] });
    expect(same.layerSummaries().map((r) => r.parameters)).toEqual([100, 0, 0, 160 * 50 + 50]);
  });

  it("forward composes the layers; forwardLogits stops before the final softmax; the whole model passes checkGrad", () => {
    const model = new Sequential([new Dense(4, { activation: "tanh" }), new Dense(3, { activation: "softmax" })], { inputShape: [2], seed: 3 });
    const x = randn([5, 2], 1);
    const [d1, d2] = model.layers as [Dense, Dense];
    const hidden = x.matmul(d1.weights!).add(d1.bias!).tanh();
    const logits = hidden.matmul(d2.weights!).add(d2.bias!);
    const out = model.forward(x);
    const z = model.forwardLogits(x);
    for (let i = 0; i < z.size; i++) expect(z.data[i]).toBeCloseTo(logits.data[i], 14);
    const soft = logits.softmax();
    for (let i = 0; i < out.size; i++) expect(out.data[i]).toBeCloseTo(soft.data[i], 14);
    const f = (xx: Tensor, w1: Tensor, w2: Tensor): Tensor => {
      d1.weights = w1;
      d2.weights = w2;
      return model.forward(xx);
    };
    expect(checkGrad(f, [x, d1.weights!, d2.weights!]).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("paramGroups put the L2 penalty on weights only", () => {
    const model = new Sequential([new Dense(3), new BatchNorm(), new Dense(2)], { inputShape: [4] });
    const [weights, others] = model.paramGroups({ l2: 0.01 });
    expect(weights.l2).toBe(0.01);
    expect(weights.params).toEqual([(model.layers[0] as Dense).weights, (model.layers[2] as Dense).weights]);
    expect(others.l2).toBe(0);
    expect(others.params.length).toBe(4); // 2 biases, gamma, beta
    new SGD(model.paramGroups({ l2: 0.01 }), { learningRate: 0.1 }); // accepted by the optimizers
  });

  it("save/load: toJSON -> JSON text -> fromJSON gives the same weights and identical predictions", () => {
    const model = new Sequential([
      new Conv2D(3, 3, { padding: "same", activation: "relu" }), new BatchNorm(), new MaxPool2D(2), new Flatten(),
      new Dropout(0.2), new Dense(8, { activation: "elu" }), new Dense(4, { activation: "softmax" }),
    ], { inputShape: [2, 6, 6], seed: 5 });
    const x = randn([12, 2, 6, 6], 2);
    fit(model, { x, y: Int32Array.from({ length: 12 }, (_, i) => i % 4) }, { epochs: 3, batchSize: 4, learningRate: 0.05, seed: 1 });
    const text = JSON.stringify(model.toJSON());
    const copy = Sequential.fromJSON(text);
    expect(copy.summary()).toBe(model.summary());
    const p1 = predictProbabilities(model, x);
    const p2 = predictProbabilities(copy, x);
    expect(Array.from(p2.data)).toEqual(Array.from(p1.data)); // bit for bit
    expect(Array.from(predict(copy, x))).toEqual(Array.from(predict(model, x)));
    const bn = copy.layers[1] as BatchNorm;
    expect(Array.from(bn.runningMean!.data)).toEqual(Array.from((model.layers[1] as BatchNorm).runningMean!.data));
    expect(() => Sequential.fromJSON({ format: "other" } as never)).toThrow(/Sequential.fromJSON: not a saved Sequential model/);
    const broken = JSON.parse(text);
    broken.layers[0].type = "Conv3D";
    expect(() => Sequential.fromJSON(broken)).toThrow(/Sequential.fromJSON: layers\[0\]: type must be one of "Dense".*got "Conv3D"/);
  });

  it("learns XOR with a 2-2-1 sigmoid network (seed 0, SGD eta 1, full batch, 3000 epochs): 100% accuracy", () => {
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = Int32Array.from([0, 1, 1, 0]);
    const model = new Sequential([
      new Dense(2, { activation: "sigmoid", init: "lecture" }),
      new Dense(1, { activation: "sigmoid", init: "lecture" }),
    ], { inputShape: [2], seed: 0 });
    const history = fit(model, { x, y }, { loss: "binaryCrossEntropy", optimizer: "sgd", learningRate: 1, epochs: 3000, batchSize: 4, seed: 0 });
    expect(Array.from(predict(model, x))).toEqual([0, 1, 1, 0]);
    expect(history.epochs[history.epochs.length - 1].accuracy).toBe(1);
    const p = predictProbabilities(model, x);
    expect(p.data[0]).toBeLessThan(0.1);
    expect(p.data[1]).toBeGreaterThan(0.9);
  });

  it("names the problem on bad input", () => {
    expect(() => new Sequential([{} as never])).toThrow(/Sequential: layers\[0\] is not a layer/);
    expect(() => new Sequential([new Dense(3)], { inputShape: [2, 2] })).toThrow(/Sequential.build: layer 0 \(Dense\) cannot take inputs of shape \[2,2\]/);
    const model = new Sequential([new Dense(3)], { inputShape: [4] });
    expect(() => model.forward(randn([2, 5], 1))).toThrow(/Sequential.forward: x has 5 features per sample but the model expects 4/);
  });
});
