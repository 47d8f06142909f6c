// Bad input and misuse, one row per case: each row runs one misuse and asserts the
// message (the function, the argument, and what to do), not merely that it throws.
// The classes come from issue 13 (the ones that were silent, crashed or unclear)
// plus the classes that were already handled, so that they stay handled.
import { describe, expect, it } from "vitest";
import {
  Adam, BatchNorm, Dense, DivergenceWatch, SGD, Sequential, Tensor,
  add, argmax, argmin, backward, clipGradNorm, binaryCrossEntropyLoss, checkGrad, cosineDecay, evaluate, fit, getLoss,
  decayProblem, gradients, heatmap, matmul, solveOde, mseLoss, mul, noGrad, predict, predictProbabilities, randn, Random, slice,
  softmaxCrossEntropyLoss, sum, tensor, trainTestSplit, zeros,
} from "../../lib/src";
import type { SequentialJSON } from "../../lib/src/nn/sequential";

/** A small classifier [4] -> 3 relu -> 2 softmax, built and seeded. */
function classifier(seed = 1): Sequential {
  return new Sequential([new Dense(3, { activation: "relu" }), new Dense(2, { activation: "softmax" })], { inputShape: [4], seed });
}

/** The saved JSON of `classifier()` as a plain object, changed by `change`. */
function savedWith(change: (j: SequentialJSON & Record<string, unknown>) => void): SequentialJSON {
  const j = JSON.parse(JSON.stringify(classifier().toJSON()));
  change(j);
  return j;
}

const x4 = (n = 6): Tensor => randn([n, 4], new Random(3));
const labels = (n = 6): Int32Array => Int32Array.from({ length: n }, (_, i) => i % 2);

/** A classifier whose first weight is NaN (what a corrupt file loaded without checks gave). */
function poisoned(): Sequential {
  const m = classifier();
  (m.layers[0] as Dense).weights!.data[0] = NaN;
  return m;
}

interface Row {
  /** The class of misuse (issue 13's headings). */
  kind: string;
  /** The case. */
  name: string;
  run: () => unknown;
  /** The message: function, argument, problem, hint. */
  message: RegExp;
}

