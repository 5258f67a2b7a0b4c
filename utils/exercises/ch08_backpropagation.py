"""The checkers of chapter 8, Backpropagation: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_sigmoid_grad", "check_linear_backward"]


@checker
def check_sigmoid_grad(t):
    """``f(x)``: the derivative ``sigmoid(x) * (1 - sigmoid(x))``, finite for ``|x|`` up to 1000."""
    t.hint = {"en": "Compute s = torch.sigmoid(x), return s * (1 - s); the equal form "
                    "exp(-x) / (1 + exp(-x)) ** 2 is inf / inf = nan for x = -1000.",
              "zh": "先算 s = torch.sigmoid(x)，再返回 s * (1 - s)；"
                    "与之相等的 exp(-x) / (1 + exp(-x)) ** 2 在 x = -1000 时是 inf / inf = nan。"}
    for x in [torch.linspace(-6, 6, 13), torch.tensor([0.0]), torch.randn(2, 3),
              torch.tensor([-1000.0, -100.0, 0.0, 100.0, 1000.0])]:
        t.check(lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)), x=x)


@checker
def check_linear_backward(t):
    """``f(X, W, b, dY)``: the gradients ``(dX, dW, db)`` of ``Y = X @ W.T + b``, ``W`` of shape (out, in)."""
    t.hint = {"en": "dX = dY @ W, dW = dY.T @ X, db = dY.sum(dim=0): each gradient has its variable's "
                    "shape, X (n, in), W (out, in), b (out,).",
              "zh": "dX = dY @ W，dW = dY.T @ X，db = dY.sum(dim=0)：每个梯度与对应变量形状相同，"
                    "X 为 (n, in)，W 为 (out, in)，b 为 (out,)。"}
    for n, d_in, d_out, scale in [(4, 3, 2, 1.0), (1, 5, 1, 1.0), (3, 3, 3, 1.0), (2, 4, 6, 1.0),
                                  (3, 2, 2, 1e-5), (3, 2, 2, 1e4)]:  # tiny and large: float32 round-off
        t.check(lambda X, W, b, dY: (dY @ W, dY.T @ X, dY.sum(dim=0)), names=("dX", "dW", "db"), exact=True,
                X=scale * torch.randn(n, d_in), W=scale * torch.randn(d_out, d_in), b=torch.randn(d_out),
                dY=scale * torch.randn(n, d_out))
