import builtins
import errno
import gzip
import io
import os
import re
import shutil
import stat
import struct
import time

import numpy as np
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


@pytest.mark.parametrize("n", [0, -5, 2.5, True, np.float64(3.0), torch.tensor(3.0)])
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


@pytest.mark.parametrize("batch_size", [0, -1, 1.5, True, np.bool_(True), torch.tensor(True),
                                        torch.tensor([2]), np.int64(0)])
def test_load_array_rejects_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        utils.load_array((torch.ones(3),), batch_size)


@pytest.mark.parametrize("batch_size", [np.int64(2), np.int32(2), torch.tensor(2),
                                        torch.tensor(2, dtype=torch.uint8)])
def test_numpy_and_tensor_integers_are_sizes(batch_size):
    # e.g. a batch size computed with NumPy, or read from a tensor of hyperparameters
    X, y = torch.arange(5.0), torch.arange(5)
    loader = utils.load_array((X, y), batch_size, is_train=False)
    assert [len(b[0]) for b in loader] == [2, 2, 1] and len(loader) == 3
    assert utils.synthetic_data(torch.ones(2), 0.0, batch_size)[0].shape == (2, 2)
    assert len(utils.load_data_fashion_mnist(batch_size)[1]) == 150  # 300 test images


def test_a_wrong_size_is_named_with_its_type():
    with pytest.raises(ValueError, match=r"got 2\.5 \(float\)"):
        utils.load_array((torch.ones(3),), 2.5)


def test_argument_errors_speak_chinese(chinese):
    with pytest.raises(ValueError, match=re.escape("batch_size 必须是正整数，传入的是 2.5（float）。")):
        utils.load_array((torch.ones(3),), 2.5)
    with pytest.raises(ValueError, match=re.escape("学习率 lr 必须是正数，传入的是 -1（int）。")):
        utils.sgd([], -1, 1)
    with pytest.raises(ValueError, match="resize 必须是正整数"):
        utils.load_data_fashion_mnist(8, resize=64.0)


def test_load_array_rejects_mismatched_tensors():
    with pytest.raises(ValueError, match="same first dimension"):
        utils.load_array((torch.ones(3, 2), torch.ones(4)), 2)


# ---------------------------------------------------------------- IDX files
write_idx = utils.write_idx


def test_read_idx_round_trip(tmp_path):
    a = torch.randint(0, 256, (3, 4, 5), dtype=torch.uint8)
    write_idx(tmp_path / "a.gz", a)
    assert torch.equal(utils.read_idx(tmp_path / "a.gz"), a)
    # The header by hand: magic 0 0 8 ndim, then each size as a big-endian uint32.
    with gzip.open(tmp_path / "a.gz", "rb") as f:
        assert f.read(16) == bytes([0, 0, 8, 3]) + struct.pack(">3I", 3, 4, 5)
    write_idx(tmp_path / "raw", a)  # uncompressed, as torchvision's datasets read them
    assert (tmp_path / "raw").read_bytes()[16:] == a.numpy().tobytes()
    with pytest.raises(ValueError, match="uint8"):
        write_idx(tmp_path / "b.gz", a.float())


def test_fashion_mnist_from_a_folder_of_ones_own(tmp_path, capsys):
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (10, 28, 28), dtype=torch.uint8, generator=g)
    labels = torch.arange(10, dtype=torch.uint8)
    for name, array in [("train-images-idx3-ubyte.gz", images), ("train-labels-idx1-ubyte.gz", labels),
                        ("t10k-images-idx3-ubyte.gz", images[:4]), ("t10k-labels-idx1-ubyte.gz", labels[:4])]:
        write_idx(tmp_path / name, array)
    train_iter, test_iter = utils.load_data_fashion_mnist(3, folder=tmp_path)
    assert capsys.readouterr().out == ""  # no banner: the reader chose the files
    assert train_iter.dataset.source == "folder" and len(test_iter.dataset) == 4
    X, y = next(iter(test_iter))
    assert torch.equal((X[:, 0] * 255).round().to(torch.uint8), images[:3]) and torch.equal(y, torch.arange(3))
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte.gz"):
        utils.load_data_fashion_mnist(3, folder=tmp_path)


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


@pytest.mark.parametrize("resize", [0, -3, (1, 2, 3), "big", "ab", 64.0, True, (32, 48.0),
                                    (True, 32), None.__class__])
