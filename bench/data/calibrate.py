"""Difficulty check for SynFER: train a ResNet-18-layout CNN on faces exported by
`lldif data synth` and report test accuracy, normal light and low light.

    lldif data synth --flavour syn-raf --split train --count 12271 --low-light sensor --out DIR/train
    lldif data synth --flavour syn-raf --split test  --count 3068  --low-light sensor --out DIR/test
    bench/.venv/bin/python bench/data/calibrate.py DIR [--epochs 10] [--width 32]

Not part of CI: a calibration aid for the generator's knobs (SynFERConfig).
"""
import argparse, csv, json, os, sys, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image


def load(folder, low_light):
    rows = list(csv.DictReader(open(os.path.join(folder, "labels.csv"))))
    sub = "" if low_light else "normal"
    x = np.stack([np.asarray(Image.open(os.path.join(folder, sub, r["file"])).convert("RGB")) for r in rows])
    y = np.array([int(r["label"]) for r in rows])
    return torch.tensor(x).permute(0, 3, 1, 2).float().div(255), torch.tensor(y)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.b2 = nn.BatchNorm2d(cout)
        self.skip = None if stride == 1 and cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = F.relu(self.b1(self.c1(x)))
        h = self.b2(self.c2(h))
        return F.relu(h + (x if self.skip is None else self.skip(x)))


class ResNet18(nn.Module):
    """ResNet-18 layout ([2, 2, 2, 2] basic blocks) with a 3x3 stem (stride 1 or 2) and max-pool."""
    def __init__(self, classes, w, stem_stride):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, w, 3, stem_stride, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2))
        layers, cin = [], w
        for i, cout in enumerate([w, 2 * w, 4 * w, 8 * w]):
            layers += [Block(cin, cout, 1 if i == 0 else 2), Block(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(self.layers(self.stem(x)).mean((2, 3)))


def augment(x, g):
    flip = torch.rand(x.shape[0], generator=g) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    pad = F.pad(x, (4, 4, 4, 4), mode="replicate")
    dx, dy = torch.randint(0, 9, (2,), generator=g).tolist()
    return pad[:, :, dy:dy + x.shape[2], dx:dx + x.shape[3]]


def run(root, low_light, epochs, width, stem_stride, seed=0):
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    xtr, ytr = load(os.path.join(root, "train"), low_light)
    xte, yte = load(os.path.join(root, "test"), low_light)
    mean, std = xtr.mean(), xtr.std()
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    model = ResNet18(int(ytr.max()) + 1, width, stem_stride)
    opt = torch.optim.AdamW(model.parameters(), 2e-3, weight_decay=5e-4)
    steps = epochs * (len(xtr) // 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 2e-3, total_steps=steps)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xtr), generator=g)
        t0 = time.time()
        for b in range(len(xtr) // 128):
            idx = order[b * 128:(b + 1) * 128]
            loss = F.cross_entropy(model(augment(xtr[idx], g)), ytr[idx], label_smoothing=0.1)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(xte[i:i + 512]).argmax(1) for i in range(0, len(xte), 512)])
        acc = (pred == yte).float().mean().item()
        print(f"{'LL' if low_light else 'normal'} epoch {epoch + 1}: loss {loss.item():.3f} test acc {acc:.4f} ({time.time() - t0:.0f}s)", flush=True)
    return acc


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("root"); p.add_argument("--epochs", type=int, default=10); p.add_argument("--width", type=int, default=32)
    p.add_argument("--stem-stride", type=int, default=1, help="2 quarters the compute (for busy machines)")
    p.add_argument("--out", default="figures/bench/synfer-difficulty.json")
    a = p.parse_args()
    torch.set_num_threads(2)
    result = {"model": f"ResNet-18 layout, width {a.width}, stem stride {a.stem_stride}", "epochs": a.epochs,
              "normal": run(a.root, False, a.epochs, a.width, a.stem_stride),
              "low_light_sensor": run(a.root, True, a.epochs, a.width, a.stem_stride)}
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    json.dump(result, open(a.out, "w"), indent=2)
    print(json.dumps(result))
