"""utils speaks the language a chapter sets."""

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
