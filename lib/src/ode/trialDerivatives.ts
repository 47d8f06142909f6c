/**
 * The trial solution and its x-derivatives at the collocation points as ONE
 * differentiable primitive:
 *
 *     trialDerivatives(x, P) = [g_t(x_i); g_t'(x_i); g_t''(x_i)]    shape [order + 1, n]
 *
 * with g_t = h1 + h2 N (see trial.ts) and N the network of network.ts.
 *
 * Why a primitive: the generic way (`trialDerivativesGeneric`, also exported
 * and tested equal) records the network, a forward-mode sweep over it for
 * N', a nested one for N'', the product rule, and then reverse mode walks all
 * of it: ~100 recorded ops per iteration for 10 points. Here the kernel
 * propagates value, first and second derivative through the layers together
 * (Taylor mode, per point), and the reverse rule is the hand-derived adjoint of
 * that loop. Layer by layer, with sigma_k the k-th derivative of the activation at z:
 *
 *     z  = a W + b        z' = a' W          z'' = a'' W
 *     a+ = sigma_0        a+' = sigma_1 z'   a+'' = sigma_2 z'^2 + sigma_1 z''
 *
 * and backwards (bars are cotangents):
 *
 *     zbar'' = abar'' sigma_1
 *     zbar'  = abar' sigma_1 + 2 abar'' sigma_2 z'
 *     zbar   = abar sigma_1 + abar' sigma_2 z' + abar'' (sigma_3 z'^2 + sigma_2 z'')
 *     Wbar  += a^T zbar + a'^T zbar' + a''^T zbar''     bbar += sum_i zbar
 *     abar_prev = zbar W^T (and the same for ' and '')
 *
 * The rules stay differentiable: when gradients of gradients are requested
 * (grad mode on inside the rule, e.g. `backward(loss, { createGraph: true })`)
 * and for the forward rule, the primitive differentiates its generic twin
 * instead, which is built from recorded ops.
 */
import { vjp as vjpOf } from "../autodiff/grad";
import { jvp } from "../autodiff/jvp";
import { isGradEnabled } from "../autodiff/mode";
import { defineOp } from "../autodiff/op";
import { add, mul } from "../tensor/elementwise";
import { stack } from "../tensor/shape";
import { allocData } from "../tensor/alloc";
import { Tensor } from "../tensor/tensor";
import { activationDerivatives, networkOutput } from "./network";
import type { OdeActivation } from "./types";

/** What the primitive needs besides x and P. */
export interface TrialDerivativeSpec {
  /** Layer widths [1, ...hidden, 1]. */
  readonly sizes: readonly number[];
  readonly activation: OdeActivation;
  /** Highest derivative computed: 0 (g_t only), 1 or 2. */
  readonly order: 0 | 1 | 2;
  /** h1, h1', h1'' at the points (order + 1 arrays of length n). */
  readonly offset: readonly Float64Array[];
  /** h2, h2', h2'' at the points. */
  readonly factor: readonly Float64Array[];
}

/** Scratch buffers of the kernels, kept between forward and reverse sweeps. */
interface Workspace {
  n: number;
  /** Per hidden layer l: z, z', z'' (pre-activations) and sigma_1..3 at z, each [n, width_l]. */
  z1: Float64Array[]; z2: Float64Array[]; s1: Float64Array[]; s2: Float64Array[]; s3: Float64Array[];
  /** Per layer l = 0..L: a, a', a'' (layer 0 is the input x, 1, 0), each [n, width_l]. */
  a: Float64Array[]; a1: Float64Array[]; a2: Float64Array[];
  /** Cotangents of a, a', a'' of the current layer and the previous one. */
  abar: Float64Array; abar1: Float64Array; abar2: Float64Array;
  pbar: Float64Array; pbar1: Float64Array; pbar2: Float64Array;
  /** N, N', N'' and their cotangents, [n]. */
  net: Float64Array[]; netBar: Float64Array[];
  /** x and P of the last forward sweep (to reuse it in the reverse sweep only if nothing changed). */
  snapshot: Float64Array;
  sigma: Float64Array;
}

const workspaces = new WeakMap<TrialDerivativeSpec, Workspace>();

