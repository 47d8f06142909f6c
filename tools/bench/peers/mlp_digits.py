"""Peer of the `mlp-digits` workload: the lecture's textbook network class (one sigmoid hidden
layer, softmax output, hand-written backpropagation, minibatch SGD with the gradient summed over
the batch) in NumPy or in PyTorch tensors, one thread, float64 like nnlab.

usage: mlp_digits.py numpy|torch   (settings as JSON on stdin, see tools/bench/workloads/mlp-digits.mjs)
"""
import sys

from common import Clock, emit, load_digits_csv, need, one_thread_torch, settings, threads_note


def numpy_network(np):
    class NeuralNetwork:
        def __init__(self, X, Y, n_hidden, n_categories, epochs, batch_size, eta, lmbd, seed):
            self.X, self.Y = X, Y
            self.n_inputs, n_features = X.shape
            self.epochs, self.batch_size, self.eta, self.lmbd = epochs, batch_size, eta, lmbd
            self.iterations = self.n_inputs // batch_size
            self.rng = np.random.default_rng(seed)
            self.hidden_weights = self.rng.standard_normal((n_features, n_hidden))
            self.hidden_bias = np.zeros(n_hidden) + 0.01
            self.output_weights = self.rng.standard_normal((n_hidden, n_categories))
            self.output_bias = np.zeros(n_categories) + 0.01

        def feed_forward(self, X):
            a_h = 1.0 / (1.0 + np.exp(-(X @ self.hidden_weights + self.hidden_bias)))
            z_o = a_h @ self.output_weights + self.output_bias
            e = np.exp(z_o - z_o.max(axis=1, keepdims=True))
            return a_h, e / e.sum(axis=1, keepdims=True)

        def backpropagation(self, X, Y):
            a_h, probabilities = self.feed_forward(X)
            error_output = probabilities - Y
            error_hidden = (error_output @ self.output_weights.T) * a_h * (1 - a_h)
            g_wo = a_h.T @ error_output
            g_bo = error_output.sum(axis=0)
            g_wh = X.T @ error_hidden
            g_bh = error_hidden.sum(axis=0)
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
                    chosen = self.rng.choice(self.n_inputs, size=self.batch_size, replace=False)
                    self.backpropagation(self.X[chosen], self.Y[chosen])
            return self

        def predict(self, X):
            return self.feed_forward(X)[1].argmax(axis=1)

    return NeuralNetwork


def torch_network(torch):
    class NeuralNetwork:
        def __init__(self, X, Y, n_hidden, n_categories, epochs, batch_size, eta, lmbd, seed):
            self.X, self.Y = X, Y
            self.n_inputs, n_features = X.shape
            self.epochs, self.batch_size, self.eta, self.lmbd = epochs, batch_size, eta, lmbd
            self.iterations = self.n_inputs // batch_size
            self.gen = torch.Generator().manual_seed(seed)
            opts = {"dtype": torch.float64, "generator": self.gen}
            self.hidden_weights = torch.randn(n_features, n_hidden, **opts)
            self.hidden_bias = torch.full((n_hidden,), 0.01, dtype=torch.float64)
            self.output_weights = torch.randn(n_hidden, n_categories, **opts)
            self.output_bias = torch.full((n_categories,), 0.01, dtype=torch.float64)

        def feed_forward(self, X):
            a_h = torch.sigmoid(X @ self.hidden_weights + self.hidden_bias)
            return a_h, torch.softmax(a_h @ self.output_weights + self.output_bias, dim=1)

        def backpropagation(self, X, Y):
            a_h, probabilities = self.feed_forward(X)
            error_output = probabilities - Y
            error_hidden = (error_output @ self.output_weights.T) * a_h * (1 - a_h)
            g_wo = a_h.T @ error_output
            g_bo = error_output.sum(dim=0)
            g_wh = X.T @ error_hidden
            g_bh = error_hidden.sum(dim=0)
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
                    chosen = torch.randperm(self.n_inputs, generator=self.gen)[: self.batch_size]
                    self.backpropagation(self.X[chosen], self.Y[chosen])
            return self

        def predict(self, X):
            return self.feed_forward(X)[1].argmax(dim=1)

    return NeuralNetwork


def main():
    system = sys.argv[1]
    s = settings()
    np = need("numpy", "python3-numpy")
    features, labels = load_digits_csv(s["dataFile"])
    train, test = s["trainIndices"], s["testIndices"]
    onehot = np.eye(s["nCategories"])[labels]
    if system == "numpy":
        cls = numpy_network(np)
        X, Y, Xtest, version = features[train], onehot[train], features[test], np.__version__
        correct = lambda predicted: float((predicted == labels[test]).mean())
    elif system == "torch":
        torch = one_thread_torch()
        cls = torch_network(torch)
        X, Y, Xtest = (torch.from_numpy(np.ascontiguousarray(a)) for a in (features[train], onehot[train], features[test]))
        version = torch.__version__
        correct = lambda predicted: float((predicted.numpy() == labels[test]).mean())
    else:
        raise SystemExit(f"mlp_digits.py: unknown system {system}")
    make = lambda epochs: cls(X, Y, s["nHidden"], s["nCategories"], epochs, s["batchSize"], s["eta"], s["lmbd"], s["seed"])
    make(s["warmupEpochs"]).train()
    net = make(s["epochs"])
    clock = Clock()
    net.train()
    seconds, cpu = clock.read()
    emit({"seconds": seconds, "cpuSeconds": cpu, "accuracy": correct(net.predict(Xtest)),
          "version": version, "threads": threads_note()})


if __name__ == "__main__":
    main()
