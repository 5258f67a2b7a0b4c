"""The checkers of chapter 1, Preliminaries: each with its hint, inputs and reference."""

import torch
from torch import nn

from .engine import checker

__all__ = ["check_row_normalize", "check_count_params"]


@checker
def check_row_normalize(t):
    """``f(X)``: a new tensor, ``X`` with each row divided by its sum (``X`` unchanged)."""
    t.hint = {"en": "Return X / X.sum(dim=1, keepdim=True): keepdim keeps the shape (n, 1), which "
                    "broadcasts along each row; X /= ... would change X.",
              "zh": "返回 X / X.sum(dim=1, keepdim=True)：keepdim 保持 (n, 1) 的形状，才能沿每一行广播；X /= ... 会修改 X。"}
    for X in [torch.rand(3, 4) + 0.1, torch.rand(3, 3) + 0.1, torch.rand(1, 5) + 0.1, torch.rand(4, 1) + 0.1,
              torch.tensor([[1.0, 0.0, 3.0], [0.0, 2.0, 2.0]]),
              torch.tensor([[1e30, 3e30, 2e30], [1e-10, 1e-10, 2e-10]])]:  # rows of very different sizes
        t.check(lambda X: X / X.sum(dim=1, keepdim=True), X=X, exact=True)


@checker
def check_count_params(t):
    """``f(net)``: the number of scalar parameters of ``net``, an int (shared ones once, frozen ones too)."""
    t.hint = {"en": "Add up p.numel() over net.parameters(): it lists shared parameters once and frozen "
                    "ones too; buffers (in net.state_dict(), e.g. BatchNorm's running mean) are not "
                    "parameters.",
              "zh": "对 net.parameters() 累加 p.numel()：共享参数只列出一次，冻结的参数也在内；"
                    "缓冲区（在 net.state_dict() 里，例如 BatchNorm 的滑动平均）不是参数。"}
    lin, frozen = nn.Linear(4, 4), nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    frozen[0].requires_grad_(False)
    for code, net in [("nn.Linear(3, 2)", nn.Linear(3, 2)),
                      ("nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))",
                       nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))),
                      ("nn.Linear(5, 3, bias=False)", nn.Linear(5, 3, bias=False)), ("nn.ReLU()", nn.ReLU()),
                      ("nn.Sequential(lin, nn.ReLU(), lin), lin = nn.Linear(4, 4)",
                       nn.Sequential(lin, nn.ReLU(), lin)),  # shared: count it once
                      ("nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1)); net[0].requires_grad_(False)",
                       frozen),
                      ("nn.BatchNorm1d(4)", nn.BatchNorm1d(4))]:
        t.check(lambda net: sum(p.numel() for p in net.parameters()), net=net, show=f"net = {code}")
