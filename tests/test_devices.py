import pytest
import torch

import utils
from utils import devices


def test_default_is_the_best_available(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(devices, "_mps_available", lambda: False)
    assert utils.get_device() == torch.device("cpu")
    monkeypatch.setattr(devices, "_mps_available", lambda: True)
    assert utils.get_device() == torch.device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert utils.get_device() == torch.device("cuda:0")


def test_environment_variable_overrides(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert utils.get_device() == torch.device("cpu")
    assert utils.try_gpu() == torch.device("cpu")


def test_cpu_is_always_there():
    assert utils.get_device("cpu") == torch.device("cpu")
    assert utils.device_name("cpu") == "cpu"


@pytest.mark.parametrize("name", ["gpu", "tpu:0", "", "cuda:-1"])
def test_unknown_device_is_a_clear_error(name):
    with pytest.raises((ValueError, RuntimeError), match="[Dd]evice"):
        utils.get_device(name)


def test_missing_gpu_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="no CUDA GPU.*Colab"):
        utils.get_device("cuda")
    monkeypatch.setattr(devices, "_mps_available", lambda: False)
    with pytest.raises(RuntimeError, match="Apple"):
        utils.get_device("mps")


def test_gpu_index_out_of_range(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    assert utils.get_device("cuda") == torch.device("cuda", 0)
    with pytest.raises(RuntimeError, match="only 1 CUDA GPU"):
        utils.get_device("cuda:3")


def test_try_gpu_falls_back_like_d2l(monkeypatch):
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert utils.try_gpu(1) == torch.device("cuda", 1)
    assert utils.try_gpu(5) == torch.device("cpu")
    assert utils.try_all_gpus() == [torch.device("cuda", 0), torch.device("cuda", 1)]
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    monkeypatch.setattr(devices, "_mps_available", lambda: True)
    assert utils.try_gpu() == torch.device("mps")
    with pytest.raises(ValueError):
        utils.try_gpu(-1)


def test_seed_everything_reproduces():
    utils.seed_everything(3)
    a = torch.rand(3)
    utils.seed_everything(3)
    assert torch.equal(a, torch.rand(3))
    with pytest.raises(ValueError, match="seed"):
        utils.seed_everything(-1)


def test_colab_without_gpu_gets_a_hint_once(monkeypatch, capsys):
    import sys
    import types
    from utils import devices
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(devices, "_hinted", False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(devices, "_mps_available", lambda: False)
    monkeypatch.delenv("DLBOOK_DEVICE", raising=False)
    assert utils.get_device() == torch.device("cpu")
    assert utils.get_device() == torch.device("cpu")
    out = capsys.readouterr().out
    assert out.count("Change runtime type") == 1


def test_no_hint_outside_colab(monkeypatch, capsys):
    from utils import devices
    monkeypatch.setattr(devices, "_hinted", False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(devices, "_mps_available", lambda: False)
    monkeypatch.delenv("DLBOOK_DEVICE", raising=False)
    utils.get_device()
    assert capsys.readouterr().out == ""
