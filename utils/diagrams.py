"""Concept diagrams drawn with matplotlib, for the chapters' figures: networks of units
(``draw_network``), convolution and pooling on small grids (``draw_cross_correlation``,
``draw_pooling``, ``draw_channels``) and a network's layers with their shapes (``draw_layers``).

A chapter draws a diagram in a code cell tagged ``remove-input``: the website shows
only the figure, Colab and Jupyter run the cell and show it too. Every label is
passed in by the chapter, in the edition's language; nothing here is translated.

Each thing drawn carries a ``gid`` that names it (``"unit 1 4"`` is unit 4 of
layer 1, ``"edge 0 2 1 4"`` joins unit 2 of layer 0 to unit 4 of layer 1,
``"cell input 0 2"`` is row 0, column 2 of the input grid), so a test can find it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Circle

__all__ = ["draw_network", "weight_labels", "draw_grid", "draw_cross_correlation", "draw_pooling",
           "draw_channels", "layer_shapes", "draw_layers", "UNIT_COLOR", "DROPPED_COLOR",
           "HIGHLIGHT_COLOR", "PADDING_COLOR"]

UNIT_COLOR = "#cfe2f3"     # a kept unit: light blue
DROPPED_COLOR = "#d9d9d9"  # a dropped unit and its edges: light grey
EDGE_COLOR = "#555555"
RADIUS = 0.28              # of a unit circle; the units of one layer are 1 apart
LAYER_GAP = 2.6            # from one layer to the next


def weight_labels(layer_sizes):
    r"""The weight matrix between each pair of layers, with its shape, as math text.

    ``weight_labels([4, 5, 3])`` gives ``["$\mathbf{W}^{(1)} \in \mathbb{R}^{4 \times 5}$",
    "$\mathbf{W}^{(2)} \in \mathbb{R}^{5 \times 3}$"]``: the book multiplies a row of
    inputs by the weights, ``X @ W``, so the matrix has one row per input unit.
    """
    return [rf"$\mathbf{{W}}^{{({k + 1})}} \in \mathbb{{R}}^{{{n_in} \times {n_out}}}$"
            for k, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]))]


def _check(layer_sizes, dropped, unit_names, layer_labels, edge_labels):
    if len(layer_sizes) < 2 or any(not isinstance(n, int) or n < 1 for n in layer_sizes):
        raise ValueError(f"layer_sizes must list at least two layers, each a positive int "
                         f"number of units, e.g. [4, 5, 3]; got {layer_sizes!r}")
    for layer, units in dropped.items():
        if not 0 <= layer < len(layer_sizes):
            raise ValueError(f"dropped names layer {layer}, but the layers are numbered "
                             f"0 to {len(layer_sizes) - 1}")
        for unit in units:
            if not 0 <= unit < layer_sizes[layer]:
                raise ValueError(f"dropped names unit {unit} of layer {layer}, which has "
                                 f"units 0 to {layer_sizes[layer] - 1}")
    for name, labels, count in [("unit_names", unit_names, len(layer_sizes)),
                                ("layer_labels", layer_labels, len(layer_sizes)),
                                ("edge_labels", edge_labels, len(layer_sizes) - 1)]:
        if labels is not None and len(labels) != count:
            raise ValueError(f"{name} needs {count} entries, one per "
                             f"{'pair of layers' if name == 'edge_labels' else 'layer'}; "
                             f"got {len(labels)}")


def draw_network(layer_sizes, dropped=None, unit_names=None, layer_labels=None,
                 edge_labels=None, title=None, ax=None):
    """Draw a fully connected network: a column of unit circles per layer, left to right.

    layer_sizes:  units per layer, inputs first, e.g. ``[4, 5, 3]``.
    dropped:      the dropped units, ``{layer: [unit, ...]}`` counted from 0, e.g.
                  ``{1: [1, 4]}`` drops the second and fifth hidden unit. A dropped unit
                  is grey and crossed out, and every edge into or out of it is grey.
    unit_names:   one letter per layer, e.g. ``["x", "h", "o"]``: units are labelled
                  x₁, x₂, ... (None: no labels inside the circles).
    layer_labels: a text under each column, e.g. ``["inputs", "hidden layer", "outputs"]``.
    edge_labels:  a text above each group of edges, e.g. ``weight_labels(layer_sizes)``.
    title:        a text above the whole drawing.
    ax:           the matplotlib axes to draw on (None: a new figure).

    Returns the axes.
    """
    dropped = dropped or {}
    _check(layer_sizes, dropped, unit_names, layer_labels, edge_labels)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 * len(layer_sizes) + 1, 0.7 * max(layer_sizes) + 1))

    # Unit i of a layer of n units sits at height i - (n - 1) / 2, so every column is centred;
    # unit 0 is at the top. Layers are LAYER_GAP apart horizontally.
    def position(layer, unit):
        return LAYER_GAP * layer, (layer_sizes[layer] - 1) / 2 - unit

    def is_dropped(layer, unit):
        return unit in dropped.get(layer, [])

    for layer in range(len(layer_sizes) - 1):  # edges first, so the circles cover their ends
        for i in range(layer_sizes[layer]):
            for j in range(layer_sizes[layer + 1]):
                grey = is_dropped(layer, i) or is_dropped(layer + 1, j)
                (x0, y0), (x1, y1) = position(layer, i), position(layer + 1, j)
                ax.plot([x0, x1], [y0, y1], color=DROPPED_COLOR if grey else EDGE_COLOR,
                        linewidth=0.8, linestyle=":" if grey else "-", zorder=1,
                        gid=f"edge {layer} {i} {layer + 1} {j}")

    for layer, n in enumerate(layer_sizes):
        for unit in range(n):
            x, y = position(layer, unit)
            grey = is_dropped(layer, unit)
            ax.add_patch(Circle((x, y), RADIUS, facecolor=DROPPED_COLOR if grey else UNIT_COLOR,
                                edgecolor="#999999" if grey else "#1f4e79", linewidth=1.2,
                                zorder=2, gid=f"unit {layer} {unit}"))
            if grey:  # a cross, so the drop is visible in black and white too
                d = RADIUS * 0.7
                ax.plot([x - d, x + d], [y - d, y + d], color="#999999", linewidth=1, zorder=3)
                ax.plot([x - d, x + d], [y + d, y - d], color="#999999", linewidth=1, zorder=3)
            elif unit_names is not None:
                ax.text(x, y, f"${unit_names[layer]}_{{{unit + 1}}}$", ha="center", va="center",
                        fontsize=10, zorder=3)

    top = (max(layer_sizes) - 1) / 2
    if layer_labels is not None:
        for layer, label in enumerate(layer_labels):
            ax.text(LAYER_GAP * layer, -top - 0.55, label, ha="center", va="top", fontsize=10)
    if edge_labels is not None:
        for layer, label in enumerate(edge_labels):
            ax.text(LAYER_GAP * (layer + 0.5), top + 0.55, label, ha="center", va="bottom", fontsize=10)
    if title is not None:
        ax.set_title(title)

    ax.set_xlim(-0.9, LAYER_GAP * (len(layer_sizes) - 1) + 0.9)
    ax.set_ylim(-top - 1.2 if layer_labels is not None else -top - 0.5,
                top + 1.1 if edge_labels is not None else top + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


# ---------------------------------------------------------------- grids (convolutions, pooling)

HIGHLIGHT_COLOR = "#f9cb9c"  # the cells of the window and what they produce: light orange
PADDING_COLOR = "#eeeeee"    # the zeros added around an input by padding: very light grey
GRID_COLOR = "white"


def _number(v):
    """A grid entry as short text: 3 for 3.0, 2.5 for 2.5."""
    v = float(v)
    return str(int(v)) if v == int(v) else f"{v:g}"


def _image(rows):
    """Rows of numbers as the (1, 1, height, width) float64 tensor torch's conv and pooling take."""
    return torch.tensor(rows, dtype=torch.float64)[None, None]


