"""tools/build_site.py's cutting of wide figures into strips that stack on a phone, on figures
drawn here with matplotlib as the chapters draw theirs (2x PNGs)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import build_site  # noqa: E402


def png(tmp_path, fig, name="figure.png"):
    path = tmp_path / name
    fig.savefig(path, dpi=144, bbox_inches="tight")  # what the notebooks' "retina" PNGs are
    plt.close(fig)
    return path


def plots(n, figsize, **kw):
    fig, axes = plt.subplots(1, n, figsize=figsize, **kw)
    x = np.linspace(-1, 1, 50)
    for k, ax in enumerate(np.atleast_1d(axes)):
        ax.plot(x, x ** (k + 1), label="a curve")
        ax.set_xlabel("x")
        ax.set_ylabel(f"loss of model {k}")
        ax.set_title(f"panel {k}")
    return fig, axes


@pytest.mark.parametrize("n", [2, 3, 4])
def test_plots_side_by_side_are_cut_between_them(tmp_path, n):
    fig, axes = plots(n, (4.5 * n, 3))
    fig.tight_layout()
    fig.canvas.draw()
    boxes = [ax.get_tightbbox().transformed(fig.dpi_scale_trans.inverted()) for ax in axes]
    path = png(tmp_path, fig)
    strips = build_site.panel_strips(path)
    assert len(strips) == n
    assert strips[0][0] == 0 and strips[-1][1] > strips[-2][1]
    assert all(a < b for a, b in strips) and all(strips[k][1] == strips[k + 1][0] for k in range(n - 1))
    # Each cut lies between two plots' whole boxes, labels included.
    left = min(b.x0 for b in boxes)
    for k, (_, cut) in enumerate(strips[:-1]):
        inches = cut / 144 + left - 0.1  # bbox_inches="tight" pads 0.1 inch
        assert boxes[k].x1 <= inches + 0.05 and inches - 0.05 <= boxes[k + 1].x0, (k, cut, boxes)


def test_what_is_not_plots_side_by_side_stays_whole(tmp_path):
    fig, _ = plots(1, (9, 3))  # one wide plot
    assert build_site.panel_strips(png(tmp_path, fig, "one.png")) == []

    fig, axes = plt.subplots(1, 8, figsize=(9, 1.4))  # a row of small images
    for ax in axes:
        ax.imshow(np.random.default_rng(0).random((28, 28)), cmap="gray")
        ax.set_title("sneaker")
        ax.axis("off")
    assert build_site.panel_strips(png(tmp_path, fig, "images.png")) == []

    fig, axes = plots(3, (13.5, 3))  # a legend across the top of the plots
    lines = [ax.get_lines()[0] for ax in axes]
    fig.legend(lines, ["a long legend entry that spans", "the whole width of", "the figure"],
               loc="upper center", ncol=3)
    fig.tight_layout(rect=(0, 0, 1, 0.85))
    assert build_site.panel_strips(png(tmp_path, fig, "legend.png")) == []

    # A legend over the second and third plots only: the first is on its own, the other two
    # are one stretch twice as wide, and a cut would leave two plots in one strip.
    fig, axes = plots(3, (13.5, 3))
    fig.legend(lines := [ax.get_lines()[0] for ax in axes], ["the first curve, labelled", "the second curve, labelled", "the third"],
               loc="upper right", ncol=3, bbox_to_anchor=(1, 1))
    fig.tight_layout(rect=(0, 0, 1, 0.85))
    assert len(lines) == 3 and build_site.panel_strips(png(tmp_path, fig, "half-legend.png")) == []


def test_a_label_under_a_drawing_stays_with_it(tmp_path):
    """Two drawings side by side, each with a word under it whose letters leave gaps: the cut
    goes in the widest gap, between the drawings, not between two letters."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 3))
    for ax in axes:
        ax.plot([0, 1, 0.5, 0], [0, 0, 1, 0], "k")
        ax.text(1.15, -0.15, "output layer", ha="right", va="top")
        ax.axis("off")
    fig.tight_layout(w_pad=4)
    strips = build_site.panel_strips(png(tmp_path, fig))
    assert len(strips) == 2
    from PIL import Image
    with Image.open(tmp_path / "figure.png") as image:
        pixels = np.asarray(image.convert("L"))
    column = pixels[:, strips[0][1]]
    assert (column > 250).all(), "the cut goes through ink"
    halves = [pixels[:, a:b] < 128 for a, b in strips]
    assert abs(int(halves[0].sum()) - int(halves[1].sum())) < 0.1 * halves[0].sum(), "uneven halves"
