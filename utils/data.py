"""Data: synthetic regression data, minibatch iterators and Fashion-MNIST.

Fashion-MNIST is decoded once into one tensor and batched from memory a whole
batch at a time (:class:`Minibatches`), so there are no per-image PIL
transforms and no worker processes: on a laptop CPU this is what makes training
many times faster than d2l's loader (see the README's "Performance").

Where the files come from (environment variable ``DLBOOK_FASHION_MNIST``):

* ``auto`` (default): the full dataset from the cache, downloaded and MD5-checked
  if missing; when that is impossible (no network, a damaged download, a data
  folder that cannot be written), the 900-image sample shipped with this
  package, announced loudly with the reason and what to change.
* ``full``: the full dataset or a clear error.
* ``sample``: always the shipped sample (what the tests use, so stored notebook
  outputs are reproducible offline).

Every load prints one banner saying which of the two a run uses, in the
language set by :func:`utils.set_language`. The cache folder is
``~/.cache/dlbook`` unless ``DLBOOK_DATA_DIR`` says otherwise; downloaded files
get the permissions the umask gives, so a folder shared on a class server is
readable by everyone it is shared with.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import secrets
import struct
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F
from torch.utils import data

from ._arguments import integer
from .devices import get_device
from .language import say

__all__ = [
    "synthetic_data",
    "load_array",
    "Minibatches",
    "load_data_fashion_mnist",
    "get_fashion_mnist_labels",
    "read_idx",
    "write_idx",
    "fashion_mnist_files",
    "data_dir",
    "CorruptFileError",
    "DataFolderError",
    "FASHION_MNIST_CLASSES",
]

MODE_ENV = "DLBOOK_FASHION_MNIST"
DATA_DIR_ENV = "DLBOOK_DATA_DIR"

#: Official file names and MD5 checksums (as published by Zalando Research).
FASHION_MNIST_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
#: The same four names for the 900-image sample in ``utils/datasets``.
SAMPLE_MD5 = {
    "train-images-idx3-ubyte.gz": "d5f1d0c34ed120db9336a0b4f5bd9768",
    "train-labels-idx1-ubyte.gz": "a25b5d79205bda08ad93e2c93bade468",
    "t10k-images-idx3-ubyte.gz": "a681dcc49b0f338b51830581c00cef31",
    "t10k-labels-idx1-ubyte.gz": "63c5fdbad6cc070119f61f70ae1ad39e",
}
MIRRORS = (
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
)
#: Number of (training, test) images: the full dataset and the bundled sample.
FULL_SIZES = (60_000, 10_000)
SAMPLE_SIZES = (600, 300)
SAMPLE_DIR = Path(__file__).resolve().parent / "datasets" / "fashion_mnist_sample"
FASHION_MNIST_CLASSES = (
    "t-shirt", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle boot",
)
#: The same classes in Chinese, the names the Chinese edition uses.
FASHION_MNIST_CLASSES_ZH = ("T恤", "裤子", "套衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴")


class CorruptFileError(ValueError):
    """A data file is truncated, has the wrong checksum or is not an IDX file."""


class DataFolderError(OSError):
    """The data folder cannot be created, read or written (``DLBOOK_FASHION_MNIST=full``)."""


# ---------------------------------------------------------------- synthetic data
def synthetic_data(w: torch.Tensor, b: float, num_examples: int, noise: float = 0.01):
    """Generate ``y = Xw + b + noise`` with ``X ~ N(0, 1)`` (d2l's ``synthetic_data``).

    Returns ``X`` of shape ``(num_examples, len(w))`` and ``y`` of shape
    ``(num_examples, 1)``.
    """
    num_examples = integer(num_examples, "num_examples")
    if noise < 0:
        raise ValueError(say(f"noise is a standard deviation and must be >= 0, got {noise}.",
                             f"noise 是标准差，必须 >= 0，传入的是 {noise}。"))
    w = torch.as_tensor(w, dtype=torch.float32)
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, noise, y.shape)
    return X, y.reshape((-1, 1))


# ---------------------------------------------------------------- minibatches
class _InMemory(data.Dataset):
    """Tensors held in memory: the ``.dataset`` of the iterators below.

    ``dataset[i]`` is one example and ``len(dataset)`` the number of examples;
    ``transform`` (if any) turns stored features into what the model sees, for
    a batch (what :class:`Minibatches` calls) as for one example.
    """

    def __init__(self, *tensors: torch.Tensor, transform=None, source: str = "memory"):
        n = tensors[0].shape[0]
        if any(t.shape[0] != n for t in tensors):
            shapes = ", ".join(str(tuple(t.shape)) for t in tensors)
            raise ValueError(say(f"All tensors need the same first dimension, got shapes {shapes}.",
                                 f"所有张量的第一维必须相同，传入的形状是 {shapes}。"))
        self.tensors = tensors
        self.transform = transform
        self.source = source

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __getitem__(self, index):
        example = [t[index] for t in self.tensors]
        if self.transform is not None:
            example[0] = self.transform(example[0].unsqueeze(0)).squeeze(0)
        return tuple(example)


class Minibatches:
    """Minibatches cut from tensors in memory, a whole batch at a time.

    Used like a ``DataLoader``: iterate for batches (tuples of tensors), ``len()``
    is the number of batches, ``.dataset`` the examples. With ``shuffle`` every
    epoch draws a new order from torch's random generator, so a seeded run
    repeats. A batch is one ``index_select`` per tensor (a slice, without
    copying, when not shuffled) and one call of the dataset's ``transform``:
    no per-example Python, no worker processes.
    """

    def __init__(self, dataset: _InMemory, batch_size: int, shuffle: bool):
        self.dataset = dataset
        self.batch_size = integer(batch_size, "batch_size")
        self.shuffle = shuffle

    def __len__(self) -> int:
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self):
        tensors, n, size = self.dataset.tensors, len(self.dataset), self.batch_size
        transform = self.dataset.transform
        order = torch.randperm(n, device=tensors[0].device) if self.shuffle else None
        for start in range(0, n, size):
            if order is None:
                batch = [t[start:start + size] for t in tensors]
            else:
                index = order[start:start + size]
                batch = [t.index_select(0, index) for t in tensors]
            if transform is not None:
                batch[0] = transform(batch[0])
            yield tuple(batch)


def load_array(data_arrays: Sequence[torch.Tensor], batch_size: int, is_train: bool = True):
    """Minibatches over in-memory tensors (d2l's ``load_array``), a :class:`Minibatches`.

    ``data_arrays`` is a tuple such as ``(features, labels)``; each batch is a tuple
    of the same length. ``is_train=True`` shuffles every epoch.
    """
    batch_size = integer(batch_size, "batch_size")
    tensors = tuple(torch.as_tensor(a) for a in data_arrays)
    if not tensors:
        raise ValueError(say("data_arrays is empty: pass a tuple such as (features, labels).",
                             "data_arrays 为空：请传入形如 (features, labels) 的元组。"))
    return Minibatches(_InMemory(*tensors), batch_size, shuffle=is_train)


# ---------------------------------------------------------------- files
def data_dir() -> Path:
    """Where downloaded datasets are cached (``DLBOOK_DATA_DIR`` or ``~/.cache/dlbook``)."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "dlbook"


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_idx(path: str | Path) -> torch.Tensor:
    """Read a gzipped IDX file (the MNIST format) into a uint8 tensor.

    Raises :class:`CorruptFileError` if the file is truncated or not IDX.
    """
    path = Path(path)
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        raise CorruptFileError(say(
            f"{path} is not a complete gzip file ({err}). Delete it and run again "
            "to download a fresh copy.",
            f"{path} 不是完整的 gzip 文件（{err}）。请删除它后重新运行，以下载新的副本。"
        )) from err
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise CorruptFileError(say(f"{path} is not an unsigned-byte IDX file (bad magic number).",
                                   f"{path} 不是无符号字节的 IDX 文件（magic number 不对）。"))
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise CorruptFileError(say(f"{path} is truncated: its header is incomplete.",
                                   f"{path} 不完整：文件头被截断了。"))
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    expected = header + math.prod(shape)
    if len(raw) != expected:
        raise CorruptFileError(say(
            f"{path} holds {len(raw) - header} bytes of data but its header announces "
            f"shape {shape} ({expected - header} bytes): the file is truncated or corrupt.",
            f"{path} 有 {len(raw) - header} 字节数据，但文件头声明的形状是 {shape}"
            f"（{expected - header} 字节）：文件不完整或已损坏。"))
    return torch.frombuffer(bytearray(raw[header:]), dtype=torch.uint8).reshape(shape)


def write_idx(path: str | Path, array: torch.Tensor) -> None:
    """Write a uint8 tensor as an IDX file, gzipped if ``path`` ends in ``.gz``
    (what :func:`read_idx` reads; torchvision's datasets read the raw files)."""
    array = torch.as_tensor(array)
    if array.dtype != torch.uint8 or array.ndim == 0:
        raise ValueError(say(f"write_idx writes uint8 tensors of 1 or more dimensions, got {array.dtype} "
                             f"of shape {tuple(array.shape)}.",
                             f"write_idx 只写一维及以上的 uint8 张量，传入的是形状为 {tuple(array.shape)} 的 {array.dtype}。"))
    raw = (bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
           + array.contiguous().numpy().tobytes())
    path = Path(path)
    if path.suffix == ".gz":
        with gzip.open(path, "wb", compresslevel=1) as f:
            f.write(raw)
    else:
        path.write_bytes(raw)


#: A partial download (``.*.part``) untouched for this many seconds is left over
#: by a killed kernel: a live download writes its file in one go.
STALE_PART_SECONDS = 60


class _Unavailable(Exception):
    """Why the full dataset cannot be had: ``kind`` ("network", "checksum" or
    "folder"), ``reason`` for the reader (what to change included) and ``details``."""

    def __init__(self, kind: str, reason: str, details: str = ""):
        super().__init__(reason)
        self.kind, self.reason, self.details = kind, reason, details


def _fetch(url: str, timeout: float = 15.0) -> bytes:
    """The bytes at ``url`` (the largest file is 26 MB: held in memory until verified)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def _write_file(dest: Path, content: bytes) -> None:
    """Write ``dest`` atomically: a temporary file beside it, renamed when complete.

    ``open`` gives the file the umask's permissions (``tempfile.mkstemp`` would
    give 0600, unreadable to the other users of a shared data folder).
    """
    part = dest.with_name(f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        with open(part, "xb") as out:
            out.write(content)
        os.replace(part, dest)
    finally:
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass


def _remove_stale_parts(folder: Path) -> None:
    """Delete partial downloads left by a kernel killed while downloading."""
    now = time.time()
    for part in folder.glob(".*.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass  # gone already, or a read-only folder: a download would say so


def _download(name: str, dest: Path, md5: str) -> None:
    """Download ``name`` from the first mirror that answers with the right MD5 into ``dest``.

    Only verified bytes are written, so a damaged download never lands. A
    network failure or a wrong checksum raises :class:`_Unavailable`; a problem
    with the folder raises the ``OSError``.
    """
    errors = {}
    for mirror in MIRRORS:
        url = mirror + name
        try:
            content = _fetch(url)
        except (OSError, ValueError, http.client.HTTPException) as err:  # no network, timeout...
            errors[url] = ("network", str(err))
            continue
        got = hashlib.md5(content, usedforsecurity=False).hexdigest()
        if got != md5:
            errors[url] = ("checksum", f"MD5 {got}, expected {md5}, {len(content)} bytes")
            continue
        _write_file(dest, content)
        return
    details = "\n  ".join(f"{url}: {error}" for url, (_, error) in errors.items())
    folder = dest.parent
    if any(kind == "checksum" for kind, _ in errors.values()):
        raise _Unavailable("checksum", say(
            f"the download of {name} arrived damaged (wrong MD5 checksum): a network that "
            "wants a login, such as a hotel's or a campus's, may have sent its login page "
            "instead of the file. Log in to the network in a browser and run again, or copy "
            f"the four .gz files into {folder}.",
            f"下载的 {name} 已损坏（MD5 校验和不符）：需要登录的网络（如酒店或校园网）可能返回了"
            f"登录页面而不是文件。请先在浏览器中登录网络再重新运行，或把四个 .gz 文件复制到 {folder}。"
        ), details)
    first = next(iter(errors.values()))[1]
    raise _Unavailable("network", say(
        f"no network: the download failed ({first}). Connect to the internet and run "
        f"again, or copy the four .gz files into {folder}.",
        f"没有网络，下载失败（{first}）。请联网后重新运行，或把四个 .gz 文件复制到 {folder}。"
    ), details)


def _verified(path: Path, md5: str) -> bool:
    """Whether ``path`` holds the right bytes; a damaged copy is announced (and replaced)."""
    if not path.exists():
        return False
    if _md5(path) == md5:
        return True
    print(say(f"{path} has the wrong checksum (truncated or corrupt); downloading it again.",
              f"{path} 的校验和不对（文件不完整或已损坏），重新下载。"))
    return False


def _full_dataset_files() -> Path:
    """The folder holding the four verified official files, downloading what is missing.

    Raises :class:`_Unavailable` when they cannot be had, saying why.
    """
    folder = data_dir() / "fashion-mnist"
    try:
        if folder.is_dir():
            _remove_stale_parts(folder)
        missing = [name for name, md5 in FASHION_MNIST_MD5.items()
                   if not _verified(folder / name, md5)]
        if missing:
            folder.mkdir(parents=True, exist_ok=True)
            for name in missing:
                _download(name, folder / name, FASHION_MNIST_MD5[name])
    except OSError as err:  # the folder: read-only, a file in the way, unreadable files...
        raise _Unavailable("folder", say(
            f"the data folder {folder} cannot be used ({err}). Set the environment variable "
            f"{DATA_DIR_ENV} to a folder you can write to (e.g. {DATA_DIR_ENV}=~/dlbook-data), "
            "or ask whoever shares this folder to make it readable and complete.",
            f"无法使用数据文件夹 {folder}（{err}）。请把环境变量 {DATA_DIR_ENV} 设为一个你有写权限的"
            f"文件夹（例如 {DATA_DIR_ENV}=~/dlbook-data），或请共享这个文件夹的人让它可读且文件完整。"
        )) from err
    return folder


def _sample_files() -> Path:
    for name, md5 in SAMPLE_MD5.items():
        path = SAMPLE_DIR / name
        if not path.exists() or _md5(path) != md5:
            raise CorruptFileError(say(
                f"The bundled sample file {path} is missing or damaged. Reinstall the "
                "book's utils package (or `git checkout utils/datasets`) to restore it.",
                f"随包附带的样本文件 {path} 缺失或已损坏。请重新安装本书的 utils 包"
                "（或运行 git checkout utils/datasets）来恢复它。"))
    return SAMPLE_DIR


def _announce(source: str, reason: str = "") -> None:
    """One banner, in the reader's language: which dataset this run uses, and why."""
    (full_train, full_test), (train, test) = FULL_SIZES, SAMPLE_SIZES
    if source == "full":
        text = say(f"=== Fashion-MNIST: the full dataset, {full_train:,} training "
                   f"+ {full_test:,} test images ===",
                   f"=== Fashion-MNIST：完整数据集，训练图像 {full_train:,} 张，"
                   f"测试图像 {full_test:,} 张 ===")
    else:
        text = say(
            f"=== Fashion-MNIST: the bundled SAMPLE, {train} training + {test} test images, "
            f"not the full dataset ({full_train:,} + {full_test:,}) ===\n"
            f"    why: {reason}\n"
            "    Accuracies on the sample are lower than on the full dataset and not "
            "comparable with it.",
            f"=== Fashion-MNIST：随包附带的样本，训练图像 {train} 张，测试图像 {test} 张，"
            f"不是完整数据集（{full_train:,} + {full_test:,} 张）===\n"
            f"    原因：{reason}\n"
            "    在样本上得到的准确率低于完整数据集上的结果，两者不能直接比较。")
    print(text, file=sys.stdout, flush=True)


_CACHE: dict[Path, tuple[torch.Tensor, ...]] = {}
#: Why the full dataset could not be had, for which data folder: auto mode then
#: does not wait for the network again in this session.
_unavailable: tuple[Path, _Unavailable] | None = None


def fashion_mnist_files() -> Path:
    """The folder holding the four Fashion-MNIST ``.gz`` files, checked by MD5.

    The full dataset (downloaded into :func:`data_dir` if needed) or, as the
    ``DLBOOK_FASHION_MNIST`` mode, the network and the data folder decide, the
    bundled sample; a banner in the output says which, and why. Read them with
    :func:`read_idx`, or with ``torchvision.datasets.FashionMNIST`` after
    unpacking them into ``raw/``.
    """
    mode = os.environ.get(MODE_ENV, "auto").strip().lower() or "auto"
    if mode not in ("auto", "full", "sample"):
        raise ValueError(say(f"{MODE_ENV}={mode!r} is not one of 'auto', 'full', 'sample'.",
                             f"{MODE_ENV}={mode!r} 不是 'auto'、'full'、'sample' 之一。"))
    if mode == "sample":
        _announce("sample", say(f"{MODE_ENV}=sample (set {MODE_ENV}=auto for the full dataset)",
                                f"设置了 {MODE_ENV}=sample（改为 {MODE_ENV}=auto 可使用完整数据集）"))
        return _sample_files()
    global _unavailable
    try:
        if mode == "auto" and _unavailable is not None and _unavailable[0] == data_dir():
            raise _unavailable[1]
        folder = _full_dataset_files()
    except _Unavailable as err:
        if mode == "full":
            raise _full_mode_error(err) from None
        _unavailable = (data_dir(), err)
        _announce("sample", err.reason)
        return _sample_files()
    _announce("full")
    return folder


def _full_mode_error(err: _Unavailable) -> OSError:
    """The error of ``DLBOOK_FASHION_MNIST=full``: the reason, the details, the way out."""
    message = say(f"{MODE_ENV}=full, but the full Fashion-MNIST cannot be had: {err.reason}",
                  f"设置了 {MODE_ENV}=full，但无法获得完整的 Fashion-MNIST：{err.reason}")
    if err.details:
        message += "\n  " + err.details
    message += "\n" + say(f"Or set {MODE_ENV}=sample to use the bundled sample.",
                          f"也可以设置 {MODE_ENV}=sample，改用随包附带的样本。")
    return DataFolderError(message) if err.kind == "folder" else ConnectionError(message)


def _fashion_mnist_tensors(folder: Path | None = None) -> tuple[str, tuple[torch.Tensor, ...]]:
    """Return ``(source, (train_X, train_y, test_X, test_y))`` as uint8 tensors,
    from ``folder`` if given (source ``"folder"``), else from :func:`fashion_mnist_files`."""
    if folder is not None:
        folder = Path(folder)
        missing = [name for name in FASHION_MNIST_MD5 if not (folder / name).is_file()]
        if missing:
            raise FileNotFoundError(say(
                f"folder={str(folder)!r} lacks {', '.join(missing)}: it must hold the four "
                f"Fashion-MNIST files {', '.join(FASHION_MNIST_MD5)}.",
                f"folder={str(folder)!r} 中缺少 {'、'.join(missing)}：它必须包含 Fashion-MNIST 的"
                f"四个文件 {'、'.join(FASHION_MNIST_MD5)}。"))
        return "folder", tuple(read_idx(folder / name) for name in FASHION_MNIST_MD5)
    folder = fashion_mnist_files()
    source = "sample" if folder == SAMPLE_DIR else "full"
    if folder not in _CACHE:
        _CACHE[folder] = tuple(read_idx(folder / name) for name in FASHION_MNIST_MD5)
    return source, _CACHE[folder]


def _to_unit_float(X: torch.Tensor) -> torch.Tensor:
    """uint8 pixels to float32 in [0, 1], what torchvision's ``ToTensor`` gives."""
    return X.to(torch.float32).mul_(1 / 255)


def _resize_size(resize) -> tuple[int, int]:
    """``resize`` (a size, or a pair (height, width)) as (height, width), or a clear error."""
    try:
        if isinstance(resize, (tuple, list)):
            height, width = resize
        else:
            height = width = resize
        return integer(height, "resize"), integer(width, "resize")
    except (TypeError, ValueError):
        raise ValueError(say(
            f"resize must be a positive integer such as 64, or a pair (height, width) "
            f"such as (32, 48); got {resize!r}.",
            f"resize 必须是正整数（如 64）或 (高, 宽) 二元组（如 (32, 48)），传入的是 {resize!r}。"
        )) from None


def _batch_transform(resize):
    """Pixels to floats, then (if asked) a resize, applied to a whole batch at once."""
    if resize is None:
        return _to_unit_float
    size = _resize_size(resize)

    def to_float_and_resize(X: torch.Tensor) -> torch.Tensor:
        return F.interpolate(_to_unit_float(X), size=size, mode="bilinear",
                             antialias=True, align_corners=False)

    return to_float_and_resize


def load_data_fashion_mnist(batch_size: int, resize=None, *, device=None, folder=None):
    """Fashion-MNIST as ``(train_iter, test_iter)`` (d2l's ``load_data_fashion_mnist``).

    Each batch is ``(X, y)``: ``X`` float32 in [0, 1] of shape
    ``(batch_size, 1, 28, 28)`` (or the ``resize`` size), ``y`` int64 labels.
    The images are held in memory on ``device`` (default: the CPU) as bytes, a
    quarter of the memory of floats, and each batch is cut from there and
    converted (and resized) as a whole, so a large ``resize`` does not multiply
    the memory held. On a GPU, ``device="cuda"`` keeps everything there.
    ``folder``: read the four files (named as in :data:`FASHION_MNIST_MD5`, written
    e.g. by :func:`write_idx`) from there, unchecked and unannounced, instead of
    the official or sample files; for tests and benchmarks.
    """
    device = torch.device("cpu") if device is None else get_device(device)
    batch_size = integer(batch_size, "batch_size")
    transform = _batch_transform(resize)
    source, (train_X, train_y, test_X, test_y) = _fashion_mnist_tensors(folder)

    def batches(X, y, shuffle):
        dataset = _InMemory(X.to(device).unsqueeze(1), y.to(device).long(),
                            transform=transform, source=source)
        return Minibatches(dataset, batch_size, shuffle)

    return batches(train_X, train_y, True), batches(test_X, test_y, False)


def get_fashion_mnist_labels(labels, names: Sequence[str] | None = None) -> list[str]:
    """Text labels for numeric Fashion-MNIST labels (d2l's ``get_fashion_mnist_labels``).

    The names are in the language set by :func:`utils.set_language` (English,
    as in d2l, by default); ``names`` gives others, e.g. a chapter's own list.
    """
    if names is None:
        names = say(FASHION_MNIST_CLASSES, FASHION_MNIST_CLASSES_ZH)
    if len(names) != 10:
        raise ValueError(say(f"names must hold the 10 class names, got {len(names)}.",
                             f"names 必须包含 10 个类别名，传入的是 {len(names)} 个。"))
    return [names[int(i)] for i in labels]
