import contextlib
import random
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

import utils


def test_linreg_and_squared_loss():
    X = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    w, b = torch.tensor([[1.0], [-1.0]]), torch.tensor(0.5)
    y_hat = utils.linreg(X, w, b)
    assert torch.equal(y_hat, torch.tensor([[-0.5], [-0.5]]))
    loss = utils.squared_loss(y_hat, torch.tensor([0.5, 1.5]))  # y is reshaped like y_hat
    assert torch.allclose(loss, torch.tensor([[0.5], [2.0]]))


def test_sgd_steps_and_zeroes_the_gradient():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * torch.tensor([3.0, 4.0])).sum().backward()
    utils.sgd([w], lr=0.5, batch_size=2)
    assert torch.allclose(w, torch.tensor([1.0 - 0.5 * 3 / 2, 2.0 - 0.5 * 4 / 2]))
    assert torch.equal(w.grad, torch.zeros(2))


@pytest.mark.parametrize("lr", [-0.1, 0, float("nan"), "0.1"])
def test_sgd_rejects_bad_learning_rates(lr):
    w = torch.ones(1, requires_grad=True)
    w.sum().backward()
    with pytest.raises(ValueError, match="learning rate"):
        utils.sgd([w], lr, 1)


@pytest.mark.parametrize("lr", [0.5, np.float32(0.5), torch.tensor(0.5)])
def test_sgd_accepts_any_real_learning_rate(lr):
    w = torch.ones(1, requires_grad=True)
    (2 * w).sum().backward()
    utils.sgd([w], lr, 1)
    assert torch.allclose(w, torch.tensor([0.0]))


def test_sgd_rejects_bad_batch_size_and_missing_gradients():
    w = torch.ones(1, requires_grad=True)
    with pytest.raises(ValueError, match="batch_size"):
        utils.sgd([w], 0.1, 0)
    with pytest.raises(ValueError, match="batch_size"):
        utils.sgd([w], 0.1, True)
    with pytest.raises(RuntimeError, match="backward"):
        utils.sgd([w], 0.1, 1)


@pytest.mark.parametrize("batch_size", [np.int64(2), torch.tensor(2)])
def test_sgd_accepts_numpy_and_tensor_batch_sizes(batch_size):
    w = torch.ones(1, requires_grad=True)
    (2 * w).sum().backward()
    utils.sgd([w], 0.5, batch_size)
    assert torch.allclose(w, torch.tensor([0.5]))


def test_accuracy_counts_correct_predictions():
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.5, 0.2, 0.3]])
    assert utils.accuracy(y_hat, torch.tensor([2, 2])) == 1.0
    assert utils.accuracy(torch.tensor([1, 0, 1]), torch.tensor([1, 1, 1])) == 2.0
    # One column of predictions against a vector of labels: compared row by row,
    # not broadcast into a 3 x 3 table.
    assert utils.accuracy(torch.tensor([[1], [0], [1]]), torch.tensor([1, 1, 1])) == 2.0


def test_empty_data_gives_a_clear_error():
    empty = utils.load_array((torch.zeros(0, 2), torch.zeros(0, dtype=torch.long)), 4)
    net = nn.Linear(2, 2)
    with pytest.raises(ValueError, match="no batches"):
        utils.evaluate_accuracy(net, empty)
    with pytest.raises(ValueError, match="no batches"):
        utils.train_epoch_ch3(net, empty, nn.CrossEntropyLoss(reduction="none"),
                              torch.optim.SGD(net.parameters(), lr=0.1))
    with pytest.raises(ValueError, match="no batches"):
        utils.evaluate_loss(net, empty, nn.CrossEntropyLoss(reduction="none"))


