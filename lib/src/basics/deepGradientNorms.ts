/**
 * Per-layer gradient norms of a network: how much of the cost's gradient
 * reaches each layer. For layer l with weights W^l (Dense layers, input side
 * first) the norm is the Frobenius norm
 *
 *     || dC/dW^l || = sqrt( sum_jk (dC/dw^l_jk)^2 ),
 *
 * computed by one forward and one backward pass over the given batch. By the
 * backpropagation equation delta^l = (delta^{l+1} W^{l+1 T}) ⊙ f'(z^l), every
 * layer further from the output multiplies the error by one more factor W f'(z):
 * if those factors are small the norms shrink layer by layer towards the input
 * (vanishing gradients), if they are large they grow (exploding gradients).
 */
import { backward } from "../autodiff/backward";
import { oneHot } from "../data/oneHot";
import { Dense } from "../nn/dense";
import { getLoss, type Loss, type LossName } from "../nn/losses";
import { Sequential } from "../nn/sequential";
import { Tensor } from "../tensor/tensor";

/** Options of `layerGradientNorms`. */
export interface LayerGradientNormsOptions {
  /** The cost C (default "softmaxCrossEntropy", fed with the logits of a softmax output layer). */
  loss?: LossName | Loss;
}

/**
 * || dC/dW^l || for every Dense layer of `model` (input side first), for the
 * batch x with class labels (Int32Array) or targets (Tensor [n, outputs]) y.
 * The model's parameters are left without gradients afterwards.
 */
export function layerGradientNorms(model: Sequential, data: { x: Tensor; y: Int32Array | Tensor }, options: LayerGradientNormsOptions = {}): number[] {
  const fn = "layerGradientNorms";
  if (!(model instanceof Sequential)) throw new Error(`${fn}: model must be a Sequential`);
  if (!data || !(data.x instanceof Tensor) || data.x.rank < 2) throw new Error(`${fn}: data.x must be a Tensor [samples, features]`);
  const n = data.x.shape[0];
  const loss = getLoss(options.loss ?? "softmaxCrossEntropy", fn);
  const out = loss.expects === "logits" ? model.forwardLogits(data.x) : model.forward(data.x);
  const outputs = out.shape[1];
  let targets: Tensor;
  if (data.y instanceof Int32Array) {
    if (data.y.length !== n) throw new Error(`${fn}: data.y has ${data.y.length} labels but data.x has ${n} samples`);
    targets = oneHot(data.y, outputs);
  } else if (data.y instanceof Tensor) {
    if (data.y.shape[0] !== n || data.y.size !== out.size) throw new Error(`${fn}: data.y has shape [${data.y.shape.join(", ")}] but the model gives [${out.shape.join(", ")}]`);
    targets = data.y;
  } else {
    throw new Error(`${fn}: data.y must be an Int32Array of labels or a Tensor of targets`);
  }
  const params = model.parameters();
  for (const p of params) p.grad = null;
  backward(loss.value(out, targets));
  const dense = model.layers.filter((l): l is Dense => l instanceof Dense);
  if (dense.length === 0) throw new Error(`${fn}: the model has no Dense layers`);
  const norms = dense.map((layer) => {
    const g = layer.weights!.grad;
    if (g === null) return 0;
    let s = 0;
    for (let i = 0; i < g.size; i++) s += g.data[i] * g.data[i];
    return Math.sqrt(s);
  });
  for (const p of params) p.grad = null;
  return norms;
}
