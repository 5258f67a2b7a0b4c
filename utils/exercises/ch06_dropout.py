"""The checkers of chapter 6, Dropout: each with its hint, inputs and reference."""

import torch
from torch import nn

from .engine import RTOL, checker, type_name

__all__ = ["check_dropout", "check_dropout_module"]


# Dropout is random, so its checks are statistical, on X of 100 x 100 = 10,000 elements, with
# bounds that a correct dropout exceeds with probability below 1e-20 whatever the seed (Hoeffding:
# a mean of n independent 0/1 draws strays from its expectation by more than d with probability at
# most exp(-2 n d^2) on each side), while the mistakes they look for miss them by far:
# - the fraction dropped is p within 0.05 (n = 10,000: 2 exp(-50) = 4e-22); for p = 0, at most 2
#   elements (the usual mask, torch.rand(X.shape) > p, drops a draw of exactly 0, one in 2^24);
# - each element dropped on its own: of 5,000 disjoint pairs of neighbours in a row, the fraction
#   both kept or both dropped exceeds that of 5,000 disjoint pairs in different rows and columns by
#   at most 0.15 (each strays by 0.075: 2 exp(-56) = 1e-24); a mask shared by a whole row gives 1
#   against p^2 + (1 - p)^2, a difference of 0.32 or more for the p checked; the same for columns;
# - two calls draw new masks: they agree on the same elements no more than on elements one
#   column apart, within 0.15 (n = 10,000: 2 exp(-112)); one mask reused agrees everywhere.
DROP_SLACK, PAIR_SLACK = 0.05, 0.15


def _agree(a: torch.Tensor, b: torch.Tensor) -> float:
    """The fraction of places where the masks ``a`` and ``b`` are both kept or both dropped."""
    return (a == b).double().mean().item()


def _dropped(t, out, X, p: float, what: str):
    """Check an output of dropout: each element dropped on its own, a fraction p of them, the others
    X / (1 - p); return the mask of the elements kept (``None`` for p = 0 or 1)."""
    if p == 1.0:
        t.compare(out, torch.zeros_like(X), what=what)
        return None
    if p == 0.0:  # torch.rand(X.shape) > 0 drops a draw of exactly 0, one in 2^24: allow 2 in 10,000
        t.compare(out, X, what=what, values=False)  # (3 or more: probability 4e-11)
        out = out.detach().cpu()
        rare = (out == 0) if (out == 0).sum() <= 2 else torch.zeros_like(out, dtype=torch.bool)
        t.compare(torch.where(rare, X, out), X, what=what)
        return None
    t.compare(out, X, what=what, values=False)  # type and shape
    out = out.detach().cpu().double()
    if not torch.isfinite(out).all():
        t.fail("overflow", what=what)
    kept = out != 0  # X has no zeros
    apart = _agree(kept[:, 0::2], kept.roll(1, 0)[:, 1::2])  # pairs in different rows and columns
    for lines, line, neighbours in [("rows", "row", (kept[:, 0::2], kept[:, 1::2])),
                                    ("columns", "column", (kept[0::2], kept[1::2]))]:
        agree = _agree(*neighbours)
        if agree > apart + PAIR_SLACK:
            t.fail("dropout_lines", what=what, lines=t.text(lines), line=t.text(line),
                   got=f"{agree:.0%}", expected=f"{apart:.0%}")
    dropped = 1 - kept.double().mean().item()
    if abs(dropped - p) > DROP_SLACK:
        t.fail("dropout_rate", what=what, got=f"{dropped:.0%}", p=f"{p:.0%}")
    if not torch.allclose(out[kept], X[kept].double() / (1 - p), rtol=RTOL, atol=0):
        unscaled = torch.allclose(out[kept], X[kept].double())
        t.fail("dropout_unscaled" if unscaled else "dropout_kept", what=what)
    return kept


def _new_masks(t, first, second):
    """Check that two calls of dropout drew different masks (``None``: p is 0 or 1)."""
    if first is None:
        return
    same, apart = _agree(first, second), _agree(first, second.roll(1, 1))
    if same > apart + PAIR_SLACK:
        t.fail("same_mask", got=f"{same:.0%}", expected=f"{apart:.0%}")


@checker
def check_dropout(t):
    """``f(X, p)``: dropout; each element zeroed with probability ``p``, independently of the others
    and of earlier calls, the others divided by ``1 - p``."""
    t.hint = {"en": "Raise ValueError unless 0 <= p <= 1; for p == 1 return torch.zeros_like(X); else "
                    "mask = (torch.rand(X.shape) > p).float() and return mask * X / (1 - p).",
              "zh": "p 不满足 0 <= p <= 1 时 raise ValueError；p == 1 时返回 torch.zeros_like(X)；"
                    "否则令 mask = (torch.rand(X.shape) > p).float()，返回 mask * X / (1 - p)。"}
    X = torch.rand(100, 100) + 0.5  # no zeros: a zero in the output is a dropped element
    for p in (0.5, 0.2, 0.8, 0.0, 1.0):
        masks = [_dropped(t, t.call(X=X, p=p), X, p, t.text("result")) for _ in range(2)]
        _new_masks(t, *masks)
    for p in (-0.1, 1.5):
        t.must_raise(X=X, p=p)


@checker
def check_dropout_module(t):
    """``cls(p)``: an ``nn.Module`` that drops as dropout does in training mode, the identity in eval mode."""
    t.hint = {"en": "In __init__ call super().__init__() first, then store p; in forward, drop as dropout "
                    "does if self.training, else (eval mode) return X unchanged.",
              "zh": "__init__ 中先调用 super().__init__() 再保存 p；forward 中 self.training 为 True 时"
                    "像 dropout 那样丢弃，否则（评估模式）原样返回 X。"}
    X = torch.rand(100, 100) + 0.5
    for p in (0.5, 0.2, 0.8, 0.0, 1.0):
        net = t.call(p=p)
        if not isinstance(net, nn.Module):
            t.fail("wrong_type", what=t.text("result"), got=type_name(net), expected=t.text("a_module"))
        t.run(net.train)
        masks = [_dropped(t, t.call(fn=net, X=X), X, p, t.text("train_output", p=p)) for _ in range(2)]
        _new_masks(t, *masks)
        t.run(net.eval)
        t.compare(t.call(fn=net, X=X), X, what=t.text("eval_output", p=p))
