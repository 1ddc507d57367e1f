"""PyTorch CPU reference for the zoo inference benchmark (tools/bench/suites/zoo-inference.mjs). Prints one JSON line.

Builds the fbnas.arch/v1 architecture given on the command line with the independent PyTorch implementation in
tools/python/fbnet_reference.py (eval mode, random weights), and times a batch-1 forward pass.
Usage: /usr/bin/python3 pytorch-inference.py ARCH_JSON THREADS REPEATS
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
from fbnet_reference import Net  # noqa: E402

arch_path, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
with open(arch_path) as f:
    arch = json.load(f)
arch.setdefault('numClasses', 1000)
net = Net(arch).eval()
x = torch.randn(1, 3, arch['inputSize'], arch['inputSize'])
times = []
with torch.no_grad():
    for _ in range(5):
        net(x)
    for _ in range(repeats):
        t = time.perf_counter()
        net(x).sum().item()
        times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "name": arch['name'],
                  "forwardMs": times[len(times) // 2]}))
