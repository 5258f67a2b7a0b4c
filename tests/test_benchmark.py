"""bench/benchmark.py's own sides compute what they claim to (the benchmark
itself runs with `make bench`, not here)."""

import importlib.util
from pathlib import Path

import pytest
import torch

import utils

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "bench" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def small_data(bench, monkeypatch, tmp_path):
    """2,000 + 500 generated images, written into tmp_path as the benchmark writes them."""
    monkeypatch.setattr(bench, "N_TRAIN", 2000)
    monkeypatch.setattr(bench, "N_TEST", 500)
    return bench.write_dataset(tmp_path)


@pytest.mark.parametrize("kind", ["softmax", "mlp", "lenet"])
def test_required_side_trains_exactly_as_utils(bench, small_data, tmp_path, kind):
    """"required" is the least work of d2l's API written out plainly: from the same
    seed it must shuffle, convert and step exactly as utils does, so that its speed
    bounds what utils could reach and does not come from doing less."""
    cpu = torch.device("cpu")
    _, by_utils, _ = bench.train_library(utils, kind, 2, cpu, seed=7, folder=tmp_path)
    _, by_required, _ = bench.train_required(kind, 2, cpu, small_data, seed=7)
    start, _, _ = bench.start_training(kind, 7, cpu)
    for trained, other, initial in zip(by_utils.parameters(), by_required.parameters(),
                                       start.parameters()):
        assert not torch.equal(trained, initial)  # it trained
        torch.testing.assert_close(trained, other, rtol=0, atol=1e-6)

