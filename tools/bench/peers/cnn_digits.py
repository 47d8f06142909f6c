"""Peer of the `cnn-digits` workload: the CNN lecture's network in PyTorch, one thread:
Conv2d(1 -> 10, 3x3, 'valid') + ReLU, 2x2 max-pool, Linear(90 -> 50) + ReLU, Linear(50 -> 10),
mean softmax cross-entropy, plain SGD (lr 0.1), batches of 100 from a fresh shuffle each epoch
(last batch partial), Glorot-uniform weights and zero biases (Keras' defaults, as nnlab's lectureCnn).
Pixels / 16 in [0, 1]; the split is nnlab's (indices on stdin).

usage: cnn_digits.py float32|float64   (settings as JSON on stdin, see tools/bench/workloads/cnn-digits.mjs)
"""
import sys

from common import Clock, emit, load_digits_csv, need, one_thread_torch, settings, threads_note


def main():
    dtype_name = sys.argv[1]
    s = settings()
    np = need("numpy", "python3-numpy")
    torch = one_thread_torch()
    dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
    nn = torch.nn
    features, labels = load_digits_csv(s["dataFile"])
    images = torch.from_numpy(features / 16.0).to(dtype).reshape(-1, 1, 8, 8)
    targets = torch.from_numpy(labels)
    train, test = torch.tensor(s["trainIndices"]), torch.tensor(s["testIndices"])
    X, Y, Xtest, Ytest = images[train], targets[train], images[test], targets[test]

    def model(seed):
        torch.manual_seed(seed)
        net = nn.Sequential(nn.Conv2d(1, s["filters"], s["kernel"]), nn.ReLU(), nn.MaxPool2d(s["pool"]), nn.Flatten(),
                            nn.Linear(s["filters"] * 3 * 3, s["hidden"]), nn.ReLU(), nn.Linear(s["hidden"], s["classes"])).to(dtype)
        for layer in net:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
        return net

    def fit(net, epochs, seed):
        gen = torch.Generator().manual_seed(seed)
        optimizer = torch.optim.SGD(net.parameters(), lr=s["learningRate"])
        loss_fn = nn.CrossEntropyLoss()
        n = X.shape[0]
        for _ in range(epochs):
            order = torch.randperm(n, generator=gen)
            for start in range(0, n, s["batchSize"]):
                chosen = order[start:start + s["batchSize"]]
                optimizer.zero_grad()
                loss = loss_fn(net(X[chosen]), Y[chosen])
                loss.backward()
                optimizer.step()
                loss.item()  # read the loss, as a training loop that reports it does

    fit(model(99), s["warmupEpochs"], 99)
    net = model(s["seed"])
    clock = Clock()
    fit(net, s["epochs"], s["seed"])
    seconds, cpu = clock.read()
    with torch.no_grad():
        accuracy = float((net(Xtest).argmax(dim=1) == Ytest).double().mean())
    emit({"seconds": seconds, "cpuSeconds": cpu, "accuracy": accuracy, "version": torch.__version__, "threads": threads_note()})


if __name__ == "__main__":
    main()
