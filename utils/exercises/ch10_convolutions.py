"""The checkers of chapter 10, Convolutions: each with its hint, inputs and reference."""

import torch
from torch import nn

from .engine import checker

__all__ = ["check_corr2d", "check_conv_output_size"]


@checker
def check_corr2d(t):
    """``f(X, K)``: the 2-D cross-correlation of ``X`` with ``K`` (no flip), shape ``(h-kh+1, w-kw+1)``."""
    t.hint = {"en": "With (kh, kw) = K.shape, Y is (h - kh + 1, w - kw + 1) and "
                    "Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum(); no flipping of K.",
              "zh": "设 (kh, kw) = K.shape，Y 的形状是 (h - kh + 1, w - kw + 1)，"
                    "Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()；不翻转 K。"}

    def ref(X, K):  # PyTorch's convolution layers compute exactly this cross-correlation
        return nn.functional.conv2d(X[None, None], K[None, None])[0, 0]

    for X, K in [(torch.arange(9.0).reshape(3, 3), torch.arange(4.0).reshape(2, 2)),
                 (torch.randn(4, 5), torch.randn(1, 2)), (torch.randn(5, 4), torch.randn(3, 2)),
                 (torch.randn(3, 4), torch.randn(3, 4)), (torch.randn(2, 3), torch.tensor([[2.0]])),
                 (torch.randn(6, 6), torch.tensor([[1.0, -1.0]])),
                 (1e4 * torch.randn(4, 4), 1e-4 * torch.randn(2, 3))]:  # large times tiny
        t.check(ref, X=X, K=K, exact=True)


@checker
def check_conv_output_size(t):
    """``f(n, k, p, s, d)``: the output size ``(n + 2p - d(k - 1) - 1) // s + 1`` of ``nn.Conv2d``, an int."""
    t.hint = {"en": "(n + 2 * p - d * (k - 1) - 1) // s + 1: // rounds down and gives an int.",
              "zh": "(n + 2 * p - d * (k - 1) - 1) // s + 1：// 向下取整，结果是整数。"}
    for n, k, p, s, d in [(28, 5, 0, 1, 1), (28, 3, 1, 1, 1), (28, 3, 1, 2, 1), (7, 3, 0, 2, 1),
                          (8, 3, 0, 3, 1), (32, 3, 2, 1, 2), (5, 5, 0, 1, 1), (10, 3, 1, 3, 2)]:
        t.check(lambda n, k, p, s, d: (n + 2 * p - d * (k - 1) - 1) // s + 1, n=n, k=k, p=p, s=s, d=d)
