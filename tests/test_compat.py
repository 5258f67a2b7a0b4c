"""Course code runs with ``import utils as d2l``: every d2l 0.17.6 name that the d2l
book's PyTorch chapters on preliminaries, linear networks, MLPs and CNNs call is in
``utils`` and behaves as d2l's own definition does.

The reference is d2l 0.17.6 itself, its ``d2l/torch.py``, installed without its
dependencies into ``.bench-d2l`` (``make .bench-d2l/.installed``, which the first
test run does) and imported here: each check calls d2l's definition and utils' with
the same inputs and compares what they give.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import inspect
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import matplotlib.pyplot
import numpy as np
import pytest
import torch

import utils
from utils import compat

ROOT = Path(__file__).resolve().parents[1]
D2L_DIR = ROOT / ".bench-d2l"

#: The names of ``d2l.torch`` that the course's PyTorch chapters call, by chapter.
COURSE_NAMES = {
    "preliminaries": ["plt", "use_svg_display", "set_figsize", "set_axes", "plot"],
    "tensor shorthands": [
        "ones", "zeros", "tensor", "arange", "meshgrid", "sin", "sinh", "cos", "cosh", "tanh",
        "linspace", "exp", "log", "normal", "rand", "matmul", "int32", "float32", "concat",
        "stack", "abs", "eye", "numpy", "size", "reshape", "to", "reduce_sum", "argmax",
        "astype", "transpose"],
    "linear networks": [
        "Timer", "synthetic_data", "linreg", "squared_loss", "sgd", "load_array",
        "get_fashion_mnist_labels", "show_images", "get_dataloader_workers",
        "load_data_fashion_mnist", "accuracy", "evaluate_accuracy", "Accumulator",
        "train_epoch_ch3", "Animator", "train_ch3", "predict_ch3"],
    "multilayer perceptrons": [
        "evaluate_loss", "DATA_HUB", "DATA_URL", "download", "download_extract", "download_all"],
    "convolutional networks": [
        "try_gpu", "try_all_gpus", "corr2d", "evaluate_accuracy_gpu", "train_ch6", "Residual"],
}
ALL_NAMES = [name for names in COURSE_NAMES.values() for name in names]


@pytest.fixture(scope="module")
def d2l():
    """d2l 0.17.6's ``d2l.torch``, the reference."""
    if not (D2L_DIR / ".installed").exists():
        subprocess.run(["make", "-s", ".bench-d2l/.installed", f"BIN={Path(sys.executable).parent}"],
                       cwd=ROOT, check=True)
    sys.path.insert(0, str(D2L_DIR))
    try:
        module = importlib.import_module("d2l.torch")
    finally:
        sys.path.remove(str(D2L_DIR))
    # d2l imports pandas (from .bench-d2l) at import time; the rest of the tests should not see it.
    for name in [n for n in sys.modules if n == "pandas" or n.startswith("pandas.")]:
        del sys.modules[name]
    assert module.__file__.startswith(str(D2L_DIR)), module.__file__
    return module


def test_d2l_is_the_course_release(d2l):
    assert sys.modules["d2l"].__version__ == "0.17.6"


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_course_name_is_in_utils(d2l, name):
    assert hasattr(d2l, name), f"d2l 0.17.6 has no {name}: the list above is wrong"
    assert hasattr(utils, name), f"`import utils as d2l` has no d2l.{name}"


def test_compat_holds_only_course_names_utils_lacked():
    assert set(compat.__all__) <= set(ALL_NAMES)
    teaching = {name for module in (utils.data, utils.training, utils.plotting, utils.devices)
                for name in vars(module) if not name.startswith("_")}
    assert not set(compat.__all__) & teaching - {"plt", "torch", "nn", "F"}, "a name defined twice"
    for name in compat.__all__:
        assert getattr(utils, name) is getattr(compat, name)


# --- Tensor shorthands: same call, same result ---------------------------------------

A = torch.arange(12, dtype=torch.float32).reshape(3, 4) - 5
B = torch.arange(8, dtype=torch.float32).reshape(4, 2)
CALLS = {
    "ones": ((2, 3),), "zeros": ((2, 3),), "tensor": ([[1, 2], [3, 4]],), "arange": (12,),
    "meshgrid": (torch.arange(3), torch.arange(2)), "sin": (A,), "sinh": (A,), "cos": (A,),
    "cosh": (A,), "tanh": (A,), "linspace": (0, 1, 5), "exp": (A,), "log": (A.abs() + 1,),
    "normal": (0, 1, (3, 4)), "rand": (2, 3), "matmul": (A, B), "concat": ((A, A),),
    "stack": ((A, A),), "abs": (A,), "eye": (3,), "numpy": (A.clone().requires_grad_(),),
    "size": (A,), "reshape": (A, (4, 3)), "to": (A, torch.float64), "reduce_sum": (A,),
    "argmax": (A,), "astype": (A, torch.int32), "transpose": (A,),
}
KEYWORDS = {"meshgrid": {"indexing": "ij"}, "concat": {"dim": 1}, "stack": {"dim": 0},
            "reduce_sum": {"axis": 1}, "argmax": {"axis": 1}}
