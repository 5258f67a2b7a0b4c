"""The checkers of chapter 7, Numerical stability: each with its hint, inputs and reference."""

import math

import torch

from .engine import checker

__all__ = ["check_xavier_bound", "check_clip_gradients"]


@checker
def check_xavier_bound(t):
    """``f(fan_in, fan_out)``: the bound ``a = sqrt(6 / (fan_in + fan_out))`` of Xavier's ``U(-a, a)``."""
    t.hint = {"en": "a = math.sqrt(6 / (fan_in + fan_out)): U(-a, a) has variance a ** 2 / 3, which Xavier "
                    "sets to 2 / (fan_in + fan_out).",
              "zh": "a = math.sqrt(6 / (fan_in + fan_out))：U(-a, a) 的方差是 a ** 2 / 3，"
                    "Xavier 让它等于 2 / (fan_in + fan_out)。"}
    for fan_in, fan_out in [(784, 256), (1, 1), (3, 5), (256, 10), (64, 3)]:
        t.check(lambda fan_in, fan_out: math.sqrt(6 / (fan_in + fan_out)), fan_in=fan_in, fan_out=fan_out)


@checker
def check_clip_gradients(t):
    """``f(params, theta)``: in place, if the global norm ``g`` of the gradients exceeds ``theta``,
    multiply every gradient by ``theta / g``."""
    t.hint = {"en": "One norm over all the gradients, g = sqrt(sum of (p.grad ** 2).sum()); only if "
                    "g > theta, scale each in place: p.grad[:] *= theta / g. Parameters stay.",
              "zh": "对所有梯度一起算一个范数 g = sqrt(各 (p.grad ** 2).sum() 之和)；只有 g > theta 时"
                    "才原地缩放每个梯度：p.grad[:] *= theta / g。参数不变。"}
    for grads, theta in [([torch.randn(3), torch.randn(2, 2)], 1.0),
                         ([torch.randn(3), torch.randn(2, 2)], 100.0), ([torch.tensor([3.0, 4.0])], 2.5),
                         ([torch.tensor([3.0, 0.0]), torch.tensor([[0.0], [4.0]])], 4.5),  # each below theta
                         ([torch.tensor([3.0, 4.0])], 5.0)]:  # exactly theta: unchanged
        params = [torch.randn(g.shape, requires_grad=True) for g in grads]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        norm = math.sqrt(sum((g ** 2).sum().item() for g in grads))
        before = [(p, p.detach().clone(), p.grad) for p in params]
        t.call(params=params, theta=theta, returns=False, mutable=("params",))
        for i, ((p, p0, grad), g) in enumerate(zip(before, grads)):
            if not torch.equal(p.detach(), p0):
                t.fail("changed_input", arg=f"params[{i}]")
            if p.grad is not grad and norm > theta:  # p.grad = p.grad * c: a new tensor
                t.fail("not_in_place", arg=f"params[{i}].grad")
            t.updated(f"params[{i}].grad", p.grad, g * min(1.0, theta / norm), g)
