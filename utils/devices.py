"""Choosing where tensors live: CUDA, then Apple MPS, then the CPU.

Every chapter asks for its device through :func:`get_device` (or d2l's name for
it, :func:`try_gpu`), so the choice is made in exactly one place.
"""

from __future__ import annotations

import os
import sys

import torch

from ._arguments import integer
from .language import say

__all__ = ["get_device", "try_gpu", "try_all_gpus", "num_gpus", "device_name"]

#: Environment variable that overrides the automatic choice, e.g. ``DLBOOK_DEVICE=cpu``.
DEVICE_ENV = "DLBOOK_DEVICE"


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


_hinted = False


def _hint_colab_gpu() -> None:
    """In Colab without a GPU, say once how to get one (the chapter still runs on the CPU)."""
    global _hinted
    if "google.colab" in sys.modules and not _hinted:
        _hinted = True
        print(say("No GPU is attached, so this runs on the CPU. For a GPU in Colab: "
                  "Runtime > Change runtime type > T4 GPU, then run the notebook again.",
                  "没有 GPU，本节在 CPU 上运行。要在 Colab 中使用 GPU：代码执行程序 > "
                  "更改运行时类型 > T4 GPU，然后重新运行。"))


def num_gpus() -> int:
    """Number of CUDA GPUs PyTorch can see."""
    return torch.cuda.device_count()


def get_device(name: str | torch.device | None = None) -> torch.device:
    """Return the device to compute on.

    With no argument: the first CUDA GPU if there is one, else Apple's MPS, else
    the CPU. The environment variable ``DLBOOK_DEVICE`` (``cpu``, ``cuda``,
    ``cuda:1``, ``mps``, in any case) overrides that choice. With an argument, that
    device is checked and returned, and a device that is not there is a clear
    error rather than a crash later in the first ``.to(device)``.

    >>> get_device("cpu")
    device(type='cpu')
    """
    from_env = name is None and bool(os.environ.get(DEVICE_ENV, "").strip())
    if from_env:
        name = os.environ[DEVICE_ENV]
    if name is None:
        if torch.cuda.is_available():
            return torch.device("cuda:0")
        if _mps_available():
            return torch.device("mps")
        _hint_colab_gpu()
        return torch.device("cpu")

    def error(kind, en: str, zh: str):
        """An error that says where the device name came from and what to change."""
        if from_env:
            en = (f"{DEVICE_ENV}={name!r} (an environment variable) asks for this device. {en} "
                  f"Change {DEVICE_ENV} (cpu, cuda, cuda:0, mps) or unset it to let "
                  "get_device() pick the best device available.")
            zh = (f"环境变量 {DEVICE_ENV}={name!r} 要求使用这个设备。{zh}"
                  f"请修改 {DEVICE_ENV}（cpu、cuda、cuda:0、mps），或删除它，"
                  "让 get_device() 自动选择可用的最佳设备。")
        else:
            en = (f"{en} Or call get_device() with no argument: it picks the best device "
                  f"available (or the one the environment variable {DEVICE_ENV} names).")
            zh = (f"{zh}也可以不带参数调用 get_device()：它会自动选择可用的最佳设备"
                  f"（或环境变量 {DEVICE_ENV} 指定的设备）。")
        return kind(say(en, zh))

    if isinstance(name, str):
        name = name.strip().lower()  # "CPU", " cuda:0 " as typed in a shell
    try:
        device = torch.device(name)
    except (RuntimeError, TypeError) as err:
        raise error(ValueError, f"Unknown device {name!r}: use 'cpu', 'cuda', 'cuda:0' or 'mps'.",
                    f"未知设备 {name!r}：请使用 'cpu'、'cuda'、'cuda:0' 或 'mps'。") from err

    if device.type == "cpu":
        return device
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise error(
                RuntimeError,
                f"Device {name!r} was requested but PyTorch sees no CUDA GPU "
                f"(torch {torch.__version__}, torch.version.cuda={torch.version.cuda}). "
                "In Colab choose Runtime > Change runtime type > GPU; locally install a "
                "CUDA build of PyTorch.",
                f"要求使用设备 {name!r}，但 PyTorch 没有找到 CUDA GPU"
                f"（torch {torch.__version__}，torch.version.cuda={torch.version.cuda}）。"
                "在 Colab 中选择“代码执行程序 > 更改运行时类型 > GPU”；在本地请安装 CUDA 版的 PyTorch。")
        index = 0 if device.index is None else device.index
        if index >= num_gpus():
            raise error(
                RuntimeError,
                f"Device {name!r} was requested but only {num_gpus()} CUDA GPU(s) "
                f"exist (valid: cuda:0 to cuda:{num_gpus() - 1}).",
                f"要求使用设备 {name!r}，但只有 {num_gpus()} 块 CUDA GPU"
                f"（可用：cuda:0 到 cuda:{num_gpus() - 1}）。")
        return torch.device("cuda", index)
    if device.type == "mps":
        if not _mps_available():
            raise error(
                RuntimeError,
                "Device 'mps' was requested but Apple's Metal backend is not available: "
                "it needs a Mac with Apple silicon and macOS 12.3 or later.",
                "要求使用设备 'mps'，但 Apple 的 Metal 后端不可用："
                "它需要 Apple 芯片的 Mac 和 macOS 12.3 或更高版本。")
        return device
    raise error(ValueError,
                f"Device type {device.type!r} is not supported by this book: "
                "use 'cpu', 'cuda' or 'mps'.",
                f"本书不支持设备类型 {device.type!r}：请使用 'cpu'、'cuda' 或 'mps'。")


def try_gpu(i: int = 0) -> torch.device:
    """d2l's name: GPU ``i`` if it exists, otherwise the best other device.

    Unlike d2l, the fallback is Apple's MPS before the CPU (see :func:`get_device`).
    """
    i = integer(i, ("The GPU index i", "GPU 编号 i"), minimum=0)
    if os.environ.get(DEVICE_ENV, "").strip():
        return get_device()
    if i < num_gpus():
        return torch.device("cuda", i)
    if num_gpus() == 0 and _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def try_all_gpus() -> list[torch.device]:
    """d2l's name: every CUDA GPU, or ``[get_device()]`` when there is none."""
    devices = [torch.device("cuda", i) for i in range(num_gpus())]
    return devices if devices else [get_device()]


def device_name(device: torch.device | str | None = None) -> str:
    """A readable name for a device, e.g. ``'cuda:0 (NVIDIA H100 80GB HBM3)'``."""
    device = get_device(device)
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    if device.type == "mps":
        return "mps (Apple GPU)"
    return "cpu"
