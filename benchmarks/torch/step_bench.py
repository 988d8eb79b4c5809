#!/usr/bin/env python3
"""PyTorch's row of StepBenchmark: one training step of the benchmark's MLP on one thread.

The network of mnist_bench.py (conf/mnist-mlp.yaml's layers), Adam 1e-3, batch 64, on seeded
noise of MNIST's shape, as StepBenchmark times DL4J's and sparktrain's steps. For each line
"STEPS" read on stdin it runs that many steps and prints the samples/s of that round, so that the
Java side can interleave PyTorch's rounds with its own. Stops at the end of stdin.
  printf '300\\n300\\n' | python3 benchmarks/torch/step_bench.py
"""
import sys
import time

import torch
from torch import nn

from mnist_bench import network

BATCH = 64
BATCHES = 16


def main():
    torch.set_num_threads(1)
    torch.manual_seed(42)
    model = network("mlp", 10)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    xs = [torch.rand(BATCH, 784) for _ in range(BATCHES)]
    ys = [torch.randint(0, 10, (BATCH,)) for _ in range(BATCHES)]
    print("ready", flush=True)
    for line in sys.stdin:
        steps = int(line)
        start = time.perf_counter()
        for s in range(steps):
            optimizer.zero_grad()
            loss_fn(model(xs[s % BATCHES]), ys[s % BATCHES]).backward()
            optimizer.step()
        print(steps * BATCH / (time.perf_counter() - start), flush=True)


if __name__ == "__main__":
    main()
