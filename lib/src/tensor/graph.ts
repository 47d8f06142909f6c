/**
 * Walking the recorded graph: an iterative depth-first topological sort (no
 * recursion, so a 100,000-op chain cannot overflow the stack), plus the set of
 * tensors that depend on the chosen targets (only those get cotangents).
 */
import { Tensor } from "./tensor";

/** The recorded tensors between `roots` and the leaves (or the `stop` tensors), inputs before outputs. */
export function topologicalOrder(roots: readonly Tensor[], stop?: ReadonlySet<Tensor>): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stackTensor: Tensor[] = [];
  const stackNext: number[] = [];
  for (const root of roots) {
    if (root.node === null || visited.has(root) || stop?.has(root)) continue;
    visited.add(root);
    stackTensor.push(root);
    stackNext.push(0);
    while (stackTensor.length > 0) {
      const top = stackTensor.length - 1;
      const inputs = stackTensor[top].node!.inputs;
      let i = stackNext[top];
      let child: Tensor | null = null;
      while (i < inputs.length) {
        const c = inputs[i++];
        if (c.node !== null && c.requiresGrad && !visited.has(c) && !stop?.has(c)) {
          child = c;
          break;
        }
      }
      stackNext[top] = i;
      if (child !== null) {
        visited.add(child);
        stackTensor.push(child);
        stackNext.push(0);
      } else {
        order.push(stackTensor.pop()!);
        stackNext.pop();
      }
    }
  }
  return order;
}

/** The tensors of `order` (and their inputs) that depend on one of `targets`. */
export function dependents(order: readonly Tensor[], targets: ReadonlySet<Tensor>): Set<Tensor> {
  const relevant = new Set<Tensor>(targets);
  for (const t of order) { // inputs come before outputs
    if (relevant.has(t)) continue;
    for (const c of t.node!.inputs) {
      if (relevant.has(c)) {
        relevant.add(t);
        break;
      }
    }
  }
  return relevant;
}
