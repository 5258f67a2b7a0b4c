"""Training and evaluation, with d2l 0.17's names and signatures.

A reader's course code that calls ``d2l.train_ch3(...)`` runs unchanged as
``utils.train_ch3(...)``. Differences from d2l, all additive:

* the training functions return their final metrics (d2l returns ``None`` and
  asserts accuracies that only hold on the full dataset);
* batches are moved to the model's device when the model is an ``nn.Module``;
* impossible arguments (a negative learning rate, zero epochs) raise a clear error;
* keyword arguments ``xlabel`` and ``legend`` label the training plots; without
  them the labels, like every message printed, are in the language set by
  :func:`utils.set_language`;
* ``train_ch6(..., cuda_graph=None)``: on a CUDA GPU the step is replayed, see below.

The loops are the chapters' loops: zero the gradients, forward, loss, backward,
update, keep the sums, report. What makes them fast sits in helpers a reader
can skip: the batches are cut from memory (:class:`utils.data.Minibatches`),
the sums stay on the model's device until the loop reports (:class:`_Sums`), and
on a CUDA GPU ``train_ch6`` records its step once and replays it
(:mod:`utils.cuda_graph`).
"""

from __future__ import annotations

import time
from typing import Callable, Iterable, NamedTuple

import numpy as np
import torch
from torch import nn

from ._arguments import integer, positive_number
from .cuda_graph import Replay, replays
from .data import get_fashion_mnist_labels
from .devices import get_device
from .language import say
from .plotting import Animator, show_images

__all__ = [
    "linreg", "squared_loss", "sgd", "accuracy", "evaluate_accuracy",
    "evaluate_accuracy_gpu", "evaluate_loss", "Accumulator", "Timer",
    "train_epoch_ch3", "train_ch3", "predict_ch3", "init_weights", "train_ch6", "TrainResult",
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


def _to(X: torch.Tensor, y: torch.Tensor, device):
    """The batch on ``device`` (``None``: where it is); a no-op ``.to()`` costs more than the test."""
    if device is not None and X.device != device:
        return X.to(device), y.to(device)
    return X, y


def _no_batches() -> ValueError:
    return ValueError(say("The data iterator yielded no batches: check that the dataset is not empty.",
                          "数据迭代器没有产生任何小批量：请检查数据集是否为空。"))


class _Sums:
    """Running sums of a loop's loss, correct predictions and examples: the fast
    counterpart of d2l's :class:`Accumulator` (a reader can skip it).

    ``Accumulator.add(float(l.sum()), accuracy(y_hat, y), y.numel())`` makes the
    CPU wait for a GPU at every batch (``float`` reads a number from it). Here the
    sums are tensors on the model's device, updated in place, read only when the
    loop reports; and the updates can be recorded in a CUDA graph
    (:mod:`utils.cuda_graph`).
    """

    def __init__(self, device=None):
        self.loss = self.correct = self.examples = None
        if device is not None:  # else on the device of the first batch
            self._zeros(device)

    def _zeros(self, device) -> None:
        self.loss = torch.zeros((), device=device)
        self.correct = torch.zeros((), dtype=torch.long, device=device)
        self.examples = torch.zeros((), dtype=torch.long, device=device)

    def reset(self) -> None:
        for total in (self.loss, self.correct, self.examples):
            if total is not None:
                total.zero_()

    def add(self, y_hat: torch.Tensor, y: torch.Tensor, l: torch.Tensor | None = None) -> None:
        """A batch's outputs, labels and (if given) loss: per example, or averaged
        over the batch (``reduction='mean'``), then it counts once per example."""
        if self.examples is None:
            self._zeros(y.device)
        with torch.no_grad():
            if l is not None:
                self.loss += l.sum() if l.ndim else l * y.shape[0]
            self.correct += _correct(y_hat, y)
            self.examples += y.shape[0]

    def read(self) -> tuple[float, float]:
        """Average loss and accuracy over the batches added since the last reset."""
        examples = 0 if self.examples is None else int(self.examples)
        if not examples:
            raise _no_batches()
        return float(self.loss) / examples, int(self.correct) / examples


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
        net.eval()  # evaluation mode: no dropout, batch norm's running statistics
    device = device if device is not None else _module_device(net)
    metric = _Sums()  # correct predictions, examples
    with torch.no_grad():
        for X, y in data_iter:
            X, y = _to(X, y, device)
            metric.add(net(X), y)
    return metric.read()[1]


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
            X, y = _to(X, y, device)
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
    metric = _Sums()  # sum of losses, correct predictions, examples
    for X, y in train_iter:
        X, y = _to(X, y, device)
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(y_hat, y, l)
    return metric.read()


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
    n = integer(n, "n")
    X, y = _first_examples(test_iter, n)
    with torch.no_grad():
        preds = net(_to(X, y, _module_device(net))[0]).argmax(dim=1)
    trues = get_fashion_mnist_labels(y, names)
    preds = get_fashion_mnist_labels(preds, names)
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)]
    show_images(X.reshape((n, X.shape[-2], X.shape[-1])).cpu(), 1, n, titles=titles)


