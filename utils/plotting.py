"""Plotting with matplotlib: d2l's ``plot``, ``set_figsize``, ``show_images``, ``Animator``.

Importing this module makes Chinese text render in figures: it registers the
CJK font shipped in ``utils/fonts`` (a subset of Noto Sans CJK SC) as the
fallback after DejaVu Sans, so Latin text keeps matplotlib's usual look and
Chinese glyphs come from the CJK font, on any machine, in Colab and on the site.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from matplotlib import font_manager

from .language import say

__all__ = [
    "use_svg_display", "set_figsize", "set_axes", "plot", "show_images",
    "Animator", "CJK_FONT", "cjk_font_name",
]

#: The CJK font shipped with the package (SIL Open Font License, see utils/fonts).
CJK_FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Subset.otf"


def cjk_font_name() -> str:
    """The family name matplotlib knows the shipped CJK font by."""
    return font_manager.FontProperties(fname=CJK_FONT).get_name()


def _use_cjk_font() -> None:
    # matplotlib falls back glyph by glyph along font.family: Latin text comes
    # from the usual sans-serif font, Chinese from the shipped CJK font.
    font_manager.fontManager.addfont(str(CJK_FONT))
    plt.rcParams["font.family"] = ["sans-serif", cjk_font_name()]


_use_cjk_font()


def _sharp_figures() -> None:
    # In a notebook: PNG figures at twice their pixels ("retina"), sharp on high-density
    # screens at the same size on the page. PNG rather than SVG: nbval does not compare
    # PNG outputs, while an SVG's text differs from run to run.
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None and "IPKernelApp" in get_ipython().config:
        set_matplotlib_formats("retina")


_sharp_figures()


def use_svg_display() -> None:
    """Show figures as SVG in Jupyter (d2l's default; this book uses PNG)."""
    from matplotlib_inline import backend_inline

    backend_inline.set_matplotlib_formats("svg")


def set_figsize(figsize=(3.5, 2.5)) -> None:
    """Set the default figure size for matplotlib."""
    plt.rcParams["figure.figsize"] = figsize


def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend) -> None:
    """Set labels, limits, scales and legend of matplotlib axes."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    if xlim is not None:  # None: leave the limits to matplotlib's autoscaling
        axes.set_xlim(xlim)
    if ylim is not None:
        axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid()


def _has_one_axis(X) -> bool:
    return (hasattr(X, "ndim") and X.ndim == 1) or (
        isinstance(X, list) and not hasattr(X[0], "__len__"))


def _to_numpy(x):
    return x.detach().cpu().numpy() if torch.is_tensor(x) else x


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None,
         xscale="linear", yscale="linear", fmts=("-", "m--", "g-.", "r:"),
         figsize=(3.5, 2.5), axes=None):
    """Plot one or several curves (d2l's ``plot``).

    ``X`` and ``Y`` may be lists, arrays or tensors; with ``Y=None`` the values
    of ``X`` are plotted against their index. Returns the axes.
    """
    if legend is None:
        legend = []
    if axes is None:
        _, axes = plt.subplots(figsize=figsize)
    if _has_one_axis(X):
        X = [X]
    if Y is None:
        X, Y = [[]] * len(X), X
    elif _has_one_axis(Y):
        Y = [Y]
    if len(X) != len(Y):
        X = X * len(Y)
    if isinstance(fmts, str):
        fmts = [fmts]
    axes.cla()
    # More curves than formats: reuse the formats in turn rather than drop curves.
    for x, y, fmt in zip(X, Y, itertools.cycle(fmts)):
        x, y = _to_numpy(x), _to_numpy(y)
        if len(x):
            axes.plot(x, y, fmt)
        else:
            axes.plot(y, fmt)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    return axes


def show_images(imgs, num_rows: int, num_cols: int, titles=None, scale: float = 1.5):
    """Show a grid of images (tensors of shape (H, W) or arrays) with optional titles."""
    figsize = (num_cols * scale, num_rows * scale)
    _, axes = plt.subplots(num_rows, num_cols, figsize=figsize, squeeze=False)
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs)):
        ax.imshow(_to_numpy(img), cmap="gray")
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles[i])
    return axes


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


def _points(values, n: int | None = None) -> list:
    """One value or a sequence (list, tuple, tensor, array) as a list of Python values.

    A single value becomes ``n`` copies of itself (one, when ``n`` is None).
    """
    if hasattr(values, "tolist"):  # a tensor or a NumPy value, 0-d or not
        values = values.tolist()
    if isinstance(values, (list, tuple)):
        return [v.tolist() if hasattr(v, "tolist") else v for v in values]
    return [values] * (1 if n is None else n)


class Animator:
    """Plot data points as they arrive, e.g. a loss per epoch (d2l's ``Animator``).

    In Jupyter the figure is drawn once and then updated in place, at most every
    ``refresh`` seconds (drawing a figure costs more than a small model's epoch),
    so a live run shows the curves growing and a notebook executed
    non-interactively keeps exactly one figure: the final one (call
    :meth:`close` at the end). Outside Jupyter, ``animator.fig`` holds it.
    """

    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None,
                 xscale="linear", yscale="linear", fmts=("-", "m--", "g-.", "r:"),
                 nrows: int = 1, ncols: int = 1, figsize=(3.5, 2.5), refresh: float = 0.5):
        if legend is None:
            legend = []
        self.fig, self.axes = plt.subplots(nrows, ncols, figsize=figsize)
        plt.close(self.fig)  # shown through our own display handle, never twice
        if nrows * ncols == 1:
            self.axes = [self.axes]
        self.config_axes = lambda: set_axes(
            self.axes[0], xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
        self.fmts = fmts
        self.X = self.Y = None
        self._lines = None
        self._autoscale = (xlim is None, ylim is None)
        self._refresh, self._shown_at, self._stale = refresh, None, False
        self._handle = None

    def add(self, x, y) -> None:
        """Add one point per curve; ``y`` is a number or a sequence (``None`` skips a curve).

        Numbers may be tensors (0-d or 1-d) or NumPy values; every call gives as
        many ``y`` values as the first call did, one per curve.
        """
        y = _points(y)
        n = len(y)
        x = _points(x, n)
        if len(x) != n:
            raise ValueError(say(
                f"Animator.add got {len(x)} x values for {n} y values: give one x, "
                "or one per y value.",
                f"Animator.add 收到 {len(x)} 个 x 值和 {n} 个 y 值：请只给一个 x，或者每个 y 值各给一个。"))
        if self.X is not None and n != len(self.X):
            raise ValueError(say(
                f"Animator.add got {n} y values, but this animator draws {len(self.X)} curves "
                f"(its first add had {len(self.X)}): give one value per curve, None for a "
                "curve without a point this time.",
                f"Animator.add 收到 {n} 个 y 值，但这个 Animator 画的是 {len(self.X)} 条曲线"
                f"（第一次 add 时给了 {len(self.X)} 个值）：请每条曲线给一个值，这次没有点的曲线给 None。"))
        if self.X is None:
            self.X = [[] for _ in range(n)]
        if self.Y is None:
            self.Y = [[] for _ in range(n)]
        for i, (a, b) in enumerate(zip(x, y)):
            if a is not None and b is not None:
                self.X[i].append(a)
                self.Y[i].append(float(b))
        ax = self.axes[0]
        if self._lines is None:  # the first points: draw the lines and the legend once
            self._lines = [ax.plot(x_i, y_i, fmt)[0]
                           for x_i, y_i, fmt in zip(self.X, self.Y, itertools.cycle(self.fmts))]
            self.config_axes()
        else:  # then only move the lines' points
            for line, x_i, y_i in zip(self._lines, self.X, self.Y):
                line.set_data(x_i, y_i)
            if any(self._autoscale):
                ax.relim()
                ax.autoscale_view(scalex=self._autoscale[0], scaley=self._autoscale[1])
        self._stale = True
        if self._shown_at is None or time.monotonic() - self._shown_at >= self._refresh:
            self._show()

    def _show(self) -> None:
        self._stale = False
        if not _in_notebook():
            return
        from IPython.display import display

        if self._handle is None:
            self._handle = display(self.fig, display_id=True)
        else:
            self._handle.update(self.fig)
        self._shown_at = time.monotonic()

    def close(self) -> None:
        """Finish: the figure with every point stays the one shown."""
        if self._handle is None or self._stale:
            self._show()
