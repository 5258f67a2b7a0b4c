import gzip
import os
import shutil
import struct

import pytest
import torch

import utils
from utils import data


# ---------------------------------------------------------------- synthetic data
def test_synthetic_data_follows_the_model():
    torch.manual_seed(0)
    w, b = torch.tensor([2.0, -3.4]), 4.2
    X, y = utils.synthetic_data(w, b, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1)
    residual = y - (X @ w + b).reshape(-1, 1)
    assert residual.std().item() == pytest.approx(0.01, rel=0.1)
    assert abs(X.mean().item()) < 0.1 and X.std().item() == pytest.approx(1, rel=0.1)


@pytest.mark.parametrize("n", [0, -5, 2.5, True])
def test_synthetic_data_rejects_bad_sizes(n):
    with pytest.raises(ValueError, match="num_examples"):
        utils.synthetic_data(torch.ones(2), 0.0, n)


def test_synthetic_data_rejects_negative_noise():
    with pytest.raises(ValueError, match="noise"):
        utils.synthetic_data(torch.ones(2), 0.0, 10, noise=-1)


# ---------------------------------------------------------------- load_array
def test_load_array_batches_cover_the_data_once():
    X = torch.arange(10.0).reshape(10, 1)
    y = torch.arange(10)
    loader = utils.load_array((X, y), batch_size=4, is_train=False)
    batches = list(loader)
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    assert len(loader) == 3 and len(loader.dataset) == 10
    assert torch.equal(torch.cat([b[1] for b in batches]), y)
    assert all(torch.equal(bx.squeeze(1).long(), by) for bx, by in batches)


def test_load_array_shuffles_when_training_and_is_reproducible():
    X = torch.arange(100.0)
    torch.manual_seed(1)
    first = torch.cat([b[0] for b in utils.load_array((X,), 10)])
    torch.manual_seed(1)
    again = torch.cat([b[0] for b in utils.load_array((X,), 10)])
    assert not torch.equal(first, X)  # shuffled
    assert torch.equal(first, again)  # seeded
    assert torch.equal(first.sort().values, X)  # a permutation


@pytest.mark.parametrize("batch_size", [0, -1, 1.5])
def test_load_array_rejects_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        utils.load_array((torch.ones(3),), batch_size)


def test_load_array_rejects_mismatched_tensors():
    with pytest.raises(ValueError, match="same first dimension"):
        utils.load_array((torch.ones(3, 2), torch.ones(4)), 2)


# ---------------------------------------------------------------- IDX files
def write_idx(path, array: torch.Tensor):
    header = bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.numpy().tobytes())


def test_read_idx_round_trip(tmp_path):
    a = torch.randint(0, 256, (3, 4, 5), dtype=torch.uint8)
    write_idx(tmp_path / "a.gz", a)
    assert torch.equal(utils.read_idx(tmp_path / "a.gz"), a)


def test_read_idx_detects_truncated_gzip(tmp_path):
    write_idx(tmp_path / "a.gz", torch.zeros(100, 28, 28, dtype=torch.uint8))
    raw = (tmp_path / "a.gz").read_bytes()
    (tmp_path / "cut.gz").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(utils.CorruptFileError, match="Delete it"):
        utils.read_idx(tmp_path / "cut.gz")


def test_read_idx_detects_short_payload_and_bad_magic(tmp_path):
    with gzip.open(tmp_path / "short.gz", "wb") as f:
        f.write(bytes([0, 0, 8, 1]) + struct.pack(">I", 10) + b"\x00" * 7)
    with pytest.raises(utils.CorruptFileError, match="truncated"):
        utils.read_idx(tmp_path / "short.gz")
    with gzip.open(tmp_path / "magic.gz", "wb") as f:
        f.write(b"not an idx file")
    with pytest.raises(utils.CorruptFileError, match="magic"):
        utils.read_idx(tmp_path / "magic.gz")


# ---------------------------------------------------------------- Fashion-MNIST
def test_sample_is_used_and_announced(capsys):
    train_iter, test_iter = utils.load_data_fashion_mnist(256)
    assert "SAMPLE" in capsys.readouterr().out
    X, y = next(iter(train_iter))
    assert X.shape == (256, 1, 28, 28) and X.dtype == torch.float32
    assert y.dtype == torch.int64
    assert 0 <= X.min() and X.max() <= 1
    assert len(train_iter.dataset) == 600 and len(test_iter.dataset) == 300
    assert train_iter.dataset.source == "sample"
    labels = torch.cat([y for _, y in test_iter])
    assert torch.equal(torch.bincount(labels), torch.full((10,), 30))


def test_images_are_stored_as_bytes_and_served_as_floats():
    train_iter, _ = utils.load_data_fashion_mnist(64)
    stored = train_iter.dataset.tensors[0]
    assert stored.dtype == torch.uint8  # a quarter of the memory of floats
    X, _ = train_iter.dataset[3]  # one example, as a reader indexes a dataset
    assert X.shape == (1, 28, 28) and X.dtype == torch.float32
    assert torch.allclose(X * 255, stored[3].float(), atol=1e-4)
    assert len(train_iter) == 10  # ceil(600 / 64) batches


