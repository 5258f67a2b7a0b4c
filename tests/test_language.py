"""utils speaks the language a chapter sets."""

import re

import pytest

import utils
from utils import language


@pytest.fixture(autouse=True)
def _restore():
    before = utils.get_language()
    yield
    utils.set_language(before)


def test_default_is_english_and_set_language_switches():
    assert language.say("epoch", "迭代周期") in ("epoch", "迭代周期")
    utils.set_language("zh")
    assert utils.get_language() == "zh"
    assert language.say("epoch", "迭代周期") == "迭代周期"
    utils.set_language("en")
    assert language.say("epoch", "迭代周期") == "epoch"


@pytest.mark.parametrize("bad", ["EN", "fr", "", None, "zh-CN"])
def test_unknown_language_is_refused_with_the_choices(bad):
    with pytest.raises(ValueError, match='"en" or "zh"'):
        utils.set_language(bad)
    assert utils.get_language() in ("en", "zh")


def _a_normal_run(capsys) -> str:
    """What a chapter prints: the data banner, then train_ch6's progress lines."""
    import matplotlib.pyplot as plt
    from torch import nn

    utils.seed_everything(0)
    train_iter, test_iter = utils.load_data_fashion_mnist(256)
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    utils.train_ch6(net, train_iter, test_iter, 1, 0.1, "cpu")
    plt.close("all")
    return capsys.readouterr().out


def test_a_normal_run_prints_only_english_in_english(capsys):
    utils.set_language("en")
    out = _a_normal_run(capsys)
    assert "training on cpu" in out and "SAMPLE" in out
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", out), out


def test_a_normal_run_prints_only_chinese_in_chinese(capsys):
    utils.set_language("zh")
    out = _a_normal_run(capsys)
    assert "训练设备：cpu" in out and "随包附带的样本" in out
    # Names that stay as they are: the dataset, an environment variable's setting, the device.
    rest = re.sub(r"Fashion-MNIST|DLBOOK_\w+=\w+|\bcpu\b", "", out)
    assert not re.findall(r"[A-Za-z]{2,}", rest), out