const rows: Row[] = [
  // ---- gradients and the recorded graph (silent wrong answers) ----
  {
    kind: "gradients", name: "gradients of an input without requiresGrad",
    run: () => { const x = tensor([1, 2]); const w = tensor([3, 4], { requiresGrad: true }); return gradients(sum(mul(x, w)), [x]); },
    message: /^gradients: inputs\[0\] \(shape \[2\]\) does not require grad, so nothing recorded how the output depends on it; call x\.requireGrad\(\) before computing the output/,
  },
  {
    kind: "gradients", name: "a tensor changed in place between the forward pass and backward (version counter)",
    run: () => {
      const c = tensor([1, 2]);
      const w = tensor([3, 4], { requiresGrad: true });
      const y = sum(mul(w, c));
      add(c, 1, c); // writes into c
      y.backward();
    },
    message: /^backward: input 1 \(shape \[2\]\) of "mul" was changed in place after the op used it.*compute the output again after the change, or change a clone\(\)/,
  },
  {
    kind: "gradients", name: "a number as backward's second argument",
    run: () => { const w = tensor([3, 4], { requiresGrad: true }); backward(sum(w), 2 as never); },
    message: /^backward: the second argument must be the output's cotangent \(a Tensor\) or \{ grad, createGraph \}, got number 2/,
  },
  {
    kind: "gradients", name: "backward options with an unknown key",
    run: () => { const w = tensor([3, 4], { requiresGrad: true }); backward(sum(w), { create_graph: true } as never); },
    message: /^backward: options has an unknown key "create_graph"; did you mean "createGraph"\?/,
  },
  {
    kind: "gradients", name: "noGrad of an async function",
    run: () => noGrad((async () => 1) as never),
    message: /^noGrad: fn is asynchronous; the grad mode would switch back at its first await/,
  },
  {
    kind: "checkGrad", name: "zero directions",
    run: () => checkGrad((x) => sum(x), [tensor([1, 2])], { directions: 0 }),
    message: /^checkGrad: directions must be an integer >= 1 \(a check along 0 directions checks nothing\), got 0/,
  },
  {
    kind: "checkGrad", name: "a negative tolerance",
    run: () => checkGrad((x) => sum(x), [tensor([1, 2])], { tolerance: -1 }),
    message: /^checkGrad: tolerance must be a positive finite number, got -1/,
  },
  {
    kind: "checkGrad", name: "an unknown option key",
    run: () => checkGrad((x) => sum(x), [tensor([1, 2])], { tol: 1e-6 } as never),
    message: /^checkGrad: options has an unknown key "tol"; did you mean "tolerance"\?/,
  },

  // ---- tensors (unclear messages) ----
  {
    kind: "tensor", name: "a BigInt array",
    run: () => tensor(BigInt64Array.of(1n, 2n) as never),
    message: /^tensor: .*BigInt64Array/,
  },
  {
    kind: "tensor", name: "a fractional index in get",
    run: () => zeros([3]).get(1.5),
    message: /^get: index 1\.5 for axis 0 must be an integer/,
  },
  {
    kind: "tensor", name: "a fractional begin in slice",
    run: () => slice(zeros([3]), [0.5], [1]),
    message: /^slice: begin\[0\] = 0\.5 must be an integer/,
  },
  {
    kind: "tensor", name: "a huge shape",
    run: () => zeros([1e6, 1e6]),
    message: /cannot be allocated here; check the shape/,
  },
  {
    kind: "tensor", name: "argmax of values holding NaN (its answer depended on where NaN sat)",
    run: () => argmax(tensor([1, NaN, 3])),
    message: /^argmax: x contains NaN at flat index 1; NaN has no order/,
  },
  {
    kind: "tensor", name: "argmin along an axis of values holding NaN",
    run: () => argmin(tensor([[NaN, 1], [2, 3]]), 1),
    message: /^argmin: x contains NaN at flat index 0/,
  },
  {
    kind: "options", name: "tensor: a snake_case option",
    run: () => tensor([1, 2], { requires_grad: true } as never),
    message: /^tensor: options has an unknown key "requires_grad"; did you mean "requiresGrad"\?/,
  },
  {
    kind: "options", name: "matmul: transposeA for transA",
    run: () => matmul(zeros([2, 2]), zeros([2, 2]), { trans_a: true } as never),
    message: /^matmul: options has an unknown key "trans_a"; did you mean "transA"\?/,
  },
  {
    kind: "options", name: "randn: stddev for std",
    run: () => randn([2], new Random(1), { stddev: 2 } as never),
    message: /^randn: options has an unknown key "stddev"; did you mean "std"\?/,
  },

  // ---- loading models (silent wrong answers, unclear messages) ----
  {
    kind: "fromJSON", name: 'a weight "abc"',
    run: () => Sequential.fromJSON(savedWith((j) => { (j.layers[0].weights!.weights.data as unknown[])[2] = "abc"; })),
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): "weights" data\[2\] is the string "abc", not a finite number \(the saved model is corrupt/,
  },
  {
    kind: "fromJSON", name: "a weight null (JSON's NaN)",
    run: () => Sequential.fromJSON(savedWith((j) => { (j.layers[1].weights!.bias.data as unknown[])[1] = null; })),
    message: /^Sequential\.fromJSON: layers\[1\] \(Dense\): "bias" data\[1\] is null, not a finite number/,
  },
  {
    kind: "fromJSON", name: 'a weight "1e3" (a string, not a number)',
    run: () => Sequential.fromJSON(savedWith((j) => { (j.layers[1].weights!.weights.data as unknown[])[0] = "1e3"; })),
    message: /^Sequential\.fromJSON: layers\[1\] \(Dense\): "weights" data\[0\] is the string "1e3", not a finite number/,
  },
  {
    kind: "fromJSON", name: "a weight 1e999 in the JSON text (Infinity)",
    run: () => {
      const text = JSON.stringify(classifier().toJSON()).replace(/"data":\[[^,\]]+/, '"data":[1e999');
      return Sequential.fromJSON(text);
    },
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): "weights" data\[0\] is Infinity, not a finite number/,
  },
  {
    kind: "fromJSON", name: "text that is not JSON (the raw SyntaxError)",
    run: () => Sequential.fromJSON('{"format": "nnlab-sequential", '),
    message: /^Sequential\.fromJSON: the text is not valid JSON \(.*\); pass the text of JSON\.stringify\(model\.toJSON\(\)\)/,
  },
  {
    kind: "fromJSON", name: "a short weight array names the layer",
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[1].weights!.bias.data.pop(); })),
    message: /^Sequential\.fromJSON: layers\[1\] \(Dense\): "bias" has 1 values but its shape \[2\] needs 2 \(truncated or corrupt file\?\)/,
  },
  {
    kind: "fromJSON", name: "a weight tensor of the wrong shape",
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[0].weights!.weights.shape = [3, 4]; })),
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): "weights" has shape \[3,4\] but the layer needs \[4,3\]/,
  },
  {
    kind: "fromJSON", name: "a misspelt weight name",
    run: () => Sequential.fromJSON(savedWith((j) => { const w = j.layers[0].weights!; w.weight = w.weights; delete (w as Record<string, unknown>).weights; })),
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): weights has an unknown key "weight"; did you mean "weights"\?/,
  },
  {
    kind: "fromJSON", name: 'layer type "toString" (prototype chain)',
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[0].type = "toString"; })),
    message: /^Sequential\.fromJSON: layers\[0\]: type must be one of "Dense", .*got "toString"/,
  },
  {
    kind: "fromJSON", name: 'layer type "constructor"',
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[1].type = "constructor"; })),
    message: /^Sequential\.fromJSON: layers\[1\]: type must be one of "Dense", .*got "constructor"/,
  },
  {
    kind: "fromJSON", name: 'layer type "__proto__"',
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[0].type = "__proto__"; })),
    message: /^Sequential\.fromJSON: layers\[0\]: type must be one of "Dense", .*got "__proto__"/,
  },
  {
    kind: "fromJSON", name: 'initialiser "constructor" in a layer config',
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[0].config.init = "constructor"; })),
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): config\.init must be one of "lecture", .*got "constructor"/,
  },
  {
    kind: "fromJSON", name: 'activation "toString" in a layer config',
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[1].config.activation = "toString"; })),
    message: /^Sequential\.fromJSON: layers\[1\] \(Dense\): Dense: activation must be one of "identity", .*got "toString"/,
  },
  {
    kind: "fromJSON", name: "a misspelt config key",
    run: () => Sequential.fromJSON(savedWith((j) => { j.layers[0].config.unit = 3; })),
    message: /^Sequential\.fromJSON: layers\[0\] \(Dense\): config has an unknown key "unit"; did you mean "units"\?/,
  },
  {
    kind: "fromJSON", name: "a misspelt top-level key",
    run: () => Sequential.fromJSON(savedWith((j) => { j.layer = j.layers; })),
    message: /^Sequential\.fromJSON: the saved model has an unknown key "layer"; did you mean "layers"\?/,
  },
  {
    kind: "fromJSON", name: "weights that cannot be loaded (inputShape null)",
    run: () => Sequential.fromJSON(savedWith((j) => { j.inputShape = null; })),
    message: /^Sequential\.fromJSON: layers\[0\]: has saved weights but inputShape is null/,
  },
  {
    kind: "fromJSON", name: "a BatchNorm with a negative running variance",
    run: () => {
      const m = new Sequential([new BatchNorm(), new Dense(2)], { inputShape: [3] });
      const j = JSON.parse(JSON.stringify(m.toJSON()));
      j.layers[0].state.runningVar.data[1] = -1;
      return Sequential.fromJSON(j);
    },
    message: /^Sequential\.fromJSON: layers\[0\] \(BatchNorm\): "runningVar" data\[1\] is -1, but a variance cannot be negative/,
  },
  {
    kind: "fromJSON", name: "not a saved model",
    run: () => Sequential.fromJSON([] as never),
    message: /^Sequential\.fromJSON: not a saved Sequential model \(format must be "nnlab-sequential"\)/,
  },

  // ---- lookups by name (prototype chain) ----
  {
    kind: "lookup", name: 'Dense init "__proto__"',
    run: () => new Dense(2, { init: "__proto__" as never }),
    message: /^Dense: init must be one of "lecture", .*got "__proto__"/,
  },
  {
    kind: "lookup", name: 'Dense activation "toString"',
    run: () => new Dense(2, { activation: "toString" as never }),
    message: /^Dense: activation must be one of "identity", .*got "toString"/,
  },
  {
    kind: "lookup", name: 'loss "constructor"',
    run: () => getLoss("constructor" as never),
    message: /^getLoss: loss must be one of "mse", "quadratic", "binaryCrossEntropy", "softmaxCrossEntropy", got "constructor"/,
  },

  // ---- predict / evaluate with NaN outputs (silent class 0) ----
  {
    kind: "predict", name: "predict on a model whose outputs are NaN",
    run: () => predict(poisoned(), x4()),
    message: /^predict: the model's outputs contain NaN at sample 0, so no class or loss can be read from them.*retrain with a smaller learning rate/,
  },
  {
    kind: "predict", name: "predictProbabilities on a model whose outputs are NaN",
    run: () => predictProbabilities(poisoned(), x4()),
    message: /^predictProbabilities: the model's outputs contain NaN at sample 0/,
  },
  {
    kind: "predict", name: "evaluate on a model whose outputs are NaN",
    run: () => evaluate(poisoned(), { x: x4(), y: labels() }),
    message: /^evaluate: the model's outputs contain NaN at sample 0/,
  },
  {
    kind: "predict", name: "input data holding NaN",
    run: () => { const x = x4(); x.data[5] = NaN; return predict(classifier(), x); },
    message: /^predict: x contains NaN at sample 1 \(flat index 5\); clean or impute the data first/,
  },

  // ---- options objects ----
  {
    kind: "options", name: "trainTestSplit testSize",
    run: () => trainTestSplit({ features: x4(), labels: labels(), testSize: 0.5 } as never),
    message: /^trainTestSplit: options has an unknown key "testSize"; did you mean "testFraction"\?/,
  },
  {
    kind: "options", name: "fit epoch",
    run: () => fit(classifier(), { x: x4(), y: labels() }, { epoch: 3 } as never),
    message: /^fit: options has an unknown key "epoch"; did you mean "epochs"\?/,
  },
  {
    kind: "options", name: "fit learning_rate",
    run: () => fit(classifier(), { x: x4(), y: labels() }, { learning_rate: 0.1 } as never),
    message: /^fit: options has an unknown key "learning_rate"; did you mean "learningRate"\?/,
  },
  {
    kind: "options", name: 'fit earlyStopping.monitor "accuracy"',
    run: () => fit(classifier(), { x: x4(), y: labels() }, { earlyStopping: { monitor: "accuracy" as never } }),
    message: /^fit: earlyStopping\.monitor must be "loss" or "valLoss", got "accuracy"/,
  },
  {
    kind: "options", name: "evaluate batch_size",
    run: () => evaluate(classifier(), { x: x4(), y: labels() }, { batch_size: 2 } as never),
    message: /^evaluate: options has an unknown key "batch_size"; did you mean "batchSize"\?/,
  },
  {
    kind: "options", name: "predict batchsize",
    run: () => predict(classifier(), x4(), { batchsize: 2 } as never),
    message: /^predict: options has an unknown key "batchsize"; did you mean "batchSize"\?/,
  },
  {
    kind: "options", name: "Dense activations",
    run: () => new Dense(2, { activations: "relu" } as never),
    message: /^Dense: options has an unknown key "activations"; did you mean "activation"\?/,
  },
  {
    kind: "options", name: 'Dense useBias "false" (a string counts as true)',
    run: () => new Dense(2, { useBias: "false" as never }),
    message: /^Dense: useBias must be true or false, got the string "false"/,
  },
  {
    kind: "options", name: "Sequential input_shape",
    run: () => new Sequential([new Dense(2)], { input_shape: [3] } as never),
    message: /^Sequential: options has an unknown key "input_shape"; did you mean "inputShape"\?/,
  },
  {
    kind: "options", name: "cosineDecay min",
    run: () => cosineDecay({ initial: 0.1, steps: 10, min: 0.01 } as never),
    message: /^cosineDecay: options has an unknown key "min"; did you mean "minimum"\?/,
  },
  {
    kind: "options", name: "Adam beta_1",
    run: () => new Adam([tensor([1], { requiresGrad: true })], { learningRate: 0.1, beta_1: 0.8 } as never),
    message: /^Adam: options has an unknown key "beta_1"; did you mean "beta1"\?/,
  },

  {
    kind: "options", name: "heatmap colourscale",
    run: () => heatmap({ z: [[1, 2]], colourscale: "Blues" } as never),
    message: /^heatmap: options has an unknown key "colourscale"; did you mean "colorscale"\?/,
  },
  {
    kind: "options", name: "solveOde engine (the removed fused engine)",
    run: () => solveOde({ ...decayProblem(), points: 5, hidden: [3], iterations: 0, engine: "fused" } as never),
    message: /^solveOde: options has an unknown key "engine" \(known: equation, domain, points/,
  },

  // ---- losses outside their domain ----
  {
    kind: "loss", name: "binary cross-entropy with targets outside [0, 1]",
    run: () => binaryCrossEntropyLoss().value(tensor([[0.3], [-1]]), tensor([[1], [2]])),
    message: /^binaryCrossEntropy\.value: targets contain 2 at flat index 1, outside \[0, 1\]; binaryCrossEntropy needs 0\/1 labels or probabilities as targets \(for other targets use mseLoss\)/,
  },
  {
    kind: "loss", name: "softmax cross-entropy with negative targets",
    run: () => softmaxCrossEntropyLoss().value(tensor([[0.3, 1]]), tensor([[-1, 2]])),
    message: /^softmaxCrossEntropy\.value: targets contain -1 at flat index 0, outside \[0, 1\].*oneHot\(labels, classes\)/,
  },
  {
    kind: "loss", name: "mse with mismatched shapes (already handled)",
    run: () => mseLoss().value(tensor([[1, 2]]), tensor([[1], [2]])),
    message: /^mse\.value: targets have shape \[2,1\] but output has shape \[1,2\]/,
  },

  // ---- optimizers ----
  {
    kind: "optimizer", name: 'a string learning rate "0.1"',
    run: () => new SGD([tensor([1], { requiresGrad: true })], { learningRate: "0.1" as never }),
    message: /^SGD: learningRate must be a finite number >= 0, got the string "0\.1"/,
  },
  {
    kind: "optimizer", name: "clipNorm: Infinity at construction, blamed on the optimizer",
    run: () => new SGD([tensor([1], { requiresGrad: true })], { learningRate: 0.1, clipNorm: Infinity }),
    message: /^SGD: clipNorm must be a positive finite number, got Infinity \(to turn clipping off, leave clipNorm out\)/,
  },
  {
    kind: "optimizer", name: 'momentum "0.9"',
    run: () => new SGD([tensor([1], { requiresGrad: true })], { learningRate: 0.1, momentum: "0.9" as never }),
    message: /^SGD: momentum must be in \[0, 1\), got the string "0\.9"/,
  },
  {
    kind: "optimizer", name: "an optimizer built over another model's parameters (checkUpdates, for fit)",
    run: () => new SGD(classifier(1).parameters(), { learningRate: 0.1 }).checkUpdates(classifier(2).parameters(), "fit"),
    message: /^fit: the optimizer \(SGD\) updates none of the model's 4 parameter tensors; it was built over another model's parameters\. Build it from this model/,
  },
  {
    kind: "optimizer", name: "fit with an optimizer built over another model's parameters",
    run: () => fit(classifier(1), { x: x4(), y: labels() }, { optimizer: new SGD(classifier(2).parameters(), { learningRate: 0.1 }), epochs: 1 }),
    message: /^fit: the optimizer \(SGD\) updates none of the model's 4 parameter tensors; it was built over another model's parameters/,
  },
  {
    kind: "optimizer", name: 'fit with learningRate "0.1"',
    run: () => fit(classifier(), { x: x4(), y: labels() }, { learningRate: "0.1" as never }),
    message: /^fit: learningRate must be a number or a schedule \(a function of the step\), got the string "0\.1"/,
  },
  {
    kind: "BatchNorm", name: "fit on a BatchNorm model whose last batch would hold one sample",
    run: () => fit(new Sequential([new BatchNorm(), new Dense(2, { activation: "softmax" })], { inputShape: [4], seed: 1 }),
      { x: x4(7), y: labels(7) }, { batchSize: 3, epochs: 1 }),
    message: /^fit: with batchSize 3 the last batch of each epoch holds 1 of the 7 samples, and BatchNorm cannot normalise a single sample; choose a batchSize with 7 % batchSize !== 1, e\.g\. 4/,
  },
  {
    kind: "optimizer", name: "an optimizer over an unbuilt model (no parameters yet)",
    run: () => new SGD(new Sequential([new Dense(2)]).parameters(), { learningRate: 0.1 }),
    message: /^SGD: params must be a non-empty array .*is the model built\?/,
  },

  {
    kind: "optimizer", name: 'nesterov "false" (a string counts as true)',
    run: () => new SGD([tensor([1], { requiresGrad: true })], { learningRate: 0.1, momentum: 0.9, nesterov: "false" as never }),
    message: /^SGD: nesterov must be true or false, got the string "false"/,
  },
  {
    kind: "optimizer", name: 'clipGradNorm with maxNorm "1"',
    run: () => clipGradNorm([tensor([1], { requiresGrad: true })], "1" as never),
    message: /^clipGradNorm: maxNorm must be a positive finite number, got the string "1"/,
  },

  // ---- strings where numbers belong: shown as strings ----
  {
    kind: "strings", name: 'trainTestSplit testFraction "0.2"',
    run: () => trainTestSplit({ features: x4(), labels: labels(), testFraction: "0.2" as never }),
    message: /^trainTestSplit: testFraction must be a number strictly between 0 and 1, got the string "0\.2"/,
  },
  {
    kind: "strings", name: 'Dense units "3"',
    run: () => new Dense("3" as never),
    message: /^Dense: units must be a positive integer, got the string "3"/,
  },
  {
    kind: "tensor", name: "a layer too large to allocate (units 1e9) fails before allocating",
    run: () => new Sequential([new Dense(1e9)], { inputShape: [3] }),
    message: /^Sequential\.build: layer 0 \(Dense\) cannot take inputs of shape \[3\]: a tensor of 3000000000 values \(22\.4 GiB of float64\) cannot be allocated here; check the shape/,
  },

  // ---- BatchNorm with one sample ----
  {
    kind: "BatchNorm", name: "training on a batch of one sample",
    run: () => { const bn = new BatchNorm(); bn.build([4]); return bn.forward(zeros([1, 4])); },
    message: /^BatchNorm\.forward: in training mode the batch statistics need at least 2 values per feature, but x \[1,4\] holds 1 \(a batch of 1 sample\).*samples % batchSize !== 1.*model\.eval\(\)/,
  },
];