function workspaceFor(spec: TrialDerivativeSpec, n: number, paramCount: number): Workspace {
  const cached = workspaces.get(spec);
  if (cached !== undefined && cached.n === n) return cached;
  const sizes = spec.sizes;
  const hidden = sizes.length - 2;
  const widest = Math.max(...sizes);
  const per = (l: number): Float64Array => new Float64Array(n * sizes[l]);
  const ws: Workspace = {
    n,
    z1: [], z2: [], s1: [], s2: [], s3: [], a: [], a1: [], a2: [],
    abar: new Float64Array(n * widest), abar1: new Float64Array(n * widest), abar2: new Float64Array(n * widest),
    pbar: new Float64Array(n * widest), pbar1: new Float64Array(n * widest), pbar2: new Float64Array(n * widest),
    net: [new Float64Array(n), new Float64Array(n), new Float64Array(n)],
    netBar: [new Float64Array(n), new Float64Array(n), new Float64Array(n)],
    snapshot: new Float64Array(n + paramCount).fill(NaN),
    sigma: new Float64Array(4),
  };
  ws.a.push(new Float64Array(n)); // layer 0: x
  ws.a1.push(new Float64Array(n).fill(1)); // dx/dx = 1
  ws.a2.push(new Float64Array(n)); // d2x/dx2 = 0
  for (let l = 1; l <= hidden; l++) {
    ws.z1.push(per(l)); ws.z2.push(per(l)); ws.s1.push(per(l)); ws.s2.push(per(l)); ws.s3.push(per(l));
    ws.a.push(per(l)); ws.a1.push(per(l)); ws.a2.push(per(l));
  }
  workspaces.set(spec, ws);
  return ws;
}

/** Copies x and P into the snapshot; returns true if they equal the previous one (same forward state). */
function takeSnapshot(ws: Workspace, x: Float64Array, params: readonly Tensor[], update: boolean): boolean {
  const s = ws.snapshot;
  let k = 0;
  let same = true;
  for (let i = 0; i < x.length; i++, k++) {
    if (s[k] !== x[i]) same = false;
    if (update) s[k] = x[i];
  }
  for (const p of params) {
    const d = p.data;
    for (let i = 0; i < d.length; i++, k++) {
      if (s[k] !== d[i]) same = false;
      if (update) s[k] = d[i];
    }
  }
  return same;
}

/** The forward sweep (Taylor mode through the network, then the product rule); writes [order+1, n] into out. */
function forwardKernel(spec: TrialDerivativeSpec, x: Float64Array, params: readonly Tensor[], ws: Workspace, out: Float64Array): void {
  const { sizes, activation, order, offset, factor } = spec;
  const n = x.length;
  const hidden = sizes.length - 2;
  const sigma = ws.sigma;
  ws.a[0].set(x);
  for (let l = 1; l <= hidden; l++) {
    const w = params[2 * (l - 1)].data; // [in, width]
    const b = params[2 * (l - 1) + 1].data; // [width]
    const inW = sizes[l - 1];
    const width = sizes[l];
    const pa = ws.a[l - 1], pa1 = ws.a1[l - 1], pa2 = ws.a2[l - 1]; // [n, in]
    const a = ws.a[l], a1 = ws.a1[l], a2 = ws.a2[l]; // [n, width]
    const z1s = ws.z1[l - 1], z2s = ws.z2[l - 1], s1 = ws.s1[l - 1], s2 = ws.s2[l - 1], s3 = ws.s3[l - 1];
    for (let i = 0; i < n; i++) {
      const ri = i * inW;
      for (let j = 0; j < width; j++) {
        let z = b[j], z1 = 0, z2 = 0;
        for (let k = 0; k < inW; k++) {
          const wkj = w[k * width + j];
          z += pa[ri + k] * wkj;
          z1 += pa1[ri + k] * wkj;
          z2 += pa2[ri + k] * wkj;
        }
        activationDerivatives(activation, z, sigma);
        const o = i * width + j;
        a[o] = sigma[0];
        a1[o] = sigma[1] * z1;
        a2[o] = sigma[2] * z1 * z1 + sigma[1] * z2;
        z1s[o] = z1; z2s[o] = z2;
        s1[o] = sigma[1]; s2[o] = sigma[2]; s3[o] = sigma[3];
      }
    }
  }
  // output layer (linear): N = a W + b, N' = a' W, N'' = a'' W
  const w = params[2 * hidden].data; // [last, 1]
  const bias = params[2 * hidden + 1].data[0];
  const last = sizes[hidden];
  const pa = ws.a[hidden], pa1 = ws.a1[hidden], pa2 = ws.a2[hidden];
  const [net0, net1, net2] = ws.net;
  for (let i = 0; i < n; i++) {
    let v0 = bias, v1 = 0, v2 = 0;
    for (let k = 0; k < last; k++) {
      v0 += pa[i * last + k] * w[k];
      v1 += pa1[i * last + k] * w[k];
      v2 += pa2[i * last + k] * w[k];
    }
    net0[i] = v0; net1[i] = v1; net2[i] = v2;
  }
  // product rule: g = h1 + h2 N, g' = h1' + h2' N + h2 N', g'' = h1'' + h2'' N + 2 h2' N' + h2 N''
  for (let i = 0; i < n; i++) {
    out[i] = offset[0][i] + factor[0][i] * net0[i];
    if (order >= 1) out[n + i] = offset[1][i] + factor[1][i] * net0[i] + factor[0][i] * net1[i];
    if (order >= 2) {
      out[2 * n + i] = offset[2][i] + factor[2][i] * net0[i] + 2 * factor[1][i] * net1[i] + factor[0][i] * net2[i];
    }
  }
}