def test_train_ch6_on_empty_data_gives_the_same_clear_error(capsys):
    X, y = torch.zeros(8, 1, 4, 4), torch.zeros(8, dtype=torch.long)
    empty = utils.load_array((X[:0], y[:0]), 4)
    data = utils.load_array((X, y), 4)
    net = nn.Sequential(nn.Flatten(), nn.Linear(16, 2))
    with pytest.raises(ValueError, match="no batches"):
        utils.train_ch6(net, empty, data, 1, 0.1, "cpu")
    assert capsys.readouterr().out == ""  # said before it starts, not after "training on"
    with pytest.raises(ValueError, match="no batches"):  # an empty test set
        utils.train_ch6(net, data, empty, 1, 0.1, "cpu")
    plt.close("all")


def test_the_no_batches_error_in_chinese(chinese):
    empty = utils.load_array((torch.zeros(0, 2),), 4)
    with pytest.raises(ValueError, match="没有产生任何小批量"):
        utils.evaluate_loss(nn.Linear(2, 1), empty, nn.MSELoss(reduction="none"))


def test_accumulator_and_timer():
    acc = utils.Accumulator(2)
    acc.add(1, 2.5)
    acc.add(torch.tensor(2.0), 0.5)
    assert acc[0] == 3.0 and acc[1] == 3.0
    with pytest.raises(ValueError):
        acc.add(1)
    acc.reset()
    assert acc.data == [0.0, 0.0]
    timer = utils.Timer()
    timer.stop()
    timer.start()
    timer.stop()
    assert len(timer.times) == 2 and timer.sum() >= 0
    assert timer.cumsum()[-1] == pytest.approx(timer.sum())
    assert timer.avg() == pytest.approx(timer.sum() / 2)


def _softmax_net():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))


def test_evaluate_accuracy_and_loss():
    X = torch.randn(20, 3)
    y = X.argmax(dim=1)
    net = nn.Identity()
    it = utils.load_array((X, y), 8, is_train=False)
    assert utils.evaluate_accuracy(lambda x: x, it) == 1.0
    assert utils.evaluate_accuracy_gpu(net, it) == 1.0
    reg = utils.load_array((X[:, :1], X[:, :1]), 5, is_train=False)
    assert utils.evaluate_loss(nn.Identity(), reg, nn.MSELoss(reduction="none")) == 0
    # Classification: class-index labels, one loss per example.
    expected = nn.functional.cross_entropy(X, y).item()
    got = utils.evaluate_loss(net, it, nn.CrossEntropyLoss(reduction="none"))
    assert abs(got - expected) < 1e-6
    with pytest.raises(ValueError, match="reduction='none'"):
        utils.evaluate_loss(net, it, nn.CrossEntropyLoss())


def test_train_ch3_learns_fashion_mnist_sample():
    utils.seed_everything(0)
    train_iter, test_iter = utils.load_data_fashion_mnist(64)
    net = _softmax_net()
    result = utils.train_ch3(net, train_iter, test_iter, nn.CrossEntropyLoss(reduction="none"),
                             5, torch.optim.SGD(net.parameters(), lr=0.1))
    assert result.test_acc > 0.5, result  # chance is 0.1
    assert result.train_loss < 1.5
    plt.close("all")


def test_train_epoch_ch3_with_a_scratch_updater():
    utils.seed_everything(0)
    X = torch.randn(200, 2)
    y = (X[:, 0] > 0).long()
    W = torch.zeros(2, 2, requires_grad=True)
    net = lambda x: x @ W  # noqa: E731
    loss = nn.CrossEntropyLoss(reduction="none")
    it = utils.load_array((X, y), 20)
    for _ in range(5):
        train_loss, train_acc = utils.train_epoch_ch3(net, it, loss, lambda n: utils.sgd([W], 1.0, n))
    assert train_acc > 0.9 and train_loss < 0.4


def _small_cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 5, padding=2), nn.ReLU(), nn.AvgPool2d(4),
                         nn.Flatten(), nn.Linear(4 * 7 * 7, 10))


def test_train_ch6_on_the_cpu(capsys, english):
    utils.seed_everything(0)
    train_iter, test_iter = utils.load_data_fashion_mnist(64)
    capsys.readouterr()
    result = utils.train_ch6(_small_cnn(), train_iter, test_iter, 3, 0.5, "cpu")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "training on cpu"
    assert lines[1] == (f"loss {result.train_loss:.3f}, train acc {result.train_acc:.3f}, "
                        f"test acc {result.test_acc:.3f}")
    assert re.fullmatch(r"\d+\.\d examples/sec on cpu", lines[2]), lines[2]
    assert result.test_acc > 0.3
    plt.close("all")


