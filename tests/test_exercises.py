"""utils.exercises: every checker passes correct answers written in different ways, rejects
plausible wrong ones (tests/exercise_answers.py, grouped by checker) saying what is wrong in the
notebook's language, judges within tolerances that fit float32, judges random results (dropout) the
same whatever the seed, never raises because of the reader's code, and leaves torch's global state
as it found it.

The tests run every checker on its answers first; then the engine (utils/exercises/engine.py and
messages.py); then, checker by checker, what its answers alone do not show."""

import functools
import inspect
import json
import random
import re
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from torch import nn

import utils
import utils.exercises as ex
from utils.exercises import engine
from utils.exercises.ch03_softmax_regression import _shift_tol
from exercise_answers import (
    RIGHT, TYPE, VALUE, WRONG, MyDropout, my_adam_step, my_conv_output_size, my_corr2d, my_dropout,
    my_linear_backward, my_momentum_step, my_softmax, wrong_softmax_batch_max,
)

ROOT = Path(__file__).resolve().parents[1]
CHECKERS = [name for name in ex.__all__ if name.startswith("check_")]
CJK = re.compile(r"[\u4e00-\u9fff]")
RIGHT_CASES = [(name, answer) for name, answers in RIGHT.items() for answer in answers]
WRONG_CASES = [(name, answer[0], answer[1:]) for name, answers in WRONG.items() for answer in answers]

