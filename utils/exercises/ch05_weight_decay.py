"""The checkers of chapter 5, Weight decay: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_l2_penalty", "check_weight_decay_step"]


@checker
def check_l2_penalty(t):
    """``f(w)``: the L2 penalty ``sum(w ** 2) / 2``, a 0-d tensor."""
    t.hint = {"en": "Return (w ** 2).sum() / 2: a 0-d tensor, with the 1/2 and without a square root.",
              "zh": "返回 (w ** 2).sum() / 2：一个 0 维张量，要有 1/2，不要开平方根。"}
    for w in [torch.randn(3, 1), torch.randn(5), torch.zeros(4), torch.randn(2, 3), torch.tensor([[2.0]]),
              1e-4 * torch.randn(3), 1e3 * torch.randn(2, 2)]:  # tiny and large weights
        t.check(lambda w: (w ** 2).sum() / 2, w=w, exact=True)


@checker
def check_weight_decay_step(t):
    """``f(w, grad, lr, wd)``: the new tensor ``(1 - lr * wd) * w - lr * grad`` (``w`` unchanged)."""
    t.hint = {"en": "Return the new tensor (1 - lr * wd) * w - lr * grad, a gradient step on "
                    "loss + wd / 2 * ||w||^2; leave w as it is.",
              "zh": "返回新张量 (1 - lr * wd) * w - lr * grad，即对 loss + wd / 2 * ||w||^2 走一步；不要修改 w。"}
    for shape, lr, wd, scale in [((3,), 0.1, 0.01, 1.0), ((2, 2), 0.5, 1.0, 1.0), ((4, 1), 0.03, 0.0, 1.0),
                                 ((1,), 1.0, 0.5, 1.0), ((3,), 0.1, 1e-4, 1e-5), ((3,), 0.01, 1e-2, 1e4)]:
        t.check(lambda w, grad, lr, wd: (1 - lr * wd) * w - lr * grad,
                w=scale * torch.randn(shape), grad=scale * torch.randn(shape), lr=lr, wd=wd, exact=True)
