"""utils.diagrams draws what it is asked to: the units, the edges, the dropped ones, the labels."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

import utils  # noqa: E402
from utils import diagrams  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def units(ax):
    """{(layer, unit): circle} for every unit circle drawn on ax."""
    return {tuple(int(k) for k in c.get_gid().split()[1:]): c
            for c in ax.patches if isinstance(c, Circle) and (c.get_gid() or "").startswith("unit ")}


def edges(ax):
    """{(layer, i, next layer, j): line} for every edge drawn on ax."""
    return {tuple(int(k) for k in line.get_gid().split()[1:]): line
            for line in ax.lines if (line.get_gid() or "").startswith("edge ")}


def texts(ax):
    return [t.get_text() for t in ax.texts] + [ax.get_title()]


@pytest.mark.parametrize("sizes", [[4, 5, 3], [2, 1], [3, 6, 6, 2]])
def test_one_circle_per_unit_and_one_edge_per_pair_of_units(sizes):
    ax = utils.draw_network(sizes)
    assert sorted(units(ax)) == [(layer, u) for layer, n in enumerate(sizes) for u in range(n)]
    expected = [(layer, i, layer + 1, j) for layer in range(len(sizes) - 1)
                for i, j in itertools.product(range(sizes[layer]), range(sizes[layer + 1]))]
    assert sorted(edges(ax)) == expected
    for (layer, i, _, j), line in edges(ax).items():  # each edge starts and ends at its units' centres
        start, end = units(ax)[(layer, i)].center, units(ax)[(layer + 1, j)].center
        assert list(line.get_xdata()) == [start[0], end[0]]
        assert list(line.get_ydata()) == [start[1], end[1]]


def test_greyed_units_and_edges_are_exactly_the_dropped_ones():
    sizes, dropped = [4, 5, 3], {1: [1, 4], 0: [2]}
    ax = utils.draw_network(sizes, dropped=dropped)
    grey_units = {key for key, c in units(ax).items() if same_color(c.get_facecolor(), diagrams.DROPPED_COLOR)}
    assert grey_units == {(layer, u) for layer, us in dropped.items() for u in us}
    for key, c in units(ax).items():
        if key not in grey_units:
            assert same_color(c.get_facecolor(), diagrams.UNIT_COLOR)
    for (l0, i, l1, j), line in edges(ax).items():
        touches_dropped = (l0, i) in grey_units or (l1, j) in grey_units
        assert same_color(line.get_color(), diagrams.DROPPED_COLOR) == touches_dropped, (l0, i, l1, j)


def test_nothing_is_grey_without_dropped():
    ax = utils.draw_network([3, 4, 2])
    assert not any(same_color(c.get_facecolor(), diagrams.DROPPED_COLOR) for c in units(ax).values())
    assert not any(same_color(line.get_color(), diagrams.DROPPED_COLOR) for line in edges(ax).values())


def test_labels_are_drawn_in_any_language():
    ax = utils.draw_network([2, 3, 1], dropped={1: [0]}, unit_names=["x", "h", "o"],
                            layer_labels=["输入层", "隐藏层", "输出层"], edge_labels=["W1", "W2"],
                            title="使用暂退法后")
    shown = texts(ax)
    for label in ["输入层", "隐藏层", "输出层", "W1", "W2", "使用暂退法后", "$x_{1}$", "$x_{2}$",
                  "$h_{2}$", "$h_{3}$", "$o_{1}$"]:
        assert shown.count(label) == 1, label
    assert "$h_{1}$" not in shown  # a dropped unit is crossed out, not labelled


def test_weight_labels_give_each_matrix_its_shape():
    assert utils.weight_labels([4, 5, 3]) == [r"$\mathbf{W}^{(1)} \in \mathbb{R}^{4 \times 5}$",
                                             r"$\mathbf{W}^{(2)} \in \mathbb{R}^{5 \times 3}$"]
    fig = plt.figure()
    ax = utils.draw_network([3, 2, 4], edge_labels=utils.weight_labels([3, 2, 4]),
                            layer_labels=["inputs", "hidden units", "outputs"], ax=fig.add_subplot())
    assert r"$\mathbf{W}^{(2)} \in \mathbb{R}^{2 \times 4}$" in texts(ax)
    fig.canvas.draw()  # the math text parses


def test_draws_on_the_axes_it_is_given():
    fig, axes = plt.subplots(1, 2)
    assert utils.draw_network([2, 2], ax=axes[1]) is axes[1]
    assert not units(axes[0]) and len(units(axes[1])) == 4
    assert len(plt.get_fignums()) == 1


@pytest.mark.parametrize("kwargs, message", [
    (dict(layer_sizes=[4]), "at least two layers"),
    (dict(layer_sizes=[4, 0]), "positive int"),
    (dict(layer_sizes=[4, 2.5]), "positive int"),
    (dict(layer_sizes=[4, 5], dropped={2: [0]}), "layers are numbered 0 to 1"),
    (dict(layer_sizes=[4, 5], dropped={1: [5]}), "units 0 to 4"),
    (dict(layer_sizes=[4, 5], unit_names=["x"]), "unit_names needs 2 entries"),
    (dict(layer_sizes=[4, 5], edge_labels=["a", "b"]), "edge_labels needs 1 entries, one per pair of layers"),
])
def test_bad_input_says_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        utils.draw_network(**kwargs)
