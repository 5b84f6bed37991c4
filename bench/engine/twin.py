"""PyTorch twin of the Swift engine bench (bench/engine/Driver).

The Swift driver starts this script once and sends it one JSON command per line on stdin; the
twin runs the same case as the Swift engine (same shapes, same work, the thread count each command names) and answers with
one JSON line on stdout, so Swift and PyTorch measurements alternate within one run.

First line written: {"ready": true, "torch": VERSION, "threads": N} or {"ready": false, "error": ...}.
Commands: {"case": "gemm", "n": 256, "iterations": 10, "threads": 1}
          {"case": "conv", "batch": 32, "cin": 3, "cout": 32, "size": 64, "iterations": 3, "threads": 1}
          {"case": "resnet", "batch": 32, "size": 64, "classes": 7, "iterations": 2, "threads": 1}
          a "resnet" command may add "width" (base width, default 32), "stem_stride" (default 1),
          "learning_rate" (default 1e-3) and "clip_norm" (gradient-norm clipping, default none): the
          kit's quick-profile ResNet-18 is width 8, stride-2 stem, lr 3e-3, clipped at 5.
Answer:   {"seconds": mean seconds per iteration of this repeat}
"""
import json
import os
import sys
import time
import warnings


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as error:  # torch missing or broken: the Swift side reports itself alone
    say({"ready": False, "error": f"cannot import torch: {error}"})
    sys.exit(0)

THREADS = int(os.environ.get("LLDIF_THREADS", "2"))
torch.set_num_threads(THREADS)
torch.manual_seed(0)


class BasicBlock(nn.Module):
    """Two 3x3 conv-BN layers with ReLU and an identity (or 1x1 conv-BN) shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet18(nn.Module):
    """Width-scaled ResNet-18: 3x3 stem (stride 1 or 2), no max-pool, stages C-2C-4C-8C."""

    def __init__(self, classes, widths=(32, 64, 128, 256), stem_stride=1):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, stem_stride, 1, bias=False), nn.BatchNorm2d(widths[0]),
                                  nn.ReLU())
        blocks, cin = [], widths[0]
        for stage, width in enumerate(widths):
            for index in range(2):
                blocks.append(BasicBlock(cin, width, 2 if stage > 0 and index == 0 else 1))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.head(x.mean(dim=(2, 3)))


def timed(step, iterations):
    step()  # warm-up: allocations, oneDNN primitive creation
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    return (time.perf_counter() - start) / iterations


cache = {}


def gemm(command):
    n = command["n"]
    key = ("gemm", n)
    if key not in cache:
        cache[key] = (torch.randn(n, n), torch.randn(n, n), torch.empty(n, n))
    a, b, c = cache[key]
    return timed(lambda: torch.mm(a, b, out=c), command["iterations"])


def conv(command):
    batch, cin, cout, size = command["batch"], command["cin"], command["cout"], command["size"]
    key = ("conv", batch, cin, cout, size)
    if key not in cache:
        x = torch.randn(batch, cin, size, size, requires_grad=True)
        w = torch.randn(cout, cin, 3, 3, requires_grad=True)
        cache[key] = (x, w, torch.randn(batch, cout, size, size))
    x, w, grad = cache[key]

    def step():
        x.grad = None
        w.grad = None
        F.conv2d(x, w, padding=1).backward(grad)

    return timed(step, command["iterations"])


def resnet(command):
    batch, size, classes = command["batch"], command["size"], command["classes"]
    width, stem_stride = command.get("width", 32), command.get("stem_stride", 1)
    clip_norm = command.get("clip_norm")
    key = ("resnet", batch, size, classes, width, stem_stride, clip_norm)
    if key not in cache:
        model = ResNet18(classes, widths=tuple(width << i for i in range(4)), stem_stride=stem_stride)
        model.train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=command.get("learning_rate", 1e-3), weight_decay=0.05)
        images = torch.randn(batch, 3, size, size)
        labels = torch.randint(0, classes, (batch,))
        cache[key] = (model, optimizer, images, labels)
    model, optimizer, images, labels = cache[key]

    def step():
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(images), labels).backward()
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        optimizer.step()

    return timed(step, command["iterations"])


CASES = {"gemm": gemm, "conv": conv, "resnet": resnet}


def main():
    say({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            torch.set_num_threads(command.get("threads", THREADS))
            say({"seconds": CASES[command["case"]](command)})
        except Exception as error:
            say({"error": f"{command.get('case')}: {error}"})


if __name__ == "__main__":
    main()
