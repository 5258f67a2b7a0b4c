"""Concept diagrams drawn with matplotlib: networks of units, for the chapters' figures.

A chapter draws a diagram in a code cell tagged ``remove-input``: the website shows
only the figure, Colab and Jupyter run the cell and show it too. Every label is
passed in by the chapter, in the edition's language; nothing here is translated.

Each unit circle and each edge carries a ``gid`` (``"unit 1 4"`` is unit 4 of
layer 1, ``"edge 0 2 1 4"`` joins unit 2 of layer 0 to unit 4 of layer 1), so a
test can find what was drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle

__all__ = ["draw_network", "weight_labels", "UNIT_COLOR", "DROPPED_COLOR"]

UNIT_COLOR = "#cfe2f3"     # a kept unit: light blue
DROPPED_COLOR = "#d9d9d9"  # a dropped unit and its edges: light grey
EDGE_COLOR = "#555555"
RADIUS = 0.28              # of a unit circle; the units of one layer are 1 apart
LAYER_GAP = 2.6           # from one layer to the next


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
