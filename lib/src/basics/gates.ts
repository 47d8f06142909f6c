/**
 * The three logic gates of the lectures as a data set: the design matrix X of
 * all four input pairs (x_1, x_2) and the target vector y of the gate.
 *
 *   X = [[0, 0], [0, 1], [1, 0], [1, 1]]
 *   OR:  y = [0, 1, 1, 1]    AND: y = [0, 0, 0, 1]    XOR: y = [0, 1, 1, 0]
 */

/** The gates `logicGate` knows. */
export type LogicGateName = "OR" | "AND" | "XOR";

/** A truth table as a data set. */
export interface LogicGate {
  name: LogicGateName;
  /** The design matrix X [4, 2]: the rows (x_1, x_2) = (0,0), (0,1), (1,0), (1,1). */
  inputs: number[][];
  /** The targets y [4]: the gate's output for each row of X. */
  targets: number[];
}

const TRUTH: Record<LogicGateName, (a: boolean, b: boolean) => boolean> = {
  OR: (a, b) => a || b,
  AND: (a, b) => a && b,
  XOR: (a, b) => a !== b,
};

/**
 * The truth table of the gate `name` ("OR", "AND" or "XOR", any case) as
 * { inputs: X [4, 2], targets: y [4] }. Each call returns fresh arrays.
 */
export function logicGate(name: LogicGateName | string): LogicGate {
  const key = typeof name === "string" ? (name.toUpperCase() as LogicGateName) : name;
  const rule = TRUTH[key];
  if (typeof rule !== "function") {
    throw new Error(`logicGate: name must be "OR", "AND" or "XOR", got ${JSON.stringify(name)}`);
  }
  const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const targets = inputs.map(([a, b]) => (rule(a === 1, b === 1) ? 1 : 0));
  return { name: key, inputs, targets };
}
