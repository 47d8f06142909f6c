/**
 * What the hidden units of a network do on a batch: for every hidden
 * activation (a Dense layer's own activation, or an Activation layer), the
 * weighted inputs z that reach it are examined:
 *
 *   deadUnits          units with z <= 0 for every sample: a dead ReLU outputs 0
 *                      and passes no gradient back (relu'(z) = 0), so nothing revives it;
 *   saturatedFraction  share of all z with |z| > `saturation` (sigmoid/tanh are flat there);
 *   meanSlope          mean of f'(z) over all samples and units: the average factor
 *                      the activation contributes to backpropagated errors;
 *   rmsSlope           sqrt of the mean of f'(z)^2, the factor in the variance argument
 *                      (the size of delta changes per layer by about sqrt(n Var(w)) rmsSlope);
 *   outputStd          standard deviation of the activations a = f(z).
 *
 * The output layer (softmax or identity) is not included.
 */
import { noGrad } from "../autodiff/mode";
import { ActivationLayer } from "../nn/activationLayer";
import { activations } from "../nn/activations";
import { Dense } from "../nn/dense";
import { Sequential } from "../nn/sequential";
import { Tensor } from "../tensor/tensor";

/** Statistics of one hidden activation. */
export interface HiddenLayerStats {
  /** Index of the layer in model.layers (the Dense or Activation layer). */
  layer: number;
  activation: string;
  units: number;
  deadUnits: number;
  saturatedFraction: number;
  meanSlope: number;
  rmsSlope: number;
  outputStd: number;
}

/** Options of `hiddenLayerStats`. */
export interface HiddenLayerStatsOptions {
  /** |z| above which a unit counts as saturated (default 5: sigmoid'(5) = 0.0066). */
  saturation?: number;
}

const HIDDEN = new Set(["sigmoid", "tanh", "relu", "leakyRelu", "elu"]);

function stats(layer: number, activation: string, z: Tensor): HiddenLayerStats {
  const units = z.shape[1];
  const n = z.shape[0];
  const zd = z.data; // [n, units]
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let alive = false;
    for (let i = 0; i < n && !alive; i++) if (zd[i * units + j] > 0) alive = true;
    if (!alive) dead++;
  }
  const f = activations[activation as "sigmoid"];
  const slope = f.derivative(zd);
  const a = f.fn(zd);
  let slopeSum = 0, slopeSq = 0, aSum = 0, aSq = 0;
  for (let i = 0; i < zd.length; i++) {
    slopeSum += slope[i];
    slopeSq += slope[i] * slope[i];
    aSum += a[i];
    aSq += a[i] * a[i];
  }
  return { layer, activation, units, deadUnits: dead, saturatedFraction: 0, meanSlope: slopeSum / zd.length, rmsSlope: Math.sqrt(slopeSq / zd.length), outputStd: Math.sqrt(Math.max(0, aSq / zd.length - (aSum / zd.length) ** 2)) };
}

/** The statistics of every hidden activation of `model` on the batch x [samples, features] (evaluation mode). */
export function hiddenLayerStats(model: Sequential, x: Tensor, options: HiddenLayerStatsOptions = {}): HiddenLayerStats[] {
  const fn = "hiddenLayerStats";
  if (!(model instanceof Sequential)) throw new Error(`${fn}: model must be a Sequential`);
  if (!(x instanceof Tensor) || x.rank !== 2) throw new Error(`${fn}: x must be a Tensor [samples, features]`);
  const threshold = options.saturation ?? 5;
  if (!(threshold > 0)) throw new Error(`${fn}: saturation must be a positive number, got ${String(options.saturation)}`);
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const out: HiddenLayerStats[] = [];
      let h = x;
      model.layers.forEach((layer, index) => {
        let z: Tensor | null = null;
        let activation = "";
        if (layer instanceof Dense && HIDDEN.has(layer.activation)) {
          z = layer.preActivation(h);
          activation = layer.activation;
        } else if (layer instanceof ActivationLayer && HIDDEN.has(layer.activation)) {
          z = h;
          activation = layer.activation;
        }
        if (z !== null) {
          if (z.rank !== 2) throw new Error(`${fn}: layer ${index} (${layer.type}) gets inputs of shape [${z.shape.join(", ")}]; only [samples, units] is supported`);
          const s = stats(index, activation, z);
          let saturated = 0;
          for (let i = 0; i < z.size; i++) if (Math.abs(z.data[i]) > threshold) saturated++;
          s.saturatedFraction = saturated / z.size;
          out.push(s);
        }
        h = layer.forward(h);
      });
      return out;
    });
  } finally {
    model.train(wasTraining);
  }
}
