"""Training and evaluation, with d2l 0.17's names and signatures.

A reader's course code that calls ``d2l.train_ch3(...)`` runs unchanged as
``utils.train_ch3(...)``. Differences from d2l, all additive:

* the training functions return their final metrics (d2l returns ``None`` and
  asserts accuracies that only hold on the full dataset);
* batches are moved to the model's device when the model is an ``nn.Module``;
* impossible arguments (a negative learning rate, zero epochs) raise a clear error;
* keyword arguments ``xlabel`` and ``legend`` label the training plots; without
  them the labels, like every message printed, are in the language set by
  :func:`utils.set_language`.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable, NamedTuple

import numpy as np
import torch
from torch import nn

from ._arguments import integer, positive_number
from .data import get_fashion_mnist_labels
from .devices import get_device
from .language import say
from .plotting import Animator, show_images

__all__ = [
    "linreg", "squared_loss", "sgd", "accuracy", "evaluate_accuracy",
    "evaluate_accuracy_gpu", "evaluate_loss", "Accumulator", "Timer",
    "train_epoch_ch3", "train_ch3", "predict_ch3", "train_ch6", "TrainResult",
]


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The linear regression model ``Xw + b``."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Squared loss ``(y_hat - y)^2 / 2`` per example (not averaged)."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params: Iterable[torch.Tensor], lr: float, batch_size: int) -> None:
    """Minibatch SGD: ``param -= lr * grad / batch_size``, then zero the gradient.

    The loss is expected to be a *sum* over the batch, hence the division. Pass
    the size of the batch the gradient came from: the last batch of an epoch
    may be smaller than the others.
    """
    lr = _check_lr(lr)
    batch_size = integer(batch_size, "batch_size")
    with torch.no_grad():
        for param in params:
            if param.grad is None:
                raise RuntimeError(say(
                    "A parameter has no gradient: call backward() on the loss first, and "
                    "create the parameter with requires_grad=True.",
                    "有参数没有梯度：先对损失调用 backward()，并用 requires_grad=True 创建参数。"))
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def accuracy(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Number of correct predictions (a count, as in d2l, not a fraction)."""
    return float(_correct(y_hat, y))


def _correct(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """:func:`accuracy` as a tensor on the model's device, for the training loops
    (they add these up and read the sum only when they need the number)."""
    if y_hat.ndim > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=1)
    if y_hat.shape != y.shape and y_hat.numel() == y.numel():  # (n, 1) against (n,)
        y_hat = y_hat.reshape(y.shape)
    if y_hat.dtype != y.dtype:
        y_hat = y_hat.type(y.dtype)
    return (y_hat == y).sum()


def _to(device, X: torch.Tensor, y: torch.Tensor):
    """A batch on ``device`` (``None``: where it is); a no-op ``.to()`` costs more than the test."""
    if device is not None and X.device != device:
        return X.to(device), y.to(device)
    return X, y


def _no_batches() -> ValueError:
    return ValueError(say("The data iterator yielded no batches: check that the dataset is not empty.",
                          "数据迭代器没有产生任何小批量：请检查数据集是否为空。"))


class _Sums:
    """Running sums of a training loop's losses and correct predictions.

    :meth:`add` only keeps the batch's loss, output and labels (detached, on the
    model's device); :meth:`read` adds up what was kept, a few operations for
    many batches. Summing batch by batch would put half a dozen small
    operations into every training step, and on a GPU reading a sum (``float``)
    makes the CPU wait for the GPU, so the loops read only when they report.
    """

    def __init__(self):
        self.loss, self.correct, self.examples = 0.0, 0.0, 0
        self._kept = []

    def add(self, l: torch.Tensor, y_hat: torch.Tensor, y: torch.Tensor) -> None:
        l = l.detach()  # a loss already averaged (reduction='mean') counts once per example
        self._kept.append((l if l.ndim else l * y.shape[0], y_hat.detach(), y))
        self.examples += y.shape[0]

    def read(self) -> tuple[float, float]:
        """Average loss and accuracy over the batches added so far."""
        if self._kept:
            losses, outputs, labels = zip(*self._kept)
            self._kept = []
            with torch.no_grad():
                self.loss += float(torch.cat([l.reshape(-1) for l in losses]).sum())
                self.correct += float(_correct(torch.cat(outputs), torch.cat(labels)))
        if not self.examples:
            raise _no_batches()
        return self.loss / self.examples, self.correct / self.examples


