"""Replaying a recorded training step: what makes ``train_ch6`` fast on a CUDA GPU.

A reader can skip this module: it changes how fast :func:`utils.train_ch6`'s
step runs, never what the step computes.

Why. A small model such as LeNet spends most of an ordinary training step on a
GPU launching its few dozen tiny kernels one by one from Python. A CUDA graph
records the kernels of one step once; a replay launches all of them at once.
On an H100 this took LeNet from 4.8 to 19.5 times d2l's speed (README,
"Performance").

When. A replay repeats the recorded GPU work and nothing else: whatever the
step does in Python (a ``print``, a hook, Python's ``random``, an ``if`` on a
tensor's value) happens once, while recording, and never again. So
``train_ch6(..., cuda_graph=None)`` (the default) replays only a model whose
forward is known to do nothing in Python: one built from PyTorch's own layers
(``torch.nn``) and utils' own, with no hooks (:func:`python_side_effects` says
why not). Any other model, a class of your own with its own ``forward`` say,
is trained step by step; ``cuda_graph=True`` replays it anyway (you vouch that
its forward does nothing in Python), ``cuda_graph=False`` never replays. A step
that cannot be recorded (one that reads a value on the CPU) is trained step by
step too. Replaying prints one line.
"""

from __future__ import annotations

from typing import Callable

import torch
from torch import nn
from torch.nn.modules import module as _module

from .language import say

__all__ = ["python_side_effects", "replays", "Replay"]

#: Where the layers come from whose forward does nothing but tensor operations.
TRUSTED_MODULES = ("torch.nn.", "utils.")


def python_side_effects(net) -> str | None:
    """Why a replay of ``net``'s training step might not do what running it does
    (``None``: it would). Conservative: a layer defined outside ``torch.nn`` and
    utils might print, draw Python random numbers or branch on a value, so it counts."""
    if not isinstance(net, nn.Module):
        return say("the model is a plain function, not an nn.Module",
                   "模型是普通函数，不是 nn.Module")
    hooks = ("_global_forward_hooks", "_global_forward_pre_hooks",
             "_global_backward_hooks", "_global_backward_pre_hooks")
    if any(getattr(_module, name, None) for name in hooks):
        return say("a global module hook is registered", "注册了全局的模块钩子（hook）")
    for layer in net.modules():
        kind = type(layer)
        if not kind.__module__.startswith(TRUSTED_MODULES):
            return say(f"{kind.__name__} is defined outside torch.nn: its forward may run Python "
                       "that a replay would skip",
                       f"{kind.__name__} 不是 torch.nn 中的层：它的 forward 可能执行重放时会被跳过的 Python 代码")
        if "forward" in vars(layer):
            return say(f"the forward of a {kind.__name__} was replaced",
                       f"某个 {kind.__name__} 的 forward 被替换了")
        if (layer._forward_hooks or layer._forward_pre_hooks or layer._backward_hooks
                or getattr(layer, "_backward_pre_hooks", None)):
            return say(f"a {kind.__name__} has a hook", f"某个 {kind.__name__} 注册了钩子（hook）")
    for p in net.parameters():
        if p._backward_hooks or getattr(p, "_post_accumulate_grad_hooks", None):
            return say("a parameter has a hook", "某个参数注册了钩子（hook）")
    return None


def replays(net, device: torch.device, cuda_graph: bool | None) -> bool:
    """Whether :func:`utils.train_ch6` replays ``net``'s step on ``device``.

    ``cuda_graph``: ``None`` on a CUDA device when :func:`python_side_effects`
    finds none, ``True`` on a CUDA device whatever the model, ``False`` never.
    """
    if cuda_graph is None:
        return device.type == "cuda" and python_side_effects(net) is None
    if cuda_graph not in (True, False):
        raise ValueError(say(f"cuda_graph must be None (automatic), True or False, got {cuda_graph!r}.",
                             f"cuda_graph 必须是 None（自动）、True 或 False，传入的是 {cuda_graph!r}。"))
    if cuda_graph and device.type != "cuda":
        raise ValueError(say(f"cuda_graph=True needs a CUDA device, but training runs on {device}: "
                             "pass device='cuda' or leave cuda_graph out.",
                             f"cuda_graph=True 需要 CUDA 设备，但训练在 {device} 上进行："
                             "请传入 device='cuda'，或不要设置 cuda_graph。"))
    return cuda_graph


class Replay:
    """``step(X, y)`` recorded once as a CUDA graph, then replayed for every batch
    of the recorded shape; call it as you would call ``step``.

    ``step`` must do the whole training step (zero the gradients, forward, loss,
    backward, ``optimizer.step()``) and keep its sums in tensors updated in place.
    The first :attr:`WARMUP` batches take ordinary steps (CUDA's libraries set
    themselves up lazily), on a side stream as CUDA graphs ask; the next batch of
    the first batch's shape is recorded and replayed. Batches of another shape
    (an epoch's smaller last one) take the ordinary step, and so does every batch
    when the step cannot be recorded.
    """

    WARMUP = 3

    def __init__(self, step: Callable, optimizer: torch.optim.Optimizer, device: torch.device):
        self.step, self.optimizer = step, optimizer
        self.steps = 0
        self.graph = None  # the recorded step, its input buffers and its gradients
        self.record = True  # until the one attempt to record
        self.stream = torch.cuda.Stream(device)

    def __call__(self, X: torch.Tensor, y: torch.Tensor) -> None:
        self.steps += 1
        if self.steps == 1:
            self.shape = (X.shape, y.shape)  # the batches to record the step for
        if self.record and self.steps > self.WARMUP and (X.shape, y.shape) == self.shape:
            self._record(X, y)
        if self.graph is not None and (X.shape, y.shape) == self.shape:
            self.X.copy_(X)
            self.y.copy_(y)
            self.graph.replay()
        elif self.record:  # warming up: on a side stream, as CUDA graphs ask
            self.stream.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(self.stream):
                self.step(X, y)
            torch.cuda.current_stream().wait_stream(self.stream)
        else:
            self.step(X, y)

    def _record(self, X: torch.Tensor, y: torch.Tensor) -> None:
        """Record one step on input buffers shaped like this batch (nothing runs yet)."""
        self.record = False  # one attempt only
        self.X, self.y = X.clone(), y.clone()
        self.optimizer.zero_grad(set_to_none=True)  # backward then writes, not adds
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                self.step(self.X, self.y)
        except RuntimeError:  # the step cannot be recorded: ordinary steps it is
            self.optimizer.zero_grad(set_to_none=True)
            return
        # The gradients live in the graph's memory: keep them, whatever later
        # ordinary steps do with the parameters' .grad.
        self.grads = [p.grad for group in self.optimizer.param_groups for p in group["params"]]
        self.graph = graph
        print(say("replaying the training step as a CUDA graph (cuda_graph=False turns this off)",
                  "训练步已录制为 CUDA 图并重放（cuda_graph=False 可关闭）"))
