import { Random } from "../random";
import { Tensor } from "../tensor/tensor";
import { formatValue } from "../tensor/validate";
import { checkOptions } from "../tensor/options";

export interface TrainTestSplitOptions<L extends Int32Array | Tensor> {
  /** Samples along the first axis: [n, ...] (any rank >= 1). */
  features: Tensor;
  /** Class indices [n], or a Tensor whose first dimension is n (targets, one-hot rows, ...). */
  labels: L;
  /** Fraction of the samples put in the test set, 0 < testFraction < 1 (default 0.2); rounded up as in sklearn. */
  testFraction?: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Keep the class proportions (integer labels, or the argmax of one-hot rows) in both parts, each class's test count within one sample of its share. */
  stratify?: boolean;
}

/** The two parts of a split (labels of the input's type), and the input row each sample came from. */
export interface TrainTestSplitResult<L extends Int32Array | Tensor> {
  trainFeatures: Tensor;
  trainLabels: L;
  testFeatures: Tensor;
  testLabels: L;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * Shuffles the samples with a seeded `Random` and splits them into a training
 * and a test set, moving features and labels together (row i of `testFeatures`
 * is input row `testIndices[i]`, and so is its label). Same seed, same split.
 *
 * n_test = ceil(testFraction * n); both parts must be non-empty.
 */
export function trainTestSplit<L extends Int32Array | Tensor>(options: TrainTestSplitOptions<L>): TrainTestSplitResult<L> {
  const name = "trainTestSplit";
  if (options === undefined || options === null) throw new Error(`${name}: options must be { features, labels, testFraction?, seed?, stratify? }, got ${String(options)}`);
  checkOptions(options, name, "options", ["features", "labels", "testFraction", "seed", "stratify"]);
  const { features, labels, testFraction = 0.2, seed = 0, stratify = false } = options;
  if (!(features instanceof Tensor) || features.rank < 1) {
    throw new Error(`${name}: features must be a Tensor with samples along the first axis, got ${describe(features)}`);
  }
  const n = features.shape[0];
  const labelCount = labelRows(labels);
  if (labelCount !== n) throw new Error(`${name}: features have ${n} samples (shape [${features.shape.join(", ")}]) but labels have ${labelCount}`);
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new Error(`${name}: testFraction must be a number strictly between 0 and 1, got ${formatValue(testFraction)}`);
  }
  const random = new Random(seed);
  // ceil as in sklearn; the tiny tolerance keeps e.g. 0.1 * 10 = 1.0000000000000002 from becoming 2.
  const nTest = Math.ceil(testFraction * n - 1e-9);
  const nTrain = n - nTest;
  if (nTest < 1 || nTrain < 1) {
    throw new Error(`${name}: testFraction ${testFraction} of ${n} samples leaves ${nTrain} for training and ${nTest} for testing; both need at least 1`);
  }

  let testIndices: Int32Array;
  let trainIndices: Int32Array;
  if (stratify === true) {
    ({ trainIndices, testIndices } = stratifiedIndices(classesOf(labels, name), nTest, random));
  } else if (stratify === false) {
    const order = random.permutation(n);
    testIndices = order.slice(0, nTest);
    trainIndices = order.slice(nTest);
  } else {
    throw new Error(`${name}: stratify must be true or false, got ${describe(stratify)}`);
  }
  return {
    trainFeatures: takeRows(features, trainIndices),
    trainLabels: takeLabels(labels, trainIndices),
    testFeatures: takeRows(features, testIndices),
    testLabels: takeLabels(labels, testIndices),
    trainIndices,
    testIndices,
  };
}

/** Per class: shuffle its samples and send its share of nTest (largest remainder) to the test set. */
function stratifiedIndices(classes: Int32Array, nTest: number, random: Random): { trainIndices: Int32Array; testIndices: Int32Array } {
  const n = classes.length;
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = members.get(classes[i]);
    if (list) list.push(i);
    else members.set(classes[i], [i]);
  }
  const keys = [...members.keys()].sort((a, b) => a - b);
  // Exact share of class c: count_c * nTest / n. Floors first, then the leftover seats go to
  // the largest fractional parts, so every class is within one sample of its share.
  const quota = keys.map((c) => {
    const exact = (members.get(c)!.length * nTest) / n;
    return { c, take: Math.floor(exact), frac: exact - Math.floor(exact) };
  });
  let left = nTest - quota.reduce((s, q) => s + q.take, 0);
  const byFraction = quota.slice().sort((a, b) => b.frac - a.frac || a.c - b.c);
  for (let i = 0; left > 0; i++, left--) byFraction[i].take++;
  const test: number[] = [];
  const train: number[] = [];
  for (const q of quota) {
    const list = random.shuffle(members.get(q.c)!.slice());
    for (let i = 0; i < list.length; i++) (i < q.take ? test : train).push(list[i]);
  }
  return { trainIndices: random.shuffle(Int32Array.from(train)), testIndices: random.shuffle(Int32Array.from(test)) };
}

function labelRows(labels: Int32Array | Tensor): number {
  if (labels instanceof Int32Array) return labels.length;
  if (labels instanceof Tensor && labels.rank >= 1) return labels.shape[0];
  throw new Error(`trainTestSplit: labels must be an Int32Array or a Tensor with samples along the first axis, got ${describe(labels)}`);
}

/** Class of each sample: the integer label, or the argmax of a one-hot row. */
function classesOf(labels: Int32Array | Tensor, name: string): Int32Array {
  if (labels instanceof Int32Array) return labels;
  const n = labels.shape[0];
  const out = new Int32Array(n);
  if (labels.rank === 1) {
    for (let i = 0; i < n; i++) {
      const v = labels.data[i];
      if (!Number.isInteger(v)) throw new Error(`${name}: stratify needs integer class labels, but labels[${i}] = ${v}`);
      out[i] = v;
    }
    return out;
  }
  if (labels.rank === 2) { // the argmax of each row
    const k = labels.shape[1];
    const d = labels.data;
    return out.map((_, i) => d.subarray(i * k, (i + 1) * k).reduce((best, v, j, row) => (v > row[best] ? j : best), 0));
  }
  throw new Error(`${name}: stratify needs labels [n] or one-hot labels [n, C], got shape [${labels.shape.join(", ")}]`);
}

/** Rows `indices` of `t` ([n, ...] -> [indices.length, ...]). */
function takeRows(t: Tensor, indices: Int32Array): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0];
  const out = new Float64Array(indices.length * rowSize);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r] * rowSize;
    out.set(t.data.subarray(from, from + rowSize), r * rowSize);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)]);
}

function takeLabels<L extends Int32Array | Tensor>(labels: L, indices: Int32Array): L {
  return (labels instanceof Int32Array ? Int32Array.from(indices, (i) => labels[i]) : takeRows(labels as Tensor, indices)) as L;
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `a Tensor of shape [${x.shape.join(", ")}]`;
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return `${typeof x} ${String(x)}`;
}
