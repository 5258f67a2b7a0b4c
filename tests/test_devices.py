import numpy as np
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


@pytest.mark.parametrize("value", ["CPU", " Cpu ", "cpu\n"])
def test_the_environment_variable_is_normalised(monkeypatch, value):
    monkeypatch.setenv("DLBOOK_DEVICE", value)
    assert utils.get_device() == torch.device("cpu")
    assert utils.try_gpu() == torch.device("cpu")
    assert utils.get_device("CPU") == torch.device("cpu")  # an argument too


def test_a_blank_environment_variable_is_no_choice(monkeypatch):
    monkeypatch.setenv("DLBOOK_DEVICE", "  ")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(devices, "_mps_available", lambda: True)
    assert utils.get_device() == torch.device("mps")


def test_errors_from_the_environment_variable_name_it(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("DLBOOK_DEVICE", "cuda")
    with pytest.raises(RuntimeError, match=r"DLBOOK_DEVICE='cuda' \(an environment variable\).*"
                                           r"no CUDA GPU.*unset it"):
        utils.get_device()
    monkeypatch.setenv("DLBOOK_DEVICE", "gpu")
    with pytest.raises(ValueError, match=r"DLBOOK_DEVICE='gpu'.*Unknown device 'gpu'"):
        utils.try_gpu()


def test_errors_for_an_argument_name_the_variable_too(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="no CUDA GPU.*environment variable DLBOOK_DEVICE"):
        utils.get_device("cuda")


def test_device_errors_in_chinese(monkeypatch, chinese):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("DLBOOK_DEVICE", "cuda")
    with pytest.raises(RuntimeError, match=r"环境变量 DLBOOK_DEVICE='cuda'.*没有找到 CUDA GPU.*删除它"):
        utils.get_device()


def test_seed_everything_takes_numpy_and_tensor_integers():
    utils.seed_everything(np.int64(3))
    a = torch.rand(3)
    utils.seed_everything(torch.tensor(3))
    assert torch.equal(a, torch.rand(3))
    utils.seed_everything(2**32 - 1)  # NumPy's largest seed


@pytest.mark.parametrize("seed", [True, 1.0, np.float64(1), 2**32, "0", torch.tensor([1])])
def test_seed_everything_rejects_what_is_not_a_seed(seed):
    with pytest.raises(ValueError, match=r"seed must be an integer from 0 to 4294967295"):
        utils.seed_everything(seed)


def test_try_gpu_takes_numpy_integers_and_refuses_bools(monkeypatch):
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert utils.try_gpu(np.int64(1)) == torch.device("cuda", 1)
    with pytest.raises(ValueError, match="GPU index"):
        utils.try_gpu(True)


def test_the_colab_hint_speaks_one_language(monkeypatch, capsys, chinese):
    import sys
    import types
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(devices, "_hinted", False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(devices, "_mps_available", lambda: False)
    utils.get_device()
    out = capsys.readouterr().out
    assert "更改运行时类型" in out and "Change runtime type" not in out
