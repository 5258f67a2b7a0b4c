"""How fast does ``utils`` train, against d2l 0.17.6 and against the bare ceiling?

Run it with ``make bench`` (which installs the reference, d2l 0.17.6, into
``.bench-d2l`` the first time), or, once that exists::

    .venv/bin/python bench/benchmark.py [--epochs 5] [--reps 3] [--device cpu|cuda]

It writes Fashion-MNIST-sized data (60,000 + 10,000 seeded 28x28 images of ten
learnable classes, in the official IDX format) into a temporary folder and
trains three models with batch size 256 and the course's learning rates:
softmax regression and the MLP 784-256-10 with ``train_ch3`` (SGD, lr 0.1), and
LeNet with sigmoids with ``train_ch6`` (lr 0.9). Each model is trained

* by ``utils``: ``utils.load_data_fashion_mnist`` + ``utils.train_ch3/ch6``;
* by d2l 0.17.6: ``d2l.load_data_fashion_mnist`` + ``d2l.train_ch3/ch6``, the code
  the course runs (torchvision's dataset, ``ToTensor`` per image, 4 workers);
* by "required": the ceiling's loop plus the least work that the libraries'
  ``train_ch3``/``train_ch6`` ask of any implementation, written out plainly in
  this file: a fresh shuffle every epoch, each batch gathered from the bytes and
  converted to floats, and the test accuracy once per epoch (no metrics, no plot);
* by the ceiling: the forward-backward-step loop over batches sliced before the
  clock starts, with no data pipeline, no metrics and no evaluation at all (the
  same model, loss and optimizer step as the libraries compute);

in turn, in the same process, ``--reps`` times with the order rotated. Each
side starts from the same initial weights. Speed is training examples per
second of wall time over the whole training call (for utils and d2l that
includes their per-epoch evaluation on the test set and their plotting). After
each run the test accuracy is measured the same way for all four, outside the
clock, to show that nobody got faster by doing less. "required/ceiling" is how
close any library that shuffles, converts and evaluates as d2l's API does could
come to the ceiling: the part of utils' gap that is not utils' to close.

On a CUDA GPU ``utils.train_ch6`` records its training step once as a CUDA
graph and replays it (its default, ``cuda_graph=None``: utils/cuda_graph.py),
while the ceiling launches every kernel from Python: there utils can beat this
ceiling, which stays the plain eager loop. ``--no-cuda-graph`` measures utils
stepping as the ceiling does.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import matplotlib
import torch
from torch import nn
from torch.nn import functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import utils  # noqa: E402

D2L_DIR = ROOT / ".bench-d2l"
N_TRAIN, N_TEST, BATCH = 60_000, 10_000, 256
LABEL_NOISE = 0.2  # the share of generated labels drawn at random
LR = {"softmax": 0.1, "mlp": 0.1, "lenet": 0.9}
#: The targets of issue 6: utils/d2l per model on a CPU, LeNet on a GPU; utils/ceiling.
TARGET_VS_D2L = {"cpu": {"softmax": 20.0, "mlp": 6.0, "lenet": 1.5}, "cuda": {"lenet": 10.0}}
TARGET_VS_CEILING = 0.9


# ---------------------------------------------------------------- data
def make_images(patterns: torch.Tensor, n: int, generator: torch.Generator):
    """``n`` uint8 images of ten classes, and their labels.

    Each class is a silhouette on a dark background, as in Fashion-MNIST, filled
    with a random texture and brightness, plus faint noise everywhere. A fifth
    of the labels are replaced by random ones, so no model can be perfect (the
    best test accuracy is about 0.82): all three models, sigmoid LeNet included,
    get there within a few epochs, and their accuracies can be compared.
    """
    labels = torch.randint(0, 10, (n,), generator=generator)
    silhouettes = (patterns > 0.5).float()
    brightness = 0.5 + 0.5 * torch.rand(n, 1, 1, generator=generator)
    texture = torch.rand(n, 28, 28, generator=generator)
    images = silhouettes[labels] * brightness * (0.2 + 0.8 * texture)
    images = (images + 0.1 * torch.rand(n, 28, 28, generator=generator)).clamp(0, 1)
    relabel = torch.rand(n, generator=generator) < LABEL_NOISE
    labels = torch.where(relabel, torch.randint(0, 10, (n,), generator=generator), labels)
    return (images * 255).round().to(torch.uint8), labels.to(torch.uint8)


def write_dataset(folder: Path, seed: int = 0) -> dict[str, torch.Tensor]:
    """The four files: gzipped in ``folder/fashion-mnist`` for utils (its ``folder=``),
    raw where torchvision's dataset looks (``folder/data/FashionMNIST/raw``)."""
    g = torch.Generator().manual_seed(seed)
    # Ten smooth random patterns, one per class (7x7 noise, upsampled), thresholded
    # into silhouettes by make_images.
    patterns = F.interpolate(torch.rand(10, 1, 7, 7, generator=g), size=(28, 28),
                             mode="bilinear", align_corners=False)[:, 0]
    train_X, train_y = make_images(patterns, N_TRAIN, g)
    test_X, test_y = make_images(patterns, N_TEST, g)
    arrays = {"train-images-idx3-ubyte": train_X, "train-labels-idx1-ubyte": train_y,
              "t10k-images-idx3-ubyte": test_X, "t10k-labels-idx1-ubyte": test_y}
    gz_dir, raw_dir = folder / "fashion-mnist", folder / "data" / "FashionMNIST" / "raw"
    gz_dir.mkdir(parents=True)
    raw_dir.mkdir(parents=True)
    for name, array in arrays.items():
        utils.write_idx(raw_dir / name, array)
        utils.write_idx(gz_dir / (name + ".gz"), array)
    return {"train_X": train_X, "train_y": train_y, "test_X": test_X, "test_y": test_y}