def test_bad_resize_is_an_error(resize):
    with pytest.raises(ValueError, match=r"resize must be a positive integer such as 64, or a pair"):
        utils.load_data_fashion_mnist(8, resize=resize)


def test_resize_takes_numpy_and_tensor_integers():
    _, test_iter = utils.load_data_fashion_mnist(4, resize=np.int64(20))
    assert next(iter(test_iter))[0].shape == (4, 1, 20, 20)
    _, test_iter = utils.load_data_fashion_mnist(4, resize=[torch.tensor(10), np.int32(12)])
    assert next(iter(test_iter))[0].shape == (4, 1, 10, 12)


def test_a_missing_device_is_reported_before_loading(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(data, "_fashion_mnist_tensors", lambda *a: pytest.fail("loaded the data first"))
    with pytest.raises(RuntimeError, match="no CUDA GPU"):
        utils.load_data_fashion_mnist(8, device="cuda")


def test_bad_batch_size_is_an_error():
    with pytest.raises(ValueError, match="batch_size"):
        utils.load_data_fashion_mnist(0)


def test_unknown_mode_is_an_error(monkeypatch):
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "everything")
    with pytest.raises(ValueError, match="auto"):
        utils.load_data_fashion_mnist(8)


def test_labels_in_text(english):
    assert utils.get_fashion_mnist_labels([0, 9]) == ["t-shirt", "ankle boot"]
    zh = ["T恤", "裤子", "套衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"]
    assert utils.get_fashion_mnist_labels(torch.tensor([1, 8]), zh) == ["裤子", "包"]
    with pytest.raises(ValueError, match="10 class names"):
        utils.get_fashion_mnist_labels([0], ["a", "b"])


def test_labels_follow_the_language(chinese):
    assert utils.get_fashion_mnist_labels([0, 9]) == ["T恤", "短靴"]
    assert utils.get_fashion_mnist_labels([0], list("abcdefghij")) == ["a"]


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
    monkeypatch.setattr(data, "_unavailable", None)
    data._CACHE.clear()
    yield folder
    data._CACHE.clear()


def test_download_verifies_and_caches(mirror, capsys, english):
    train_iter, _ = utils.load_data_fashion_mnist(100)
    assert train_iter.dataset.source == "full"
    out = capsys.readouterr().out
    assert "SAMPLE" not in out and "the full dataset, 60,000 training + 10,000 test images" in out
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


def test_offline_auto_falls_back_to_the_sample(mirror, monkeypatch, capsys, english):
    shutil.rmtree(mirror)  # the "network" is gone
    monkeypatch.setenv("DLBOOK_FASHION_MNIST", "auto")
    train_iter, _ = utils.load_data_fashion_mnist(64)
    assert train_iter.dataset.source == "sample"
    out = capsys.readouterr().out
    assert "SAMPLE" in out and "why: no network: the download failed" in out
    # The next call does not wait for the network again, even if it came back,
    # and still says why.
    monkeypatch.setattr(data, "_full_dataset_files", lambda: pytest.fail("tried to download again"))
    assert utils.load_data_fashion_mnist(64)[0].dataset.source == "sample"
    assert "why: no network" in capsys.readouterr().out


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


# ---------------------------------------------------------------- the banner
def _sample_banner(capsys):
    utils.load_data_fashion_mnist(64)
    return capsys.readouterr().out


def test_the_banner_says_which_dataset_with_the_sizes_loaded(capsys, english):
    train_iter, test_iter = utils.load_data_fashion_mnist(64)
    out = capsys.readouterr().out
    sizes = (len(train_iter.dataset), len(test_iter.dataset))
    assert sizes == data.SAMPLE_SIZES
    assert f"SAMPLE, {sizes[0]} training + {sizes[1]} test images" in out
    assert "not the full dataset (60,000 + 10,000)" in out
    assert "why: DLBOOK_FASHION_MNIST=sample" in out


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_the_banner_speaks_english_only_in_english(capsys, english):
    out = _sample_banner(capsys)
    assert "SAMPLE" in out and not CJK.search(out), out


