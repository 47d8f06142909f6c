import { describe, expect, it } from "vitest";
import { logicGate } from "../../lib/src/basics";

describe("logicGate", () => {
  it("gives the design matrix of all four input pairs and the truth tables of OR, AND, XOR", () => {
    const reference = {
      OR: (a: number, b: number) => Number(a === 1 || b === 1),
      AND: (a: number, b: number) => Number(a === 1 && b === 1),
      XOR: (a: number, b: number) => (a + b) % 2,
    };
    for (const name of ["OR", "AND", "XOR"] as const) {
      const gate = logicGate(name);
      expect(gate.name).toBe(name);
      expect(gate.inputs).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
      expect(gate.targets).toEqual(gate.inputs.map(([a, b]) => reference[name](a, b)));
    }
    expect(logicGate("XOR").targets).toEqual([0, 1, 1, 0]);
    expect(logicGate("AND").targets).toEqual([0, 0, 0, 1]);
    expect(logicGate("OR").targets).toEqual([0, 1, 1, 1]);
  });

  it("accepts any case and returns fresh arrays", () => {
    expect(logicGate("xor").targets).toEqual([0, 1, 1, 0]);
    const a = logicGate("AND");
    a.targets[0] = 7;
    a.inputs[0][0] = 7;
    expect(logicGate("AND").targets[0]).toBe(0);
    expect(logicGate("AND").inputs[0][0]).toBe(0);
  });

  it("names the function and the bad gate", () => {
    expect(() => logicGate("NAND")).toThrow('logicGate: name must be "OR", "AND" or "XOR", got "NAND"');
    expect(() => logicGate("__proto__")).toThrow("logicGate: name must be");
  });
});