def test_train_ch6_speaks_chinese(capsys, chinese):
    utils.seed_everything(0)
    train_iter, test_iter = utils.load_data_fashion_mnist(64)
    capsys.readouterr()
    result = utils.train_ch6(_small_cnn(), train_iter, test_iter, 1, 0.5, "cpu")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "训练设备：cpu",
        f"损失 {result.train_loss:.3f}，训练准确率 {result.train_acc:.3f}，测试准确率 {result.test_acc:.3f}",
        lines[2],
    ]
    assert re.fullmatch(r"每秒 \d+\.\d 个样本（cpu）", lines[2]), lines[2]
    plt.close("all")


@pytest.mark.parametrize("epochs", [np.int64(1), torch.tensor(1)])
def test_training_accepts_numpy_and_tensor_epochs(epochs):
    X, y = torch.randn(8, 1, 4, 4), torch.randint(0, 2, (8,))
    data = utils.load_array((X, y), 4)
    net = nn.Sequential(nn.Flatten(), nn.Linear(16, 2))
    utils.train_ch3(net, data, data, nn.CrossEntropyLoss(reduction="none"), epochs,
                    torch.optim.SGD(net.parameters(), lr=0.1))
    utils.train_ch6(net, data, data, epochs, np.float32(0.1), "cpu")
    plt.close("all")


@pytest.mark.parametrize("epochs", [0, -1, 2.0, True, np.float64(2), torch.tensor(2.0)])
def test_training_rejects_bad_epochs(epochs):
    with pytest.raises(ValueError, match="num_epochs"):
        utils.train_ch3(nn.Linear(1, 1), [], [], None, epochs, None)
    with pytest.raises(ValueError, match="num_epochs"):
        utils.train_ch6(nn.Linear(1, 1), [], [], epochs, 0.1, "cpu")


def test_train_ch6_rejects_negative_lr_and_unknown_device():
    with pytest.raises(ValueError, match="learning rate"):
        utils.train_ch6(nn.Linear(1, 1), [], [], 1, -0.1, "cpu")
    with pytest.raises(ValueError, match="device"):
        utils.train_ch6(nn.Linear(1, 1), [], [], 1, 0.1, "gpu")


def test_predict_ch3_shows_titles(english):
    train_iter, test_iter = utils.load_data_fashion_mnist(16)
    net = _softmax_net()
    utils.predict_ch3(net, test_iter, n=4)
    axes = plt.gcf().axes
    assert len(axes) == 4
    true, predicted = axes[0].get_title().split("\n")
    assert {true, predicted} <= set(utils.FASHION_MNIST_CLASSES)
    plt.close("all")


def test_predict_ch3_titles_speak_chinese(chinese):
    _, test_iter = utils.load_data_fashion_mnist(16)
    utils.predict_ch3(_softmax_net(), test_iter, n=4)
    titles = [ax.get_title() for ax in plt.gcf().axes]
    assert all(set(t.split("\n")) <= set(utils.data.FASHION_MNIST_CLASSES_ZH) for t in titles), titles
    plt.close("all")


def test_train_epoch_ch3_reports_the_same_loss_for_mean_and_per_example_losses():
    X = torch.randn(64, 4)
    y = torch.randint(0, 3, (64,))
    reported = []
    for reduction in ("none", "mean"):
        torch.manual_seed(0)
        net = nn.Linear(4, 3)
        optimizer = torch.optim.SGD(net.parameters(), lr=0.0)  # the loss must not change
        loss = nn.CrossEntropyLoss(reduction=reduction)
        # Batches of 20, 20, 20 and 4: an averaged loss must be weighted by its batch's size.
        reported.append(utils.train_epoch_ch3(net, utils.load_array((X, y), 20), loss, optimizer)[0])
    torch.manual_seed(0)
    expected = nn.functional.cross_entropy(nn.Linear(4, 3)(X), y).item()
    assert reported[0] == pytest.approx(expected, rel=1e-5)
    assert reported[1] == pytest.approx(expected, rel=1e-5)


