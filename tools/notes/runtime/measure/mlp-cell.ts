// The lecture's 64-50-10 network on the digits (sigmoid hidden layer, softmax output,
// cross-entropy, L2, minibatch SGD: eta = lmbd = 0.01, batch 100, 100 epochs) written
// with nnlab tensor ops, as a notebook cell. measure.mjs runs this same cell in Node
// and in the browser runtime. (The notebook's own NeuralNetwork class can replace it
// once notebook 03 exports it to `lectures`.)
import { loadDigits, trainTestSplit, oneHot, Tensor, matmul, sigmoid, softmax, sub, mul, add, sum, gather, Random, tensor } from "nnlab";

/** The lecture's 64-50-10 network (sigmoid hidden layer, softmax output, cross-entropy, L2), trained with minibatch SGD on tensor ops. */
class Mlp {
  W1: Tensor; b1: Tensor; W2: Tensor; b2: Tensor;
  constructor(inputs: number, hidden: number, outputs: number, rng: Random) {
    const normal = (r: number, c: number) => { const d = new Float64Array(r * c); for (let i = 0; i < d.length; i++) d[i] = rng.normal(); return new Tensor(d, [r, c]); };
    this.W1 = normal(inputs, hidden); this.b1 = tensor(new Array(hidden).fill(0.01));
    this.W2 = normal(hidden, outputs); this.b2 = tensor(new Array(outputs).fill(0.01));
  }
  step(X: Tensor, Y: Tensor, eta: number, lmbd: number): void {
    const a1 = sigmoid(add(matmul(X, this.W1), this.b1));
    const p = softmax(add(matmul(a1, this.W2), this.b2));
    const d2 = sub(p, Y);
    const d1 = mul(mul(matmul(d2, this.W2, { transB: true }), a1), sub(1, a1));
    const gW2 = add(matmul(a1, d2, { transA: true }), mul(lmbd, this.W2));
    const gW1 = add(matmul(X, d1, { transA: true }), mul(lmbd, this.W1));
    this.W2 = sub(this.W2, mul(eta, gW2)); this.b2 = sub(this.b2, mul(eta, sum(d2, 0)));
    this.W1 = sub(this.W1, mul(eta, gW1)); this.b1 = sub(this.b1, mul(eta, sum(d1, 0)));
  }
  predict(X: Tensor): Int32Array {
    const p = softmax(add(matmul(sigmoid(add(matmul(X, this.W1), this.b1)), this.W2), this.b2));
    const out = new Int32Array(p.shape[0]);
    for (let i = 0; i < out.length; i++) { let best = 0; for (let j = 1; j < 10; j++) if (p.data[i * 10 + j] > p.data[i * 10 + best]) best = j; out[i] = best; }
    return out;
  }
}

function trainMlp(epochs: number, batch: number) {
  const digits = loadDigits();
  const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 1 });
  const X = split.trainFeatures, Y = oneHot(split.trainLabels, 10), n = X.shape[0];
  const rng = new Random(1);
  const net = new Mlp(64, 50, 10, rng);
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    for (let it = 0; it < Math.floor(n / batch); it++) {
      const idx = rng.choice(n, batch);
      net.step(gather(X, idx), gather(Y, idx), 0.01, 0.01);
    }
  }
  const ms = performance.now() - t0;
  const pred = net.predict(split.testFeatures);
  let right = 0; for (let i = 0; i < pred.length; i++) if (pred[i] === split.testLabels[i]) right++;
  return { ms, accuracy: right / pred.length };
}
const r0 = trainMlp(100, 100);
const r1 = trainMlp(100, 100);
console.log(`BENCH 64-50-10, 100 epochs, batch 100: ${r0.ms.toFixed(0)} ms then ${r1.ms.toFixed(0)} ms, test accuracy ${r1.accuracy.toFixed(4)}`);
