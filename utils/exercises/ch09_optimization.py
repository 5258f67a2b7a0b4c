"""The checkers of chapter 9, Optimization: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_momentum_step", "check_adam_step"]


@checker
def check_momentum_step(t):
    """``f(w, v, grad, lr, beta)``: ``(w_new, v_new)`` with ``v_new = beta * v + grad`` and
    ``w_new = w - lr * v_new`` (PyTorch's form of momentum)."""
    t.hint = {"en": "v_new = beta * v + grad, then w_new = w - lr * v_new (PyTorch's form), as new "
                    "tensors; leave w and v as they are.",
              "zh": "v_new = beta * v + grad，然后 w_new = w - lr * v_new（PyTorch 的写法），"
                    "都是新张量；不要改动 w 和 v。"}

    def ref(w, v, grad, lr, beta):
        return w - lr * (beta * v + grad), beta * v + grad

    for shape, v, lr, beta in [((3,), torch.randn(3), 0.1, 0.9), ((2, 2), torch.zeros(2, 2), 0.5, 0.5),
                               ((4,), torch.randn(4), 0.01, 0.0)]:
        t.check(ref, w=torch.randn(shape), v=v, grad=torch.randn(shape), lr=lr, beta=beta,
                names=("w_new", "v_new"))


@checker
def check_adam_step(t):
    """``f(w, grad, m, v, t, lr, beta1, beta2, eps)``: one Adam step, ``(w_new, m_new, v_new)``."""
    t.hint = {"en": "m_new = beta1 * m + (1 - beta1) * grad, v_new the same with beta2 and grad ** 2; "
                    "m_hat = m_new / (1 - beta1 ** t), v_hat likewise, t from 1; "
                    "w_new = w - lr * m_hat / (v_hat.sqrt() + eps).",
              "zh": "m_new = beta1 * m + (1 - beta1) * grad，v_new 同理（beta2 和 grad ** 2）；"
                    "m_hat = m_new / (1 - beta1 ** t)，v_hat 同理，t 从 1 开始；"
                    "w_new = w - lr * m_hat / (v_hat.sqrt() + eps)。"}

    def ref(w, grad, m, v, step, lr, beta1, beta2, eps):
        m, v = beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad ** 2
        return w - lr * (m / (1 - beta1 ** step)) / ((v / (1 - beta2 ** step)).sqrt() + eps), m, v

    for grad, fresh, step, lr, eps in [(torch.randn(3), True, 1, 0.1, 1e-8),
                                       (torch.randn(2, 2), False, 5, 0.01, 1e-8),
                                       (1e-3 * torch.randn(4), True, 1, 0.1, 1e-3),  # where eps matters
                                       (torch.tensor([0.0, 1.0, -2.0]), True, 1, 0.1, 1e-8),
                                       (torch.randn(5), False, 100, 0.001, 1e-8)]:
        m = torch.zeros_like(grad) if fresh else 0.1 * torch.randn(grad.shape)
        v = torch.zeros_like(grad) if fresh else 0.01 * torch.rand(grad.shape)
        t.check(ref, w=torch.randn(grad.shape), grad=grad, m=m, v=v, t=step, lr=lr, beta1=0.9, beta2=0.999,
                eps=eps, names=("w_new", "m_new", "v_new"))
