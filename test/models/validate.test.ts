// The divergence rule shared by the lectures' models (NeuralNetwork.train, Network.SGD).
import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { checkDivergence } from "../../lib/src/models/validate";

const finite = [new Tensor(new Float64Array([1, -2, 3]), [3]), new Tensor(new Float64Array([0.5]), [1])];

describe("checkDivergence", () => {
  it("passes a finite loss below 1e10 * (first loss + 1) with finite parameters", () => {
    expect(() => checkDivergence("f", 0.5, 2.3, finite, 3, 10, 0.1)).not.toThrow();
    expect(() => checkDivergence("f", 1e10 * (2.3 + 1) * 0.999, 2.3, finite, 3, 10, 0.1)).not.toThrow();
    // a tiny first loss does not turn ordinary noise into "divergence": the bound is at least 1e10
    expect(() => checkDivergence("f", 5, 1e-9, finite, 3, 10, 0.1)).not.toThrow();
  });

  it("stops on a NaN or infinite loss with the epoch, eta and the suggestion", () => {
    for (const loss of [NaN, Infinity]) {
      expect(() => checkDivergence("NeuralNetwork.train", loss, 2.3, finite, 4, 10, 0.5))
        .toThrow(new RegExp(`^NeuralNetwork\\.train: the training loss became ${loss} at epoch 4 of 10 \\(eta = 0\\.5\\): training diverged\\. Try a smaller learning rate eta, or scale the inputs`));
    }
  });

  it("stops on a finite loss that exploded past 1e10 * (first loss + 1)", () => {
    const limit = 1e10 * (2.3 + 1);
    expect(() => checkDivergence("Network.SGD", limit * 1.001, 2.3, finite, 7, 30, 3))
      .toThrow(/^Network\.SGD: the training loss exploded to 3\.303e\+10 \(first epoch 2\.300\) at epoch 7 of 30 \(eta = 3\): training diverged\. Try a smaller learning rate eta/);
  });

  it("stops when a parameter holds NaN or an infinity although the loss is finite", () => {
    const bad = [finite[0], new Tensor(new Float64Array([0, -Infinity]), [2])];
    expect(() => checkDivergence("Network.SGD", 1.2, 2.3, bad, 2, 5, 0.1))
      .toThrow(/^Network\.SGD: parameter 1 became -Infinity \(training loss 1\.2\) at epoch 2 of 5 \(eta = 0\.1\): training diverged/);
  });
});
