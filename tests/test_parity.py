"""Both editions hold the same notebooks with the same code."""

import pytest

import notebooks

PAIRS = [(zh, zh.parents[1] / "en" / zh.name) for zh in notebooks.notebooks("zh")]


def test_both_editions_have_the_same_notebooks():
    zh = [p.name for p in notebooks.notebooks("zh")]
    en = [p.name for p in notebooks.notebooks("en")]
    assert zh == en
    assert zh, "no notebooks found"


@pytest.mark.parametrize("zh, en", PAIRS, ids=[p[0].stem for p in PAIRS])
def test_code_cells_are_identical(zh, en):
    zh_cells = [c for c in notebooks.read(zh).cells if c.cell_type == "code"]
    en_cells = [c for c in notebooks.read(en).cells if c.cell_type == "code"]
    assert len(zh_cells) == len(en_cells), "different number of code cells"
    for i, (a, b) in enumerate(zip(zh_cells, en_cells)):
        why = notebooks.same_code(a.source, b.source)
        assert why is None, f"code cell {i + 1} differs: {why}\n--- zh\n{a.source}\n--- en\n{b.source}"
        assert a.metadata.get("tags", []) == b.metadata.get("tags", []), f"code cell {i + 1}: tags differ"


@pytest.mark.parametrize("a, b, same", [
    ("x = 1  # one", "x = 1  # 一", True),
    ("plt.xlabel('epoch')", "plt.xlabel('迭代周期')", True),
    ("print(f'loss {l:.3f}')", "print(f'损失 {l:.3f}')", True),
    ("x = 1", "x = 2", False),
    ("d = get_device('cpu')", "d = get_device('cuda')", False),  # ASCII strings must match
    ("x = f(1)\n", "x = f(1)\ny = 2\n", False),
    ("%matplotlib inline", "%matplotlib widget", False),
    # The edition's language code, and nothing else, may differ between ASCII strings.
    ('check_softmax(my_softmax, lang="zh")', 'check_softmax(my_softmax, lang="en")', True),
    ("check_softmax(my_softmax, lang='zh')", 'check_softmax(my_softmax, lang="en")', True),
    ('check_softmax(my_softmax, lang="en")', 'check_softmax(my_softmax, lang="en")', True),
    ('check_softmax(my_softmax, lang="zh")', 'check_softmax(my_softmax, lang="fr")', False),
    ('check_softmax(my_softmax, lang="en")', 'check_softmax(my_softmax, lang="de")', False),
    ('check_softmax(my_softmax, lang="en")', 'check_softmax(my_relu, lang="zh")', False),
    ('x = "zh"', 'x = f"en"', False),
])
def test_the_rule_itself(a, b, same):
    assert (notebooks.same_code(a, b) is None) is same
