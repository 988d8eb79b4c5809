#!/usr/bin/env python3
"""PyTorch rows of the engine benchmark (benchmarks/run.sh, EngineBenchmark.java).

Reads the MNIST examples and per-epoch orders the Java benchmark wrote (BenchData.write: int32
header, float32 features, int32 labels, int32 orders, little-endian), builds the benchmark's MLP
or LeNet CNN with PyTorch's default initialisation (not DL4J's Xavier: the weights cannot be the
same, the layers are), and trains it with Adam 1e-3 on the same batches in the same order as
single-machine DL4J. For every line read on stdin it trains one epoch, evaluates on the validation
examples and prints one JSON line: {"epoch", "examples", "seconds", "validationAccuracy"}, where
seconds is the training alone. Stops at the end of stdin. For a check by hand:
  printf 'epoch 0\\nepoch 1\\n' | python3 benchmarks/torch/mnist_bench.py --data FILE --network cnn
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
from torch import nn

MAGIC = 0x53544D42
VERSION = 1
HEADER = 10


def read(path):
    """The file's splits as tensors and its orders as numpy arrays."""
    raw = np.fromfile(path, dtype="<i4", count=HEADER)
    (magic, version, n_train, n_val, features, height, width, channels, classes,
     epochs) = map(int, raw)
    if magic != MAGIC or version != VERSION:
        sys.exit(f"{path}: not a benchmark data file of version {VERSION}")
    offset = 4 * HEADER

    def take(dtype, count):
        nonlocal offset
        values = np.fromfile(path, dtype=dtype, count=count, offset=offset)
        offset += 4 * count
        return values

    x_train = take("<f4", n_train * features).reshape(n_train, channels, height, width)
    y_train = take("<i4", n_train).astype(np.int64)
    x_val = take("<f4", n_val * features).reshape(n_val, channels, height, width)
    y_val = take("<i4", n_val).astype(np.int64)
    orders = take("<i4", epochs * n_train).reshape(epochs, n_train).astype(np.int64)
    return (torch.from_numpy(x_train), torch.from_numpy(y_train), torch.from_numpy(x_val),
            torch.from_numpy(y_val), orders, classes)


def network(kind, classes):
    """The layers of conf/mnist-mlp.yaml or benchmarks/mnist-lenet.yaml."""
    if kind == "mlp":
        return nn.Sequential(
            nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, classes))
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(), nn.Linear(500, classes))


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(y), 1024):
            logits = model(x[start:start + 1024])
            correct += (logits.argmax(1) == y[start:start + 1024]).sum().item()
    model.train()
    return correct / len(y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--network", choices=["mlp", "cnn"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train, x_val, y_val, orders, classes = read(args.data)
    model = network(args.network, classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for epoch, _ in enumerate(sys.stdin):
        if epoch >= len(orders):
            sys.exit(f"the data file holds the orders of {len(orders)} epochs, asked for more")
        order = torch.from_numpy(orders[epoch])
        start = time.perf_counter()
        for begin in range(0, len(order), args.batch):
            rows = order[begin:begin + args.batch]
            optimizer.zero_grad()
            loss_fn(model(x_train[rows]), y_train[rows]).backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch, "examples": len(order), "seconds": seconds,
                          "validationAccuracy": accuracy(model, x_val, y_val)}), flush=True)


if __name__ == "__main__":
    main()
