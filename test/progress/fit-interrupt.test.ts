// An interrupt inside fit (a notebook's Kernel -> Interrupt: Node's vm throws
// "Script execution interrupted." wherever the loop is) ends the run with one
// line saying where it stopped, and the model stays usable.
import { describe, expect, it } from "vitest";
import { Dense, Random, Sequential, Tensor, fit, predictProbabilities } from "../../lib/src/index";
import { createProgress } from "../../lib/src/progress/createProgress";
import type { DisplaySink, MimeBundle } from "../../lib/src/plot/notebook";

function data(n: number): { x: Tensor; y: Int32Array } {
  const rng = new Random(5);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.normal();
    x[2 * i + 1] = rng.normal();
    y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
  }
  return { x: new Tensor(x, [n, 2]), y };
}

type Handlers = Array<() => string>;
const handlers = (): Handlers => ((globalThis as unknown as Record<symbol, Handlers | undefined>)[Symbol.for("jupyter.interrupt.handlers")] ??= []);

describe("fit interrupted", () => {
  it("leaves the kernel a handler that says where it stopped (epoch and batch), closes the bar, and keeps a usable model", () => {
    const { x, y } = data(64);
    const model = new Sequential([new Dense(8, { activation: "relu" }), new Dense(2, { activation: "softmax" })], { inputShape: [2], seed: 1 });
    const mode = model.training;
    let note = "";
    const stop = new Error("stopped here");
    expect(() =>
      fit(model, { x, y }, {
        epochs: 10, batchSize: 16, learningRate: 0.1, seed: 2,
        callbacks: {
          // what the kernel does once Node's vm has stopped the cell in batch 3 of epoch 2
          onBatchEnd: ({ epoch, batch }) => {
            if (epoch !== 2 || batch !== 2) return;
            const list = handlers();
            note = list[list.length - 1]();
            throw stop;
          },
        },
      }),
    ).toThrow(stop);
    expect(note).toBe("fit interrupted in epoch 2 of 10, batch 3 of 4; the model keeps the parameters reached so far (1 complete epoch)");
    // a fit that ends (here by the thrown error) removes its handler
    expect(handlers()).toHaveLength(0);
    expect(model.training).toBe(mode); // the mode it had before fit
    const p = predictProbabilities(model, x);
    expect(Array.from(p.data).every(Number.isFinite)).toBe(true);
    // training can go on from there
    const more = fit(model, { x, y }, { epochs: 1, batchSize: 16, learningRate: 0.1, seed: 3 });
    expect(more.epochs).toHaveLength(1);
    expect(handlers()).toHaveLength(0);
  });

  it("Progress.stop closes the display with its note", () => {
    const updates: MimeBundle[] = [];
    const sink: DisplaySink = { display: () => undefined, newDisplay: () => ({ update: (b) => void updates.push(b) }) };
    const bar = createProgress({ total: 10, label: "fit", sink, throttleMs: 0 });
    bar.update(1, { loss: 0.5 });
    bar.stop?.("interrupted in epoch 2 of 10, batch 3 of 4");
    bar.update(5);
    bar.finish();
    expect(updates).toHaveLength(2); // nothing after stop
    expect(updates[1]["text/plain"]).toMatch(/^fit 1\/10 .* loss 0\.5000  elapsed \S+  interrupted in epoch 2 of 10, batch 3 of 4$/);
  });
});
