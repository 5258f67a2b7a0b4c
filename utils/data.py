"""Data: synthetic regression data, minibatch iterators and Fashion-MNIST.

Fashion-MNIST is decoded once into one tensor and batched from memory a whole
batch at a time (:class:`Minibatches`), so there are no per-image PIL
transforms and no worker processes: on a laptop CPU this is what makes training
many times faster than d2l's loader (see the README's "Performance").

Where the files come from (environment variable ``DLBOOK_FASHION_MNIST``):

* ``auto`` (default): the full dataset from the cache, downloaded and MD5-checked
  if missing; when the download is impossible (no network), the 900-image sample
  shipped with this package, announced loudly.
* ``full``: the full dataset or a clear error.
* ``sample``: always the shipped sample (what the tests use, so stored notebook
  outputs are reproducible offline).

The cache folder is ``~/.cache/dlbook`` unless ``DLBOOK_DATA_DIR`` says otherwise.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import struct
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F
from torch.utils import data

__all__ = [
    "synthetic_data",
    "load_array",
    "Minibatches",
    "load_data_fashion_mnist",
    "get_fashion_mnist_labels",
    "read_idx",
    "fashion_mnist_files",
    "data_dir",
    "CorruptFileError",
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
SAMPLE_DIR = Path(__file__).resolve().parent / "datasets" / "fashion_mnist_sample"
FASHION_MNIST_CLASSES = (
    "t-shirt", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle boot",
)


class CorruptFileError(ValueError):
    """A data file is truncated, has the wrong checksum or is not an IDX file."""


# ---------------------------------------------------------------- synthetic data
def synthetic_data(w: torch.Tensor, b: float, num_examples: int, noise: float = 0.01):
    """Generate ``y = Xw + b + noise`` with ``X ~ N(0, 1)`` (d2l's ``synthetic_data``).

    Returns ``X`` of shape ``(num_examples, len(w))`` and ``y`` of shape
    ``(num_examples, 1)``.
    """
    _check_positive_int(num_examples, "num_examples")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}.")
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
            raise ValueError(f"All tensors need the same first dimension, got shapes {shapes}.")
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
        _check_positive_int(batch_size, "batch_size")
        self.dataset = dataset
        self.batch_size = batch_size
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
    _check_positive_int(batch_size, "batch_size")
    tensors = tuple(torch.as_tensor(a) for a in data_arrays)
    if not tensors:
        raise ValueError("data_arrays is empty: pass a tuple such as (features, labels).")
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
        raise CorruptFileError(
            f"{path} is not a complete gzip file ({err}). Delete it and run again "
            "to download a fresh copy."
        ) from err
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise CorruptFileError(f"{path} is not an unsigned-byte IDX file (bad magic number).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise CorruptFileError(f"{path} is truncated: its header is incomplete.")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    expected = header + math.prod(shape)
    if len(raw) != expected:
        raise CorruptFileError(
            f"{path} holds {len(raw) - header} bytes of data but its header announces "
            f"shape {shape} ({expected - header} bytes): the file is truncated or corrupt."
        )
    return torch.frombuffer(bytearray(raw[header:]), dtype=torch.uint8).reshape(shape)


def _download(name: str, dest: Path, md5: str, timeout: float = 15.0) -> None:
    """Download ``name`` from the first mirror that answers into ``dest``, atomically.

    The bytes go to a temporary file beside ``dest``; only a file whose MD5 matches
    is renamed onto ``dest``, so a partial download never looks complete.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    errors = []
    for mirror in MIRRORS:
        url = mirror + name
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
                for chunk in iter(lambda: resp.read(1 << 20), b""):
                    out.write(chunk)
            got = _md5(Path(tmp))
            if got != md5:
                errors.append(f"{url}: MD5 {got}, expected {md5} (download damaged)")
                continue
            os.replace(tmp, dest)
            return
        except (urllib.error.URLError, OSError, TimeoutError) as err:
            errors.append(f"{url}: {err}")
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    raise ConnectionError("Could not download " + name + ":\n  " + "\n  ".join(errors))


def _full_dataset_files() -> Path:
    """The folder holding the four verified official files, downloading what is missing."""
    folder = data_dir() / "fashion-mnist"
    for name, md5 in FASHION_MNIST_MD5.items():
        path = folder / name
        if path.exists():
            if _md5(path) == md5:
                continue
            print(f"{path} has the wrong checksum (truncated or corrupt); downloading it again.")
        _download(name, path, md5)  # replaces the bad file only with a verified one
    return folder


def _sample_files() -> Path:
    for name, md5 in SAMPLE_MD5.items():
        path = SAMPLE_DIR / name
        if not path.exists() or _md5(path) != md5:
            raise CorruptFileError(
                f"The bundled sample file {path} is missing or damaged. Reinstall the "
                "book's utils package (or `git checkout utils/datasets`) to restore it."
            )
    return SAMPLE_DIR


_NOTICE = """\
=== Fashion-MNIST: the bundled 900-image SAMPLE (600 train, 300 test), not the full dataset ===
    why: {reason}
    Accuracies on the sample are not comparable with the full dataset (60,000 + 10,000 images).
    使用随包附带的 900 张样本图像（训练 600 张、测试 300 张），不是完整数据集；
    在样本上得到的准确率不能与完整数据集上的结果比较。"""


def _announce_sample(reason: str) -> None:
    print(_NOTICE.format(reason=reason), file=sys.stdout, flush=True)


_CACHE: dict[Path, tuple[torch.Tensor, ...]] = {}
_download_failed = False


def fashion_mnist_files() -> Path:
    """The folder holding the four Fashion-MNIST ``.gz`` files, checked by MD5.

    The full dataset (downloaded into :func:`data_dir` if needed) or, as the
    ``DLBOOK_FASHION_MNIST`` mode and the network decide, the bundled sample,
    announced in the output. Read them with :func:`read_idx`, or with
    ``torchvision.datasets.FashionMNIST`` after unpacking them into ``raw/``.
    """
    mode = os.environ.get(MODE_ENV, "auto").strip().lower() or "auto"
    if mode not in ("auto", "full", "sample"):
        raise ValueError(f"{MODE_ENV}={mode!r} is not one of 'auto', 'full', 'sample'.")
    if mode == "sample":
        _announce_sample(f"{MODE_ENV}=sample")
        return _sample_files()
    global _download_failed
    try:
        if _download_failed and mode == "auto":
            raise ConnectionError("an earlier download in this session failed")
        return _full_dataset_files()
    except ConnectionError as err:
        _download_failed = True  # in auto mode, do not wait for the network again
        if mode == "full":
            raise ConnectionError(
                f"{err}\nThe full Fashion-MNIST could not be downloaded. Check the "
                f"network, or copy the four .gz files into {data_dir() / 'fashion-mnist'}, "
                f"or set {MODE_ENV}=sample to use the bundled sample."
            ) from None
        _announce_sample("no network: download failed")
        return _sample_files()


def _fashion_mnist_tensors() -> tuple[str, tuple[torch.Tensor, ...]]:
    """Return ``(source, (train_X, train_y, test_X, test_y))`` as uint8 tensors."""
    folder = fashion_mnist_files()
    source = "sample" if folder == SAMPLE_DIR else "full"
    if folder not in _CACHE:
        _CACHE[folder] = tuple(read_idx(folder / name) for name in FASHION_MNIST_MD5)
    return source, _CACHE[folder]


def _to_unit_float(X: torch.Tensor) -> torch.Tensor:
    """uint8 pixels to float32 in [0, 1], what torchvision's ``ToTensor`` gives."""
    return X.to(torch.float32).mul_(1 / 255)


def _batch_transform(resize):
    """Pixels to floats, then (if asked) a resize, applied to a whole batch at once."""
    if resize is None:
        return _to_unit_float
    size = (resize, resize) if isinstance(resize, int) else tuple(resize)
    if len(size) != 2 or not all(isinstance(s, int) and s > 0 for s in size):
        raise ValueError(f"resize must be a positive int or (height, width), got {resize!r}.")

    def to_float_and_resize(X: torch.Tensor) -> torch.Tensor:
        return F.interpolate(_to_unit_float(X), size=size, mode="bilinear",
                             antialias=True, align_corners=False)

    return to_float_and_resize


def load_data_fashion_mnist(batch_size: int, resize=None, *, device=None):
    """Fashion-MNIST as ``(train_iter, test_iter)`` (d2l's ``load_data_fashion_mnist``).

    Each batch is ``(X, y)``: ``X`` float32 in [0, 1] of shape
    ``(batch_size, 1, 28, 28)`` (or the ``resize`` size), ``y`` int64 labels.
    The images are held in memory on ``device`` (default: the CPU) as bytes, a
    quarter of the memory of floats, and each batch is cut from there and
    converted (and resized) as a whole, so a large ``resize`` does not multiply
    the memory held. On a GPU, ``device="cuda"`` keeps everything there.
    """
    _check_positive_int(batch_size, "batch_size")
    transform = _batch_transform(resize)
    source, (train_X, train_y, test_X, test_y) = _fashion_mnist_tensors()
    device = torch.device("cpu") if device is None else torch.device(device)

    def batches(X, y, shuffle):
        dataset = _InMemory(X.to(device).unsqueeze(1), y.to(device).long(),
                            transform=transform, source=source)
        return Minibatches(dataset, batch_size, shuffle)

    return batches(train_X, train_y, True), batches(test_X, test_y, False)


def get_fashion_mnist_labels(labels, names: Sequence[str] = FASHION_MNIST_CLASSES) -> list[str]:
    """Text labels for numeric Fashion-MNIST labels (d2l's ``get_fashion_mnist_labels``).

    ``names`` lets a chapter use its own language, e.g. a list of Chinese names.
    """
    if len(names) != 10:
        raise ValueError(f"names must hold the 10 class names, got {len(names)}.")
    return [names[int(i)] for i in labels]


def _check_positive_int(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")
