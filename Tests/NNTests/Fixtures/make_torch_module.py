"""Writes the fixtures that check the kit's checkpoint names against PyTorch's `state_dict`.
CI never runs this; the outputs are committed.

    bench/.venv/bin/pip install torch==2.13.0+cpu safetensors numpy
    bench/.venv/bin/python Tests/NNTests/Fixtures/make_torch_module.py

torch_module.safetensors     `Net().state_dict()` after three training-mode forward passes (so the
                             batch norm's running statistics moved and `num_batches_tracked` is 3),
                             written by `safetensors.torch.save_file`. The Swift twin of `Net`
                             (NNTests, `TorchTwin`) must load it, and write it back byte for byte.
torch_module_io.safetensors  `batch.0` … `batch.2`, the training inputs; `input` and `tokens`, an
                             evaluation-mode input; `output`, PyTorch's output for it.
"""
import os
import torch
from torch import nn
from safetensors.torch import save_file

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


class Mlp(nn.Module):
    """timm's Mlp without dropout or norm: fc1 → GELU → fc2 (the kit's `MLP`)."""

    def __init__(self, inputs, hidden):
        super().__init__()
        self.fc1 = nn.Linear(inputs, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, inputs)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Net(nn.Module):
    """conv → batch norm → ReLU → linear, plus an embedding, layer norm, MLP and a Sequential."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.norm = nn.BatchNorm2d(4)
        self.head = nn.Linear(4 * 4 * 4, 6)
        self.embedding = nn.Embedding(5, 6)
        self.ln = nn.LayerNorm(6)
        self.mlp = Mlp(6, 12)
        self.layers = nn.Sequential(nn.Linear(6, 6), nn.Linear(6, 3))

    def forward(self, x, tokens):
        h = torch.relu(self.norm(self.conv(x)))
        h = self.head(h.flatten(1)) + self.embedding(tokens)
        return self.layers(self.mlp(self.ln(h)))


net = Net()
for layer in (net.norm, net.ln):  # not the identity, so that loading them matters
    nn.init.uniform_(layer.weight, 0.5, 1.5)
    nn.init.uniform_(layer.bias, -0.5, 0.5)

io = {}
net.train()
with torch.no_grad():
    for k in range(3):
        io[f"batch.{k}"] = torch.randn(2, 3, 4, 4) * (k + 1) + k
        net.norm(net.conv(io[f"batch.{k}"]))
net.eval()
io["input"] = torch.randn(2, 3, 4, 4)
io["tokens"] = torch.tensor([4, 1], dtype=torch.int64)
with torch.no_grad():
    io["output"] = net(io["input"], io["tokens"])

save_file(net.state_dict(), os.path.join(here, "torch_module.safetensors"))
save_file(io, os.path.join(here, "torch_module_io.safetensors"), metadata={"torch": torch.__version__})
print("torch", torch.__version__, "keys", list(net.state_dict()))