def _as_rows(values, name):
    """A 2-D tensor, array or list of lists as a list of rows of floats."""
    rows = [[float(v) for v in row] for row in (values.tolist() if hasattr(values, "tolist") else values)]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError(f"{name} must be a non-empty 2-D grid of numbers (rows of equal length)")
    return rows


def draw_grid(ax, values, x0, y0, name, highlight=(), padding=0, label=None):
    """Draw a matrix as a grid of numbered squares with its top-left corner at (x0, y0).

    Row i, column j is the square from (x0 + j, y0 - i - 1) to (x0 + j + 1, y0 - i), with gid
    ``"cell <name> i j"``. ``highlight`` is a collection of (i, j) drawn in HIGHLIGHT_COLOR; the
    outer ``padding`` rows and columns are drawn in PADDING_COLOR; ``label`` goes above the grid.
    """
    rows = _as_rows(values, name)
    h, w = len(rows), len(rows[0])
    for i in range(h):
        for j in range(w):
            if (i, j) in highlight:
                color = HIGHLIGHT_COLOR
            elif min(i, j) < padding or i >= h - padding or j >= w - padding:
                color = PADDING_COLOR
            else:
                color = UNIT_COLOR
            ax.add_patch(plt.Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=color,
                                       edgecolor="#1f4e79", linewidth=1, gid=f"cell {name} {i} {j}"))
            ax.text(x0 + j + 0.5, y0 - i - 0.5, _number(rows[i][j]), ha="center", va="center",
                    fontsize=11, gid=f"value {name} {i} {j}")
    if label is not None:
        ax.text(x0 + w / 2, y0 + 0.3, label, ha="center", va="bottom", fontsize=11)


