import { afterEach, describe, expect, it } from "vitest";
import { createProgress } from "../../lib/src/progress/createProgress";
import type { DisplaySink, MimeBundle } from "../../lib/src/plot/notebook";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 200, write: (s: string) => void writes.push(s) };
}
function fakeClock() {
  const clock = { t: 1000, now: () => clock.t };
  return clock;
}

describe("createProgress in a terminal", () => {
  afterEach(() => {
    delete process.env.NNLAB_PROGRESS;
  });

  it("redraws one line with \\r on a TTY, at most every throttleMs, and ends with a newline", () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const bar = createProgress({ total: 10, stream, now: clock.now, throttleMs: 100 });
    clock.t += 50;
    bar.update(1, { loss: 1 }); // first draw
    clock.t += 50;
    bar.update(2, { loss: 0.9 }); // 50 ms later: throttled
    clock.t += 60;
    bar.update(3, { loss: 0.8 }); // 110 ms after the first draw: drawn
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[0]).toMatch(/^\repoch 1\/10 .* loss 1\.000 /);
    expect(stream.writes[1]).toMatch(/^\repoch 3\/10 .* loss 0\.8000 /);
    // ETA at step 3: elapsed 0.16 s, 0.16 / 3 * 7 = 0.3733 s
    expect(stream.writes[1]).toContain("elapsed 0.2s  ETA 0.4s");
    bar.finish({ loss: 0.5 });
    const last = stream.writes[2];
    expect(last.startsWith("\r")).toBe(true);
    expect(last.endsWith("\n")).toBe(true);
    expect(last).toContain("loss 0.5000");
    expect(last).not.toContain("ETA");
    bar.update(4);
    bar.finish();
    expect(stream.writes).toHaveLength(3); // nothing after finish
  });

  it("pads a shorter line so no characters of the previous one remain", () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const bar = createProgress({ total: 2, stream, now: clock.now, throttleMs: 0 });
    bar.update(1, { loss: 123.456, accuracy: 0.5 });
    bar.update(1, {});
    expect(stream.writes[1].length).toBe(stream.writes[0].length);
  });

  it("prints plain lines at most every plainIntervalMs when not a TTY, plus the final state", () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const bar = createProgress({ total: 100, stream, now: clock.now, plainIntervalMs: 5000 });
    for (let e = 1; e <= 100; e++) {
      clock.t += 200; // 20 s in all
      bar.update(e, { loss: 1 / e });
    }
    bar.finish();
    // lines at t = 0.2 s (epoch 1), 5.2 s (26), 10.2 s (51), 15.2 s (76); 20.0 s (100) is within 5 s of the
    // previous line, so only finish() prints the final state
    expect(stream.writes.every((w) => w.endsWith("\n") && !w.includes("\r"))).toBe(true);
    expect(stream.writes.map((w) => w.split(" ")[1])).toEqual(["1/100", "26/100", "51/100", "76/100", "100/100"]);
  });

  it("draws nothing when disabled, by option or by NNLAB_PROGRESS=0", () => {
    const stream = fakeStream(true);
    const a = createProgress({ total: 3, stream, enabled: false });
    a.update(1);
    a.finish();
    process.env.NNLAB_PROGRESS = "0";
    const b = createProgress({ total: 3, stream });
    b.update(1);
    b.finish();
    expect(stream.writes).toHaveLength(0);
  });

  it("rejects a bad total", () => {
    expect(() => createProgress({ total: -1 })).toThrow(/createProgress: total must be a non-negative integer, got -1/);
  });
});

describe("createProgress in a notebook", () => {
  it("updates one output in place with HTML and a text/plain fallback", () => {
    const updates: MimeBundle[] = [];
    let displays = 0;
    const sink: DisplaySink = {
      display: () => undefined,
      newDisplay: () => {
        displays += 1;
        return { update: (b) => void updates.push(b) };
      },
    };
    const clock = fakeClock();
    const bar = createProgress({ total: 5, label: "grid point", sink, now: clock.now });
    for (let i = 1; i <= 5; i++) {
      clock.t += 30;
      bar.update(i, { accuracy: i / 5 });
    }
    bar.finish();
    expect(displays).toBe(1);
    // drawn at 30 ms, at 150 ms (>= 100 ms later: step 5 = total is always drawn), and the final state
    expect(updates.map((u) => u["text/plain"])).toHaveLength(3);
    expect(updates[0]["text/html"]).toContain("grid point 1/5");
    expect(updates[2]["text/html"]).toContain("grid point 5/5");
    expect(updates[2]["text/plain"]).toMatch(/^grid point 5\/5  \[#{20}\]  100%  accuracy 1\.000  elapsed 0\.1s$/);
  });
});