def test_every_training_image_is_served_once_per_epoch():
    train_iter, _ = utils.load_data_fashion_mnist(128)
    first = torch.cat([y for _, y in train_iter])
    second = torch.cat([y for _, y in train_iter])
    stored = train_iter.dataset.tensors[1]
    assert torch.equal(first.sort().values, stored.sort().values)
    assert not torch.equal(first, second)  # a new order every epoch


def test_resize_is_applied_per_batch():
    train_iter, _ = utils.load_data_fashion_mnist(32, resize=64)
    X, _ = next(iter(train_iter))
    assert X.shape == (32, 1, 64, 64)
    assert train_iter.dataset.tensors[0].shape[-1] == 28  # memory holds the originals
    _, test_iter = utils.load_data_fashion_mnist(8, resize=(20, 30))
    assert next(iter(test_iter))[0].shape == (8, 1, 20, 30)


@pytest.mark.parametrize("resize", [0, -3, (1, 2, 3), "big"])
def test_bad_resize_is_an_error(resize):
    with pytest.raises(ValueError, match="resize"):
        utils.load_data_fashion_mnist(8, resize=resize)


def test_bad_batch_size_is_an_error():
    with pytest.raises(ValueError, match="batch_size"):
        utils.load_data_fashion_mnist(0)


def test_unknown_mode_is_an_error(monkeypatch):
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "everything")
    with pytest.raises(ValueError, match="auto"):
        utils.load_data_fashion_mnist(8)


def test_labels_in_text():
    assert utils.get_fashion_mnist_labels([0, 9]) == ["t-shirt", "ankle boot"]
    zh = ["T恤", "裤子", "套衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"]
    assert utils.get_fashion_mnist_labels(torch.tensor([1, 8]), zh) == ["裤子", "包"]
    with pytest.raises(ValueError, match="10 class names"):
        utils.get_fashion_mnist_labels([0], ["a", "b"])


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """A local mirror (file:// URLs) serving the sample files as if they were the full set."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    for name in data.SAMPLE_MD5:
        shutil.copy(data.SAMPLE_DIR / name, folder / name)
    monkeypatch.setattr(data, "MIRRORS", (folder.as_uri() + "/",))
    monkeypatch.setattr(data, "FASHION_MNIST_MD5", dict(data.SAMPLE_MD5))
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "full")
    monkeypatch.setattr(data, "_download_failed", False)
    data._CACHE.clear()
    yield folder
    data._CACHE.clear()


def test_download_verifies_and_caches(mirror, capsys):
    train_iter, _ = utils.load_data_fashion_mnist(100)
    assert train_iter.dataset.source == "full"
    assert "SAMPLE" not in capsys.readouterr().out
    cache = utils.data_dir() / "fashion-mnist"
    assert sorted(p.name for p in cache.iterdir()) == sorted(data.SAMPLE_MD5)  # no .part left


def test_truncated_cached_file_is_replaced(mirror, capsys):
    utils.fashion_mnist_files()
    cached = utils.data_dir() / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    cached.write_bytes(cached.read_bytes()[:1000])  # an interrupted copy
    utils.fashion_mnist_files()
    assert "wrong checksum" in capsys.readouterr().out
    assert data._md5(cached) == data.SAMPLE_MD5[cached.name]


def test_damaged_download_never_lands(mirror):
    (mirror / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    with pytest.raises(ConnectionError, match="MD5"):
        utils.fashion_mnist_files()
    cache = utils.data_dir() / "fashion-mnist"
    assert not (cache / "t10k-labels-idx1-ubyte.gz").exists()
    assert not [p for p in cache.iterdir() if p.name.endswith(".part")]


def test_offline_auto_falls_back_to_the_sample(mirror, monkeypatch, capsys):
    shutil.rmtree(mirror)  # the "network" is gone
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "auto")
    train_iter, _ = utils.load_data_fashion_mnist(64)
    assert train_iter.dataset.source == "sample"
    out = capsys.readouterr().out
    assert "SAMPLE" in out and "download failed" in out
    # The next call does not wait for the network again, even if it came back.
    monkeypatch.setattr(data, "_full_dataset_files", lambda: pytest.fail("tried to download again"))
    assert utils.load_data_fashion_mnist(64)[0].dataset.source == "sample"


def test_offline_full_mode_says_what_to_do(mirror):
    shutil.rmtree(mirror)
    with pytest.raises(ConnectionError, match="DLBOOK_FASHION_MNIST=sample"):
        utils.load_data_fashion_mnist(64)


def test_damaged_sample_is_reported(tmp_path, monkeypatch):
    broken = tmp_path / "sample"
    shutil.copytree(data.SAMPLE_DIR, broken)
    with open(broken / "train-labels-idx1-ubyte.gz", "ab") as f:
        f.write(b"x")
    monkeypatch.setattr(data, "SAMPLE_DIR", broken)
    with pytest.raises(utils.CorruptFileError, match="Reinstall"):
        utils.fashion_mnist_files()


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DLBOOK_DATA_DIR", str(tmp_path / "x"))
    assert utils.data_dir() == tmp_path / "x"
    monkeypatch.delenv("DLBOOK_DATA_DIR")
    assert utils.data_dir() == data.Path.home() / ".cache" / "dlbook"
    assert os.environ.get("DLBOOK_DATA_DIR") is None
