// gridSearch: every point once with its own seed, the same numbers in this thread
// and on worker threads, and every failure ends in a reported cell or a rejected
// promise, never a dead process or a hang.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gridSearch, type GridPoint } from "../../lib/src/train/gridSearch";

const fixture = join(__dirname, "fixtures", "gridJob.cjs");
const jobs = require(fixture);
const rows = { name: "a", values: [1, 2, 3] };
const columns = { name: "b", values: [1, 2] };

describe("gridSearch", () => {
  it("runs every point in this thread with the seed seed + i * columns + j, as matrices [rows][columns]", async () => {
    const seen: GridPoint[] = [];
    const r = await gridSearch({ rows, columns, seed: 10, run: (p) => { seen.push(p); return jobs.score(p, { scale: 100 }); } });
    expect(seen.map((p) => p.seed)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(r.scores.trainAccuracy).toEqual([[110, 111], [212, 213], [314, 315]]);
    expect(r.scores.testAccuracy).toEqual([[1, 2], [0, 1], [-1, 0]]);
    expect(r.errors).toEqual([[null, null], [null, null], [null, null]]);
    expect([r.rowName, r.columnName, r.rows, r.columns, r.workers]).toEqual(["a", "b", [1, 2, 3], [1, 2], 0]);
  });

  it("gives the same result on worker threads as in this thread, whatever the number of workers", async () => {
    const inThread = await gridSearch({ rows, columns, seed: 3, run: (p) => jobs.score(p, { scale: 7 }) });
    for (const workers of [1, 2, 4]) {
      const r = await gridSearch({ rows, columns, seed: 3, workers, job: { module: fixture, name: "score", data: { scale: 7 } } });
      expect(r.scores).toEqual(inThread.scores);
      expect(r.workers).toBe(Math.min(workers, 6));
    }
  });

  it("reports a point that throws or diverges in its cell, names the point, and goes on", async () => {
    for (const options of [
      { run: (p: GridPoint) => jobs.throwsAtB2(p) },
      { job: { module: fixture, name: "throwsAtB2" }, workers: 2 },
    ]) {
      const r = await gridSearch({ rows, columns, ...options });
      expect(r.scores.testAccuracy).toEqual([[1, NaN], [1, NaN], [1, NaN]]);
      expect(r.errors[1][1]).toBe('gridSearch: point {"a":2,"b":2} (row 1, column 1) failed: no good at b = 2');
      expect(r.errors[0][0]).toBeNull();
    }
    const d = await gridSearch({ rows, columns, run: (p) => jobs.divergesAtA1(p) });
    expect(d.errors[0][0]).toMatch(/point \{"a":1,"b":1\} .* returned non-finite scores \(testAccuracy: NaN\): training probably diverged/);
    expect(d.errors[1][0]).toBeNull();
  });

  it("rejects, with every worker stopped, when a worker exits or a worker crashes", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === "MessagePort" || r === "Worker").length;
    await expect(gridSearch({ rows, columns, workers: 2, job: { module: fixture, name: "exitsWorker" } }))
      .rejects.toThrow(/gridSearch: a worker thread exited \(code 3\) before the grid was done; 0 of 6 points finished/);
    await expect(gridSearch({ rows, columns, workers: 2, job: { module: fixture, name: "crashesWorker" } }))
      .rejects.toThrow("gridSearch: a worker thread crashed: crash outside the call");
    await new Promise((r) => setTimeout(r, 50));
    expect(process.getActiveResourcesInfo().filter((r) => r === "MessagePort" || r === "Worker").length).toBe(before);
  });

  it("refuses bad options with a message that says how to fix them", async () => {
    await expect(gridSearch({ rows, columns: { name: "a", values: [1] }, run: () => ({ s: 1 }) })).rejects.toThrow('gridSearch: rows and columns both vary "a"');
    await expect(gridSearch({ rows, columns, run: () => ({ s: 1 }), job: { module: fixture, name: "score" } })).rejects.toThrow("give exactly one of run");
    await expect(gridSearch({ rows, columns, run: () => ({ s: 1 }), workres: 2 } as never)).rejects.toThrow('gridSearch: options has an unknown key "workres"; did you mean "workers"?');
    await expect(gridSearch({ rows: { name: "a", values: [] }, columns, run: () => ({ s: 1 }) })).rejects.toThrow("gridSearch: rows must be { name, values }");
    await expect(gridSearch({ rows: { name: "a", values: [NaN] }, columns, run: () => ({ s: 1 }) })).rejects.toThrow("gridSearch: rows.values[0] must be a finite number, got NaN");
    await expect(gridSearch({ rows, columns, job: { module: fixture, name: "nope" } })).rejects.toThrow('has no exported function "nope"');
    await expect(gridSearch({ rows, columns, job: { module: "no-such-package-xyz", name: "f" } })).rejects.toThrow('job.module "no-such-package-xyz" cannot be found');
  });
});