CONSTANTS = ["int32", "float32", "plt"]


def _same(a, b) -> None:
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, torch.Tensor):
        assert a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b), (a, b)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    else:
        assert a == b


def test_every_shorthand_is_checked():
    shorthands = set(COURSE_NAMES["tensor shorthands"])
    assert set(CALLS) | set(CONSTANTS) >= shorthands


@pytest.mark.parametrize("name", sorted(CALLS))
def test_shorthand_gives_what_d2l_gives(d2l, name):
    results = []
    for module in (d2l, utils):
        torch.manual_seed(0)  # normal, rand
        results.append(getattr(module, name)(*CALLS[name], **KEYWORDS.get(name, {})))
    _same(*results)


@pytest.mark.parametrize("name", CONSTANTS)
def test_constants_are_d2ls(d2l, name):
    assert getattr(utils, name) is getattr(d2l, name)
    assert utils.plt is matplotlib.pyplot


# --- The chapters' helpers ---------------------------------------------------------

@pytest.mark.parametrize("shapes", [((6, 8), (2, 3)), ((3, 3), (3, 3)), ((5, 4), (1, 1))])
def test_corr2d_gives_what_d2l_gives_and_its_gradients(d2l, shapes):
    torch.manual_seed(1)
    X, K = torch.randn(shapes[0]), torch.randn(shapes[1])
    grads = []
    for module in (d2l, utils):
        k = K.clone().requires_grad_()
        Y = module.corr2d(X, k)
        (Y * torch.arange(Y.numel()).reshape(Y.shape)).sum().backward()
        grads.append(k.grad)
        assert Y.dtype == torch.float32 and Y.shape == (shapes[0][0] - shapes[1][0] + 1,
                                                          shapes[0][1] - shapes[1][1] + 1)
    torch.testing.assert_close(utils.corr2d(X, K), d2l.corr2d(X, K))
    torch.testing.assert_close(grads[1], grads[0])


def test_corr2d_of_integers_is_float_as_in_d2l(d2l):
    X, K = torch.arange(9).reshape(3, 3), torch.tensor([[0, 1], [2, 3]])
    _same(utils.corr2d(X, K), d2l.corr2d(X, K))


@pytest.mark.parametrize("X, K, words", [(torch.ones(1, 3, 3), torch.ones(2, 2), "2-D"),
                                         (torch.ones(2, 2), torch.ones(3, 3), "larger")])
def test_corr2d_explains_bad_shapes(X, K, words):
    with pytest.raises(ValueError, match=words):
        utils.corr2d(X, K)


@pytest.mark.parametrize("args", [(3, 3), (3, 6, True, 2)])
def test_residual_is_d2ls_block(d2l, args):
    blocks = []
    for module in (d2l, utils):
        torch.manual_seed(2)
        blocks.append(module.Residual(*args))
    ours, theirs = blocks[1].state_dict(), blocks[0].state_dict()
    assert list(ours) == list(theirs)
    for key in ours:
        torch.testing.assert_close(ours[key], theirs[key])
    X = torch.randn(4, 3, 6, 6)
    for train in (True, False):
        for block in blocks:
            block.train(train)
        torch.testing.assert_close(blocks[1](X), blocks[0](X))


def test_dataloader_workers_and_data_hub_match_d2l(d2l):
    assert utils.get_dataloader_workers() == d2l.get_dataloader_workers()
    assert utils.DATA_URL == d2l.DATA_URL
    assert {"kaggle_house_train", "kaggle_house_test"} <= set(utils.DATA_HUB)
    for name, entry in utils.DATA_HUB.items():
        assert d2l.DATA_HUB[name] == entry


# --- download, download_extract, download_all, from a server on this machine ------------

@pytest.fixture
def served(tmp_path, monkeypatch, d2l):
    """Files served over HTTP on 127.0.0.1 and registered in both DATA_HUBs."""
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "house.csv").write_text("Id,SalePrice\n1,208500\n2,181500\n")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as z:
        z.writestr("bundle/a.txt", "first")
        z.writestr("bundle/sub/b.txt", "second")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    hub = {name: (url + file, compat._sha1(str(folder / file)))
           for name, file in (("house", "house.csv"), ("bundle", "bundle.zip"))}
    for module in (d2l, utils.compat):
        monkeypatch.setattr(module, "DATA_HUB", dict(hub))
    yield folder
    httpd.shutdown()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run_in(folder: Path, monkeypatch, call):
    """Call ``call`` from ``folder/work``, where d2l's default cache ``../data`` is ``folder/data``."""
    (folder / "work").mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(folder / "work")
    return call()


def test_download_gives_what_d2ls_gives(d2l, served, tmp_path, monkeypatch, capsys):
    got = {}
    for label, module in (("d2l", d2l), ("utils", utils)):
        first = _run_in(tmp_path / label, monkeypatch, lambda: module.download("house"))
        said = capsys.readouterr().out
        again = _run_in(tmp_path / label, monkeypatch, lambda: module.download("house"))
        said_again = capsys.readouterr().out
        (tmp_path / label / "data" / "house.csv").write_text("damaged")
        repaired = _run_in(tmp_path / label, monkeypatch, lambda: module.download("house"))
        got[label] = (first, again, repaired, said.startswith("Downloading ../data/house.csv from"),
                      said_again, capsys.readouterr().out != "", _tree(tmp_path / label / "data"))
    assert got["utils"] == got["d2l"]
    assert got["d2l"][0] == os.path.join("..", "data", "house.csv")