def _finish(ax, width, top, bottom):
    ax.set_xlim(-0.3, width + 0.3)
    ax.set_ylim(bottom - 0.3, top + 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _new_axes(ax, width, height):
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * width + 0.5, 0.55 * height + 0.8))
    return ax


def _pad(rows, padding):
    w = len(rows[0]) + 2 * padding
    zeros = [[0.0] * w for _ in range(padding)]
    return zeros + [[0.0] * padding + r + [0.0] * padding for r in rows] + [list(z) for z in zeros]


def _output_size(n, k, padding, stride):
    return (n + 2 * padding - k) // stride + 1


def _check_window(at, out_h, out_w):
    r, c = at
    if not (0 <= r < out_h and 0 <= c < out_w):
        raise ValueError(f"at={at} is not a position of the output, which has {out_h} rows and "
                         f"{out_w} columns (counted from 0)")


def draw_cross_correlation(X, K, at=(0, 0), padding=0, stride=1,
                           labels=("input", "kernel", "output"), ax=None):
    """Draw the two-dimensional cross-correlation of X with the kernel K, one window highlighted.

    The input (with ``padding`` rows and columns of zeros around it, in grey), the kernel and the
    output are drawn side by side. The window that produces output entry ``at`` = (row, column)
    is highlighted in the input, and so is that entry in the output; the line below spells out
    its products, e.g. ``0×0 + 1×1 + 3×2 + 4×3 = 19``. The window moves ``stride`` cells at a time.
    ``labels`` name the three grids, in the edition's language. Returns the axes.
    """
    rows, kernel = _as_rows(X, "X"), _as_rows(K, "K")
    if not (isinstance(padding, int) and padding >= 0 and isinstance(stride, int) and stride >= 1):
        raise ValueError(f"padding must be an int >= 0 and stride an int >= 1; got {padding}, {stride}")
    kh, kw = len(kernel), len(kernel[0])
    out_h = _output_size(len(rows), kh, padding, stride)
    out_w = _output_size(len(rows[0]), kw, padding, stride)
    if out_h < 1 or out_w < 1:
        raise ValueError(f"the {kh}×{kw} kernel does not fit in the padded "
                         f"{len(rows) + 2 * padding}×{len(rows[0]) + 2 * padding} input")
    _check_window(at, out_h, out_w)
    padded = _pad(rows, padding)
    Y = F.conv2d(_image(rows), _image(kernel), padding=padding, stride=stride)[0, 0].tolist()

    r, c = at
    window = {(r * stride + a, c * stride + b) for a in range(kh) for b in range(kw)}
    xk = len(padded[0]) + 1.5            # where the kernel starts
    xy = xk + kw + 1.5                   # where the output starts
    width, height = xy + out_w, max(len(padded), kh, out_h)
    ax = _new_axes(ax, width, height + 1)
    draw_grid(ax, padded, 0, 0, "input", highlight=window, padding=padding, label=labels[0])
    ax.text(xk - 0.75, -kh / 2, "⋆", ha="center", va="center", fontsize=24)
    draw_grid(ax, kernel, xk, 0, "kernel", highlight={(a, b) for a in range(kh) for b in range(kw)},
              label=labels[1])
    ax.text(xy - 0.75, -kh / 2, "=", ha="center", va="center", fontsize=16)
    draw_grid(ax, Y, xy, 0, "output", highlight={(r, c)}, label=labels[2])
    products = " + ".join(f"{_number(padded[r * stride + a][c * stride + b])}×{_number(kernel[a][b])}"
                          for a in range(kh) for b in range(kw))
    ax.text(width / 2, -height - 0.5, f"{products} = {_number(Y[r][c])}", ha="center", va="top",
            fontsize=11, gid="products")
    return _finish(ax, width, 0, -height - 1.3)


