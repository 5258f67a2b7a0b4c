"""The checkers of chapter 4, Multilayer perceptrons: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_relu", "check_k_fold_data"]


@checker
def check_relu(t):
    """``f(X)``: ``max(X, 0)`` elementwise, a new tensor autograd can differentiate (``X`` unchanged)."""
    t.hint = {"en": "Return a new tensor made by torch operations, torch.clamp(X, min=0) or X * (X > 0), "
                    "so that autograd can differentiate it; leave X as it is.",
              "zh": "用 torch 运算得到新张量，例如 torch.clamp(X, min=0) 或 X * (X > 0)，"
                    "autograd 才能求导；不要修改 X。"}
    for X in [torch.randn(2, 3), torch.randn(5), torch.randn(2, 2, 3), torch.tensor([[-1.0, 0.0, 2.0]]),
              -torch.rand(4)]:
        t.check(lambda X: torch.clamp(X, min=0), X=X)
    X = torch.randn(3, 4, requires_grad=True)  # no zeros, where the derivative is a convention
    out = t.call(X=X, show=t.text("with_grad", arg="X", shape=(3, 4)))
    t.compare(out, torch.clamp(X.detach(), min=0))
    if out.requires_grad:
        grad = t.run(lambda: torch.autograd.grad(out.sum(), X, allow_unused=True)[0])
    if not out.requires_grad or grad is None:
        t.fail("not_differentiable", what=t.text("result"))
    t.compare(grad, (X > 0).float(), what=t.text("gradient"))


@checker
def check_k_fold_data(t):
    """``f(k, i, X, y)``: ``(X_train, y_train, X_valid, y_valid)`` for fold ``i`` of ``k``, as d2l splits."""
    t.hint = {"en": "size = X.shape[0] // k; fold j is rows j * size to (j + 1) * size - 1. Fold i "
                    "validates, torch.cat joins the others in order to train; rows past k * size are unused.",
              "zh": "size = X.shape[0] // k，第 j 折是第 j * size 到 (j + 1) * size - 1 行。第 i 折作验证集，"
                    "其余各折按顺序用 torch.cat 拼成训练集；k * size 之后的行不用。"}

    def ref(k, i, X, y):
        size = X.shape[0] // k
        folds = [slice(j * size, (j + 1) * size) for j in range(k)]
        train = [fold for j, fold in enumerate(folds) if j != i]
        return torch.cat([X[f] for f in train]), torch.cat([y[f] for f in train]), X[folds[i]], y[folds[i]]

    for k, i, n in [(4, 1, 10), (5, 0, 10), (5, 4, 10), (2, 1, 7), (3, 2, 9), (10, 3, 10)]:
        t.check(ref, k=k, i=i, X=torch.arange(2.0 * n).reshape(n, 2), y=torch.arange(float(n)),
                names=("X_train", "y_train", "X_valid", "y_valid"))
