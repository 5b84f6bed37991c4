"""Writes torch_reference.safetensors: optimiser, schedule and clipping results from PyTorch,
which NNTests compare the Swift implementations against. CI never runs this; the output is committed.

    bench/.venv/bin/pip install torch==2.13.0+cpu safetensors numpy
    bench/.venv/bin/python Tests/NNTests/Fixtures/make_torch_reference.py

Every optimiser case starts from `initial` (shape [2, 3]) and applies the gradients
`grad.0`, `grad.1`, `grad.2` in turn; `<case>.<k>` is the parameter after step k + 1.
"""
import os
import torch
from safetensors.torch import save_file

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
initial = torch.randn(2, 3)
grads = [torch.randn(2, 3) for _ in range(3)]
out = {"initial": initial, **{f"grad.{k}": g for k, g in enumerate(grads)}}

cases = {
    "adamw": lambda p: torch.optim.AdamW([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
    "sgd_plain": lambda p: torch.optim.SGD([p], lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
}
for name, make in cases.items():
    p = torch.nn.Parameter(initial.clone())
    opt = make(p)
    for k, g in enumerate(grads):
        p.grad = g.clone()
        opt.step()
        out[f"{name}.{k}"] = p.detach().clone()
    if name == "adamw":
        out["adamw.exp_avg"] = opt.state[p]["exp_avg"].clone()
        out["adamw.exp_avg_sq"] = opt.state[p]["exp_avg_sq"].clone()

def schedule(make, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.5)
    sched = make(opt)
    values = []
    for _ in range(steps):
        values.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return torch.tensor(values, dtype=torch.float64).float()

out["schedule.step"] = schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)
out["schedule.exponential"] = schedule(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 10)

# Global-norm clipping of two gradients (norm 13 → scaled to 5).
a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
a.grad, b.grad = torch.tensor([3.0, 4.0]), torch.tensor([12.0])
out["clip.norm"] = torch.nn.utils.clip_grad_norm_([a, b], max_norm=5.0).reshape([])
out["clip.a"], out["clip.b"] = a.grad.clone(), b.grad.clone()

save_file({k: v.contiguous() for k, v in out.items()}, os.path.join(here, "torch_reference.safetensors"),
          metadata={"torch": torch.__version__})
print("torch", torch.__version__)