class Accumulator:
    """Running sums of ``n`` quantities."""

    def __init__(self, n: int):
        self.data = [0.0] * n

    def add(self, *args) -> None:
        if len(args) != len(self.data):
            raise ValueError(say(f"Accumulator holds {len(self.data)} sums, got {len(args)} values.",
                                 f"Accumulator 有 {len(self.data)} 个累加量，却传入了 {len(args)} 个值。"))
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self) -> None:
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


class Timer:
    """Record several running times."""

    def __init__(self):
        self.times: list[float] = []
        self.start()

    def start(self) -> None:
        self.tik = time.perf_counter()

    def stop(self) -> float:
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self) -> float:
        return sum(self.times) / len(self.times)

    def sum(self) -> float:
        return sum(self.times)

    def cumsum(self) -> list[float]:
        return np.array(self.times).cumsum().tolist()


class TrainResult(NamedTuple):
    """Metrics after the last epoch."""

    train_loss: float
    train_acc: float
    test_acc: float


def _module_device(net) -> torch.device | None:
    if isinstance(net, nn.Module):
        for p in net.parameters():
            return p.device
    return None


def evaluate_accuracy(net: Callable, data_iter, device=None) -> float:
    """Accuracy of ``net`` over ``data_iter`` (a fraction in [0, 1]).

    Batches are moved to ``device``, by default the model's own device.
    """
    if isinstance(net, nn.Module):
        net.eval()
    device = device if device is not None else _module_device(net)
    outputs, labels = [], []
    with torch.no_grad():
        for X, y in data_iter:
            X, y = _to(device, X, y)
            outputs.append(net(X))
            labels.append(y)
        if not labels:
            raise _no_batches()
        # Compared once, for all batches together: fewer small operations.
        return float(_correct(torch.cat(outputs), torch.cat(labels))) / sum(map(len, labels))


def evaluate_accuracy_gpu(net: nn.Module, data_iter, device=None) -> float:
    """d2l's name for :func:`evaluate_accuracy` on a device."""
    return evaluate_accuracy(net, data_iter, device)


def evaluate_loss(net: Callable, data_iter, loss: Callable) -> float:
    """Average of ``loss`` (with ``reduction='none'``) over ``data_iter``.

    Works for regression (labels reshaped to the output's shape, as in d2l) and for
    classification (class-index labels, e.g. ``nn.CrossEntropyLoss(reduction='none')``).
    """
    device = _module_device(net)
    metric = Accumulator(2)  # sum of losses, number of examples
    with torch.no_grad():
        for X, y in data_iter:
            X, y = _to(device, X, y)
            out = net(X)
            if y.numel() == out.numel():  # regression: one target per output
                y = y.reshape(out.shape)
            l = loss(out, y)
            if l.ndim == 0:
                raise ValueError(say(
                    "evaluate_loss needs one loss per example: create the loss "
                    "with reduction='none', e.g. nn.MSELoss(reduction='none').",
                    "evaluate_loss 需要每个样本各自的损失：创建损失函数时请用 "
                    "reduction='none'，例如 nn.MSELoss(reduction='none')。"))
            metric.add(l.sum(), l.numel())
    if not metric[1]:
        raise _no_batches()
    return metric[0] / metric[1]