# Hypothesis: the same examples on every run (CI), no example database in the shared tree, and
# few enough examples that the whole file runs in well under a minute.
settings.register_profile("exercises", derandomize=True, database=None, deadline=None, max_examples=40,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("exercises")


@pytest.fixture(autouse=True)
def _language_restored():
    before = utils.get_language()
    yield
    utils.set_language(before)


def stub(*args):
    # Your code here
    ...


# --- Every checker: its answers (tests/exercise_answers.py) in both languages ----------------

def test_every_checker_lives_in_its_chapters_module_and_that_chapter_uses_it():
    """utils/exercises/chNN_<chapter>.py defines the checkers of chapters/*/NN_<chapter>.ipynb and
    lists them in its __all__; the package exports them in the order of the chapters."""
    modules = sorted(path.stem for path in (ROOT / "utils" / "exercises").glob("ch*.py"))
    assert [chapter.__name__ for chapter in ex.CHAPTERS] == [f"utils.exercises.{stem}" for stem in modules]
    for chapter in ex.CHAPTERS:
        defined = [name for name, value in vars(chapter).items()
                   if name.startswith("check_") and value.__module__ == chapter.__name__]
        assert chapter.__all__ == defined, chapter.__name__
        assert all(getattr(ex, name) is getattr(chapter, name) for name in defined)
        for lang in ("en", "zh"):
            notebook = ROOT / "chapters" / lang / (chapter.__name__.rsplit(".", 1)[1][2:] + ".ipynb")
            code = "\n".join("".join(cell["source"]) for cell in json.loads(notebook.read_text())["cells"])
            imported = re.findall(r"^from utils\.exercises import (.+)$", code, re.M)
            assert sorted(", ".join(imported).split(", ")) == sorted(defined), notebook
    assert CHECKERS == [name for chapter in ex.CHAPTERS for name in chapter.__all__]


def test_every_checker_has_three_right_and_five_wrong_answers():
    assert sorted(RIGHT) == sorted(WRONG) == sorted(CHECKERS)
    for name in CHECKERS:
        assert len(RIGHT[name]) >= 3 and len(WRONG[name]) >= 5, name
        sources = [inspect.getsource(answer) for answer in RIGHT[name]]
        assert len(set(sources)) == len(sources)  # written differently, not one answer renamed


@pytest.mark.parametrize("name", CHECKERS)
def test_checker_signature_and_docstring(name):
    check = getattr(ex, name)
    assert check.__name__ == name and check.__doc__
    parameters = inspect.signature(check).parameters
    assert list(parameters) == ["fn", "lang"] and parameters["lang"].default is None


@pytest.mark.parametrize("name, answer", RIGHT_CASES, ids=[f"{n}-{a.__name__}" for n, a in RIGHT_CASES])
def test_right_answer_passes_in_both_languages(name, answer):
    check = getattr(ex, name)
    en, zh = check(answer, lang="en"), check(answer, lang="zh")
    assert en.passed and zh.passed, f"{en}\n{zh}"
    assert bool(en) and repr(en) == en.message
    assert re.fullmatch(rf"Passed: {answer.__name__} agrees with the reference on \d+ inputs\.", en.message)
    assert zh.message.startswith(f"通过：{answer.__name__} 在 ")
    assert en.message.isascii() and CJK.search(zh.message)
    assert en.assert_passed() is en


@pytest.mark.parametrize("name, answer, says", WRONG_CASES,
                         ids=[f"{name}-{answer.__name__}" for name, answer, _ in WRONG_CASES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_wrong_answer_is_rejected_with_the_reason(name, answer, says, lang, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["ipykernel_launcher.py", "-f", "kernel.json"])  # as in Jupyter
    feedback = getattr(ex, name)(answer, lang=lang)
    message = feedback.message
    assert not feedback.passed and not feedback, message
    assert message.startswith("Not yet: " if lang == "en" else "还不对：")
    assert answer.__name__ in message
    for part in says:
        expected = part if isinstance(part, str) else part[lang == "zh"]
        assert expected in message, f"{expected!r} not in:\n{message}"
    if VALUE in says:
        assert TYPE[lang == "zh"] not in message
    if lang == "en":
        assert message.isascii(), message
    else:
        assert CJK.search(message), message
    assert "\n" in message  # a second line: a hint, or what to do
    assert "`" not in message  # plain text: code without Markdown's backticks
    with pytest.raises(AssertionError) as error:
        feedback.assert_passed()
    assert str(error.value) == message


@settings(max_examples=2)  # each example runs every checker about 200 times
@given(st.integers(0, 2 ** 32 - 1))
def test_no_verdict_depends_on_the_seed_of_the_inputs(seed):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "SEED", seed)
        patch.setattr(sys, "argv", ["ipykernel_launcher.py", "-f", "kernel.json"])
        for name in CHECKERS:
            check = getattr(ex, name)
            assert all(check(answer, lang="en").passed for answer in RIGHT[name]), (name, seed)
            assert not any(check(answer, lang="en").passed for answer, *_ in WRONG[name]), (name, seed)


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("lang, says", [
    ("en", "Not yet: stub is not written yet.\nReplace the ... with your code and run the cell again."),
    ("zh", "还不对：stub 还没有写。\n把 ... 换成你的代码，然后重新运行这个单元格。"),
])
def test_a_stub_is_not_written_yet(name, lang, says):
    feedback = getattr(ex, name)(stub, lang=lang)
    assert not feedback.passed
    assert feedback.message == says


def stub_pass(*args):
    """Write me."""
    pass


def stub_returns_ellipsis(*args):
    return ...


def stub_not_implemented(*args):
    raise NotImplementedError


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("unwritten", [stub_pass, stub_returns_ellipsis, stub_not_implemented])
def test_other_unwritten_functions_are_not_written_yet(name, unwritten):
    feedback = getattr(ex, name)(unwritten, lang="en")
    assert feedback.message.startswith(f"Not yet: {unwritten.__name__} is not written yet.\n")


class Oops(Exception):
    pass


def raise_zero_division(*args):
    return 1 / 0


def raise_system_exit(*args):
    sys.exit(2)


def raise_custom(*args):
    raise Oops("something broke\nsecond line")


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("broken, error", [(raise_zero_division, "ZeroDivisionError: division by zero"),
                                           (raise_system_exit, "SystemExit: 2"),
                                           (raise_custom, "Oops: something broke")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exceptions_of_the_reader_never_propagate(name, broken, error, lang):
    feedback = getattr(ex, name)(broken, lang=lang)
    assert not feedback.passed
    assert error in feedback.message and "second line" not in feedback.message
    assert ("raised" if lang == "en" else "抛出了异常") in feedback.message


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("lang", ["fr", "EN", ""])
def test_an_unknown_language_is_an_error(name, lang):
    with pytest.raises(ValueError, match='"en" or "zh"'):
        getattr(ex, name)(RIGHT[name][0], lang=lang)


# --- The engine (utils/exercises/engine.py, messages.py): language and rendering -------------

@pytest.mark.parametrize("name", ["check_softmax", "check_dropout", "check_parse_args"])
def test_the_language_is_the_one_utils_speaks_unless_given(name):
    check, answer, wrong = getattr(ex, name), RIGHT[name][0], WRONG[name][0][0]
    utils.set_language("zh")
    assert check(answer).message == check(answer, lang="zh").message
    assert CJK.search(check(wrong).message)
    assert check(wrong, lang="en").message.startswith("Not yet: ")
    utils.set_language("en")
    assert check(answer).message == check(answer, lang="en").message
    assert check(wrong).message.startswith("Not yet: ")
    assert check(wrong, lang="zh").message.startswith("还不对：")


def test_feedback():
    yes, no = ex.Feedback(True, "Passed: fine."), ex.Feedback(False, "Not yet: broken.")
    assert yes and not no
    assert repr(yes) == "Passed: fine." and str(no) == "Not yet: broken."
    assert yes.assert_passed() is yes
    with pytest.raises(AssertionError, match="Not yet: broken."):
        no.assert_passed()


def test_feedback_shows_code_plain_in_text_and_as_code_in_html():
    feedback = ex.Feedback(False, "Not yet: f returned None for x = [1 < 2].\nHint: did you forget `return`?")
    assert feedback.message == repr(feedback) == str(feedback)
    assert feedback.message.endswith("Hint: did you forget return?")
    assert feedback.markdown.endswith("Hint: did you forget `return`?")
    page = feedback._repr_html_()
    assert "<code>return</code>" in page and "[1 &lt; 2]" in page and "<br>" in page and "`" not in page
    assert 'class="exercise-not-yet"' in page
    assert 'class="exercise-passed"' in ex.Feedback(True, "Passed: fine.")._repr_html_()


def test_a_function_that_forgets_return_is_told_so():
    def my_softmax(X):
        X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
        X_exp / X_exp.sum(dim=1, keepdim=True)

    feedback = ex.check_softmax(my_softmax, lang="en")
    assert feedback.message.startswith("Not yet: my_softmax returned None for X of shape (2, 5).")
    assert "forget the return statement" in feedback.message
    assert "<code>return</code>" in feedback._repr_html_()
    assert "忘了写 return 语句" in ex.check_softmax(my_softmax, lang="zh").message


def test_keyboard_interrupt_still_stops_the_checker():
    def interrupted(X):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.check_softmax(interrupted)


def test_a_result_that_cannot_be_inspected_is_reported():
    class Weird:
        def __getattr__(self, name):
            raise RuntimeError("no attributes here")

    feedback = ex.check_parse_args(lambda argv: Weird())
    assert not feedback.passed
    assert "could not be checked: RuntimeError: no attributes here" in feedback.message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_not_a_function(lang):
    feedback = ex.check_softmax(my_softmax(torch.ones(2, 2)), lang=lang)
    assert not feedback.passed
    assert "check_softmax" in feedback.message and "torch.Tensor" in feedback.message
    assert ("needs a function" if lang == "en" else "需要一个函数") in feedback.message


# --- The engine: what a reader's function changes, the checker restores ----------------------

def misbehaving_softmax(X):
    """A correct softmax that changes every global setting it can on the way."""
    torch.set_default_dtype(torch.float64)
    torch.set_default_device("meta")
    torch.set_grad_enabled(False)
    torch.set_anomaly_enabled(True)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.manual_seed(1)
    random.seed(1)
    np.random.seed(1)
    return torch.softmax(X, dim=1)


def global_state():
    return (torch.get_default_dtype(), torch.get_default_device(), torch.is_grad_enabled(),
            torch.is_anomaly_enabled(), torch.are_deterministic_algorithms_enabled(),
            torch.get_rng_state(), random.getstate(), np.random.get_state()[1].tolist())


def same_state(a, b):
    return all(torch.equal(x, y) if isinstance(x, torch.Tensor) else x == y for x, y in zip(a, b))


def test_a_checker_restores_every_global_setting_the_reader_changed():
    torch.manual_seed(123)
    before = global_state()
    feedback = ex.check_softmax(misbehaving_softmax)
    after = global_state()
    torch.set_default_device(None)  # in case the checker failed to: the other tests need the CPU
    torch.set_default_dtype(torch.float32)
    assert feedback.passed, feedback.message  # its first call ran as the checker set things up
    assert same_state(after, before)
    with pytest.raises(AssertionError):  # the comparison can fail: a changed state is seen
        assert same_state(global_state(), (torch.float64,) + before[1:])


def test_what_one_call_changes_does_not_reach_the_next_inputs():
    seen = []

    def float64_sgd(params, lr, batch_size):  # check_sgd makes new parameters after each call
        seen.append(params[0].dtype)
        torch.set_default_dtype(torch.float64)
        RIGHT["check_sgd"][0](params, lr, batch_size)

    assert ex.check_sgd(float64_sgd).passed
    assert seen == [torch.float32] * 3 and torch.get_default_dtype() == torch.float32


def test_a_checker_runs_with_torch_defaults_and_gives_back_the_readers():
    torch.set_default_dtype(torch.float64)  # a notebook that works in float64, without gradients
    try:
        with torch.no_grad():
            seen = []
            feedback = ex.check_softmax(lambda X: seen.append((X.dtype, torch.is_grad_enabled()))
                                        or torch.softmax(X, 1))
            assert torch.get_default_dtype() == torch.float64 and not torch.is_grad_enabled()
    finally:
        torch.set_default_dtype(torch.float32)
    assert feedback.passed
    assert (torch.float32, True) in seen


@pytest.mark.parametrize("name, fn", [
    ("check_dropout", my_dropout), ("check_dropout_module", MyDropout),
    ("check_dropout", WRONG["check_dropout"][1][0]), ("check_softmax", my_softmax),
])
def test_checkers_leave_the_random_state_alone_and_repeat_their_verdict(name, fn):
    torch.manual_seed(123)
    state = torch.get_rng_state()
    first = getattr(ex, name)(fn)
    assert torch.equal(torch.get_rng_state(), state)
    torch.rand(5)  # another state: same verdict
    assert getattr(ex, name)(fn).message == first.message


# --- The engine: tolerances that fit float32, messages that show the difference --------------

def trial(name="check_softmax"):
    return engine.Trial(name, my_softmax, "en")


def rejects(t, got, expected, tol=None):
    try:
        t.compare(got, expected, tol=tol)
    except engine.Fail as failure:
        return str(failure)
    return None


@given(st.floats(-30, 30), hnp.arrays(np.float64, st.integers(1, 8),
                                      elements=st.floats(-1, 1).filter(lambda v: v == 0 or abs(v) > 1e-6)))
def test_values_rounded_to_float32_agree_at_any_magnitude_and_an_error_of_1e_4_does_not(exponent, x):
    """The default tolerance is relative: to each element and to the largest, never an absolute
    floor that would let any answer pass on tiny values (1e-30) or fail on large ones (1e30)."""
    expected = torch.tensor(x * 10.0 ** exponent)
    assert rejects(trial(), expected.float(), expected) is None  # float32 round-off
    if expected.abs().max() > 0:
        off = expected.clone()
        worst = expected.abs().argmax()
        off[worst] *= 1 + 1e-4
        assert rejects(trial(), off, expected) is not None


SHOWN = re.compile(r"Expected (.*), got (.*)\.(?:\n|$)")


@given(st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-3), st.floats(1e-4, 1.0))
def test_a_message_shows_enough_digits_to_see_the_difference(value, relative):
    got = torch.tensor([value * (1 + relative), value], dtype=torch.float64)
    message = rejects(trial(), got, torch.tensor([value, value], dtype=torch.float64))
    assert message is not None
    expected_shown, got_shown = SHOWN.search(message).groups()
    assert expected_shown != got_shown


# --- check_softmax, check_cross_entropy (ch03_softmax_regression.py): logits up to 1000 -------

def test_the_softmax_message_tells_apart_values_that_differ_in_the_fifth_digit():
    def softmax_off_on_3_by_3(X):  # right on the first input (10 values, not shown), off on (3, 3)
        return my_softmax(X) * (1 + 3e-5 if X.shape == (3, 3) else 1)

    feedback = ex.check_softmax(softmax_off_on_3_by_3, lang="en")
    assert not feedback.passed and "X = [[" in feedback.message
    expected_shown, got_shown = SHOWN.search(feedback.message).groups()
    assert expected_shown != got_shown


@st.composite
def logits(draw):
    """Float32 logits (n, q): rows far apart, large and tiny, spread wide or near-equal."""
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    scale = draw(st.sampled_from([1e-6, 1e-2, 1.0, 30.0, 1000.0]))
    offsets = draw(st.lists(st.sampled_from([0.0, 1.0, -90.0, 100.0, -1000.0, 1000.0, 3e4]),
                            min_size=rows, max_size=rows))
    generator = torch.Generator().manual_seed(draw(st.integers(0, 2 ** 31)))
    X = scale * torch.randn(rows, cols, generator=generator, dtype=torch.float64)
    return (X + torch.tensor(offsets, dtype=torch.float64)[:, None]).float()


CORRECT_SOFTMAX = RIGHT["check_softmax"]
CORRECT_CROSS_ENTROPY = RIGHT["check_cross_entropy"]


@given(logits())
def test_every_correct_float32_softmax_is_within_the_tolerance(X):
    exact = torch.softmax(X.double(), dim=1)
    for softmax in CORRECT_SOFTMAX:
        assert rejects(trial(), softmax(X), exact, tol=_shift_tol(X, rtol=True)) is None, softmax.__name__


@given(logits())
def test_a_softmax_off_by_a_thousandth_or_with_the_batch_max_is_rejected(X):
    exact = torch.softmax(X.double(), dim=1)
    tol = _shift_tol(X, rtol=True)
    if X.abs().max() < 1000:  # where float32 determines the probabilities to better than 1e-4
        assert rejects(trial(), (exact * (1 + 1e-3)).float(), exact, tol=tol) is not None
    row_max = X.max(dim=1).values
    if (row_max.max() - row_max.min()) > 110:  # exp underflows to 0 in a whole row
        assert rejects(trial(), wrong_softmax_batch_max(X), exact, tol=tol) is not None


@given(logits(), st.integers(0, 2 ** 31))
def test_every_correct_float32_cross_entropy_is_within_the_tolerance(X, seed):
    y = torch.randint(0, X.shape[1], (X.shape[0],), generator=torch.Generator().manual_seed(seed))
    exact = torch.logsumexp(X.double(), dim=1) - X.double()[torch.arange(len(y)), y]
    for cross_entropy in CORRECT_CROSS_ENTROPY:
        got = cross_entropy(X, y)
        assert rejects(trial(), got, exact, tol=_shift_tol(X, rtol=False)) is None, cross_entropy.__name__


# --- check_dropout, check_dropout_module (ch06_dropout.py): the same verdict whatever the seed --

DROPOUT_WRONG = [(name, answer) for name in ("check_dropout", "check_dropout_module")
                 for answer, *_ in WRONG[name]]


@settings(max_examples=4)  # each example runs the dropout checkers 24 times
@given(st.integers(0, 2 ** 32 - 1))
def test_dropout_verdicts_do_not_depend_on_the_seed(seed):
    """Over many seeds, every correct dropout passes and every wrong one is rejected for the same
    reason: the bounds of the statistical checks (see utils/exercises/ch06_dropout.py) are far from both."""
    reasons = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "SEED", seed)
        for name in ("check_dropout", "check_dropout_module"):
            for answer in RIGHT[name]:
                assert getattr(ex, name)(answer, lang="en").passed, (seed, answer.__name__)
        for name, answer in DROPOUT_WRONG:
            feedback = getattr(ex, name)(answer, lang="en")
            assert not feedback.passed
            reasons[answer.__name__] = re.sub(r"\d+%", "N%", feedback.message)
    assert reasons == dropout_reasons()


@functools.cache
def dropout_reasons():
    """The reasons with the checker's own seed (percentages aside)."""
    return {answer.__name__: re.sub(r"\d+%", "N%", getattr(ex, name)(answer, lang="en").message)
            for name, answer in DROPOUT_WRONG}


@pytest.mark.parametrize("zeros, passes", [(1, True), (2, True), (3, False), (100, False)])
def test_dropout_at_p_0_may_drop_a_draw_of_exactly_0_and_nothing_more(zeros, passes):
    def dropout(X, p):  # torch.rand can return exactly 0.0, which rand > 0 drops
        out = my_dropout(X, p)
        if p == 0:
            out.view(-1)[torch.randperm(out.numel())[:zeros]] = 0
        return out

    assert ex.check_dropout(dropout).passed == passes


def test_a_dropout_that_keeps_whole_rows_together_is_rejected_even_at_the_mean_rate():
    def balanced_row_mask(X, p):  # exactly the right fraction dropped, but row by row
        if not 0 <= p <= 1:
            raise ValueError(p)
        if p in (0, 1):
            return X * (1 - p)
        rows = torch.randperm(X.shape[0])[:round(X.shape[0] * (1 - p))]
        mask = torch.zeros(X.shape[0], 1)
        mask[rows] = 1
        return mask * X / (1 - p)

    feedback = ex.check_dropout(balanced_row_mask, lang="en")
    assert not feedback.passed and "whole rows" in feedback.message


def test_a_reader_seeding_inside_dropout_is_told_and_their_state_is_restored():
    def seeded_dropout(X, p):
        torch.manual_seed(0)  # "for reproducibility": every call draws the same mask
        return my_dropout(X, p)

    state = torch.get_rng_state()
    feedback = ex.check_dropout(seeded_dropout, lang="en")
    assert not feedback.passed and "torch.manual_seed" in feedback.message
    assert torch.equal(torch.get_rng_state(), state)


class StubDropout(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, X):
        # Your code here
        ...


def test_an_unwritten_module_is_not_written_yet():
    feedback = ex.check_dropout_module(StubDropout, lang="zh")
    assert feedback.message.startswith("还不对：StubDropout 还没有写。")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_checkers_leave_the_cuda_random_state_alone():
    torch.cuda.manual_seed(7)
    state = torch.cuda.get_rng_state()
    assert ex.check_dropout(my_dropout).passed and ex.check_dropout_module(MyDropout).passed
    assert torch.equal(torch.cuda.get_rng_state(), state)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_a_dropout_drawing_on_the_gpu_is_judged_and_the_cuda_random_state_restored():
    def gpu_dropout(X, p):
        if not 0 <= p <= 1:
            raise ValueError(p)
        keep = (torch.rand(X.shape, device="cuda") > p).cpu()
        return torch.where(keep, X / (1 - p), 0.0) if p < 1 else torch.zeros_like(X)

    def gpu_seeded_dropout(X, p):
        torch.cuda.manual_seed(0)  # the same mask on every call
        return gpu_dropout(X, p)

    torch.cuda.manual_seed(7)
    state = torch.cuda.get_rng_state()
    assert ex.check_dropout(gpu_dropout).passed
    assert "torch.manual_seed" in ex.check_dropout(gpu_seeded_dropout, lang="en").message
    assert torch.equal(torch.cuda.get_rng_state(), state)


# --- check_linear_backward (ch08_backpropagation.py) -----------------------------------------

def test_the_linear_backward_that_passes_agrees_with_autograd():
    """The checker's formula, checked through the first right answer, which it passes."""
    X, W, b = (torch.randn(shape, requires_grad=True) for shape in [(4, 3), (2, 3), (2,)])
    dY = torch.randn(4, 2)
    nn.functional.linear(X, W, b).backward(dY)
    assert ex.check_linear_backward(my_linear_backward).passed
    mine = my_linear_backward(X.detach(), W.detach(), b.detach(), dY)
    for got, expected in zip(mine, (X.grad, W.grad, b.grad)):
        assert torch.allclose(got, expected)


# --- check_momentum_step, check_adam_step (ch09_optimization.py) -----------------------------

def test_the_momentum_step_that_passes_agrees_with_torch_optim_sgd():
    w, grad = torch.randn(5, requires_grad=True), torch.randn(5)
    w.grad = grad.clone()
    assert ex.check_momentum_step(my_momentum_step).passed
    w_new, _ = my_momentum_step(w.detach(), torch.zeros(5), grad, 0.1, 0.9)
    torch.optim.SGD([w], lr=0.1, momentum=0.9).step()
    assert torch.allclose(w_new, w.detach())


def test_the_adam_step_that_passes_agrees_with_torch_optim_adam():
    w, grad = torch.randn(5, requires_grad=True), torch.randn(5)
    w.grad = grad.clone()
    assert ex.check_adam_step(my_adam_step).passed
    w_new, m, v = my_adam_step(w.detach(), grad, torch.zeros(5), torch.zeros(5), 1, 0.1, 0.9, 0.999, 1e-8)
    torch.optim.Adam([w], lr=0.1).step()
    assert torch.allclose(w_new, w.detach())


# --- check_corr2d, check_conv_output_size (ch10_convolutions.py) -----------------------------

def test_the_corr2d_that_passes_agrees_with_nn_conv2d():
    conv = nn.Conv2d(1, 1, (2, 3), bias=False)
    image = torch.randn(1, 1, 5, 6)
    expected = conv(image)[0, 0].detach()
    assert ex.check_corr2d(my_corr2d).passed
    assert torch.allclose(my_corr2d(image[0, 0], conv.weight[0, 0].detach()), expected, atol=1e-6)


def test_the_conv_output_size_that_passes_agrees_with_nn_conv2d():
    assert ex.check_conv_output_size(my_conv_output_size).passed
    for n, k, p, s, d in [(28, 5, 0, 1, 1), (32, 3, 2, 1, 2), (10, 3, 1, 3, 2), (8, 3, 0, 3, 1)]:
        out = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, n, n))
        assert out.shape[-1] == my_conv_output_size(n, k, p, s, d)