def test_the_banner_speaks_chinese_only_in_chinese(capsys, chinese):
    out = _sample_banner(capsys)
    assert "随包附带的样本，训练图像 600 张，测试图像 300 张" in out
    assert "原因：设置了 DLBOOK_FASHION_MNIST=sample" in out
    assert "不是完整数据集（60,000 + 10,000 张）" in out
    # Beyond the dataset's name and the variable's settings, no English word.
    english_words = re.findall(r"[A-Za-z]{3,}", re.sub(r"Fashion-MNIST|DLBOOK_\w+=\w+", "", out))
    assert not english_words, out


def test_the_full_dataset_banner_in_chinese(mirror, capsys, chinese):
    utils.load_data_fashion_mnist(100)
    assert "Fashion-MNIST：完整数据集，训练图像 60,000 张，测试图像 10,000 张" in capsys.readouterr().out


# ---------------------------------------------------------------- data folders fail safe
def test_downloaded_files_get_the_umask_permissions(mirror):
    """A data folder shared on a class server: the others must be able to read the files."""
    old = os.umask(0o022)
    try:
        utils.fashion_mnist_files()
        shared = utils.data_dir() / "shared"
        os.environ["DLBOOK_DATA_DIR"] = str(shared)  # restored by the autouse fixture
        os.umask(0o002)
        utils.fashion_mnist_files()
    finally:
        os.umask(old)
    for folder, mode in ((shared.parent, 0o644), (shared, 0o664)):
        files = list((folder / "fashion-mnist").glob("*.gz"))
        assert len(files) == 4
        assert {oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {oct(mode)}


@pytest.fixture
def read_only(monkeypatch):
    """``read_only(path)`` makes ``path`` (a folder or a file) read-only, or unreadable too
    with ``unreadable=True``.

    chmod does it for an ordinary user. Root (as in CI containers) ignores
    permissions, so there the system calls that would be refused are refused
    here: writes into the folder (open for writing, mkdir, rename, unlink), and
    reads too when ``unreadable``.
    """
    protected = []  # (path, unreadable)
    real_open, real_os_open = io.open, os.open
    real = {name: getattr(os, name) for name in ("mkdir", "replace", "rename", "unlink", "remove")}

    def refused(path, writing: bool) -> bool:
        path = os.path.abspath(os.fsdecode(path))
        for root, unreadable in protected:
            if path == root or path.startswith(root + os.sep):
                return writing or unreadable
        return False

    def deny(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))

    def fake_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and refused(file, any(c in mode for c in "wxa+")):
            deny(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if refused(path, bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))):
            deny(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guarded(name):
        def call(path, *args, **kwargs):
            if refused(path, True) or (args and isinstance(args[0], (str, os.PathLike))
                                       and refused(args[0], True)):
                deny(path)
            return real[name](path, *args, **kwargs)
        return call

    def protect(path, unreadable=False):
        protected.append((os.path.abspath(path), unreadable))
        path.chmod(0o000 if unreadable else (0o555 if path.is_dir() else 0o444))
        if os.geteuid() == 0 and len(protected) == 1:
            monkeypatch.setattr(builtins, "open", fake_open)
            monkeypatch.setattr(io, "open", fake_open)
            monkeypatch.setattr(os, "open", fake_os_open)
            for name in real:
                monkeypatch.setattr(os, name, guarded(name))

    yield protect
    for path, _ in protected:
        os.chmod(path, 0o755)  # so that pytest can clean up


def test_the_read_only_simulation_refuses_writes(tmp_path, read_only):
    # The tests below rely on it: writing into a read-only folder fails, as root too.
    folder = tmp_path / "ro"
    folder.mkdir()
    read_only(folder)
    with pytest.raises(PermissionError):
        (folder / "x").write_bytes(b"x")
    with pytest.raises(PermissionError):
        (folder / "sub").mkdir()


def _falls_back(capsys) -> str:
    """Load in auto mode; the sample must be used. Returns the output."""
    os.environ["DLBOOK_FASHION_MNIST"] = "auto"  # restored by the autouse fixture
    train_iter, _ = utils.load_data_fashion_mnist(64)
    assert train_iter.dataset.source == "sample"
    return capsys.readouterr().out


def test_a_read_only_data_folder_falls_back_in_auto_mode(mirror, read_only, capsys, english):
    folder = utils.data_dir()
    folder.mkdir()
    read_only(folder)
    out = _falls_back(capsys)
    assert f"why: the data folder {folder / 'fashion-mnist'} cannot be used" in out
    assert "Set the environment variable DLBOOK_DATA_DIR to a folder you can write to" in out
    assert "no network" not in out


def test_a_read_only_data_folder_is_a_clear_error_in_full_mode(mirror, read_only):
    folder = utils.data_dir()
    folder.mkdir()
    read_only(folder)
    with pytest.raises(utils.data.DataFolderError, match=re.escape(str(folder / "fashion-mnist"))):
        utils.fashion_mnist_files()
    with pytest.raises(OSError, match="DLBOOK_DATA_DIR"):
        utils.fashion_mnist_files()


def test_a_read_only_home_falls_back_in_auto_mode(mirror, read_only, monkeypatch, tmp_path, capsys,
                                                  english):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("DLBOOK_DATA_DIR")
    read_only(home)
    assert utils.data_dir() == home / ".cache" / "dlbook"
    out = _falls_back(capsys)
    assert f"why: the data folder {home / '.cache' / 'dlbook' / 'fashion-mnist'} cannot be used" in out
    assert "DLBOOK_DATA_DIR" in out


def test_data_dir_pointing_at_a_file(mirror, tmp_path, monkeypatch, capsys, english):
    # No simulation needed: not even root can make a folder inside a file.
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    monkeypatch.setenv("DLBOOK_DATA_DIR", str(a_file))
    with pytest.raises(utils.data.DataFolderError, match=re.escape(str(a_file))):
        utils.fashion_mnist_files()
    out = _falls_back(capsys)
    assert f"why: the data folder {a_file / 'fashion-mnist'} cannot be used" in out
    assert "DLBOOK_DATA_DIR" in out


def test_cached_files_another_user_cannot_read_fall_back(mirror, read_only, capsys, english):
    """Files written 0600 by someone else in a shared folder (as older versions did)."""
    utils.fashion_mnist_files()  # the teacher downloads
    cached = utils.data_dir() / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    read_only(cached, unreadable=True)  # a student cannot read it
    out = _falls_back(capsys)
    assert "cannot be used" in out and "Permission denied" in out


def test_a_complete_read_only_folder_is_used(mirror, read_only, capsys):
    utils.fashion_mnist_files()  # the teacher downloads, then makes the folder read-only
    read_only(utils.data_dir() / "fashion-mnist")
    read_only(utils.data_dir())
    os.environ["DLBOOK_FASHION_MNIST"] = "auto"
    data._CACHE.clear()
    assert utils.load_data_fashion_mnist(64)[0].dataset.source == "full"


def test_stale_partial_downloads_are_removed(mirror):
    """A kernel killed during a download leaves a .part file; a live download's stays."""
    folder = utils.data_dir() / "fashion-mnist"
    folder.mkdir(parents=True)
    stale = folder / ".train-images-idx3-ubyte.gz.k3x9q_2.part"  # as tempfile names them
    live = folder / ".t10k-images-idx3-ubyte.gz.4242.0a1b2c3d.part"
    stale.write_bytes(b"half a file")
    live.write_bytes(b"being written")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    utils.fashion_mnist_files()
    assert not stale.exists()
    assert live.exists()  # another kernel may be writing it right now
    assert len(list(folder.glob("*.gz"))) == 4


def test_a_captive_portal_page_is_named_as_the_cause(mirror, capsys, english):
    """A hotel or campus network answers every request with its login page."""
    for name in data.SAMPLE_MD5:
        (mirror / name).write_text("<html><body>Please log in to use the Wi-Fi</body></html>")
    with pytest.raises(ConnectionError, match="MD5"):
        utils.fashion_mnist_files()
    out = _falls_back(capsys)
    assert "why: the download of train-images-idx3-ubyte.gz arrived damaged (wrong MD5" in out
    assert "login page" in out and "no network" not in out
    cache = utils.data_dir() / "fashion-mnist"
    assert not [p for p in cache.iterdir()]  # nothing damaged landed, no .part left


def test_the_causes_are_named_in_chinese(mirror, read_only, capsys, chinese):
    folder = utils.data_dir()
    folder.mkdir()
    read_only(folder)
    out = _falls_back(capsys)
    assert f"原因：无法使用数据文件夹 {folder / 'fashion-mnist'}" in out and "DLBOOK_DATA_DIR" in out
    os.environ["DLBOOK_DATA_DIR"] = str(folder.parent / "writable")  # restored by the fixture
    shutil.rmtree(mirror)
    assert "原因：没有网络，下载失败" in _falls_back(capsys)