def train_epoch_ch3(net: Callable, train_iter, loss: Callable, updater) -> tuple[float, float]:
    """One epoch; returns ``(average loss, training accuracy)``.

    ``updater`` is a ``torch.optim.Optimizer`` (the loss is averaged) or a function
    of the batch size such as ``lambda n: sgd(params, lr, n)`` (the loss is summed).
    """
    if isinstance(net, nn.Module):
        net.train()
    device = _module_device(net)
    sums = _Sums()
    for X, y in train_iter:
        X, y = _to(device, X, y)
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        sums.add(l, y_hat, y)
    return sums.read()


def _labels(xlabel, legend) -> dict:
    """A training plot's labels: the ones given, else the defaults in the reader's language."""
    if xlabel is None:
        xlabel = say("epoch", "迭代周期")
    if legend is None:
        legend = (say("train loss", "训练损失"), say("train acc", "训练准确率"),
                  say("test acc", "测试准确率"))
    return dict(xlabel=xlabel, legend=list(legend))


def train_ch3(net, train_iter, test_iter, loss, num_epochs: int, updater, *,
              xlabel: str | None = None, legend=None) -> TrainResult:
    """Train for ``num_epochs``, plotting train loss, train and test accuracy live.

    ``xlabel`` and ``legend`` label the plot (default: in the language set by
    :func:`utils.set_language`).
    """
    num_epochs = integer(num_epochs, "num_epochs")
    animator = Animator(xlim=_epoch_axis(num_epochs),  # y: a loss may exceed 1
                        **_labels(xlabel, legend))
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        animator.add(epoch + 1, (train_loss, train_acc, test_acc))
    animator.close()
    return TrainResult(train_loss, train_acc, test_acc)


def predict_ch3(net, test_iter, n: int = 6, names=None) -> None:
    """Show the first ``n`` test images with their true and predicted labels.

    ``names``: the 10 class names (default: in the language set by :func:`utils.set_language`).
    """
    X, y = next(iter(test_iter))
    with torch.no_grad():
        device = _module_device(net)
        preds = net(X.to(device) if device is not None else X).argmax(dim=1)
    trues = get_fashion_mnist_labels(y, names)
    preds = get_fashion_mnist_labels(preds, names)
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)]
    show_images(X[0:n].reshape((n, X.shape[-2], X.shape[-1])).cpu(), 1, n, titles=titles[0:n])


class _TrainStep:
    """:func:`train_ch6`'s step: forward, loss, backward, SGD update, and running
    sums of the loss and of correct predictions, kept on the device.

    On a CUDA GPU the step is recorded once as a CUDA graph, after a few ordinary
    steps, and then replayed for every batch of the recorded shape. A small model
    such as LeNet spends most of an ordinary step launching its few dozen tiny
    GPU kernels one by one from Python; a replay launches all of them at once,
    about five times the examples per second on an H100. The kernels are the same,
    and so is the training. Batches of another shape (an epoch's smaller last
    one) take the ordinary step, and so does every batch of a model that cannot
    be recorded (one that reads a value on the CPU during its step, say).
    """

    WARMUP = 3  # ordinary steps before recording (CUDA's libraries initialise lazily)

    def __init__(self, net: nn.Module, loss, optimizer, device: torch.device):
        self.net, self.loss, self.optimizer = net, loss, optimizer
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), dtype=torch.long, device=device)
        self.examples = 0
        self.steps = 0
        self.graph = None  # the recorded step, its input buffers and its gradients
        self.record = device.type == "cuda"
        self.stream = torch.cuda.Stream(device) if self.record else None

    def reset(self) -> None:
        self.loss_sum.zero_()
        self.correct.zero_()
        self.examples = 0

    def read(self) -> tuple[float, float]:
        """Average loss and accuracy since :meth:`reset` (a GPU finishes its work first)."""
        return float(self.loss_sum) / self.examples, float(self.correct) / self.examples

    def __call__(self, X: torch.Tensor, y: torch.Tensor) -> None:
        self.examples += X.shape[0]
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
                self.optimizer.zero_grad()
                self._step(X, y)
            torch.cuda.current_stream().wait_stream(self.stream)
        else:
            self.optimizer.zero_grad()
            self._step(X, y)

    def _step(self, X: torch.Tensor, y: torch.Tensor) -> None:
        y_hat = self.net(X)
        l = self.loss(y_hat, y)
        l.backward()
        self.optimizer.step()
        with torch.no_grad():
            self.loss_sum += l.detach() * X.shape[0]
            self.correct += _correct(y_hat, y)

    def _record(self, X: torch.Tensor, y: torch.Tensor) -> None:
        """Record one step on input buffers shaped like this batch (nothing runs yet)."""
        self.record = False  # one attempt only
        self.X, self.y = X.clone(), y.clone()
        self.optimizer.zero_grad(set_to_none=True)  # backward then writes, not adds
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                self._step(self.X, self.y)
        except RuntimeError:  # the model cannot be recorded: ordinary steps it is
            self.optimizer.zero_grad(set_to_none=True)
            return
        # The gradients live in the graph's memory: keep them, whatever later
        # ordinary steps do with the parameters' .grad.
        self.grads = [p.grad for p in self.net.parameters()]
        self.graph = graph