def test_download_extract_and_download_all_give_what_d2ls_give(d2l, served, tmp_path, monkeypatch):
    got = {}
    for label, module in (("d2l", d2l), ("utils", utils)):
        paths = _run_in(tmp_path / label, monkeypatch,
                        lambda: (module.download_extract("bundle"), module.download_extract("bundle", "bundle/sub")))
        (tmp_path / label / "data" / "house.csv").unlink(missing_ok=True)
        _run_in(tmp_path / label, monkeypatch, module.download_all)
        got[label] = (paths, _tree(tmp_path / label / "data"))
    assert got["utils"] == got["d2l"]
    assert "bundle/sub/b.txt" in got["utils"][1]


def test_download_rejects_an_unknown_name_and_a_damaged_download(d2l, served, tmp_path, monkeypatch):
    with pytest.raises(AssertionError):
        d2l.download("nope", cache_dir=str(tmp_path / "d2l"))
    with pytest.raises(ValueError, match="DATA_HUB"):
        utils.download("nope", cache_dir=str(tmp_path / "utils"))
    # A server that answers with something else (a login page): d2l keeps it, utils says so.
    url, _ = utils.compat.DATA_HUB["house"]
    monkeypatch.setitem(utils.compat.DATA_HUB, "house", (url, "0" * 40))
    with pytest.raises(OSError, match="SHA-1"):
        utils.download("house", cache_dir=str(tmp_path / "utils"))
    assert list((tmp_path / "utils").iterdir()) == [], "a damaged or partial file was left behind"


# --- Names the rest of utils already had: d2l's calls work, and give d2l's results ---

@pytest.mark.parametrize("name", [n for n in ALL_NAMES if n not in compat.__all__])
def test_d2l_calls_bind_to_utils(d2l, name):
    """Every way of calling d2l's function (positionally or by keyword) calls utils' too."""
    ours, theirs = getattr(utils, name), getattr(d2l, name)
    assert callable(ours) and callable(theirs)
    sig_theirs = inspect.signature(theirs)
    sig_ours = inspect.signature(ours)
    params = list(sig_theirs.parameters.values())
    sig_ours.bind(*range(len(params)))
    sig_ours.bind(**{p.name: 0 for p in params})


def test_course_functions_give_d2ls_results(d2l):
    torch.manual_seed(3)
    w, b = torch.tensor([2.0, -3.4]), 4.2
    results = []
    for module in (d2l, utils):
        torch.manual_seed(4)
        X, y = module.synthetic_data(w, b, 20)
        y_hat = module.linreg(X, w, b)
        loss = module.squared_loss(y_hat, y)
        params = [torch.ones(2, requires_grad=True)]
        (params[0] * X).sum().backward()
        module.sgd(params, 0.1, 20)
        logits = torch.randn(20, 10, generator=torch.Generator().manual_seed(5))
        labels = torch.arange(20) % 10
        acc = module.accuracy(logits, labels)
        names = module.get_fashion_mnist_labels(labels[:10])
        batches = [tuple(t.clone() for t in batch) for batch in module.load_array((X, y), 6, is_train=False)]
        net = torch.nn.Linear(2, 1)
        net.weight.data.fill_(0.5)
        net.bias.data.fill_(0.0)
        mean_loss = module.evaluate_loss(net, batches, torch.nn.MSELoss(reduction="none"))
        torch.manual_seed(6)
        clf = torch.nn.Linear(2, 3)
        eval_acc = module.evaluate_accuracy(clf, [(X, (torch.arange(20) % 3))])
        acc_sums = module.Accumulator(2)
        acc_sums.add(1, torch.tensor(2.5))
        acc_sums.add(3, 4)
        results.append((X, y, y_hat, loss, params[0].detach(), params[0].grad, acc, names,
                        batches, mean_loss, eval_acc, acc_sums[0], acc_sums[1],
                        module.try_gpu(0) if not torch.cuda.is_available() else None,
                        module.try_all_gpus() if not torch.cuda.is_available() else None))
    for ours, theirs in zip(results[1], results[0]):
        if isinstance(ours, float):
            assert ours == pytest.approx(theirs, rel=1e-6)
        elif isinstance(ours, list) and ours and isinstance(ours[0], tuple):
            assert len(ours) == len(theirs)
            for a, c in zip(ours, theirs):
                _same(list(a), list(c))
        else:
            _same(ours, theirs)


def test_timer_keeps_d2ls_api(d2l):
    for module in (d2l, utils):
        timer = module.Timer()
        timer.stop()
        timer.start()
        timer.stop()
        assert len(timer.times) == 2 and timer.sum() == pytest.approx(sum(timer.times))
        assert timer.avg() == pytest.approx(timer.sum() / 2)
        assert timer.cumsum()[-1] == pytest.approx(timer.sum())