def draw_pooling(X, pool_size=2, mode="max", at=(0, 0), stride=1, labels=("input", "output"), ax=None):
    """Draw max or average pooling (``mode="max"`` or ``"avg"``) of X, one window highlighted.

    The window of ``pool_size`` × ``pool_size`` cells that produces output entry ``at`` is
    highlighted in the input, that entry in the output, and the line below spells it out, e.g.
    ``max(0, 1, 3, 4) = 4`` or ``mean(0, 1, 3, 4) = 2``. Returns the axes.
    """
    if mode not in ("max", "avg"):
        raise ValueError(f'mode must be "max" or "avg", got {mode!r}')
    rows = _as_rows(X, "X")
    out_h = _output_size(len(rows), pool_size, 0, stride)
    out_w = _output_size(len(rows[0]), pool_size, 0, stride)
    if out_h < 1 or out_w < 1:
        raise ValueError(f"a {pool_size}×{pool_size} window does not fit in the "
                         f"{len(rows)}×{len(rows[0])} input")
    _check_window(at, out_h, out_w)

    def window_values(r, c):
        return [rows[r * stride + a][c * stride + b] for a in range(pool_size) for b in range(pool_size)]

    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    Y = pool(_image(rows), pool_size, stride)[0, 0].tolist()
    r, c = at
    window = {(r * stride + a, c * stride + b) for a in range(pool_size) for b in range(pool_size)}
    xy = len(rows[0]) + 1.5
    width, height = xy + out_w, max(len(rows), out_h)
    ax = _new_axes(ax, width, height + 1)
    draw_grid(ax, rows, 0, 0, "input", highlight=window, label=labels[0])
    ax.text(xy - 0.75, -pool_size / 2, "→", ha="center", va="center", fontsize=16)
    draw_grid(ax, Y, xy, 0, "output", highlight={(r, c)}, label=labels[1])
    name = "max" if mode == "max" else "mean"
    values = ", ".join(_number(v) for v in window_values(r, c))
    ax.text(width / 2, -height - 0.5, f"{name}({values}) = {_number(Y[r][c])}", ha="center",
            va="top", fontsize=11, gid="products")
    return _finish(ax, width, 0, -height - 1.3)