/** The reverse sweep: cotangent [order+1, n] of the output -> gradients of every parameter. */
function reverseKernel(spec: TrialDerivativeSpec, params: readonly Tensor[], ws: Workspace, gbar: Float64Array): Tensor[] {
  const { sizes, order, factor } = spec;
  const n = ws.n;
  const hidden = sizes.length - 2;
  const grads = params.map((p) => new Tensor(allocData(p.size), p.shape));
  const [nb0, nb1, nb2] = ws.netBar;
  for (let i = 0; i < n; i++) { // product rule, backwards
    const g0 = gbar[i];
    const g1 = order >= 1 ? gbar[n + i] : 0;
    const g2 = order >= 2 ? gbar[2 * n + i] : 0;
    nb0[i] = factor[0][i] * g0 + (order >= 1 ? factor[1][i] * g1 : 0) + (order >= 2 ? factor[2][i] * g2 : 0);
    nb1[i] = factor[0][i] * g1 + (order >= 2 ? 2 * factor[1][i] * g2 : 0);
    nb2[i] = factor[0][i] * g2;
  }
  // output layer
  const w = params[2 * hidden].data; // [last, 1]
  const dw = grads[2 * hidden].data;
  const last = sizes[hidden];
  const pa = ws.a[hidden], pa1 = ws.a1[hidden], pa2 = ws.a2[hidden];
  let dbias = 0;
  let abar = ws.abar, abar1 = ws.abar1, abar2 = ws.abar2; // [n, last]
  for (let i = 0; i < n; i++) {
    dbias += nb0[i];
    for (let k = 0; k < last; k++) {
      const o = i * last + k;
      dw[k] += pa[o] * nb0[i] + pa1[o] * nb1[i] + pa2[o] * nb2[i];
      abar[o] = nb0[i] * w[k];
      abar1[o] = nb1[i] * w[k];
      abar2[o] = nb2[i] * w[k];
    }
  }
  grads[2 * hidden + 1].data[0] = dbias;
  let pbar = ws.pbar, pbar1 = ws.pbar1, pbar2 = ws.pbar2;
  for (let l = hidden; l >= 1; l--) {
    const wl = params[2 * (l - 1)].data; // [in, width]
    const dwl = grads[2 * (l - 1)].data;
    const dbl = grads[2 * (l - 1) + 1].data;
    const inW = sizes[l - 1];
    const width = sizes[l];
    const qa = ws.a[l - 1], qa1 = ws.a1[l - 1], qa2 = ws.a2[l - 1]; // [n, in]
    const z1s = ws.z1[l - 1], z2s = ws.z2[l - 1], s1 = ws.s1[l - 1], s2 = ws.s2[l - 1], s3 = ws.s3[l - 1];
    const needPrev = l > 1;
    if (needPrev) {
      pbar.fill(0, 0, n * inW); pbar1.fill(0, 0, n * inW); pbar2.fill(0, 0, n * inW);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) {
        const o = i * width + j;
        const z1 = z1s[o], z2 = z2s[o];
        const zb2 = abar2[o] * s1[o];
        const zb1 = abar1[o] * s1[o] + 2 * abar2[o] * s2[o] * z1;
        const zb0 = abar[o] * s1[o] + abar1[o] * s2[o] * z1 + abar2[o] * (s3[o] * z1 * z1 + s2[o] * z2);
        dbl[j] += zb0;
        for (let k = 0; k < inW; k++) {
          const q = i * inW + k;
          dwl[k * width + j] += qa[q] * zb0 + qa1[q] * zb1 + qa2[q] * zb2;
          if (needPrev) {
            const wkj = wl[k * width + j];
            pbar[q] += zb0 * wkj;
            pbar1[q] += zb1 * wkj;
            pbar2[q] += zb2 * wkj;
          }
        }
      }
    }
    [abar, pbar] = [pbar, abar];
    [abar1, pbar1] = [pbar1, abar1];
    [abar2, pbar2] = [pbar2, abar2];
  }
  return grads;
}