# ---------------------------------------------------------------- models
def make_net(kind: str, seed: int) -> nn.Module:
    """The course's three models; the same ``seed`` gives the same initial weights."""
    torch.manual_seed(seed)
    if kind == "softmax":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    elif kind == "mlp":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    else:  # LeNet as in d2l 0.17, sigmoid activations and average pooling
        net = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
            nn.Linear(120, 84), nn.Sigmoid(),
            nn.Linear(84, 10))
    for m in net.modules():
        if isinstance(m, nn.Linear) and kind != "lenet":
            nn.init.normal_(m.weight, std=0.01)  # as the course's concise chapters
    return net  # LeNet: train_ch6 (and start_training) apply Xavier initialisation


def start_training(kind: str, seed: int, device: torch.device):
    """The model as the libraries start training it, its SGD optimizer and its loss.

    The same ``seed`` gives the same weights as :func:`train_library`, and leaves
    the global random state where utils has it when it first shuffles. The loss
    is computed as the libraries compute it: train_ch6 takes the mean
    cross-entropy; the course's train_ch3 models pass reduction='none', and
    train_ch3 averages the per-example losses before backward().
    """
    net = make_net(kind, seed)
    torch.manual_seed(seed + 1)
    if kind == "lenet":  # train_ch6's Xavier initialisation
        for m in net.modules():
            if type(m) in (nn.Linear, nn.Conv2d):
                nn.init.xavier_uniform_(m.weight)
        loss = nn.CrossEntropyLoss()
    else:
        per_example = nn.CrossEntropyLoss(reduction="none")
        loss = lambda y_hat, y: per_example(y_hat, y).mean()  # noqa: E731
    net.to(device)
    return net, torch.optim.SGD(net.parameters(), lr=LR[kind]), loss


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


# ---------------------------------------------------------------- the three sides
def train_library(lib, kind: str, epochs: int, device: torch.device,
                  seed: int, folder: Path, cuda_graph: bool | None = None) -> tuple[float, nn.Module, str]:
    """Train with a library's own loader and training function; seconds, net, note.

    utils reads the files :func:`write_dataset` wrote into ``folder`` (its MD5
    check against the official release is the only step left out); d2l reads
    them through torchvision from "../data", relative to the working folder.
    """
    if lib is utils:  # the images held on the device the model trains on
        train_iter, test_iter = utils.load_data_fashion_mnist(
            BATCH, device=device, folder=folder / "fashion-mnist")
    else:
        train_iter, test_iter = lib.load_data_fashion_mnist(BATCH)
    net, note = make_net(kind, seed), ""
    torch.manual_seed(seed + 1)  # train_ch6's Xavier initialisation, then the shuffling
    if kind != "lenet":
        optimizer = torch.optim.SGD(net.parameters(), lr=LR[kind])
        loss = nn.CrossEntropyLoss(reduction="none")
    sync(device)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # figures and progress lines
        try:
            if kind == "lenet":
                graphs = {"cuda_graph": cuda_graph} if lib is utils else {}
                lib.train_ch6(net, train_iter, test_iter, epochs, LR[kind], device, **graphs)
            else:
                lib.train_ch3(net, train_iter, test_iter, loss, epochs, optimizer)
        except AssertionError:  # d2l's train_ch3 asserts a loss it reaches in 10 epochs
            note = "(d2l's final assert on the loss failed, as the labels are noisy; the run is complete)"
    sync(device)
    return time.perf_counter() - start, net, note


