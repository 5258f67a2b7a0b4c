"""The checkers of chapter 3, Softmax regression: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_softmax", "check_cross_entropy"]


@checker
def check_softmax(t):
    """``f(X)``: the row-wise softmax of ``(n, q)`` logits, stable for logits near 1000 (``X`` unchanged)."""
    t.hint = {"en": "Subtract each row's max first, X - X.max(dim=1, keepdim=True).values (same result, no "
                    "overflow in exp), then divide by the row sums, .sum(dim=1, keepdim=True).",
              "zh": "先减去每行的最大值 X - X.max(dim=1, keepdim=True).values（结果不变，exp 不再溢出），"
                    "再除以每行的和 .sum(dim=1, keepdim=True)。"}
    for X in [torch.randn(2, 5), torch.randn(3, 3), torch.tensor([[1000.0, 0.0, -1000.0]]),
              1000 + 10 * torch.randn(2, 4), torch.tensor([[-1000.0, -1000.0]]), torch.randn(4, 1),
              torch.tensor([[1000.0, 999.0, 998.0], [0.0, 1.0, 2.0]]),  # rows far apart: one max per row
              torch.tensor([[50.0, 51.0, 49.0], [-50.0, -49.0, -51.0]]),  # the batch's max: denormal exp
              torch.tensor([[1e-6, 2e-6, -3e-6], [-1000.0, -1001.0, -1000.5]]),
              torch.tensor([[3.0, 2.0, 1.0]], dtype=torch.float64)]:
        t.check(lambda X: torch.softmax(X, dim=1), X=X, exact=True, tol=_shift_tol(X, rtol=True))


@checker
def check_cross_entropy(t):
    """``f(logits, y)``: the losses ``logsumexp(o) - o[y]``, shape ``(n,)``, stable for large logits."""
    t.hint = {"en": "Use torch.logsumexp(o, dim=1) - o[torch.arange(n), y] (or take the row max out by "
                    "hand): log(softmax) is -inf once a probability underflows to 0.",
              "zh": "使用 torch.logsumexp(o, dim=1) - o[torch.arange(n), y]（或手动减去每行最大值）："
                    "先算 softmax 再取 log，概率一旦下溢为 0 就得到 -inf。"}

    def ref(logits, y):
        return torch.logsumexp(logits, dim=1) - logits[torch.arange(len(y)), y]

    for logits, y in [(torch.randn(4, 3), [0, 2, 1, 2]), (torch.randn(3, 3), [1, 1, 0]),
                      (torch.tensor([[1000.0, 0.0, -1000.0]]), [1]),
                      (torch.tensor([[-1000.0, -999.0, -1001.0]], dtype=torch.float64), [0]),
                      (1000 + 5 * torch.randn(2, 5), [4, 0]), (torch.randn(2, 1), [0, 0]),
                      (torch.tensor([[1000.0, 999.0, 998.0], [0.0, 1.0, 2.0]]), [0, 2]),  # rows far apart
                      (torch.tensor([[10.0, 0.0], [-60.0, -50.0]]), [1, 0])]:
        t.check(ref, logits=logits, y=torch.tensor(y), exact=True, tol=_shift_tol(logits, rtol=False))


def _shift_tol(X: torch.Tensor, rtol: bool) -> tuple:
    """The tolerance of a softmax (``rtol``: relative to each probability) or of a log-softmax (absolute)
    of the logits ``X``: rounding ``X`` to its dtype moves a logit x by up to eps * |x|, which moves a
    log-probability by up to 2 eps * max|x| of its row, a probability by that fraction of itself. A
    margin of 8 (correct float32 formulas stay below 3) and, for probabilities, float32's smallest
    normal number, below which exp loses relative precision."""
    eps = torch.finfo(X.dtype).eps
    row = 8 * eps * (1 + X.detach().abs().amax(dim=1, keepdim=True).double())
    if rtol:
        return row, torch.finfo(torch.float32).tiny
    return 8 * eps, row.flatten()
