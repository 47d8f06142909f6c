"""Peer of the `nielsen-mnist` workload: Nielsen's Network([784, 30, 10]) (sigmoid neurons, quadratic
cost, N(0, 1) weights and biases, minibatch SGD) in matrix form: one forward and one backward
matrix pass per minibatch (the examples are rows), in NumPy or in PyTorch, one thread, float64.

usage: nielsen_mnist.py numpy|torch   (settings as JSON on stdin, see tools/bench/workloads/nielsen-mnist.mjs)
"""
import os
import sys

from common import Clock, emit, need, one_thread_torch, read_idx, settings, threads_note


def sgd_epoch(X, Y, weights, biases, order, batch, eta, sigmoid, sum_rows):
    """One epoch of Nielsen's SGD, a whole minibatch per matrix pass (NumPy or PyTorch arrays)."""
    for k in range(0, len(order), batch):
        chosen = order[k:k + batch]
        x, y = X[chosen], Y[chosen]
        activations = [x]
        for w, b in zip(weights, biases):
            activations.append(sigmoid(activations[-1] @ w.T + b))
        s = activations[-1]
        delta = (s - y) * s * (1 - s)  # quadratic cost: (a - y) ⊙ σ'(z)
        for i in range(len(weights) - 1, -1, -1):
            nabla_w = delta.T @ activations[i]
            nabla_b = sum_rows(delta)
            if i > 0:
                a = activations[i]
                delta = (delta @ weights[i]) * a * (1 - a)
            weights[i] -= (eta / len(chosen)) * nabla_w
            biases[i] -= (eta / len(chosen)) * nabla_b


def feed(a, weights, biases, sigmoid):
    for w, b in zip(weights, biases):
        a = sigmoid(a @ w.T + b)
    return a


def train_numpy(np, X, Y, sizes, rows, batch, eta, seed):
    rng = np.random.default_rng(seed)
    biases = [rng.standard_normal(n) for n in sizes[1:]]
    weights = [rng.standard_normal((n, m)) for m, n in zip(sizes[:-1], sizes[1:])]
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))
    sgd_epoch(X, Y, weights, biases, rng.permutation(rows), batch, eta, sigmoid, lambda a: a.sum(axis=0))
    return lambda inputs: np.argmax(feed(inputs, weights, biases, sigmoid), axis=1)


def train_torch(torch, X, Y, sizes, rows, batch, eta, seed):
    gen = torch.Generator().manual_seed(seed)
    opts = {"dtype": torch.float64, "generator": gen}
    biases = [torch.randn(n, **opts) for n in sizes[1:]]
    weights = [torch.randn(n, m, **opts) for m, n in zip(sizes[:-1], sizes[1:])]
    sgd_epoch(X, Y, weights, biases, torch.randperm(rows, generator=gen), batch, eta, torch.sigmoid, lambda a: a.sum(dim=0))
    return lambda inputs: torch.argmax(feed(inputs, weights, biases, torch.sigmoid), dim=1).numpy()


def main():
    system = sys.argv[1]
    s = settings()
    np = need("numpy", "python3-numpy")
    d = s["mnistDir"]
    images = read_idx(os.path.join(d, "train-images-idx3-ubyte")).reshape(-1, 784)
    labels = read_idx(os.path.join(d, "train-labels-idx1-ubyte")).astype(np.int64)
    X = images[:50000] / 255.0                   # Nielsen's training set: the first 50,000 images
    Y = np.eye(10)[labels[:50000]]
    Xtest = read_idx(os.path.join(d, "t10k-images-idx3-ubyte")).reshape(-1, 784) / 255.0
    ytest = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte")).astype(np.int64)
    if system == "numpy":
        train, version = (lambda *a: train_numpy(np, *a)), np.__version__
    elif system == "torch":
        torch = one_thread_torch()
        X, Y, Xtest = torch.from_numpy(X), torch.from_numpy(Y), torch.from_numpy(Xtest)
        train, version = (lambda *a: train_torch(torch, *a)), torch.__version__
    else:
        raise SystemExit(f"nielsen_mnist.py: unknown system {system}")
    sizes, batch, eta = s["sizes"], s["miniBatchSize"], s["eta"]
    train(X, Y, sizes, s["warmupRows"], batch, eta, s["seed"] + 98)  # warm-up
    clock = Clock()
    predict = train(X, Y, sizes, s["rows"], batch, eta, s["seed"])
    seconds, cpu = clock.read()
    accuracy = float((predict(Xtest) == ytest).mean())
    emit({"seconds": seconds, "cpuSeconds": cpu, "accuracy": accuracy, "version": version, "threads": threads_note()})


if __name__ == "__main__":
    main()
