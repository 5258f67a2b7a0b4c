"""The checkers of chapter 2, Linear regression: each with its hint, inputs and reference."""

import torch

from .engine import checker

__all__ = ["check_squared_loss", "check_sgd"]


@checker
def check_squared_loss(t):
    """``f(y_hat, y)``: ``(y_hat - y.reshape(y_hat.shape)) ** 2 / 2``, one loss per example."""
    t.hint = {"en": "Return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2; without the reshape, (n, 1) - (n,) "
                    "broadcasts to (n, n).",
              "zh": "返回 (y_hat - y.reshape(y_hat.shape)) ** 2 / 2；不做 reshape 的话，(n, 1) - (n,) 会广播成 (n, n)。"}
    for y_hat, y in [(torch.randn(4, 1), torch.randn(4)), (torch.randn(1, 1), torch.randn(1)),
                     (torch.randn(10, 1), torch.randn(10)), (torch.randn(3, 1), torch.randn(3, 1)),
                     (1e3 * torch.randn(3, 1), 1e3 * torch.randn(3)),  # large and tiny
                     (1e-4 * torch.randn(3, 1), 1e-4 * torch.randn(3))]:
        t.check(lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2, y_hat=y_hat, y=y, exact=True)


@checker
def check_sgd(t):
    """``f(params, lr, batch_size)``: in place, ``p -= lr * p.grad / batch_size``, then ``p.grad`` zeroed."""
    t.hint = {"en": "Inside a `with torch.no_grad():` block, p -= lr * p.grad / batch_size, then p.grad.zero_(); "
                    "p = p - ... would only give the name p a new tensor.",
              "zh": "在 `with torch.no_grad():` 代码块中执行 p -= lr * p.grad / batch_size，再执行 p.grad.zero_()；"
                    "p = p - ... 只是让名字 p 指向新张量。"}
    for shapes, lr, batch_size in [([(3, 1), (1,)], 0.1, 4), ([(2, 2)], 0.03, 10), ([(5,), (1,)], 1.0, 1)]:
        params = [torch.randn(shape, requires_grad=True) for shape in shapes]
        for p in params:
            p.grad = torch.randn(p.shape)
        before = [(p, p.detach().clone(), p.grad.clone()) for p in params]
        t.call(params=params, lr=lr, batch_size=batch_size, returns=False, mutable=("params",))
        for i, (p, p0, g0) in enumerate(before):
            t.updated(f"params[{i}]", p, p0 - lr * g0 / batch_size, p0)
            if p.grad is not None:  # zeroed, or None as optimizers leave it
                t.compare(p.grad, torch.zeros_like(g0), what=t.text("after", arg=f"params[{i}].grad"))
