"""utils.diagrams draws what it is asked to: units, edges, dropped units, labels, grids, windows, shapes."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

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


# ---------------------------------------------------------------- grids: chapter 10's diagrams

def grid(ax, name):
    """{(i, j): (face colour, text)} of the grid called name on ax."""
    def where(artist):  # "cell input 1 2" -> (1, 2)
        return tuple(int(k) for k in artist.get_gid().split()[2:])

    values = {where(t): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith(f"value {name} ")}
    return {where(p): (p.get_facecolor(), values[where(p)])
            for p in ax.patches if (p.get_gid() or "").startswith(f"cell {name} ")}


def numbers(cells, shape):
    return torch.tensor([[float(cells[(i, j)][1]) for j in range(shape[1])] for i in range(shape[0])])


def highlighted(cells):
    return {key for key, (color, _) in cells.items() if same_color(color, diagrams.HIGHLIGHT_COLOR)}


def products(ax):
    [text] = [t.get_text() for t in ax.texts if t.get_gid() == "products"]
    return text


@pytest.mark.parametrize("padding, stride, at", [(0, 1, (0, 0)), (0, 1, (1, 1)), (1, 2, (1, 1)), (2, 1, (3, 0)),
                                                 (1, 3, (0, 1))])
def test_cross_correlation_output_window_and_products(padding, stride, at):
    X = torch.arange(12.).reshape(3, 4)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    ax = utils.draw_cross_correlation(X, K, at=at, padding=padding, stride=stride, labels=("in", "k", "out"))
    Y = F.conv2d(X[None, None], K[None, None], padding=padding, stride=stride)[0, 0]
    out = grid(ax, "output")
    assert numbers(out, Y.shape).equal(Y)                       # the output is the cross-correlation
    assert highlighted(out) == {at}
    inp = grid(ax, "input")
    Xp = F.pad(X, (padding,) * 4)
    assert numbers(inp, Xp.shape).equal(Xp)                      # the padded input, zeros around it
    r, c = at
    window = {(r * stride + a, c * stride + b) for a in range(2) for b in range(2)}
    assert highlighted(inp) == window
    grey = {key for key, (color, _) in inp.items() if same_color(color, diagrams.PADDING_COLOR)}
    border = {(i, j) for i in range(Xp.shape[0]) for j in range(Xp.shape[1])
              if min(i, j) < padding or i >= Xp.shape[0] - padding or j >= Xp.shape[1] - padding}
    assert grey == border - window
    terms = [f"{Xp[i, j]:g}×{K[i - r * stride, j - c * stride]:g}" for i, j in sorted(window)]
    assert products(ax) == " + ".join(terms) + f" = {Y[r, c]:g}"
    assert {"in", "k", "out"} <= set(texts(ax))


def test_cross_correlation_is_d2l_example():
    ax = utils.draw_cross_correlation(torch.arange(9.).reshape(3, 3), torch.arange(4.).reshape(2, 2))
    assert products(ax) == "0×0 + 1×1 + 3×2 + 4×3 = 19"
    assert numbers(grid(ax, "output"), (2, 2)).tolist() == [[19, 25], [37, 43]]


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("stride, at", [(1, (0, 0)), (1, (1, 1)), (2, (1, 0))])
def test_pooling_output_and_window(mode, stride, at):
    X = torch.tensor([[1.0, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]])
    ax = utils.draw_pooling(X, 2, mode, at=at, stride=stride)
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    Y = pool(X[None, None], 2, stride=stride)[0, 0]
    out = grid(ax, "output")
    assert numbers(out, Y.shape).equal(Y)
    assert highlighted(out) == {at}
    r, c = at
    window = [(r * stride + a, c * stride + b) for a in range(2) for b in range(2)]
    assert highlighted(grid(ax, "input")) == set(window)
    name = "max" if mode == "max" else "mean"
    assert products(ax) == f"{name}({', '.join(f'{X[i, j]:g}' for i, j in window)}) = {Y[r, c]:g}"


def test_channels_sum_the_cross_correlations_of_each_channel():
    X = torch.stack([torch.arange(9.).reshape(3, 3), torch.arange(1., 10.).reshape(3, 3)])
    K = torch.stack([torch.arange(4.).reshape(2, 2), torch.arange(1., 5.).reshape(2, 2)])
    ax = utils.draw_channels(X, K)
    Y = F.conv2d(X[None], K[None])[0, 0]
    assert numbers(grid(ax, "output"), Y.shape).tolist() == Y.tolist() == [[56, 72], [104, 120]]  # d2l's figure
    for name in ["input0", "input1", "kernel0", "kernel1"]:
        assert highlighted(grid(ax, name)) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert products(ax) == "(0×0 + 1×1 + 3×2 + 4×3) + (1×1 + 2×2 + 4×3 + 5×4) = 56"


def test_layer_shapes_and_drawing_of_lenet():
    lenet = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, 2),
                          nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(),
                          nn.Linear(400, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))
    shapes = utils.layer_shapes(lenet, torch.zeros(1, 1, 28, 28))
    assert shapes[0] == ("input", (1, 1, 28, 28))
    assert shapes[1] == ("Conv2d", (1, 6, 28, 28))
    assert shapes[3] == ("AvgPool2d", (1, 6, 14, 14))
    assert shapes[6] == ("AvgPool2d", (1, 16, 5, 5))
    assert shapes[-1] == ("Linear", (1, 10))
    assert len(shapes) == len(lenet) + 1
    names = [f"层 {i}" for i in range(len(shapes))]
    ax = utils.draw_layers(names, [s for _, s in shapes], title="LeNet")
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("layer ")]
    assert len(boxes) == len(shapes)
    shown = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert shown["shape 1"] == "1 × 6 × 28 × 28" and shown["shape 12"] == "1 × 10"
    assert set(names) <= set(texts(ax)) and "LeNet" in texts(ax)


@pytest.mark.parametrize("call, message", [
    (lambda: utils.draw_cross_correlation(torch.zeros(3, 3), torch.zeros(2, 2), at=(2, 0)), "not a position"),
    (lambda: utils.draw_cross_correlation(torch.zeros(2, 2), torch.zeros(3, 3)), "does not fit"),
    (lambda: utils.draw_cross_correlation(torch.zeros(3, 3), torch.zeros(2, 2), stride=0), "stride an int >= 1"),
    (lambda: utils.draw_cross_correlation([[1, 2], [3]], torch.zeros(1, 1)), "rows of equal length"),
    (lambda: utils.draw_pooling(torch.zeros(3, 3), mode="min"), 'mode must be "max" or "avg"'),
    (lambda: utils.draw_pooling(torch.zeros(1, 3), 2), "does not fit"),
    (lambda: utils.draw_channels(torch.zeros(2, 3, 3), torch.zeros(3, 2, 2)), "one 2-D slice per input channel"),
    (lambda: utils.draw_layers(["a", "b"], [(1,)]), "one entry per layer"),
])
def test_grid_diagrams_say_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