def train_ch6(net: nn.Module, train_iter, test_iter, num_epochs: int, lr: float,
              device=None, *, xlabel: str | None = None, legend=None) -> TrainResult:
    """Train a model (Xavier-initialised, SGD, cross-entropy) on ``device``.

    ``device=None`` picks the best available one (see :func:`utils.get_device`);
    ``xlabel`` and ``legend`` label the plot (default: in the language set by
    :func:`utils.set_language`, as are the lines printed). On a CUDA GPU the
    training step is recorded once and replayed (see :class:`_TrainStep`): same
    training, faster.
    """
    num_epochs = integer(num_epochs, "num_epochs")
    lr = _check_lr(lr)
    device = get_device(device)
    num_batches = len(train_iter)
    if not num_batches:
        raise _no_batches()

    def init_weights(m):
        if type(m) in (nn.Linear, nn.Conv2d):
            nn.init.xavier_uniform_(m.weight)

    net.apply(init_weights)
    print(say(f"training on {device}", f"训练设备：{device}"))
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    step = _TrainStep(net, loss, optimizer, device)
    animator = Animator(xlim=_epoch_axis(num_epochs), **_labels(xlabel, legend))
    timer = Timer()
    every = max(num_batches // 5, 1)  # plot five points per epoch
    for epoch in range(num_epochs):
        net.train()
        step.reset()
        timer.start()
        for i, (X, y) in enumerate(train_iter):
            step(*_to(device, X, y))
            if (i + 1) % every == 0 or i == num_batches - 1:
                train_l, train_acc = step.read()  # a GPU finishes its queued steps first
                animator.add(epoch + (i + 1) / num_batches, (train_l, train_acc, None))
        timer.stop()
        test_acc = evaluate_accuracy_gpu(net, test_iter, device)
        animator.add(epoch + 1, (None, None, test_acc))
    animator.close()
    speed = step.examples * num_epochs / timer.sum()
    print(say(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}",
              f"损失 {train_l:.3f}，训练准确率 {train_acc:.3f}，测试准确率 {test_acc:.3f}"))
    print(say(f"{speed:.1f} examples/sec on {device}", f"每秒 {speed:.1f} 个样本（{device}）"))
    return TrainResult(train_l, train_acc, test_acc)


def _epoch_axis(num_epochs: int):
    """x limits of a training plot: epochs 1 to n (for one epoch, matplotlib picks)."""
    return [1, num_epochs] if num_epochs > 1 else None


def _check_lr(lr) -> float:
    """Any positive real number: Python, NumPy or a 0-d tensor."""
    return positive_number(lr, ("lr (the learning rate)", "学习率 lr"))
