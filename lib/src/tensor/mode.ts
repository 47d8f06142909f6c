/**
 * Grad mode: whether ops record the graph that `backward` and `jvp` walk.
 *
 * A node is recorded only when grad mode is on AND some input of the op has
 * `requiresGrad`. Inference code wraps itself in `noGrad` so that nothing is
 * recorded (faster, and no memory is kept alive by the graph).
 */
let gradEnabled = true;

/** True when ops record the autodiff graph (the default). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with graph recording on or off and restores the previous mode afterwards (even on error). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording the autodiff graph (inference, parameter updates).
 *
 *     const prediction = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  return scoped("noGrad", false, fn);
}

/** The mode cannot follow a function across `await`: refuse async functions and promises. */
function scoped<T>(op: string, enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") throw new Error(`${op}: fn must be a function, got ${typeof fn}`);
  const result = fn.constructor?.name === "AsyncFunction" ? undefined : withGradMode(enabled, fn);
  if (result === undefined ? fn.constructor?.name === "AsyncFunction" : typeof (result as { then?: unknown })?.then === "function") {
    throw new Error(`${op}: fn is asynchronous; the grad mode would switch back at its first await. Call ${op} on the synchronous code inside it instead, e.g. const y = ${op}(() => model.forward(x));`);
  }
  return result as T;
}

/** Runs `fn` with graph recording on (undoes an enclosing `noGrad`). */
export function enableGrad<T>(fn: () => T): T {
  return scoped("enableGrad", true, fn);
}
