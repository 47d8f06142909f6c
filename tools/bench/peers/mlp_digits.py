"""Peer of the `mlp-digits` workload: the lecture's textbook network class (one sigmoid hidden
layer, softmax output, hand-written backpropagation, minibatch SGD with the gradient summed over
the batch) in NumPy or in PyTorch tensors, one thread, float64 like nnlab.

usage: mlp_digits.py numpy|torch   (settings as JSON on stdin, see tools/bench/workloads/mlp-digits.mjs)
"""
import sys
from types import SimpleNamespace

from common import Clock, emit, load_digits_csv, need, one_thread_torch, settings, threads_note


def numpy_ops(np, seed):
    """The array operations the class needs, in NumPy."""
    rng = np.random.default_rng(seed)

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    return SimpleNamespace(
        randn=rng.standard_normal, full=np.full, softmax=softmax,
        sigmoid=lambda z: 1.0 / (1.0 + np.exp(-z)),
        sum_rows=lambda a: a.sum(axis=0), argmax_rows=lambda a: a.argmax(axis=1),
        choose=lambda n, k: rng.choice(n, size=k, replace=False))


def torch_ops(torch, seed):
    """The same operations in PyTorch (float64, seeded generator)."""
    gen = torch.Generator().manual_seed(seed)
    return SimpleNamespace(
        randn=lambda shape: torch.randn(*shape, dtype=torch.float64, generator=gen),
        full=lambda n, v: torch.full((n,), v, dtype=torch.float64),
        softmax=lambda z: torch.softmax(z, dim=1), sigmoid=torch.sigmoid,
        sum_rows=lambda a: a.sum(dim=0), argmax_rows=lambda a: a.argmax(dim=1),
        choose=lambda n, k: torch.randperm(n, generator=gen)[:k])


class NeuralNetwork:
    """The lecture's textbook class, written once over `ops` (NumPy or PyTorch)."""

    def __init__(self, ops, X, Y, n_hidden, n_categories, epochs, batch_size, eta, lmbd):
        self.ops, self.X, self.Y = ops, X, Y
        self.n_inputs, n_features = X.shape
        self.epochs, self.batch_size, self.eta, self.lmbd = epochs, batch_size, eta, lmbd
        self.iterations = self.n_inputs // batch_size
        self.hidden_weights = ops.randn((n_features, n_hidden))
        self.hidden_bias = ops.full(n_hidden, 0.01)
        self.output_weights = ops.randn((n_hidden, n_categories))
        self.output_bias = ops.full(n_categories, 0.01)

    def feed_forward(self, X):
        a_h = self.ops.sigmoid(X @ self.hidden_weights + self.hidden_bias)
        return a_h, self.ops.softmax(a_h @ self.output_weights + self.output_bias)

    def backpropagation(self, X, Y):
        a_h, probabilities = self.feed_forward(X)
        error_output = probabilities - Y
        error_hidden = (error_output @ self.output_weights.T) * a_h * (1 - a_h)
        g_wo = a_h.T @ error_output
        g_bo = self.ops.sum_rows(error_output)
        g_wh = X.T @ error_hidden
        g_bh = self.ops.sum_rows(error_hidden)
        if self.lmbd > 0:
            g_wo += self.lmbd * self.output_weights
            g_wh += self.lmbd * self.hidden_weights
        self.output_weights -= self.eta * g_wo
        self.output_bias -= self.eta * g_bo
        self.hidden_weights -= self.eta * g_wh
        self.hidden_bias -= self.eta * g_bh

    def train(self):
        for _ in range(self.epochs):
            for _ in range(self.iterations):
                chosen = self.ops.choose(self.n_inputs, self.batch_size)
                self.backpropagation(self.X[chosen], self.Y[chosen])
        return self

    def predict(self, X):
        return self.ops.argmax_rows(self.feed_forward(X)[1])


def main():
    system = sys.argv[1]
    s = settings()
    np = need("numpy", "python3-numpy")
    features, labels = load_digits_csv(s["dataFile"])
    train, test = s["trainIndices"], s["testIndices"]
    onehot = np.eye(s["nCategories"])[labels]
    if system == "numpy":
        ops = lambda: numpy_ops(np, s["seed"])
        X, Y, Xtest, version = features[train], onehot[train], features[test], np.__version__
        correct = lambda predicted: float((predicted == labels[test]).mean())
    elif system == "torch":
        torch = one_thread_torch()
        ops = lambda: torch_ops(torch, s["seed"])
        X, Y, Xtest = (torch.from_numpy(np.ascontiguousarray(a)) for a in (features[train], onehot[train], features[test]))
        version = torch.__version__
        correct = lambda predicted: float((predicted.numpy() == labels[test]).mean())
    else:
        raise SystemExit(f"mlp_digits.py: unknown system {system}")
    make = lambda epochs: NeuralNetwork(ops(), X, Y, s["nHidden"], s["nCategories"], epochs, s["batchSize"], s["eta"], s["lmbd"])
    make(s["warmupEpochs"]).train()
    net = make(s["epochs"])
    clock = Clock()
    net.train()
    seconds, cpu = clock.read()
    emit({"seconds": seconds, "cpuSeconds": cpu, "accuracy": correct(net.predict(Xtest)),
          "version": version, "threads": threads_note()})


if __name__ == "__main__":
    main()
