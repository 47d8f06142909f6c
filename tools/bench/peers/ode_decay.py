"""Peer of the `ode-decay` workload: the ODE lecture's problem g' = -gamma g, g(0) = g0, solved by
plain gradient descent on the trial solution g_t(x) = g0 + x N(x, P) (N: 1-10-1, sigmoid hidden
layer, linear output) in PyTorch, one thread, float64. g_t'(x) comes from autograd with
create_graph=True, so the cost sum_i (g_t'(x_i) + gamma g_t(x_i))^2 can be differentiated again
with respect to P. The initial P is nnlab's (sent on stdin), so both start from the same point.

usage: ode_decay.py torch   (settings as JSON on stdin, see tools/bench/workloads/ode-decay.mjs)
"""
import math
import sys

from common import Clock, emit, one_thread_torch, settings, threads_note


def main():
    if sys.argv[1] != "torch":
        raise SystemExit(f"ode_decay.py: unknown system {sys.argv[1]}")
    torch = one_thread_torch()
    s = settings()
    gamma, g0, eta = s["gamma"], s["g0"], s["eta"]
    initial = [(p["data"], p["shape"]) for p in s["parameters"]]

    def trial(x, P):
        a = x
        for l in range(0, len(P), 2):
            z = a @ P[l] + P[l + 1]
            a = torch.sigmoid(z) if l + 2 < len(P) else z  # the output layer is linear
        return g0 + x * a

    def solve(iterations):
        P = [torch.tensor(data, dtype=torch.float64).reshape(shape).requires_grad_() for data, shape in initial]
        x = torch.linspace(0, 1, s["points"], dtype=torch.float64).reshape(-1, 1).requires_grad_()
        def cost():
            g = trial(x, P)
            (dg,) = torch.autograd.grad(g.sum(), x, create_graph=True)  # rows are independent: d/dx of the sum = g_t'(x_i)
            return ((dg + gamma * g) ** 2).sum()

        for _ in range(iterations):
            cost().backward(inputs=P)  # the gradient with respect to P only
            with torch.no_grad():
                for p in P:
                    p -= eta * p.grad
                    p.grad = None
        with torch.no_grad():
            grid = torch.linspace(0, 1, 100, dtype=torch.float64).reshape(-1, 1)
            err = max(abs(float(v) - g0 * math.exp(-gamma * float(t))) for v, t in zip(trial(grid, P).flatten(), grid.flatten()))
        return err, float(cost())

    solve(s["warmupIterations"])
    clock = Clock()
    max_error, final_cost = solve(s["iterations"])
    seconds, cpu = clock.read()
    emit({"seconds": seconds, "cpuSeconds": cpu, "maxError": max_error, "finalCost": final_cost,
          "version": torch.__version__, "threads": threads_note()})


if __name__ == "__main__":
    main()