def test_training_plots_take_the_labels_they_are_given(monkeypatch):
    seen = []

    class Recorder(utils.Animator):
        def __init__(self, **kwargs):
            seen.append((kwargs["xlabel"], kwargs["legend"]))
            super().__init__(**kwargs)

    monkeypatch.setattr(utils.training, "Animator", Recorder)
    X, y = torch.randn(32, 1, 4, 4), torch.randint(0, 3, (32,))
    data = utils.load_array((X, y), 16)
    net = nn.Sequential(nn.Flatten(), nn.Linear(16, 3))
    utils.train_ch3(net, data, data, nn.CrossEntropyLoss(reduction="none"), 1,
                    torch.optim.SGD(net.parameters(), lr=0.1),
                    xlabel="迭代周期", legend=["训练损失", "训练准确率", "测试准确率"])
    before = utils.get_language()
    utils.set_language("en")
    utils.train_ch6(net, data, data, 1, 0.1, "cpu")
    utils.train_ch3(net, data, data, nn.CrossEntropyLoss(reduction="none"), 1,
                    torch.optim.SGD(net.parameters(), lr=0.1), xlabel="step")
    # Without labels from the chapter, the plot speaks the language set.
    utils.set_language("zh")
    utils.train_ch6(net, data, data, 1, 0.1, "cpu")
    utils.set_language(before)
    plt.close("all")
    assert seen == [("迭代周期", ["训练损失", "训练准确率", "测试准确率"]),
                    ("epoch", ["train loss", "train acc", "test acc"]),
                    ("step", ["train loss", "train acc", "test acc"]),
                    ("迭代周期", ["训练损失", "训练准确率", "测试准确率"])]


def test_predict_ch3_takes_images_from_several_batches(english):
    _, test_iter = utils.load_data_fashion_mnist(4)
    utils.predict_ch3(_softmax_net(), test_iter, n=10)  # 10 images from batches of 4
    assert len(plt.gcf().axes) == 10
    plt.close("all")
    with pytest.raises(ValueError, match="only 300 examples"):
        utils.predict_ch3(_softmax_net(), test_iter, n=301)


def test_the_running_sums_weigh_an_averaged_loss_by_its_batch():
    sums = utils.training._Sums()
    y_hat, y = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), torch.tensor([0, 1, 1])
    sums.add(y_hat, y, torch.tensor([1.0, 2.0, 3.0]))  # one loss per example
    sums.add(y_hat[:2], y[:2], torch.tensor(4.0))  # averaged over a batch of 2
    assert sums.read() == (pytest.approx((1 + 2 + 3 + 2 * 4) / 5), (2 + 2) / 5)
    sums.reset()
    with pytest.raises(ValueError, match="no batches"):
        sums.read()


# ---------------------------------------------------------------- CUDA-graph replay: when
class _Prints(nn.Module):
    def forward(self, x):
        print("batch of", x.shape[0])
        return x


class _PythonRandom(nn.Module):
    def forward(self, x):
        return x * 2 if random.random() < 0.5 else x


class _Branches(nn.Module):
    def forward(self, x):
        return x if x.mean() > 0 else -x  # a value read on the CPU decides


def _lenet(*extra):
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.Sigmoid(), nn.AvgPool2d(2), nn.Flatten(),
                         *extra, nn.Linear(4 * 5 * 5, 10))


def _hooked(register):
    net = _lenet()
    register(net)
    return net