def train_ceiling(kind: str, epochs: int, device: torch.device, data,
                  seed: int) -> tuple[float, nn.Module, str]:
    """The forward-backward-step loop alone, over batches cut before the clock starts."""
    X = data["train_X"].to(device).unsqueeze(1).float().div_(255)
    y = data["train_y"].to(device).long()
    order = torch.randperm(N_TRAIN, generator=torch.Generator().manual_seed(seed)).to(device)
    X, y = X[order], y[order]
    batches = [(X[i:i + BATCH], y[i:i + BATCH]) for i in range(0, N_TRAIN, BATCH)]
    net, optimizer, loss = start_training(kind, seed, device)
    net.train()
    sync(device)
    start = time.perf_counter()
    for _ in range(epochs):
        for Xb, yb in batches:
            optimizer.zero_grad()
            loss(net(Xb), yb).backward()
            optimizer.step()
    sync(device)
    return time.perf_counter() - start, net, ""


def train_required(kind: str, epochs: int, device: torch.device, data,
                   seed: int) -> tuple[float, nn.Module, str]:
    """The ceiling's loop plus the least work that d2l's ``train_ch3``/``train_ch6``
    ask of any library, written out plainly: every epoch a fresh random order,
    each batch gathered from the bytes and converted to floats in [0, 1], and one
    pass over the test set. No metrics, no plot. How close this comes to the
    ceiling bounds what any loader that shuffles and converts can reach."""
    train_X = data["train_X"].to(device).unsqueeze(1)
    train_y = data["train_y"].to(device).long()
    test_X = data["test_X"].to(device).unsqueeze(1)
    test_y = data["test_y"].to(device).long()
    net, optimizer, loss = start_training(kind, seed, device)
    sync(device)
    start = time.perf_counter()
    for _ in range(epochs):
        net.train()
        order = torch.randperm(N_TRAIN, device=device)
        for i in range(0, N_TRAIN, BATCH):
            index = order[i:i + BATCH]
            Xb = train_X.index_select(0, index).to(torch.float32).mul_(1 / 255)
            optimizer.zero_grad()
            loss(net(Xb), train_y.index_select(0, index)).backward()
            optimizer.step()
        net.eval()
        with torch.no_grad():  # the test accuracy, which train_ch3/ch6 report every epoch
            correct = sum((net(test_X[i:i + BATCH].to(torch.float32).mul_(1 / 255)).argmax(1)
                           == test_y[i:i + BATCH]).sum() for i in range(0, N_TEST, BATCH))
        float(correct)
    sync(device)
    return time.perf_counter() - start, net, ""


def measure_accuracy(net: nn.Module, data, device: torch.device) -> float:
    X = data["test_X"].to(device).unsqueeze(1).float().div_(255)
    y = data["test_y"].to(device).long()
    return utils.evaluate_accuracy(net.to(device), utils.load_array((X, y), 1000, is_train=False))


