"""PyTorch CPU reference for the MBConv block benchmark (tools/bench). Prints one JSON line.

Block: 1x1 conv 16->96, BN, ReLU, 3x3 depthwise, BN, ReLU, 1x1 conv 96->16, BN, residual add;
batch 32, 32x32 NCHW input; loss = mean squared error to a fixed random target; SGD(lr=0.01).
Usage: /usr/bin/python3 pytorch-block.py THREADS FORWARD_REPEATS STEP_REPEATS
"""
import json
import sys
import time

import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
fwd_reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
step_reps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
torch.set_num_threads(threads)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(16, 96, 1, bias=False), nn.BatchNorm2d(96, eps=1e-5), nn.ReLU(),
            nn.Conv2d(96, 96, 3, padding=1, groups=96, bias=False), nn.BatchNorm2d(96, eps=1e-5), nn.ReLU(),
            nn.Conv2d(96, 16, 1, bias=False), nn.BatchNorm2d(16, eps=1e-5),
        )

    def forward(self, x):
        return x + self.body(x)


model = Block().train()
x = torch.randn(32, 16, 32, 32)
target = torch.randn(32, 16, 32, 32)
opt = torch.optim.SGD(model.parameters(), lr=0.01)


def median(values):
    s = sorted(values)
    return s[len(s) // 2]


def forward():
    with torch.no_grad():
        model(x).sum().item()


def step():
    opt.zero_grad(set_to_none=True)
    loss = ((model(x) - target) ** 2).mean()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(3):
    forward()
    step()
fwd = []
for _ in range(fwd_reps):
    t = time.perf_counter(); forward(); fwd.append((time.perf_counter() - t) * 1000)
steps = []
for _ in range(step_reps):
    t = time.perf_counter(); step(); steps.append((time.perf_counter() - t) * 1000)
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                  "forwardMs": median(fwd), "stepMs": median(steps)}))