/** The same function built from recorded tensor ops (forward mode for N', nested for N''). */
export function trialDerivativesGeneric(x: Tensor, params: readonly Tensor[], spec: TrialDerivativeSpec): Tensor {
  const n = x.shape[0];
  const { order, offset, factor } = spec;
  const net = (y: Tensor): Tensor => networkOutput(y, params, spec.activation);
  const ones = new Tensor(new Float64Array(n).fill(1), [n]);
  const h = (list: readonly Float64Array[], k: number): Tensor => new Tensor(list[k], [n]);
  const n0 = net(x);
  const rows = [add(h(offset, 0), mul(h(factor, 0), n0))];
  if (order >= 1) {
    const first = (y: Tensor): Tensor => jvp(net, [y], [ones]).tangent;
    const n1 = first(x);
    rows.push(add(add(h(offset, 1), mul(h(factor, 1), n0)), mul(h(factor, 0), n1)));
    if (order >= 2) {
      const n2 = jvp(first, [x], [ones]).tangent;
      rows.push(add(add(add(h(offset, 2), mul(h(factor, 2), n0)), mul(mul(h(factor, 1), n1), 2)), mul(h(factor, 0), n2)));
    }
  }
  return stack(rows);
}

const TRIAL_DERIVATIVES = defineOp<TrialDerivativeSpec>({
  name: "trialDerivatives",
  vjp: (gbar, { inputs, output, params: spec }) => {
    const [x, ...params] = inputs;
    if (isGradEnabled() || x.requiresGrad) { // differentiable rule: reverse mode over the generic twin
      return vjpOf((xx, ...pp) => trialDerivativesGeneric(xx, pp, spec), inputs, { createGraph: true }).vjp(gbar)
        .map((g, i) => (inputs[i].requiresGrad ? g : null));
    }
    const ws = workspaceFor(spec, x.shape[0], params.reduce((s, p) => s + p.size, 0));
    if (!takeSnapshot(ws, x.data, params, true)) forwardKernel(spec, x.data, params, ws, new Float64Array(output.size));
    return [null, ...reverseKernel(spec, params, ws, gbar.data)];
  },
  jvp: (tangents, { inputs, params: spec }) => {
    const filled = inputs.map((t, i) => tangents[i] ?? new Tensor(new Float64Array(t.size), t.shape));
    // not recording: differentiate constants (a nested jvp of inputs that require grad would see no graph)
    const primals = isGradEnabled() ? inputs : inputs.map((t) => t.detach());
    return jvp((xx, ...pp) => trialDerivativesGeneric(xx, pp, spec), primals, filled).tangent;
  },
});

/**
 * [g_t; g_t'; g_t''] at the points x [n] for the parameters P (fused kernel,
 * reverse rule by hand): shape [spec.order + 1, n].
 */
export function trialDerivatives(x: Tensor, params: readonly Tensor[], spec: TrialDerivativeSpec): Tensor {
  const n = x.shape[0];
  const ws = workspaceFor(spec, n, params.reduce((s, p) => s + p.size, 0));
  const out = allocData((spec.order + 1) * n);
  forwardKernel(spec, x.data, params, ws, out);
  takeSnapshot(ws, x.data, params, true);
  return TRIAL_DERIVATIVES.record(new Tensor(out, [spec.order + 1, n]), [x, ...params], spec);
}