# ---------------------------------------------------------------- main
def import_d2l():
    sys.path.insert(0, str(D2L_DIR))
    try:
        from d2l import torch as d2l
    except ImportError as err:
        sys.exit(f"d2l 0.17.6 is not installed in {D2L_DIR} ({err}). Run `make bench`, which "
                 "installs it there (pip install --no-deps --target .bench-d2l "
                 "-r bench/requirements-d2l.txt).")
    return d2l


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--reps", type=int, default=3, help="repetitions, alternating the sides")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--no-cuda-graph", action="store_true",
                        help="utils.train_ch6(..., cuda_graph=False): no replayed step on a GPU")
    parser.add_argument("--models", nargs="+", choices=["softmax", "mlp", "lenet"],
                        help="default: all three on a CPU, LeNet on a GPU "
                             "(d2l's train_ch3 only trains on the CPU)")
    args = parser.parse_args()
    matplotlib.use("Agg")  # no windows; both libraries still draw their figures
    device = utils.get_device(args.device)
    models = args.models or (["softmax", "mlp", "lenet"] if device.type == "cpu" else ["lenet"])
    if device.type == "cuda" and set(models) - {"lenet"}:
        sys.exit("On a GPU only LeNet compares like with like: d2l's train_ch3 trains on the CPU.")
    d2l = import_d2l()
    # Both libraries warn about things that do not matter here (d2l's 4 workers on
    # 2 cores, a 1-epoch x-axis); the table is what this prints.
    warnings.simplefilter("ignore", UserWarning)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, device "
          f"{utils.device_name(device)}")
    print(f"{args.epochs} epochs of {N_TRAIN} images, batch size {BATCH}, {args.reps} repetitions\n")

    with tempfile.TemporaryDirectory(prefix="dlbook-bench-") as tmp:
        tmp = Path(tmp)
        data = write_dataset(tmp)
        (tmp / "work").mkdir()
        here = os.getcwd()
        os.chdir(tmp / "work")

        # Within a repetition the four sides start from the same weights; each
        # repetition starts from others, so the accuracies show their own noise.
        graphs = False if args.no_cuda_graph else None
        sides = {"utils": lambda k, seed: train_library(utils, k, args.epochs, device, seed, tmp, graphs),
                 "d2l": lambda k, seed: train_library(d2l, k, args.epochs, device, seed, tmp),
                 "required": lambda k, seed: train_required(k, args.epochs, device, data, seed),
                 "ceiling": lambda k, seed: train_ceiling(k, args.epochs, device, data, seed)}
        # Untimed warm-up: PyTorch sets up its kernels and matplotlib loads its fonts
        # the first time a process uses them, which would count against whichever
        # side happened to run first.
        utils.Animator(xlabel="epoch", legend=["warm-up"]).add(1, 1.0)
        for model in models:
            train_ceiling(model, 1, device, data, seed=0)
        speed = {(m, s): [] for m in models for s in sides}
        acc = {(m, s): [] for m in models for s in sides}
        names = list(sides)
        for rep in range(args.reps):
            order = names[rep % len(names):] + names[:rep % len(names)]
            for model in models:
                for side in order:
                    seconds, net, note = sides[side](model, seed=100 * rep)
                    examples_per_s = args.epochs * N_TRAIN / seconds
                    speed[model, side].append(examples_per_s)
                    acc[model, side].append(measure_accuracy(net, data, device))
                    print(f"  rep {rep + 1} {model:8s} {side:8s} {examples_per_s:10.0f} examples/s"
                          f"  test acc {acc[model, side][-1]:.3f}  {note}", flush=True)
        os.chdir(here)

    print(f"\nResults (medians over {args.reps} repetitions, examples per second):\n")
    print("| model | utils | d2l 0.17.6 | required | ceiling | utils/d2l | utils/ceiling "
          "| required/ceiling | test accuracy (range) utils / d2l / required / ceiling |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    def ratio(m: str, side: str, reference: str) -> float:
        """The median over repetitions of one side's speed over another's in the same one."""
        return statistics.median(a / b for a, b in zip(speed[m, side], speed[m, reference]))

    verdicts = []
    for m in models:
        med = {s: statistics.median(speed[m, s]) for s in sides}
        vs_d2l, vs_ceiling = ratio(m, "utils", "d2l"), ratio(m, "utils", "ceiling")
        required = ratio(m, "required", "ceiling")
        accs = " / ".join(f"{min(acc[m, s]):.3f}-{max(acc[m, s]):.3f}" for s in sides)
        print(f"| {m} | {med['utils']:,.0f} | {med['d2l']:,.0f} | {med['required']:,.0f} "
              f"| {med['ceiling']:,.0f} | {vs_d2l:.1f}x | {vs_ceiling:.2f} | {required:.2f} | {accs} |")
        target = TARGET_VS_D2L[device.type].get(m)
        if target is not None:
            verdicts.append(f"{m}: utils/d2l {vs_d2l:.1f}x (target >= {target}x) "
                            f"{'met' if vs_d2l >= target else 'MISSED'}")
        verdicts.append(f"{m}: utils/ceiling {vs_ceiling:.2f} (target >= {TARGET_VS_CEILING}) "
                        f"{'met' if vs_ceiling >= TARGET_VS_CEILING else 'MISSED'}; the required "
                        f"work alone reaches {required:.2f} of the ceiling")
        medians = [statistics.median(acc[m, s]) for s in sides]
        noise = max(max(acc[m, s]) - min(acc[m, s]) for s in sides)
        verdicts.append(f"{m}: median test accuracies within {max(medians) - min(medians):.3f} of "
                        f"each other; one side's own spread over the repetitions is up to {noise:.3f}")
    print("\n" + "\n".join(verdicts))


if __name__ == "__main__":
    main()
