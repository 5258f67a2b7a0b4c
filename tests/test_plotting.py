import re
import warnings

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
import torch
from fontTools.ttLib import TTFont
from nbclient import NotebookClient

import notebooks
import utils
from utils import plotting

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _figure_text_in_zh_notebooks() -> set[str]:
    """Every CJK character in the code cells of the Chinese edition (labels, titles...)."""
    chars = set()
    for path in notebooks.notebooks("zh"):
        for source in notebooks.code_cells(notebooks.read(path)):
            chars.update(CJK.findall(source))
    return chars


def test_font_has_every_chinese_character_the_figures_use():
    cmap = TTFont(plotting.CJK_FONT).getBestCmap()
    used = _figure_text_in_zh_notebooks() | set("损失迭代周期训练准确率测试")
    missing = sorted(c for c in used if ord(c) not in cmap)
    assert not missing, f"characters missing from {plotting.CJK_FONT.name}: {''.join(missing)}"


def test_chinese_labels_render_without_missing_glyphs():
    fig, ax = plt.subplots()
    ax.set_title("训练损失与测试准确率 loss −1.5")
    ax.set_xlabel("迭代周期（epoch）")
    ax.legend(["训练损失", "test acc"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig.canvas.draw()
    plt.close(fig)


def test_a_missing_glyph_is_noticed():
    # The check above can fail: a character outside the font does warn.
    fig, ax = plt.subplots()
    ax.set_title("龘")  # U+9F98, outside GB 2312
    with pytest.warns(UserWarning, match="missing from font"):
        fig.canvas.draw()
    plt.close(fig)


def test_plot_and_show_images_return_axes():
    ax = utils.plot(torch.arange(5.0), [torch.arange(5.0), torch.arange(5.0) ** 2],
                    xlabel="x", legend=["x", "x^2"])
    assert len(ax.get_lines()) == 2 and ax.get_xlabel() == "x"
    axes = utils.show_images(torch.zeros(4, 28, 28), 2, 2, titles=list("abcd"))
    assert len(axes) == 4 and axes[3].get_title() == "d"
    utils.set_figsize((2, 2))
    assert tuple(plt.rcParams["figure.figsize"]) == (2, 2)
    plt.close("all")


def test_plot_draws_every_curve_even_beyond_the_formats():
    x = list(range(5))
    ax = utils.plot(x, [[i * v for v in x] for i in range(6)], fmts=("-", "--"))
    assert len(ax.get_lines()) == 6


def test_animator_keeps_the_points():
    animator = utils.Animator(legend=["a", "b"])
    for x in range(3):
        animator.add(x, (x, None if x == 1 else 2 * x))
    assert animator.X == [[0, 1, 2], [0, 2]]
    assert animator.Y == [[0.0, 1.0, 2.0], [0.0, 4.0]]


def test_animator_takes_tensors_and_numpy_values():
    animator = utils.Animator(legend=["loss", "acc"])
    animator.add(torch.tensor(1), (torch.tensor(0.5), np.float32(0.25)))  # 0-d tensors
    animator.add(2, torch.tensor([0.4, 0.3]))  # one 1-d tensor for all curves
    animator.add(np.int64(3), [torch.tensor(0.2), None])
    animator.add(torch.tensor([4, 5]), np.array([0.1, 0.6]))
    assert animator.X == [[1, 2, 3, 4], [1, 2, 5]]
    assert animator.Y == [[0.5, pytest.approx(0.4), pytest.approx(0.2), pytest.approx(0.1)],
                          [0.25, pytest.approx(0.3), pytest.approx(0.6)]]
    one = utils.Animator()
    one.add(torch.tensor(1.0), torch.tensor(2.0))  # a single curve, given as 0-d tensors
    assert one.X == [[1.0]] and one.Y == [[2.0]]
    plt.close("all")


def test_animator_says_when_the_number_of_curves_changes():
    animator = utils.Animator(legend=["loss", "acc"])
    animator.add(1, (0.5, 0.6))
    with pytest.raises(ValueError, match=r"got 3 y values, but this animator draws 2 curves"):
        animator.add(2, (0.4, 0.7, 0.1))
    with pytest.raises(ValueError, match=r"got 1 y values, but this animator draws 2 curves"):
        animator.add(2, 0.4)
    with pytest.raises(ValueError, match=r"got 3 x values for 2 y values"):
        animator.add([1, 2, 3], (0.4, 0.7))
    animator.add(2, (0.4, None))  # None: no point for a curve this time
    assert animator.Y == [[0.5, 0.4], [0.6]]
    before = utils.get_language()
    utils.set_language("zh")
    try:
        with pytest.raises(ValueError, match="画的是 2 条曲线"):
            animator.add(3, (0.1,))
    finally:
        utils.set_language(before)
    plt.close("all")


def test_animator_lines_hold_every_point_and_autoscale():
    animator = utils.Animator(legend=["loss", "acc"])
    for x in range(1, 6):
        animator.add(x, (10.0 / x, None if x < 3 else x / 10))
    animator.close()
    loss, acc = animator.axes[0].get_lines()
    assert list(loss.get_xdata()) == [1, 2, 3, 4, 5] and list(acc.get_xdata()) == [3, 4, 5]
    low, high = animator.axes[0].get_ylim()
    assert low <= 0.3 and high >= 10.0  # the view follows the points when ylim is not given
    assert [t.get_text() for t in animator.axes[0].get_legend().get_texts()] == ["loss", "acc"]


def test_animator_leaves_exactly_one_figure_in_an_executed_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import utils\n"
        "animator = utils.Animator(xlabel='epoch', legend=['loss'])\n"
        "for epoch in range(5):\n"
        "    animator.add(epoch + 1, 1 / (epoch + 1))\n"
        "animator.close()\n"
        "print('done')"
    )]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    outputs = nb.cells[0].outputs
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, [o.get("output_type") for o in outputs]
    assert outputs[-1].get("text") == "done\n"


def test_use_svg_display_switches_the_inline_format():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt, utils\n"
        "plt.plot([1, 2])"
    ), nbformat.v4.new_code_cell(
        "utils.use_svg_display()\n"
        "plt.plot([1, 2])"
    )]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    formats = [set(o.get("data", {})) for c in nb.cells for o in c.outputs if o.output_type == "display_data"]
    assert "image/png" in formats[0] and "image/svg+xml" in formats[1]
