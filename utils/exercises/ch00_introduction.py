"""The checkers of chapter 0, Introduction: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_mae", "check_grid_search"]


@checker
def check_mae(t):
    """``f(y_hat, y)``: the mean absolute error ``mean(|y_hat - y|)``, a 0-d tensor."""
    t.hint = {"en": "(y_hat - y).abs().mean() averages |y_hat - y| over all elements; keep the 0-d tensor "
                    "(no .item()).",
              "zh": "(y_hat - y).abs().mean() 对所有元素的 |y_hat - y| 求平均；保留这个 0 维张量（不要 .item()）。"}
    for shape in [(5,), (3, 2), (1,)]:
        t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=torch.randn(shape), y=torch.randn(shape))
    for scale in (1e4, 1e-6):  # large and tiny: float32 round-off, and no absolute tolerance to hide in
        t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=scale * (1 + torch.randn(4)),
                y=scale * (1 + torch.randn(4)), exact=True)
    y = torch.randn(6)
    t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=y - 1, y=y)  # a missing abs shows
    t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=y, y=y.clone())  # no error at all


@checker
def check_grid_search(t):
    """``f(x, y, ws)``: the ``w`` in ``ws`` minimising ``mean((w * x - y) ** 2)``, the first on ties."""
    t.hint = {"en": "Return the w itself (not its index or loss) with the smallest "
                    "((w * x - y) ** 2).mean(); on ties the first: replace the best only when a loss is "
                    "strictly smaller.",
              "zh": "返回使 ((w * x - y) ** 2).mean() 最小的 w 本身（不是下标或损失）；损失相同时取第一个：只在损失严格更小时才替换。"}

    def ref(x, y, ws):
        losses = [((w * x - y) ** 2).mean().item() for w in ws]
        return ws[losses.index(min(losses))].item()

    for x, y, ws in [([1, 2, 3, 4], [2.1, 3.9, 6.2, 7.8], torch.arange(-1, 4.01, 0.5)),
                     ([1, 2, 3], [-3, -6, -9.3], torch.linspace(-4, 4, 17)),
                     ([1, -1], [0, 0], [-2, -1, 1, 2]),  # a tie between -1 and 1: -1 comes first
                     ([1, 2], [1, 2], [3, -1, 0.5, 2]),  # unsorted
                     ([0.5, 1.5], [1, 3], [0.5])]:  # a single candidate
        t.check(ref, x=torch.tensor(x, dtype=torch.float32), y=torch.tensor(y),
                ws=torch.as_tensor(ws, dtype=torch.float32))