def draw_channels(X, K, labels=("input", "kernel", "output"), ax=None):
    """Draw a cross-correlation with several input channels and one output channel.

    X has shape (channels, height, width) and K (channels, kernel height, kernel width): one row
    per channel shows that channel's input and kernel, and the output on the right is the sum
    over channels of their cross-correlations. The first window is highlighted in every channel,
    and the line below spells out its products, channel by channel. For several output
    channels, each has its own kernel of this shape: draw one figure per output channel.
    Returns the axes.
    """
    channels = [_as_rows(x, "X[c]") for x in X]
    kernels = [_as_rows(k, "K[c]") for k in K]
    if len(channels) != len(kernels):
        raise ValueError(f"X has {len(channels)} channels but K has {len(kernels)}: "
                         f"the kernel needs one 2-D slice per input channel")
    h, w = len(channels[0]), len(channels[0][0])
    kh, kw = len(kernels[0]), len(kernels[0][0])
    if any(len(x) != h or len(x[0]) != w for x in channels) or \
            any(len(k) != kh or len(k[0]) != kw for k in kernels):
        raise ValueError("every channel of X must have the same shape, and every channel of K too")
    out_h, out_w = h - kh + 1, w - kw + 1
    if out_h < 1 or out_w < 1:
        raise ValueError(f"the {kh}×{kw} kernel does not fit in the {h}×{w} input")
    Y = F.conv2d(_image(channels)[0], _image(kernels)[0])[0, 0].tolist()   # summed over the channels

    window = {(a, b) for a in range(kh) for b in range(kw)}
    xk, row_height = w + 1.5, max(h, kh) + 1.2
    xy = xk + kw + 1.5
    n = len(channels)
    width, height = xy + out_w, n * row_height - 1.2
    ax = _new_axes(ax, width, height + 1)
    for i, (x, k) in enumerate(zip(channels, kernels)):
        top = -i * row_height
        draw_grid(ax, x, 0, top, f"input{i}", highlight=window, label=labels[0] if i == 0 else None)
        ax.text(xk - 0.75, top - kh / 2, "⋆", ha="center", va="center", fontsize=24)
        draw_grid(ax, k, xk, top, f"kernel{i}", highlight=window, label=labels[1] if i == 0 else None)
        if i > 0:
            ax.text(xk + kw / 2, top + 0.6, "+", ha="center", va="center", fontsize=16)
    middle = -(height - out_h) / 2
    ax.text(xy - 0.75, middle - out_h / 2, "=", ha="center", va="center", fontsize=16)
    draw_grid(ax, Y, xy, middle, "output", highlight={(0, 0)}, label=labels[2])
    def channel_products(x, k):
        return " + ".join(f"{_number(x[a][b])}×{_number(k[a][b])}" for a, b in sorted(window))

    products = " + ".join(f"({channel_products(x, k)})" for x, k in zip(channels, kernels))
    ax.text(width / 2, -height - 0.5, f"{products} = {_number(Y[0][0])}", ha="center", va="top",
            fontsize=10, gid="products")
    return _finish(ax, width, 0, -height - 1.3)


# ---------------------------------------------------------------- a network's layers and shapes

def layer_shapes(net, X):
    """Run X through the layers of a ``nn.Sequential`` one by one: [(layer name, output shape)].

    The first entry is the input, named ``"input"``. The layer's name is its class name,
    ``"Conv2d"``, ``"AvgPool2d"``, ...; the shape is a tuple such as (1, 6, 28, 28).
    """
    shapes = [("input", tuple(X.shape))]
    for layer in net:
        X = layer(X)
        shapes.append((type(layer).__name__, tuple(X.shape)))
    return shapes


def draw_layers(names, shapes, title=None, ax=None):
    """Draw a network as a column of boxes, one per layer, with the shape of its output beside it.

    names:  the text in each box, e.g. ``["input", "Conv2d 5×5, 6 channels", ...]``.
    shapes: the output shape of each, a tuple ``(1, 6, 28, 28)`` (shown as ``1 × 6 × 28 × 28``)
            or any text. ``layer_shapes(net, X)`` gives both for a real network.
    Boxes have gid ``"layer i"``, shapes ``"shape i"``. Returns the axes.
    """
    if len(names) != len(shapes) or not names:
        raise ValueError(f"names and shapes need one entry per layer; got {len(names)} names and "
                         f"{len(shapes)} shapes")
    n = len(names)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 0.45 * n + 0.6))
    for i, (name, shape) in enumerate(zip(names, shapes)):
        y = -i
        ax.add_patch(plt.Rectangle((0, y - 0.35), 3, 0.7, facecolor=UNIT_COLOR, edgecolor="#1f4e79",
                                   gid=f"layer {i}"))
        ax.text(1.5, y, name, ha="center", va="center", fontsize=10)
        text = " × ".join(str(d) for d in shape) if isinstance(shape, tuple) else str(shape)
        ax.text(3.3, y, text, ha="left", va="center", fontsize=10, family="monospace", gid=f"shape {i}")
        if i > 0:
            ax.annotate("", xy=(1.5, y + 0.35), xytext=(1.5, y + 0.65),
                        arrowprops=dict(arrowstyle="->", color=EDGE_COLOR))
    if title is not None:
        ax.set_title(title)
    ax.set_xlim(-0.1, 6)
    ax.set_ylim(-n + 0.5, 0.5)
    ax.axis("off")
    return ax