describe("bad input: every misuse gets a named error with a hint", () => {
  it("has one row per case, each with a distinct name", () => {
    expect(new Set(rows.map((r) => `${r.kind}: ${r.name}`)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [`${r.kind}: ${r.name}`, r] as const))("%s", (_, row) => {
    let error: unknown = null;
    try {
      row.run();
    } catch (e) {
      error = e;
    }
    expect(error, "it did not throw").toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(row.message);
  });
});

describe("bad input: cases whose answer is a report, not an error", () => {
  it("the divergence rule reports a loss that stays 10x above its start for 3 epochs, with advice, and not ordinary noise", () => {
    const watch = new DivergenceWatch("fit", () => 0.5, "scale the inputs");
    watch.step(1, "at epoch 1"); // the start: 1 (+1)
    expect(watch.period(25, "at epoch 1")).toBeNull();
    expect(watch.period(30, "at epoch 2")).toBeNull();
    expect(watch.period(40, "at epoch 3")).toMatch(/^fit: the loss has stayed above 10 times its starting value for 3 epochs \(40\.00 at epoch 3, against 1\.000 at the start\): the training diverged\. Try a smaller learning rate \(now 0\.5, e\.g\. 0\.05\), or scale the inputs\./);
    const noisy = new DivergenceWatch("fit", () => 0.1, null);
    noisy.step(2, "at epoch 1");
    for (const loss of [2.5, 4, 1.5, 6, 3, 5.5, 2, 7]) expect(noisy.period(loss, "")).toBeNull(); // within 10x of 2 + 1
    expect(() => noisy.step(NaN, "at epoch 9 of 10 (batch 1)")).toThrow(/^fit: the loss became NaN at epoch 9 of 10 \(batch 1\): the training diverged\. Try a smaller learning rate/);
  });

  it("a Sequential round-trips through fromJSON unchanged, and a model loaded from a file predicts finite classes", () => {
    const m = classifier(5);
    const copy = Sequential.fromJSON(JSON.stringify(m.toJSON()));
    expect(Array.from(predict(copy, x4()))).toEqual(Array.from(predict(m, x4())));
  });
});