def _first_examples(data_iter, n: int):
    """The first ``n`` examples ``(X, y)`` of ``data_iter``, from as many batches as it takes."""
    Xs, ys, have = [], [], 0
    for X, y in data_iter:
        Xs.append(X)
        ys.append(y)
        have += y.shape[0]
        if have >= n:
            return torch.cat(Xs)[:n], torch.cat(ys)[:n]
    raise ValueError(say(f"n={n}, but the data holds only {have} examples: ask for at most {have}.",
                         f"n={n}，但数据只有 {have} 个样本：n 最多为 {have}。"))


def init_weights(m: nn.Module) -> None:
    """:func:`train_ch6`'s initialisation: Xavier-uniform weights for linear and
    convolutional layers (``net.apply(init_weights)``)."""
    if type(m) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(m.weight)


def train_ch6(net: nn.Module, train_iter, test_iter, num_epochs: int, lr: float,
              device=None, *, cuda_graph: bool | None = None,
              xlabel: str | None = None, legend=None) -> TrainResult:
    """Train a model (Xavier-initialised, SGD, cross-entropy) on ``device``.

    ``device=None`` picks the best available one (see :func:`utils.get_device`).
    ``cuda_graph``: on a CUDA GPU the training step is recorded once and replayed
    (same training, several times faster for a small model; one line says so),
    unless the model's forward may do something in Python that a replay would
    skip: see :mod:`utils.cuda_graph`. ``True`` replays any model, ``False`` none.
    ``xlabel`` and ``legend`` label the plot (default: in the language set by
    :func:`utils.set_language`, as are the lines printed).
    """
    num_epochs, lr, device = integer(num_epochs, "num_epochs"), _check_lr(lr), get_device(device)
    replay = replays(net, device, cuda_graph)  # see utils/cuda_graph.py
    if not len(train_iter):
        raise _no_batches()
    net.apply(init_weights)
    print(say(f"training on {device}", f"训练设备：{device}"))
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    metric = _Sums(device)  # sum of losses, correct predictions, examples

    def train_step(X, y):
        optimizer.zero_grad()
        y_hat = net(X)
        l = loss(y_hat, y)
        l.backward()
        optimizer.step()
        metric.add(y_hat, y, l)

    # On a GPU, the same step recorded once and replayed: see utils/cuda_graph.py.
    step = Replay(train_step, optimizer, device) if replay else train_step
    animator = Animator(xlim=_epoch_axis(num_epochs), **_labels(xlabel, legend))
    timer, num_batches, examples = Timer(), len(train_iter), 0
    for epoch in range(num_epochs):
        net.train()
        metric.reset()
        timer.start()
        for i, (X, y) in enumerate(train_iter):
            step(*_to(X, y, device))
            if (i + 1) % max(num_batches // 5, 1) == 0 or i == num_batches - 1:  # 5 points an epoch
                train_l, train_acc = metric.read()  # a GPU finishes its queued steps first
                animator.add(epoch + (i + 1) / num_batches, (train_l, train_acc, None))
        timer.stop()
        examples += int(metric.examples)
        test_acc = evaluate_accuracy_gpu(net, test_iter, device)
        animator.add(epoch + 1, (None, None, test_acc))
    animator.close()
    print(say(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}",
              f"损失 {train_l:.3f}，训练准确率 {train_acc:.3f}，测试准确率 {test_acc:.3f}"))
    speed = examples / timer.sum()
    print(say(f"{speed:.1f} examples/sec on {device}", f"每秒 {speed:.1f} 个样本（{device}）"))
    return TrainResult(train_l, train_acc, test_acc)


def _epoch_axis(num_epochs: int):
    """x limits of a training plot: epochs 1 to n (for one epoch, matplotlib picks)."""
    return [1, num_epochs] if num_epochs > 1 else None


def _check_lr(lr) -> float:
    """Any positive real number: Python, NumPy or a 0-d tensor."""
    return positive_number(lr, ("lr (the learning rate)", "学习率 lr"))