@pytest.mark.parametrize("net", [
    _lenet(_Prints()), _lenet(_PythonRandom()), _lenet(_Branches()),
    _hooked(lambda net: net[0].register_forward_hook(lambda m, i, o: print("hook"))),
    _hooked(lambda net: net[1].register_forward_pre_hook(lambda m, i: None)),
    _hooked(lambda net: net[-1].register_full_backward_hook(lambda m, gi, go: None)),
    _hooked(lambda net: net[0].weight.register_hook(lambda g: g)),
    _hooked(lambda net: setattr(net[1], "forward", lambda x: x)),
], ids=["print", "python-random", "data-dependent-branch", "forward-hook", "pre-hook",
        "backward-hook", "tensor-hook", "replaced-forward"])
def test_a_model_doing_things_in_python_is_not_replayed(net):
    """A replay would skip them: train_ch6 trains such a model step by step."""
    assert utils.cuda_graph.python_side_effects(net)
    assert not utils.cuda_graph.replays(net, torch.device("cuda"), None)
    assert utils.cuda_graph.replays(net, torch.device("cuda"), True)  # the reader vouches
    assert not utils.cuda_graph.replays(net, torch.device("cuda"), False)


def test_a_global_module_hook_stops_the_replay():
    handle = nn.modules.module.register_module_forward_hook(lambda m, i, o: None)
    try:
        assert "global" in utils.cuda_graph.python_side_effects(_lenet())
    finally:
        handle.remove()
    assert utils.cuda_graph.python_side_effects(_lenet()) is None


@pytest.mark.parametrize("net", [
    _lenet(), nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5),
                            nn.Linear(256, 10)),
    nn.Sequential(utils.Residual(1, 4, use_1x1conv=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                  nn.Linear(4, 10)),
], ids=["lenet", "mlp-dropout", "residual"])
def test_a_model_of_torch_and_utils_layers_is_replayed_on_a_cuda_gpu_only(net):
    assert utils.cuda_graph.python_side_effects(net) is None
    assert utils.cuda_graph.replays(net, torch.device("cuda"), None)
    assert not utils.cuda_graph.replays(net, torch.device("cpu"), None)


def test_cuda_graph_setting_is_checked_before_training(capsys):
    data = utils.load_array((torch.zeros(8, 1, 12, 12), torch.zeros(8, dtype=torch.long)), 4)
    with pytest.raises(ValueError, match="cuda_graph=True needs a CUDA device"):
        utils.train_ch6(_lenet(), data, data, 1, 0.1, "cpu", cuda_graph=True)
    with pytest.raises(ValueError, match="cuda_graph must be None"):
        utils.train_ch6(_lenet(), data, data, 1, 0.1, "cpu", cuda_graph="yes")
    assert capsys.readouterr().out == ""
    utils.train_ch6(_lenet(), data, data, 1, 0.1, "cpu", cuda_graph=False)
    plt.close("all")


class _FakeCuda:
    """torch.cuda's streams and graphs as a CPU-only test sees them: streams that do
    nothing, and a recording that fails at once, as it does for a step that reads a
    value on the CPU."""

    class Stream:
        def __init__(self, device=None):
            pass

        def wait_stream(self, other):
            pass

    class CUDAGraph:
        pass

    warm_steps = 0

    @classmethod
    @contextlib.contextmanager
    def stream(cls, s):
        cls.warm_steps += 1
        yield

    @classmethod
    def current_stream(cls):
        return cls.Stream()

    @staticmethod
    def graph(g):
        raise RuntimeError("operation not permitted when stream is capturing")


