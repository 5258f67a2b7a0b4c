"""The shared code of the book's notebooks: data, training, plotting, devices.

It replaces the ``d2l`` package of the course with the same names and
signatures (``utils.train_ch3`` for ``d2l.train_ch3``, ...), so course code runs
unchanged with ``from utils import ...`` or ``import utils as d2l``. The table
mapping every d2l name to this package is in docs of the README ("utils and d2l").
"""

from .data import (
    FASHION_MNIST_CLASSES,
    CorruptFileError,
    DataFolderError,
    data_dir,
    fashion_mnist_files,
    get_fashion_mnist_labels,
    load_array,
    load_data_fashion_mnist,
    read_idx,
    synthetic_data,
    write_idx,
)
from .language import get_language, set_language
from .devices import device_name, get_device, num_gpus, try_all_gpus, try_gpu
from .diagrams import (draw_channels, draw_cross_correlation, draw_layers, draw_network, draw_pooling,
                       layer_shapes, weight_labels)
from .plotting import Animator, plot, set_axes, set_figsize, show_images, use_svg_display
from .training import (
    Accumulator,
    Timer,
    TrainResult,
    accuracy,
    evaluate_accuracy,
    evaluate_accuracy_gpu,
    evaluate_loss,
    linreg,
    predict_ch3,
    sgd,
    squared_loss,
    train_ch3,
    train_ch6,
    train_epoch_ch3,
)
from .seed import seed_everything
from .compat import *  # noqa: F401,F403  (d2l's tensor shorthands, d2l.plt, corr2d, ...: utils/compat.py)

__version__ = "0.2.0"  # the one place: pyproject.toml and tools/notebooks.py (release tag) read it
