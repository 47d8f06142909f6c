"""Shared helpers of the Python peers of `npm run bench` (tools/bench/peers/*.py).

Every peer reads its settings as one JSON object on stdin, prints one JSON record per
line on stdout, and exits with status 3 (with the reason on stderr) when the library it
needs is not installed, so that the driver skips it with that message.
"""
import gzip
import importlib
import json
import os
import sys
import time

SKIP_EXIT = 3  # tools/bench/harness.mjs: PEER_SKIP_EXIT


def need(module, package):
    """Import `module`, or exit with SKIP_EXIT and say which Debian package provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        sys.stderr.write(f"{module} is not importable by {sys.executable} ({error}); install Debian's {package}\n")
        sys.exit(SKIP_EXIT)


def one_thread_torch():
    """PyTorch on one thread (intra- and inter-op), or a skip when it is missing."""
    torch = need("torch", "python3-torch")
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set
    return torch


def settings():
    return json.loads(sys.stdin.read() or "{}")


def emit(record):
    """Print a record, with this process's peak resident memory (the driver reports it as peakRssMB)."""
    import resource
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    print(json.dumps({**record, "peakRssMB": round(peak_mb)}), flush=True)


class Clock:
    """Wall and CPU (this process, all threads) seconds since construction."""

    def __init__(self):
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()

    def read(self):
        return time.perf_counter() - self.wall0, time.process_time() - self.cpu0


def load_digits_csv(path):
    """The 8x8 digits file nnlab's loadDigits reads: one image per line, 64 pixels (0..16) then the label."""
    import numpy as np
    with gzip.open(path, "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    return rows[:, :64], rows[:, 64].astype(np.int64)


def read_idx(path):
    """An uncompressed IDX file (LeCun's MNIST format) as a uint8 numpy array of its shape."""
    import numpy as np
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def threads_note():
    return {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