def test_a_step_that_cannot_be_recorded_trains_step_by_step(monkeypatch):
    """Replay's bookkeeping on a CPU: 3 warm-up steps, one failed recording, then
    ordinary steps; the weights and sums are those of plain stepping."""
    for name in ("Stream", "CUDAGraph", "stream", "current_stream", "graph"):
        monkeypatch.setattr(torch.cuda, name, getattr(_FakeCuda, name))
    _FakeCuda.warm_steps = 0
    X, y = torch.randn(70, 4), torch.randint(0, 3, (70,))
    trained = []
    for replay in (False, True):
        torch.manual_seed(0)
        net = nn.Linear(4, 3)
        optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
        sums = utils.training._Sums()

        def train_step(X, y):
            optimizer.zero_grad()
            y_hat = net(X)
            l = nn.functional.cross_entropy(y_hat, y)
            l.backward()
            optimizer.step()
            sums.add(y_hat, y, l)

        step = utils.cuda_graph.Replay(train_step, optimizer, torch.device("cpu")) if replay else train_step
        for i in range(0, 70, 8):  # 8 batches of 8, then one of 6
            step(X[i:i + 8], y[i:i + 8])
        trained.append(([p.detach().clone() for p in net.parameters()], sums.read()))
    assert _FakeCuda.warm_steps == utils.cuda_graph.Replay.WARMUP
    assert step.graph is None and step.steps == 9
    for a, b in zip(trained[0][0], trained[1][0]):
        assert torch.equal(a, b)
    assert trained[0][1] == trained[1][1]


# ---------------------------------------------------------------- train_ch6 on a CUDA GPU
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


class _CountingGraph(torch.cuda.CUDAGraph if torch.cuda.is_available() else object):
    replays = 0

    def replay(self):
        type(self).replays += 1
        super().replay()


class _ChecksFinite(nn.Module):
    """Reads a value on the CPU in every forward pass: such a step cannot be recorded."""

    def forward(self, x):
        if not torch.isfinite(x).all():
            raise ValueError("not finite")
        return x


def _train_ch6_on_cuda(monkeypatch, cuda_graph, *extra):
    """train_ch6 for 2 epochs of 10 batches (the last one smaller); its weights and result."""
    monkeypatch.setattr(torch.cuda, "CUDAGraph", _CountingGraph)
    _CountingGraph.replays = 0
    g = torch.Generator().manual_seed(0)
    X, y = torch.rand(300, 1, 12, 12, generator=g), torch.randint(0, 10, (300,), generator=g)
    data = utils.load_array((X, y), 32, is_train=False)
    torch.manual_seed(0)
    net = _lenet(*extra)
    result = utils.train_ch6(net, data, data, 2, 0.5, "cuda", cuda_graph=cuda_graph)
    plt.close("all")
    return [p.detach().cpu() for p in net.parameters()], result


@needs_cuda
def test_train_ch6_replays_a_recorded_step_and_trains_as_ordinary_steps_do(monkeypatch, capsys):
    ordinary, ordinary_result = _train_ch6_on_cuda(monkeypatch, False)
    assert _CountingGraph.replays == 0
    assert "CUDA" not in capsys.readouterr().out.replace("cuda", "")
    recorded, recorded_result = _train_ch6_on_cuda(monkeypatch, None)
    # 2 epochs of 9 full batches and a smaller one: the first 3 steps warm up,
    # the 4th is recorded, every other full batch is a replay.
    assert _CountingGraph.replays == 2 * 9 - 3
    assert capsys.readouterr().out.count("CUDA graph") == 1  # said once
    for a, b in zip(ordinary, recorded):
        assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()
    assert recorded_result == pytest.approx(ordinary_result, abs=1e-5)


@needs_cuda
def test_train_ch6_takes_ordinary_steps_for_a_model_that_cannot_be_recorded(monkeypatch):
    ordinary, ordinary_result = _train_ch6_on_cuda(monkeypatch, False, _ChecksFinite())
    recorded, recorded_result = _train_ch6_on_cuda(monkeypatch, True, _ChecksFinite())
    assert _CountingGraph.replays == 0
    for a, b in zip(ordinary, recorded):
        assert torch.allclose(a, b, atol=1e-5)
    assert recorded_result == pytest.approx(ordinary_result, abs=1e-5)


@needs_cuda
def test_train_ch6_runs_the_python_of_a_model_at_every_step(monkeypatch, capsys):
    """A forward that prints prints at every step: 2 epochs of 10 batches, plus the
    test set's 10 batches after each epoch."""
    _train_ch6_on_cuda(monkeypatch, None, _Prints())
    assert _CountingGraph.replays == 0
    assert capsys.readouterr().out.count("batch of") == 2 * 10 + 2 * 10
