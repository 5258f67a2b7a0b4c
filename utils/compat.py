"""The rest of d2l 0.17's ``d2l.torch`` names that course code calls.

The d2l book's PyTorch chapters on preliminaries, linear networks, multilayer
perceptrons and convolutional networks call, besides the training and data
functions in the rest of ``utils``, a few shorthands and helpers that the book
defines and saves as it goes: ``d2l.reshape(X, (3, 4))``, ``d2l.plt.plot(...)``,
``d2l.corr2d(X, K)``, ``d2l.download('kaggle_house_train')``. They live here,
apart from the teaching code, with d2l 0.17.6's behaviour, so that code copied
from the course runs with ``import utils as d2l``. tests/test_compat.py checks
every name against d2l's own definition.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import urllib.request
import zipfile

import torch
from matplotlib import pyplot as plt
from torch import nn
from torch.nn import functional as F

from .language import say

__all__ = [
    # matplotlib's pyplot, as d2l.plt
    "plt",
    # tensor shorthands (d2l's "alias" block)
    "ones", "zeros", "tensor", "arange", "meshgrid", "sin", "sinh", "cos", "cosh", "tanh",
    "linspace", "exp", "log", "normal", "rand", "matmul", "int32", "float32", "concat",
    "stack", "abs", "eye", "numpy", "size", "reshape", "to", "reduce_sum", "argmax",
    "astype", "transpose",
    # data files (the MLP chapter's Kaggle house prices)
    "DATA_HUB", "DATA_URL", "download", "download_extract", "download_all",
    # Fashion-MNIST, convolutions, ResNet
    "get_dataloader_workers", "corr2d", "Residual",
]

# --- Tensor shorthands --------------------------------------------------------
# d2l writes its shared code once for several frameworks with these names; the
# PyTorch ones are PyTorch's own functions, or one-line calls of a tensor method.

ones = torch.ones
zeros = torch.zeros
tensor = torch.tensor
arange = torch.arange
meshgrid = torch.meshgrid
sin = torch.sin
sinh = torch.sinh
cos = torch.cos
cosh = torch.cosh
tanh = torch.tanh
linspace = torch.linspace
exp = torch.exp
log = torch.log
normal = torch.normal
rand = torch.rand
matmul = torch.matmul
int32 = torch.int32
float32 = torch.float32
concat = torch.cat
stack = torch.stack
abs = torch.abs  # noqa: A001 (d2l's name; shadows the builtin only in this module)
eye = torch.eye


def numpy(x, *args, **kwargs):
    """``x`` as a NumPy array (detached from autograd)."""
    return x.detach().numpy(*args, **kwargs)


def size(x, *args, **kwargs):
    """The number of elements of ``x``."""
    return x.numel(*args, **kwargs)


def reshape(x, *args, **kwargs):
    return x.reshape(*args, **kwargs)


def to(x, *args, **kwargs):
    return x.to(*args, **kwargs)


def reduce_sum(x, *args, **kwargs):
    return x.sum(*args, **kwargs)


def argmax(x, *args, **kwargs):
    return x.argmax(*args, **kwargs)


def astype(x, *args, **kwargs):
    """``x`` converted to a dtype (``Tensor.type``)."""
    return x.type(*args, **kwargs)


def transpose(x, *args, **kwargs):
    """The transpose of a matrix (``Tensor.t``)."""
    return x.t(*args, **kwargs)


# --- Data files -----------------------------------------------------------------
# The MLP chapter's Kaggle house-price example downloads two CSV files by name.

DATA_URL = "http://d2l-data.s3-accelerate.amazonaws.com/"
#: name -> (url, SHA-1 of the file)
DATA_HUB = {
    "kaggle_house_train": (DATA_URL + "kaggle_house_pred_train.csv",
                           "585e9cc93e70b39160e7921475f9bcd7d31219ce"),
    "kaggle_house_test": (DATA_URL + "kaggle_house_pred_test.csv",
                          "fa19780a7b011d9b009e8bff8e99922a8ee2eb90"),
}


def _sha1(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(name, cache_dir=os.path.join("..", "data")):
    """Download the file registered as ``name`` in :data:`DATA_HUB`; return its path.

    As in d2l, a file already in ``cache_dir`` with the right SHA-1 is not
    downloaded again. Unlike d2l, the file is written whole or not at all, and a
    download whose SHA-1 is wrong (a proxy's error page) is an error.
    """
    if name not in DATA_HUB:
        known = ", ".join(sorted(DATA_HUB))
        raise ValueError(say(f"{name!r} is not in DATA_HUB (known: {known}). "
                             "Register a file first: DATA_HUB[name] = (url, sha1).",
                             f"DATA_HUB 中没有 {name!r}（已有：{known}）。"
                             "请先登记文件：DATA_HUB[name] = (url, sha1)。"))
    url, sha1_hash = DATA_HUB[name]
    os.makedirs(cache_dir, exist_ok=True)
    fname = os.path.join(cache_dir, url.split("/")[-1])
    if os.path.exists(fname) and _sha1(fname) == sha1_hash:
        return fname  # hit the cache
    print(f"Downloading {fname} from {url}...")
    part = f"{fname}.{os.getpid()}.part"  # renamed into place once whole and checked
    try:
        with open(part, "wb") as f, urllib.request.urlopen(url, timeout=60) as response:
            for block in iter(lambda: response.read(1 << 20), b""):
                f.write(block)
        got = _sha1(part)
        if got != sha1_hash:
            raise OSError(say(f"{url} gave a file whose SHA-1 is {got}, not {sha1_hash}: the download is "
                              "damaged or was replaced (by a proxy or a login page?). Try again, or on another network.",
                              f"从 {url} 下载的文件 SHA-1 为 {got}，而不是 {sha1_hash}：文件已损坏或被替换"
                              "（代理或登录页面？）。请重试，或换一个网络。"))
        os.replace(part, fname)
    finally:
        if os.path.exists(part):
            os.remove(part)
    return fname


def download_extract(name, folder=None):
    """Download and extract a zip or tar file; return the folder it was extracted to."""
    fname = download(name)
    base_dir = os.path.dirname(fname)
    data_dir, ext = os.path.splitext(fname)
    if ext == ".zip":
        with zipfile.ZipFile(fname, "r") as fp:
            fp.extractall(base_dir)
    elif ext in (".tar", ".gz"):
        with tarfile.open(fname, "r") as fp:
            fp.extractall(base_dir, filter="data")
    else:
        raise ValueError(say(f"{fname}: only zip and tar files can be extracted.",
                             f"{fname}：只能解压 zip 和 tar 文件。"))
    return os.path.join(base_dir, folder) if folder else data_dir


def download_all():
    """Download every file in :data:`DATA_HUB`."""
    for name in DATA_HUB:
        download(name)


# --- Fashion-MNIST, convolutions, ResNet --------------------------------------------

def get_dataloader_workers():
    """The number of worker processes d2l's data loaders use (4).

    ``utils.load_data_fashion_mnist`` keeps the images in memory and needs none.
    """
    return 4


def corr2d(X, K):
    """2-D cross-correlation of a matrix ``X`` with a kernel ``K`` (d2l's ``corr2d``).

    d2l's double loop: each output entry is a window of ``X`` times ``K``, summed.
    Gradients flow to ``X`` and ``K``. Like d2l, the result has the default dtype.
    """
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(say(f"corr2d takes two matrices (2-D tensors), got shapes {tuple(X.shape)} and "
                             f"{tuple(K.shape)}; for images with channels use nn.Conv2d.",
                             f"corr2d 的输入是两个矩阵（二维张量），收到的形状是 {tuple(X.shape)} 和 "
                             f"{tuple(K.shape)}；多通道图像请用 nn.Conv2d。"))
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError(say(f"The kernel {tuple(K.shape)} is larger than the input {tuple(X.shape)}.",
                             f"卷积核 {tuple(K.shape)} 比输入 {tuple(X.shape)} 还大。"))
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


class Residual(nn.Module):
    """The residual block of ResNet (d2l's ``Residual``): two 3x3 convolutions with
    batch normalisation, plus the input, through a 1x1 convolution when its shape changes."""

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)
