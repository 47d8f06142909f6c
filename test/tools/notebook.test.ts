import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatNotebook, joinSource, jsonErrorOffset, kernelName, parseNotebook, readNotebook, stripOutputs, writeNotebook } from "../../tools/runner/notebook.mjs";

const valid = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "nnlab-tslab", display_name: "TypeScript (nnlab)", language: "typescript" } },
  cells: [
    { cell_type: "markdown", id: "m1", metadata: {}, source: ["# Title\n", "text"] },
    { cell_type: "code", id: "c1", metadata: {}, source: "const a = 1;\na", outputs: [], execution_count: null },
  ],
};

describe("parseNotebook", () => {
  it("accepts a valid nbformat 4 notebook and finds its kernel", () => {
    const nb = parseNotebook(JSON.stringify(valid), "x.ipynb");
    expect(nb.cells).toHaveLength(2);
    expect(kernelName(nb)).toBe("nnlab-tslab");
    expect(joinSource(nb.cells[0].source)).toBe("# Title\ntext");
  });

  it("reports invalid JSON with the file name and the line", () => {
    const text = '{\n "nbformat": 4,\n "cells": [,]\n}';
    expect(() => parseNotebook(text, "broken.ipynb")).toThrow(/^broken\.ipynb: not a valid notebook: the file is not valid JSON at line 3/);
    expect(() => parseNotebook('{"cells": [', "cut.ipynb")).toThrow(/cut\.ipynb: not a valid notebook: the file is not valid JSON/);
  });

  it("names what is structurally wrong", () => {
    const check = (nb: unknown) => () => parseNotebook(JSON.stringify(nb), "n.ipynb");
    expect(check([])).toThrow(/n\.ipynb: not a valid notebook: the top level is not a JSON object/);
    expect(check({ ...valid, nbformat: 3 })).toThrow(/nbformat is 3, expected 4/);
    expect(check({ nbformat: 4, metadata: {} })).toThrow(/no "cells" list/);
    expect(check({ ...valid, cells: [{ cell_type: "python", source: "" }] })).toThrow(/cell 1 has cell_type "python"/);
    expect(check({ ...valid, cells: [valid.cells[0], { cell_type: "code", source: 42 }] })).toThrow(/cell 2 has a "source" that is neither a string nor a list of strings/);
  });

  it("reports an unreadable file by name", () => {
    expect(() => readNotebook("/nonexistent/dir/x.ipynb")).toThrow(/\/nonexistent\/dir\/x\.ipynb: cannot read the notebook \(ENOENT\)/);
  });

  it("gives no kernel name when the metadata lacks one", () => {
    expect(kernelName({ ...valid, metadata: {} } as any)).toBeUndefined();
  });
});

describe("jsonErrorOffset", () => {
  it("agrees with JSON.parse on what is valid", () => {
    const samples = [
      '{"a": [1, -2.5e3, true, false, null, "s\\n\\u00e9"], "b": {}}',
      "[]",
      ' "x" ',
      '{"a": 1,}',
      "[1 2]",
      '{"a" 1}',
      '"\\q"',
      "01",
      "[1,",
      "{} {}",
      '"tab\there"',
    ];
    for (const s of samples) {
      let valid = true;
      try {
        JSON.parse(s);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(s) === undefined, s).toBe(valid);
    }
  });

  it("points at the offending character", () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset("[1 2]")).toBe(3);
    expect(jsonErrorOffset("[1,")).toBe(3);
  });
});

describe("formatNotebook", () => {
  it("writes what nbformat writes: lines as lists, sorted keys, one-space indent", () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: "code",
          id: "c",
          metadata: {},
          source: "a\nb",
          execution_count: 1,
          outputs: [
            { output_type: "stream", name: "stdout", text: "x\ny\n" },
            { output_type: "display_data", metadata: {}, data: { "text/plain": "p\nq", "image/png": "iVBOR\nw0", "application/json": { k: 1 } } },
          ],
        },
      ],
    } as any;
    // Hand-written: what Python's nbformat.writes() produces for this notebook.
    const expected = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "c",
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "x\\n",
      "y\\n"
     ]
    },
    {
     "data": {
      "application/json": {
       "k": 1
      },
      "image/png": "iVBOR\\nw0",
      "text/plain": [
       "p\\n",
       "q"
      ]
     },
     "metadata": {},
     "output_type": "display_data"
    }
   ],
   "source": [
    "a\\n",
    "b"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`;
    expect(formatNotebook(nb)).toBe(expected);
    expect(nb.cells[0].source).toBe("a\nb"); // the input is not modified
  });

  it("writes an empty source as an empty list and round-trips through a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-nb-"));
    const file = join(dir, "sub", "n.ipynb");
    writeNotebook(file, { ...valid, cells: [{ cell_type: "code", metadata: {}, source: "", outputs: [], execution_count: null }] } as any);
    const back = JSON.parse(readFileSync(file, "utf8"));
    expect(back.cells[0].source).toEqual([]);
    writeFileSync(file, formatNotebook(valid as any));
    expect(joinSource(readNotebook(file).cells[1].source)).toBe("const a = 1;\na");
  });
});

describe("stripOutputs", () => {
  it("removes outputs and execution counts of code cells only", () => {
    const nb = structuredClone(valid) as any;
    nb.cells[1].outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    nb.cells[1].execution_count = 7;
    const clean = stripOutputs(nb);
    expect(clean.cells[1].outputs).toEqual([]);
    expect(clean.cells[1].execution_count).toBeNull();
    expect(clean.cells[0]).toEqual(nb.cells[0]);
    expect(nb.cells[1].execution_count).toBe(7);
  });
});
