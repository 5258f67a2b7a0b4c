"""Self-checking exercises: run a reader's function against a reference, say in plain words what is wrong.

In a notebook::

    from utils.exercises import check_softmax

    def my_softmax(X):
        ...

    check_softmax(my_softmax)   # shows "Not yet: ..." or "Passed: ..."

Every ``check_*`` takes the reader's function and the notebook's language (``"en"``
or ``"zh"``; by default the one ``utils.set_language`` set) and returns a
:class:`Feedback`. It never raises because of the reader's code, so an unsolved
exercise shows a message and "Run all" goes on.
Each checker is a few lines on one shared engine, :class:`_Trial`, which calls the
reader's function safely and compares its results with a reference: type, shape,
inf/nan, values, inputs changed in place, updates not made in place.

A checker runs the reader's function in a sandbox of torch's global settings: default
dtype float32 and device CPU, gradients on, a fixed seed; afterwards it restores the
reader's settings and random states (CPU, CUDA, MPS, Python's and NumPy's) whatever
the function changed. Values agree within tolerances that fit the dtype and the size
of the numbers; random results (dropout) are judged by properties over many draws.
"""

from __future__ import annotations

import contextlib
import copy
import dis
import html
import math
import numbers
import random
import re

import numpy as np
import torch
from torch import nn

from . import language

__all__ = [
    "Feedback", "check_mae", "check_grid_search", "check_row_normalize", "check_count_params",
    "check_squared_loss", "check_sgd", "check_softmax", "check_cross_entropy", "check_relu",
    "check_k_fold_data", "check_l2_penalty", "check_weight_decay_step", "check_dropout",
    "check_dropout_module", "check_xavier_bound", "check_clip_gradients", "check_sigmoid_grad",
    "check_linear_backward", "check_momentum_step", "check_adam_step", "check_corr2d",
    "check_conv_output_size", "check_pick_device", "check_parse_args",
]

# Values agree if |got - expected| <= RTOL * |expected| + RTOL * max|expected| elementwise: relative
# to each element, and to the largest one for elements that cancel to about 0 (about 80 float32
# roundings; tiny results are held to the same relative accuracy as large ones). Checkers whose
# results float32 determines less precisely (softmax of logits near 1000) set wider tolerances.
RTOL = 1e-5
SEED = 0  # the seed of the inputs and of the reader's random numbers during a check
SMALL = 9  # messages show tensors of at most this many elements by their values

MESSAGES = {
    "en": {
        "passed": "Passed: {name} agrees with the reference on {n} inputs.",
        "not_yet": "Not yet: ",
        "hint": "\nHint: ",
        "not_a_function": "{checker} needs a function, but got an object of type {got}.\n"
                          "Hint: pass the function itself, without calling it: {checker}(my_function).",
        "not_written": "{name} is not written yet.\nReplace the `...` with your code and run the cell again.",
        "returned_none": "{name} returned None for {input}.\nHint: did you forget the `return` statement?",
        "raised": "{name} raised {error} for {input}.",
        "wrong_type": "{what} is of type {got} for {input}; it should be {expected}.",
        "wrong_length": "{name} returned {length} values for {input}; it should return {count}: {names}.",
        "wrong_shape": "{what} has shape {got} for {input}; it should have shape {expected}.",
        "wrong_values": "{what} has wrong values for {input}: "
                        "it differs from the reference by {diff} where {tol} is allowed.{shown}",
        "shown": " Expected {expected}, got {got}.",
        "wrong_value": "{what} is {got} for {input}; it should be {expected}.",
        "overflow": "{what} contains inf or nan for {input}, where the reference is finite: "
                    "a numerical overflow.",
        "changed_input": "{name} changed its input {arg} in place, for {input}; it must leave it as it is.\n"
                         "Hint: compute a new tensor (Y = X * 2, or start from X.clone()) instead of "
                         "changing X (X *= 2, X[...] = 0, X.add_(...)).",
        "not_in_place": "{name} did not update {arg} in place, for {input}.",
        "must_raise": "{name} did not raise ValueError for {input}.",
        "wrong_error": "{name} raised {error} for {input}; it should raise ValueError.",
        "unusable": "the result of {name} for {input} could not be checked: {error}.",
        "not_differentiable": "{what} for {input} is not connected to X by autograd "
                              "(requires_grad is False).",
        "missing_attr": "{what} for {input} has no attribute .{attr}.",
        "dropout_rate": "{what} drops {got} of the elements for {input}; it should drop about {p} of them.",
        "dropout_unscaled": "{what} keeps the elements it does not drop as they are, for {input}; "
                            "it should divide them by (1 - p).",
        "dropout_kept": "{what} for {input} has non-zero elements that are not X / (1 - p).",
        "dropout_lines": "{what} keeps or drops whole {lines} together, for {input}: {got} of the pairs of "
                         "neighbouring elements in a {line} are both kept or both dropped, where independent "
                         "draws give about {expected}. Each element should be dropped on its own.",
        "rows": "rows", "row": "row", "columns": "columns", "column": "column",
        "same_mask": "{name} dropped the same elements in two calls with {input} (the two masks agree on {got} "
                     "of the elements, where independent masks agree on about {expected}); each call should "
                     "draw a new mask.\n"
                     "Hint: draw the mask inside the function, torch.rand(X.shape) > p, and do not call "
                     "torch.manual_seed there.",
        # Pieces of the messages above.
        "result": "the result of {name}",
        "item": "{item} (value {i} returned by {name})",
        "after": "{arg} after the call to {name}",
        "attr": "the .{attr} of the result of {name}",
        "gradient": "the gradient of {name}(X).sum() with respect to X",
        "train_output": "the output of {name}({p}) in training mode",
        "eval_output": "the output of {name}({p}) in evaluation mode",
        "shape_of": "{arg} of shape {shape}",
        "with_grad": "{arg} of shape {shape} with requires_grad=True",
        "tensors_of": "{arg} holding tensors of shapes {shapes}",
        "sep": ", ",
        "a_tensor": "a tensor (torch.Tensor)",
        "a_number": "a number (a float or a 0-d tensor)",
        "an_int": "an int",
        "a_tuple": "a tuple of {count} values: {names}",
        "a_module": "an instance of nn.Module",
        "a_device": '"cuda", "mps" or "cpu" (a str or a torch.device)',
    },
    "zh": {
        "passed": "通过：{name} 在 {n} 组输入上都与参考答案一致。",
        "not_yet": "还不对：",
        "hint": "\n提示：",
        "not_a_function": "{checker} 需要一个函数，但收到的是 {got} 类型的对象。\n"
                          "提示：直接传入函数本身，不要调用它：{checker}(my_function)。",
        "not_written": "{name} 还没有写。\n把 `...` 换成你的代码，然后重新运行这个单元格。",
        "returned_none": "输入为 {input} 时，{name} 返回了 None。\n提示：是不是忘了写 `return` 语句？",
        "raised": "输入为 {input} 时，{name} 抛出了异常 {error}。",
        "wrong_type": "输入为 {input} 时，{what}是 {got} 类型，应该是{expected}。",
        "wrong_length": "输入为 {input} 时，{name} 返回了 {length} 个值，应该返回 {count} 个：{names}。",
        "wrong_shape": "输入为 {input} 时，{what}的形状是 {got}，应该是 {expected}。",
        "wrong_values": "输入为 {input} 时，{what}的数值不对：与参考答案相差 {diff}，而允许的误差是 {tol}。{shown}",
        "shown": "应为 {expected}，实际为 {got}。",
        "wrong_value": "输入为 {input} 时，{what}是 {got}，应该是 {expected}。",
        "overflow": "输入为 {input} 时，{what}中出现了 inf 或 nan，而参考答案是有限值：发生了数值溢出。",
        "changed_input": "输入为 {input} 时，{name} 原地修改了输入 {arg}，但它不应改动输入。\n"
                         "提示：计算一个新的张量（Y = X * 2，或从 X.clone() 开始），"
                         "不要修改 X 本身（X *= 2、X[...] = 0、X.add_(...)）。",
        "not_in_place": "输入为 {input} 时，{name} 没有原地更新 {arg}。",
        "must_raise": "输入为 {input} 时，{name} 没有抛出 ValueError。",
        "wrong_error": "输入为 {input} 时，{name} 抛出的是 {error}，应该抛出 ValueError。",
        "unusable": "输入为 {input} 时，无法检查 {name} 的返回值：{error}。",
        "not_differentiable": "输入为 {input} 时，{what}与 X 之间没有 autograd 的计算图（requires_grad 为 False）。",
        "missing_attr": "输入为 {input} 时，{what}没有属性 .{attr}。",
        "dropout_rate": "输入为 {input} 时，{what}丢弃了 {got} 的元素，应该丢弃大约 {p}。",
        "dropout_unscaled": "输入为 {input} 时，{what}中保留下来的元素没有缩放，应该把它们除以 (1 - p)。",
        "dropout_kept": "输入为 {input} 时，{what}中有非零元素不等于 X / (1 - p)。",
        "dropout_lines": "输入为 {input} 时，{what}整{line}整{line}地保留或丢弃元素：{line}内相邻的两个元素同时保留或同时丢弃的"
                         "比例是 {got}，而独立抽样时约为 {expected}。每个元素应该各自独立地丢弃。",
        "rows": "行", "row": "行", "columns": "列", "column": "列",
        "same_mask": "输入为 {input} 时，{name} 两次调用丢弃的是同一批元素（两个掩码在 {got} 的元素上相同，"
                     "而两个独立的掩码约在 {expected} 的元素上相同）；每次调用都应该生成新的掩码。\n"
                     "提示：在函数内部生成掩码 torch.rand(X.shape) > p，不要在函数里调用 torch.manual_seed。",
        "result": "{name} 的返回值",
        "item": "{name} 返回的第 {i} 个值 {item}",  # text() spaces Latin from Chinese
        "after": "调用 {name} 之后的 {arg}",
        "attr": "{name} 返回值的 .{attr}",
        "gradient": "{name}(X).sum() 对 X 的梯度",
        "train_output": "{name}({p}) 在训练模式下的输出",
        "eval_output": "{name}({p}) 在评估模式下的输出",
        "shape_of": "{arg}（形状 {shape}）",
        "with_grad": "{arg}（形状 {shape}，requires_grad=True）",
        "tensors_of": "{arg}（张量，形状分别为 {shapes}）",
        "sep": "，",
        "a_tensor": "张量 (torch.Tensor)",
        "a_number": "一个数（float 或 0 维张量）",
        "an_int": "整数 (int)",
        "a_tuple": "包含 {count} 个值的元组：{names}",
        "a_module": "nn.Module 的实例",
        "a_device": '"cuda"、"mps" 或 "cpu"（str 或 torch.device）',
    },
}
# Messages that end with their own hint; the others end with the checker's hint.
_OWN_HINT = {"not_a_function", "not_written", "returned_none", "changed_input", "same_mask"}


class Feedback:
    """A checker's verdict: ``passed`` and a ``message`` in the notebook's language.

    ``bool(feedback)`` is ``passed``; ``repr`` is the message, so a checker called on
    the last line of a cell shows it. The message marks code as Markdown does, in
    backticks: the plain text (``message``, ``repr``, ``str``, a terminal) shows the code
    without them, the notebook's HTML view shows it as code.
    """

    def __init__(self, passed: bool, message: str):
        self.passed, self.markdown = passed, message
        self.message = _CODE.sub(r"\1", message)

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        parts = _CODE.split(self.markdown)  # text, code, text, code, ..., text
        body = "".join(f"<code>{html.escape(part)}</code>" if i % 2 else html.escape(part)
                       for i, part in enumerate(parts)).replace("\n", "<br>\n")
        return f'<div class="exercise-{"passed" if self.passed else "not-yet"}">{body}</div>'

    def assert_passed(self) -> Feedback:
        """Raise ``AssertionError(message)`` unless passed; return the feedback otherwise."""
        if not self.passed:
            raise AssertionError(self.message)
        return self


_CODE = re.compile(r"`([^`\n]+)`")


class _Fail(Exception):
    """Stops a checker at the first problem found; carries the finished message."""


class _Trial:
    """One run of a checker: the reader's function, the language, and the checks."""

    def __init__(self, checker: str, fn, lang: str):
        self.checker, self.fn, self.lang = checker, fn, lang
        self.name = getattr(fn, "__name__", type(fn).__name__)
        self.hint = None  # the checker's hint, {"en": ..., "zh": ...}
        self.input = ""  # the input being tried, described for messages
        self.inputs = set()  # every input tried, to count them

    def text(self, key: str, **fields) -> str:
        fields = dict(name=self.name, input=self.input, checker=self.checker) | fields
        message = MESSAGES[self.lang][key].format(**fields)
        if self.lang == "zh":  # a space between Latin and Chinese text, none after "）" or "，"
            message = re.sub(r"(?<=[A-Za-z0-9_)\]])(?=[\u4e00-\u9fff])", " ", message)
            message = re.sub(r"(?<=[），。：；]) +", "", message)
        return message

    def fail(self, key: str, **fields):
        message = self.text(key, **fields)
        if self.hint and key not in _OWN_HINT:
            message += self.text("hint") + self.hint[self.lang]
        raise _Fail(message)

    def describe(self, inputs: dict) -> str:
        parts = []
        for arg, value in inputs.items():
            if isinstance(value, torch.Tensor) and value.numel() > SMALL:
                parts.append(self.text("shape_of", arg=arg, shape=tuple(value.shape)))
            elif isinstance(value, list) and value and all(isinstance(v, torch.Tensor) for v in value):
                shapes = ", ".join(str(tuple(v.shape)) for v in value)
                parts.append(self.text("tensors_of", arg=arg, shapes=shapes))
            else:
                parts.append(f"{arg} = {_fmt(value)}")
        return self.text("sep").join(parts)

    def run(self, fn, *args):
        """Call a function of the reader's; turn whatever it raises into a message."""
        try:
            return fn(*args)
        except KeyboardInterrupt:
            raise
        except NotImplementedError:
            self.fail("not_written")
        except BaseException as error:  # SystemExit too: argparse exits on bad arguments
            self.fail("raised", error=_error_text(error))
        finally:  # what the function changed must not change the next inputs or the comparison
            _defaults()

    def call(self, *, fn=None, returns=True, mutable=(), show=None, **inputs):
        """Call the reader's function (or ``fn``) on ``inputs``, in order; check it left them unchanged
        (except the arguments named in ``mutable``) and, if ``returns``, that it returned something."""
        self.input = show or self.describe(inputs)
        self.inputs.add(self.input)
        saved = [(label, arg, x, x.detach().clone())
                 for arg, value in inputs.items() for label, x in _tensors(arg, value)]
        result = self.run(self.fn if fn is None else fn, *inputs.values())
        for label, arg, x, before in saved:
            if arg not in mutable and not torch.equal(x.detach(), before):
                self.fail("changed_input", arg=label)
        if result is Ellipsis:
            self.fail("not_written")
        if returns and result is None:
            self.fail("returned_none")
        return result

    def check(self, ref, *, names=None, show=None, exact=False, tol=None, **inputs):
        """Run the reference and the reader's function on the same inputs and compare the results;
        ``names`` names the values of a tuple result. ``exact``: the reference computes in float64
        (from the same inputs), the exact result the reader's float32 one is compared with;
        ``tol``: ``(rtol, atol)`` for :meth:`compare`."""
        args = copy.deepcopy(list(inputs.values()))
        if exact:
            args = [a.double() if isinstance(a, torch.Tensor) and a.is_floating_point() else a for a in args]
        expected = ref(*args)
        got = self.call(show=show, **inputs)
        if names is None:
            return self.compare(got, expected, tol=tol)
        if not isinstance(got, (tuple, list)):
            self.fail("wrong_type", what=self.text("result"), got=_type_name(got),
                      expected=self.text("a_tuple", count=len(names), names=", ".join(names)))
        if len(got) != len(names):
            self.fail("wrong_length", length=len(got), count=len(names), names=", ".join(names))
        for i, (g, e, item) in enumerate(zip(got, expected, names), 1):
            self.compare(g, e, what=self.text("item", item=item, i=i), tol=tol)

    def compare(self, got, expected, what=None, values=True, tol=None):
        """Compare a result with the reference's: type, shape, inf/nan, then (if ``values``) values,
        within ``tol = (rtol, atol)``, by default RTOL relative to each element and to the largest
        (see RTOL); atol may be a tensor, one tolerance per element (or row)."""
        rtol, atol = tol or (RTOL, None)
        what = what or self.text("result")
        if isinstance(expected, torch.Tensor):
            if not isinstance(got, torch.Tensor):
                self.fail("wrong_type", what=what, got=_type_name(got), expected=self.text("a_tensor"))
            if got.shape != expected.shape:
                self.fail("wrong_shape", what=what, got=tuple(got.shape), expected=tuple(expected.shape))
            if not values:
                return
            g, e = got.detach().cpu().double(), expected.detach().cpu().double()
            if (torch.isfinite(e) & ~torch.isfinite(g)).any():
                self.fail("overflow", what=what)
            if atol is None:
                atol = RTOL * e.abs().max() if e.numel() else 0.0
            bound = rtol * e.abs() + atol
            close = (g == e) | ((g - e).abs() <= bound)
            if not close.all():
                excess = torch.where(close, 0.0, (g - e).abs() / bound.clamp(min=1e-300))
                worst = excess.argmax()
                diff, allowed = (g - e).abs().flatten()[worst], bound.flatten()[worst]
                shown = self.text("shown", **_fmt_pair(e, g)) if e.numel() <= SMALL else ""
                self.fail("wrong_values", what=what, diff=f"{diff.item():.3g}", tol=f"{allowed.item():.3g}",
                          shown=shown)
        elif isinstance(expected, int):
            if isinstance(got, bool) or not isinstance(got, numbers.Integral):
                self.fail("wrong_type", what=what, got=_type_name(got), expected=self.text("an_int"))
            if got != expected:
                self.fail("wrong_value", what=what, got=_fmt(got), expected=expected)
        elif isinstance(expected, float):
            if isinstance(got, torch.Tensor) and got.ndim == 0 and not got.is_complex():
                value = got.item()
            elif isinstance(got, numbers.Real) and not isinstance(got, bool):
                value = float(got)
            else:
                self.fail("wrong_type", what=what, got=_type_name(got), expected=self.text("a_number"))
            if not math.isfinite(value):
                self.fail("overflow", what=what)
            if not math.isclose(value, expected, rel_tol=rtol, abs_tol=atol or 0.0):
                self.fail("wrong_value", what=what, **_fmt_pair(expected, value))
        else:
            raise TypeError(f"no comparison for a reference of type {type(expected).__name__}")

    def updated(self, arg: str, got, expected: torch.Tensor, before: torch.Tensor):
        """Check a tensor that the reader's function had to update in place."""
        if (isinstance(got, torch.Tensor) and torch.equal(got.detach(), before)
                and not torch.allclose(expected, before)):
            self.fail("not_in_place", arg=arg)
        self.compare(got, expected, what=self.text("after", arg=arg))

    def must_raise(self, **inputs):
        """Check that the reader's function raises ValueError on ``inputs``."""
        self.input = self.describe(inputs)
        self.inputs.add(self.input)
        try:
            self.fn(*inputs.values())
        except KeyboardInterrupt:
            raise
        except ValueError:
            return
        except BaseException as error:
            self.fail("wrong_error", error=_error_text(error))
        self.fail("must_raise")


def _checker(body):
    """Make the public ``check_x(fn, *, lang=None) -> Feedback`` from a body ``check_x(t)``
    that runs the checks on the :class:`_Trial` ``t``."""

    def check(fn, *, lang: str | None = None) -> Feedback:
        if lang is None:
            lang = language.get_language()
        if lang not in MESSAGES:
            raise ValueError(f'lang must be "en" or "zh" (or None: the language of utils.set_language), '
                             f'got {lang!r}.')
        t = _Trial(body.__name__, fn, lang)
        with _sandbox():
            try:
                if not callable(fn):
                    t.fail("not_a_function", got=_type_name(fn))
                if _is_stub(fn) or _is_stub(getattr(fn, "forward", None)):
                    t.fail("not_written")
                body(t)
            except _Fail as failure:
                return Feedback(False, t.text("not_yet") + str(failure))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # the reader's result misbehaved while being compared
                return Feedback(False, t.text("not_yet") + t.text("unusable", error=_error_text(error)))
        return Feedback(True, t.text("passed", n=len(t.inputs)))

    check.__name__ = check.__qualname__ = body.__name__
    check.__doc__ = body.__doc__
    return check


def _defaults():
    """The settings checks run with, whatever the notebook or the reader's function set."""
    torch.set_default_dtype(torch.float32)
    torch.set_default_device(None)
    torch.set_grad_enabled(True)


@contextlib.contextmanager
def _sandbox():
    """Run a check with torch's defaults (float32, CPU, gradients on, anomaly detection off) and a
    fixed seed; then restore every global setting the reader's function may have changed: default
    dtype and device, grad mode, anomaly detection, deterministic algorithms, and the random
    states of torch (CPU; CUDA and MPS where they are in use), Python's random and NumPy."""
    dtype, grad, anomaly = torch.get_default_dtype(), torch.is_grad_enabled(), torch.is_anomaly_enabled()
    device = torch.get_default_device()
    deterministic = (torch.are_deterministic_algorithms_enabled(),
                     torch.is_deterministic_algorithms_warn_only_enabled())
    py_state, np_state = random.getstate(), np.random.get_state()
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None
    mps = torch.mps.get_rng_state() if torch.backends.mps.is_available() else None
    try:
        with torch.random.fork_rng(devices=[]):  # CPU; CUDA only if in use, below
            _defaults()
            torch.set_anomaly_enabled(False)
            torch.random.default_generator.manual_seed(SEED)
            random.seed(SEED)
            np.random.seed(SEED)
            yield
    finally:
        torch.set_default_dtype(dtype)
        torch.set_default_device(None if device == torch.device("cpu") else device)
        torch.set_grad_enabled(grad)
        torch.set_anomaly_enabled(anomaly)
        torch.use_deterministic_algorithms(deterministic[0], warn_only=deterministic[1])
        random.setstate(py_state)
        np.random.set_state(np_state)
        if cuda is not None:
            torch.cuda.set_rng_state_all(cuda)
        if mps is not None:
            torch.mps.set_rng_state(mps)


def _stub(*args):
    ...


def _is_stub(fn) -> bool:
    """Whether ``fn`` is a function whose body does nothing (``...``, ``pass``, only a docstring)."""
    def ops(f):
        return [(i.opname, i.argval) for i in dis.get_instructions(f.__code__)
                if i.opname not in ("RESUME", "NOP", "CACHE", "EXTENDED_ARG")]
    return hasattr(fn, "__code__") and ops(fn) == ops(_stub)


def _tensors(arg: str, value) -> list:
    """The tensors an argument holds, with the names messages give them."""
    if isinstance(value, torch.Tensor):
        return [(arg, value)]
    if isinstance(value, (list, tuple)):
        return [(f"{arg}[{i}]", v) for i, v in enumerate(value) if isinstance(v, torch.Tensor)]
    if isinstance(value, nn.Module):
        return [(f"{arg}.{k}", v) for k, v in value.state_dict(keep_vars=True).items()]
    return []


def _fmt(value, digits: int = 4) -> str:
    """A value as messages show it: tensors as nested lists, floats with ``digits`` significant digits."""
    if isinstance(value, torch.Tensor):
        value = value.tolist()
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v, digits) for v in value) + "]"
    return repr(value)


def _fmt_pair(expected, got) -> dict:
    """Two values with as many digits (at least 4) as it takes to show that they differ."""
    for digits in range(4, 18):
        shown = {"expected": _fmt(expected, digits), "got": _fmt(got, digits)}
        if shown["expected"] != shown["got"]:
            break
    return shown


def _type_name(value) -> str:
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _error_text(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200].rstrip('.')}" if lines else type(error).__name__


# --- 00 Introduction --------------------------------------------------------------
@_checker
def check_mae(t):
    """``f(y_hat, y)``: the mean absolute error ``mean(|y_hat - y|)``, a 0-d tensor."""
    t.hint = {"en": "(y_hat - y).abs().mean() averages |y_hat - y| over all elements; keep the 0-d tensor "
                    "(no .item()).",
              "zh": "(y_hat - y).abs().mean() 对所有元素的 |y_hat - y| 求平均；保留这个 0 维张量（不要 .item()）。"}
    for shape in [(5,), (3, 2), (1,)]:
        t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=torch.randn(shape), y=torch.randn(shape))
    for scale in (1e4, 1e-6):  # large and tiny: float32 round-off, and no absolute tolerance to hide in
        t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=scale * (1 + torch.randn(4)),
                y=scale * (1 + torch.randn(4)), exact=True)
    y = torch.randn(6)
    t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=y - 1, y=y)  # a missing abs shows
    t.check(lambda y_hat, y: (y_hat - y).abs().mean(), y_hat=y, y=y.clone())  # no error at all


@_checker
def check_grid_search(t):
    """``f(x, y, ws)``: the ``w`` in ``ws`` minimising ``mean((w * x - y) ** 2)``, the first on ties."""
    t.hint = {"en": "Return the w itself (not its index or loss) with the smallest "
                    "((w * x - y) ** 2).mean(); on ties the first: replace the best only when a loss is "
                    "strictly smaller.",
              "zh": "返回使 ((w * x - y) ** 2).mean() 最小的 w 本身（不是下标或损失）；损失相同时取第一个：只在损失严格更小时才替换。"}

    def ref(x, y, ws):
        losses = [((w * x - y) ** 2).mean().item() for w in ws]
        return ws[losses.index(min(losses))].item()

    for x, y, ws in [([1, 2, 3, 4], [2.1, 3.9, 6.2, 7.8], torch.arange(-1, 4.01, 0.5)),
                     ([1, 2, 3], [-3, -6, -9.3], torch.linspace(-4, 4, 17)),
                     ([1, -1], [0, 0], [-2, -1, 1, 2]),  # a tie between -1 and 1: -1 comes first
                     ([1, 2], [1, 2], [3, -1, 0.5, 2]),  # unsorted
                     ([0.5, 1.5], [1, 3], [0.5])]:  # a single candidate
        t.check(ref, x=torch.tensor(x, dtype=torch.float32), y=torch.tensor(y),
                ws=torch.as_tensor(ws, dtype=torch.float32))


# --- 01 Preliminaries -------------------------------------------------------------
@_checker
def check_row_normalize(t):
    """``f(X)``: a new tensor, ``X`` with each row divided by its sum (``X`` unchanged)."""
    t.hint = {"en": "Return X / X.sum(dim=1, keepdim=True): keepdim keeps the shape (n, 1), which "
                    "broadcasts along each row; X /= ... would change X.",
              "zh": "返回 X / X.sum(dim=1, keepdim=True)：keepdim 保持 (n, 1) 的形状，才能沿每一行广播；X /= ... 会修改 X。"}
    for X in [torch.rand(3, 4) + 0.1, torch.rand(3, 3) + 0.1, torch.rand(1, 5) + 0.1, torch.rand(4, 1) + 0.1,
              torch.tensor([[1.0, 0.0, 3.0], [0.0, 2.0, 2.0]]),
              torch.tensor([[1e30, 3e30, 2e30], [1e-10, 1e-10, 2e-10]])]:  # rows of very different sizes
        t.check(lambda X: X / X.sum(dim=1, keepdim=True), X=X, exact=True)


@_checker
def check_count_params(t):
    """``f(net)``: the number of scalar parameters of ``net``, an int (shared ones once, frozen ones too)."""
    t.hint = {"en": "Add up p.numel() over net.parameters(): it lists shared parameters once and frozen "
                    "ones too; buffers (in net.state_dict(), e.g. BatchNorm's running mean) are not "
                    "parameters.",
              "zh": "对 net.parameters() 累加 p.numel()：共享参数只列出一次，冻结的参数也在内；"
                    "缓冲区（在 net.state_dict() 里，例如 BatchNorm 的滑动平均）不是参数。"}
    lin, frozen = nn.Linear(4, 4), nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    frozen[0].requires_grad_(False)
    for code, net in [("nn.Linear(3, 2)", nn.Linear(3, 2)),
                      ("nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))",
                       nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))),
                      ("nn.Linear(5, 3, bias=False)", nn.Linear(5, 3, bias=False)), ("nn.ReLU()", nn.ReLU()),
                      ("nn.Sequential(lin, nn.ReLU(), lin), lin = nn.Linear(4, 4)",
                       nn.Sequential(lin, nn.ReLU(), lin)),  # shared: count it once
                      ("nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1)); net[0].requires_grad_(False)",
                       frozen),
                      ("nn.BatchNorm1d(4)", nn.BatchNorm1d(4))]:
        t.check(lambda net: sum(p.numel() for p in net.parameters()), net=net, show=f"net = {code}")


# --- 02 Linear regression ---------------------------------------------------------
@_checker
def check_squared_loss(t):
    """``f(y_hat, y)``: ``(y_hat - y.reshape(y_hat.shape)) ** 2 / 2``, one loss per example."""
    t.hint = {"en": "Return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2; without the reshape, (n, 1) - (n,) "
                    "broadcasts to (n, n).",
              "zh": "返回 (y_hat - y.reshape(y_hat.shape)) ** 2 / 2；不做 reshape 的话，(n, 1) - (n,) 会广播成 (n, n)。"}
    for y_hat, y in [(torch.randn(4, 1), torch.randn(4)), (torch.randn(1, 1), torch.randn(1)),
                     (torch.randn(10, 1), torch.randn(10)), (torch.randn(3, 1), torch.randn(3, 1)),
                     (1e3 * torch.randn(3, 1), 1e3 * torch.randn(3)),  # large and tiny
                     (1e-4 * torch.randn(3, 1), 1e-4 * torch.randn(3))]:
        t.check(lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2, y_hat=y_hat, y=y, exact=True)


@_checker
def check_sgd(t):
    """``f(params, lr, batch_size)``: in place, ``p -= lr * p.grad / batch_size``, then ``p.grad`` zeroed."""
    t.hint = {"en": "Inside a `with torch.no_grad():` block, p -= lr * p.grad / batch_size, then p.grad.zero_(); "
                    "p = p - ... would only give the name p a new tensor.",
              "zh": "在 `with torch.no_grad():` 代码块中执行 p -= lr * p.grad / batch_size，再执行 p.grad.zero_()；"
                    "p = p - ... 只是让名字 p 指向新张量。"}
    for shapes, lr, batch_size in [([(3, 1), (1,)], 0.1, 4), ([(2, 2)], 0.03, 10), ([(5,), (1,)], 1.0, 1)]:
        params = [torch.randn(shape, requires_grad=True) for shape in shapes]
        for p in params:
            p.grad = torch.randn(p.shape)
        before = [(p, p.detach().clone(), p.grad.clone()) for p in params]
        t.call(params=params, lr=lr, batch_size=batch_size, returns=False, mutable=("params",))
        for i, (p, p0, g0) in enumerate(before):
            t.updated(f"params[{i}]", p, p0 - lr * g0 / batch_size, p0)
            if p.grad is not None:  # zeroed, or None as optimizers leave it
                t.compare(p.grad, torch.zeros_like(g0), what=t.text("after", arg=f"params[{i}].grad"))


# --- 03 Softmax regression --------------------------------------------------------
@_checker
def check_softmax(t):
    """``f(X)``: the row-wise softmax of ``(n, q)`` logits, stable for logits near 1000 (``X`` unchanged)."""
    t.hint = {"en": "Subtract each row's max first, X - X.max(dim=1, keepdim=True).values (same result, no "
                    "overflow in exp), then divide by the row sums, .sum(dim=1, keepdim=True).",
              "zh": "先减去每行的最大值 X - X.max(dim=1, keepdim=True).values（结果不变，exp 不再溢出），"
                    "再除以每行的和 .sum(dim=1, keepdim=True)。"}
    for X in [torch.randn(2, 5), torch.randn(3, 3), torch.tensor([[1000.0, 0.0, -1000.0]]),
              1000 + 10 * torch.randn(2, 4), torch.tensor([[-1000.0, -1000.0]]), torch.randn(4, 1),
              torch.tensor([[1000.0, 999.0, 998.0], [0.0, 1.0, 2.0]]),  # rows far apart: one max per row
              torch.tensor([[50.0, 51.0, 49.0], [-50.0, -49.0, -51.0]]),  # the batch's max: denormal exp
              torch.tensor([[1e-6, 2e-6, -3e-6], [-1000.0, -1001.0, -1000.5]]),
              torch.tensor([[3.0, 2.0, 1.0]], dtype=torch.float64)]:
        t.check(lambda X: torch.softmax(X, dim=1), X=X, exact=True, tol=_shift_tol(X, rtol=True))


@_checker
def check_cross_entropy(t):
    """``f(logits, y)``: the losses ``logsumexp(o) - o[y]``, shape ``(n,)``, stable for large logits."""
    t.hint = {"en": "Use torch.logsumexp(o, dim=1) - o[torch.arange(n), y] (or take the row max out by "
                    "hand): log(softmax) is -inf once a probability underflows to 0.",
              "zh": "使用 torch.logsumexp(o, dim=1) - o[torch.arange(n), y]（或手动减去每行最大值）："
                    "先算 softmax 再取 log，概率一旦下溢为 0 就得到 -inf。"}

    def ref(logits, y):
        return torch.logsumexp(logits, dim=1) - logits[torch.arange(len(y)), y]

    for logits, y in [(torch.randn(4, 3), [0, 2, 1, 2]), (torch.randn(3, 3), [1, 1, 0]),
                      (torch.tensor([[1000.0, 0.0, -1000.0]]), [1]),
                      (torch.tensor([[-1000.0, -999.0, -1001.0]], dtype=torch.float64), [0]),
                      (1000 + 5 * torch.randn(2, 5), [4, 0]), (torch.randn(2, 1), [0, 0]),
                      (torch.tensor([[1000.0, 999.0, 998.0], [0.0, 1.0, 2.0]]), [0, 2]),  # rows far apart
                      (torch.tensor([[10.0, 0.0], [-60.0, -50.0]]), [1, 0])]:
        t.check(ref, logits=logits, y=torch.tensor(y), exact=True, tol=_shift_tol(logits, rtol=False))


def _shift_tol(X: torch.Tensor, rtol: bool) -> tuple:
    """The tolerance of a softmax (``rtol``: relative to each probability) or of a log-softmax (absolute)
    of the logits ``X``: rounding ``X`` to its dtype moves a logit x by up to eps * |x|, which moves a
    log-probability by up to 2 eps * max|x| of its row, a probability by that fraction of itself. A
    margin of 8 (correct float32 formulas stay below 3) and, for probabilities, float32's smallest
    normal number, below which exp loses relative precision."""
    eps = torch.finfo(X.dtype).eps
    row = 8 * eps * (1 + X.detach().abs().amax(dim=1, keepdim=True).double())
    if rtol:
        return row, torch.finfo(torch.float32).tiny
    return 8 * eps, row.flatten()


# --- 04 Multilayer perceptrons ----------------------------------------------------
@_checker
def check_relu(t):
    """``f(X)``: ``max(X, 0)`` elementwise, a new tensor autograd can differentiate (``X`` unchanged)."""
    t.hint = {"en": "Return a new tensor made by torch operations, torch.clamp(X, min=0) or X * (X > 0), "
                    "so that autograd can differentiate it; leave X as it is.",
              "zh": "用 torch 运算得到新张量，例如 torch.clamp(X, min=0) 或 X * (X > 0)，"
                    "autograd 才能求导；不要修改 X。"}
    for X in [torch.randn(2, 3), torch.randn(5), torch.randn(2, 2, 3), torch.tensor([[-1.0, 0.0, 2.0]]),
              -torch.rand(4)]:
        t.check(lambda X: torch.clamp(X, min=0), X=X)
    X = torch.randn(3, 4, requires_grad=True)  # no zeros, where the derivative is a convention
    out = t.call(X=X, show=t.text("with_grad", arg="X", shape=(3, 4)))
    t.compare(out, torch.clamp(X.detach(), min=0))
    if out.requires_grad:
        grad = t.run(lambda: torch.autograd.grad(out.sum(), X, allow_unused=True)[0])
    if not out.requires_grad or grad is None:
        t.fail("not_differentiable", what=t.text("result"))
    t.compare(grad, (X > 0).float(), what=t.text("gradient"))


@_checker
def check_k_fold_data(t):
    """``f(k, i, X, y)``: ``(X_train, y_train, X_valid, y_valid)`` for fold ``i`` of ``k``, as d2l splits."""
    t.hint = {"en": "size = X.shape[0] // k; fold j is rows j * size to (j + 1) * size - 1. Fold i "
                    "validates, torch.cat joins the others in order to train; rows past k * size are unused.",
              "zh": "size = X.shape[0] // k，第 j 折是第 j * size 到 (j + 1) * size - 1 行。第 i 折作验证集，"
                    "其余各折按顺序用 torch.cat 拼成训练集；k * size 之后的行不用。"}

    def ref(k, i, X, y):
        size = X.shape[0] // k
        folds = [slice(j * size, (j + 1) * size) for j in range(k)]
        train = [fold for j, fold in enumerate(folds) if j != i]
        return torch.cat([X[f] for f in train]), torch.cat([y[f] for f in train]), X[folds[i]], y[folds[i]]

    for k, i, n in [(4, 1, 10), (5, 0, 10), (5, 4, 10), (2, 1, 7), (3, 2, 9), (10, 3, 10)]:
        t.check(ref, k=k, i=i, X=torch.arange(2.0 * n).reshape(n, 2), y=torch.arange(float(n)),
                names=("X_train", "y_train", "X_valid", "y_valid"))


# --- 05 Weight decay --------------------------------------------------------------
@_checker
def check_l2_penalty(t):
    """``f(w)``: the L2 penalty ``sum(w ** 2) / 2``, a 0-d tensor."""
    t.hint = {"en": "Return (w ** 2).sum() / 2: a 0-d tensor, with the 1/2 and without a square root.",
              "zh": "返回 (w ** 2).sum() / 2：一个 0 维张量，要有 1/2，不要开平方根。"}
    for w in [torch.randn(3, 1), torch.randn(5), torch.zeros(4), torch.randn(2, 3), torch.tensor([[2.0]]),
              1e-4 * torch.randn(3), 1e3 * torch.randn(2, 2)]:  # tiny and large weights
        t.check(lambda w: (w ** 2).sum() / 2, w=w, exact=True)


@_checker
def check_weight_decay_step(t):
    """``f(w, grad, lr, wd)``: the new tensor ``(1 - lr * wd) * w - lr * grad`` (``w`` unchanged)."""
    t.hint = {"en": "Return the new tensor (1 - lr * wd) * w - lr * grad, a gradient step on "
                    "loss + wd / 2 * ||w||^2; leave w as it is.",
              "zh": "返回新张量 (1 - lr * wd) * w - lr * grad，即对 loss + wd / 2 * ||w||^2 走一步；不要修改 w。"}
    for shape, lr, wd, scale in [((3,), 0.1, 0.01, 1.0), ((2, 2), 0.5, 1.0, 1.0), ((4, 1), 0.03, 0.0, 1.0),
                                 ((1,), 1.0, 0.5, 1.0), ((3,), 0.1, 1e-4, 1e-5), ((3,), 0.01, 1e-2, 1e4)]:
        t.check(lambda w, grad, lr, wd: (1 - lr * wd) * w - lr * grad,
                w=scale * torch.randn(shape), grad=scale * torch.randn(shape), lr=lr, wd=wd, exact=True)


# --- 06 Dropout -------------------------------------------------------------------
# Dropout is random, so its checks are statistical, on X of 100 x 100 = 10,000 elements, with
# bounds that a correct dropout exceeds with probability below 1e-20 whatever the seed (Hoeffding:
# a mean of n independent 0/1 draws strays from its expectation by more than d with probability at
# most exp(-2 n d^2) on each side), while the mistakes they look for miss them by far:
# - the fraction dropped is p within 0.05 (n = 10,000: 2 exp(-50) = 4e-22); for p = 0, at most 2
#   elements (the usual mask, torch.rand(X.shape) > p, drops a draw of exactly 0, one in 2^24);
# - each element dropped on its own: of 5,000 disjoint pairs of neighbours in a row, the fraction
#   both kept or both dropped exceeds that of 5,000 disjoint pairs in different rows and columns by
#   at most 0.15 (each strays by 0.075: 2 exp(-56) = 1e-24); a mask shared by a whole row gives 1
#   against p^2 + (1 - p)^2, a difference of 0.32 or more for the p checked; the same for columns;
# - two calls draw new masks: they agree on the same elements no more than on elements one
#   column apart, within 0.15 (n = 10,000: 2 exp(-112)); one mask reused agrees everywhere.
DROP_SLACK, PAIR_SLACK = 0.05, 0.15


def _agree(a: torch.Tensor, b: torch.Tensor) -> float:
    """The fraction of places where the masks ``a`` and ``b`` are both kept or both dropped."""
    return (a == b).double().mean().item()


def _dropped(t, out, X, p: float, what: str):
    """Check an output of dropout: each element dropped on its own, a fraction p of them, the others
    X / (1 - p); return the mask of the elements kept (``None`` for p = 0 or 1)."""
    if p == 1.0:
        t.compare(out, torch.zeros_like(X), what=what)
        return None
    if p == 0.0:  # torch.rand(X.shape) > 0 drops a draw of exactly 0, one in 2^24: allow 2 in 10,000
        t.compare(out, X, what=what, values=False)  # (3 or more: probability 4e-11)
        out = out.detach().cpu()
        rare = (out == 0) if (out == 0).sum() <= 2 else torch.zeros_like(out, dtype=torch.bool)
        t.compare(torch.where(rare, X, out), X, what=what)
        return None
    t.compare(out, X, what=what, values=False)  # type and shape
    out = out.detach().cpu().double()
    if not torch.isfinite(out).all():
        t.fail("overflow", what=what)
    kept = out != 0  # X has no zeros
    apart = _agree(kept[:, 0::2], kept.roll(1, 0)[:, 1::2])  # pairs in different rows and columns
    for lines, line, neighbours in [("rows", "row", (kept[:, 0::2], kept[:, 1::2])),
                                    ("columns", "column", (kept[0::2], kept[1::2]))]:
        agree = _agree(*neighbours)
        if agree > apart + PAIR_SLACK:
            t.fail("dropout_lines", what=what, lines=t.text(lines), line=t.text(line),
                   got=f"{agree:.0%}", expected=f"{apart:.0%}")
    dropped = 1 - kept.double().mean().item()
    if abs(dropped - p) > DROP_SLACK:
        t.fail("dropout_rate", what=what, got=f"{dropped:.0%}", p=f"{p:.0%}")
    if not torch.allclose(out[kept], X[kept].double() / (1 - p), rtol=RTOL, atol=0):
        unscaled = torch.allclose(out[kept], X[kept].double())
        t.fail("dropout_unscaled" if unscaled else "dropout_kept", what=what)
    return kept


def _new_masks(t, first, second):
    """Check that two calls of dropout drew different masks (``None``: p is 0 or 1)."""
    if first is None:
        return
    same, apart = _agree(first, second), _agree(first, second.roll(1, 1))
    if same > apart + PAIR_SLACK:
        t.fail("same_mask", got=f"{same:.0%}", expected=f"{apart:.0%}")


@_checker
def check_dropout(t):
    """``f(X, p)``: dropout; each element zeroed with probability ``p``, independently of the others
    and of earlier calls, the others divided by ``1 - p``."""
    t.hint = {"en": "Raise ValueError unless 0 <= p <= 1; for p == 1 return torch.zeros_like(X); else "
                    "mask = (torch.rand(X.shape) > p).float() and return mask * X / (1 - p).",
              "zh": "p 不满足 0 <= p <= 1 时 raise ValueError；p == 1 时返回 torch.zeros_like(X)；"
                    "否则令 mask = (torch.rand(X.shape) > p).float()，返回 mask * X / (1 - p)。"}
    X = torch.rand(100, 100) + 0.5  # no zeros: a zero in the output is a dropped element
    for p in (0.5, 0.2, 0.8, 0.0, 1.0):
        masks = [_dropped(t, t.call(X=X, p=p), X, p, t.text("result")) for _ in range(2)]
        _new_masks(t, *masks)
    for p in (-0.1, 1.5):
        t.must_raise(X=X, p=p)


@_checker
def check_dropout_module(t):
    """``cls(p)``: an ``nn.Module`` that drops as dropout does in training mode, the identity in eval mode."""
    t.hint = {"en": "In __init__ call super().__init__() first, then store p; in forward, drop as dropout "
                    "does if self.training, else (eval mode) return X unchanged.",
              "zh": "__init__ 中先调用 super().__init__() 再保存 p；forward 中 self.training 为 True 时"
                    "像 dropout 那样丢弃，否则（评估模式）原样返回 X。"}
    X = torch.rand(100, 100) + 0.5
    for p in (0.5, 0.2, 0.8, 0.0, 1.0):
        net = t.call(p=p)
        if not isinstance(net, nn.Module):
            t.fail("wrong_type", what=t.text("result"), got=_type_name(net), expected=t.text("a_module"))
        t.run(net.train)
        masks = [_dropped(t, t.call(fn=net, X=X), X, p, t.text("train_output", p=p)) for _ in range(2)]
        _new_masks(t, *masks)
        t.run(net.eval)
        t.compare(t.call(fn=net, X=X), X, what=t.text("eval_output", p=p))


# --- 07 Numerical stability -------------------------------------------------------
@_checker
def check_xavier_bound(t):
    """``f(fan_in, fan_out)``: the bound ``a = sqrt(6 / (fan_in + fan_out))`` of Xavier's ``U(-a, a)``."""
    t.hint = {"en": "a = math.sqrt(6 / (fan_in + fan_out)): U(-a, a) has variance a ** 2 / 3, which Xavier "
                    "sets to 2 / (fan_in + fan_out).",
              "zh": "a = math.sqrt(6 / (fan_in + fan_out))：U(-a, a) 的方差是 a ** 2 / 3，"
                    "Xavier 让它等于 2 / (fan_in + fan_out)。"}
    for fan_in, fan_out in [(784, 256), (1, 1), (3, 5), (256, 10), (64, 3)]:
        t.check(lambda fan_in, fan_out: math.sqrt(6 / (fan_in + fan_out)), fan_in=fan_in, fan_out=fan_out)


@_checker
def check_clip_gradients(t):
    """``f(params, theta)``: in place, if the global norm ``g`` of the gradients exceeds ``theta``,
    multiply every gradient by ``theta / g``."""
    t.hint = {"en": "One norm over all the gradients, g = sqrt(sum of (p.grad ** 2).sum()); only if "
                    "g > theta, scale each in place: p.grad[:] *= theta / g. Parameters stay.",
              "zh": "对所有梯度一起算一个范数 g = sqrt(各 (p.grad ** 2).sum() 之和)；只有 g > theta 时"
                    "才原地缩放每个梯度：p.grad[:] *= theta / g。参数不变。"}
    for grads, theta in [([torch.randn(3), torch.randn(2, 2)], 1.0),
                         ([torch.randn(3), torch.randn(2, 2)], 100.0), ([torch.tensor([3.0, 4.0])], 2.5),
                         ([torch.tensor([3.0, 0.0]), torch.tensor([[0.0], [4.0]])], 4.5),  # each below theta
                         ([torch.tensor([3.0, 4.0])], 5.0)]:  # exactly theta: unchanged
        params = [torch.randn(g.shape, requires_grad=True) for g in grads]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        norm = math.sqrt(sum((g ** 2).sum().item() for g in grads))
        before = [(p, p.detach().clone(), p.grad) for p in params]
        t.call(params=params, theta=theta, returns=False, mutable=("params",))
        for i, ((p, p0, grad), g) in enumerate(zip(before, grads)):
            if not torch.equal(p.detach(), p0):
                t.fail("changed_input", arg=f"params[{i}]")
            if p.grad is not grad and norm > theta:  # p.grad = p.grad * c: a new tensor
                t.fail("not_in_place", arg=f"params[{i}].grad")
            t.updated(f"params[{i}].grad", p.grad, g * min(1.0, theta / norm), g)


# --- 08 Backpropagation -----------------------------------------------------------
@_checker
def check_sigmoid_grad(t):
    """``f(x)``: the derivative ``sigmoid(x) * (1 - sigmoid(x))``, finite for ``|x|`` up to 1000."""
    t.hint = {"en": "Compute s = torch.sigmoid(x), return s * (1 - s); the equal form "
                    "exp(-x) / (1 + exp(-x)) ** 2 is inf / inf = nan for x = -1000.",
              "zh": "先算 s = torch.sigmoid(x)，再返回 s * (1 - s)；"
                    "与之相等的 exp(-x) / (1 + exp(-x)) ** 2 在 x = -1000 时是 inf / inf = nan。"}
    for x in [torch.linspace(-6, 6, 13), torch.tensor([0.0]), torch.randn(2, 3),
              torch.tensor([-1000.0, -100.0, 0.0, 100.0, 1000.0])]:
        t.check(lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)), x=x)


@_checker
def check_linear_backward(t):
    """``f(X, W, b, dY)``: the gradients ``(dX, dW, db)`` of ``Y = X @ W.T + b``, ``W`` of shape (out, in)."""
    t.hint = {"en": "dX = dY @ W, dW = dY.T @ X, db = dY.sum(dim=0): each gradient has its variable's "
                    "shape, X (n, in), W (out, in), b (out,).",
              "zh": "dX = dY @ W，dW = dY.T @ X，db = dY.sum(dim=0)：每个梯度与对应变量形状相同，"
                    "X 为 (n, in)，W 为 (out, in)，b 为 (out,)。"}
    for n, d_in, d_out, scale in [(4, 3, 2, 1.0), (1, 5, 1, 1.0), (3, 3, 3, 1.0), (2, 4, 6, 1.0),
                                  (3, 2, 2, 1e-5), (3, 2, 2, 1e4)]:  # tiny and large: float32 round-off
        t.check(lambda X, W, b, dY: (dY @ W, dY.T @ X, dY.sum(dim=0)), names=("dX", "dW", "db"), exact=True,
                X=scale * torch.randn(n, d_in), W=scale * torch.randn(d_out, d_in), b=torch.randn(d_out),
                dY=scale * torch.randn(n, d_out))


# --- 09 Optimization --------------------------------------------------------------
@_checker
def check_momentum_step(t):
    """``f(w, v, grad, lr, beta)``: ``(w_new, v_new)`` with ``v_new = beta * v + grad`` and
    ``w_new = w - lr * v_new`` (PyTorch's form of momentum)."""
    t.hint = {"en": "v_new = beta * v + grad, then w_new = w - lr * v_new (PyTorch's form), as new "
                    "tensors; leave w and v as they are.",
              "zh": "v_new = beta * v + grad，然后 w_new = w - lr * v_new（PyTorch 的写法），"
                    "都是新张量；不要改动 w 和 v。"}

    def ref(w, v, grad, lr, beta):
        return w - lr * (beta * v + grad), beta * v + grad

    for shape, v, lr, beta in [((3,), torch.randn(3), 0.1, 0.9), ((2, 2), torch.zeros(2, 2), 0.5, 0.5),
                               ((4,), torch.randn(4), 0.01, 0.0)]:
        t.check(ref, w=torch.randn(shape), v=v, grad=torch.randn(shape), lr=lr, beta=beta,
                names=("w_new", "v_new"))


@_checker
def check_adam_step(t):
    """``f(w, grad, m, v, t, lr, beta1, beta2, eps)``: one Adam step, ``(w_new, m_new, v_new)``."""
    t.hint = {"en": "m_new = beta1 * m + (1 - beta1) * grad, v_new the same with beta2 and grad ** 2; "
                    "m_hat = m_new / (1 - beta1 ** t), v_hat likewise, t from 1; "
                    "w_new = w - lr * m_hat / (v_hat.sqrt() + eps).",
              "zh": "m_new = beta1 * m + (1 - beta1) * grad，v_new 同理（beta2 和 grad ** 2）；"
                    "m_hat = m_new / (1 - beta1 ** t)，v_hat 同理，t 从 1 开始；"
                    "w_new = w - lr * m_hat / (v_hat.sqrt() + eps)。"}

    def ref(w, grad, m, v, step, lr, beta1, beta2, eps):
        m, v = beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad ** 2
        return w - lr * (m / (1 - beta1 ** step)) / ((v / (1 - beta2 ** step)).sqrt() + eps), m, v

    for grad, fresh, step, lr, eps in [(torch.randn(3), True, 1, 0.1, 1e-8),
                                       (torch.randn(2, 2), False, 5, 0.01, 1e-8),
                                       (1e-3 * torch.randn(4), True, 1, 0.1, 1e-3),  # where eps matters
                                       (torch.tensor([0.0, 1.0, -2.0]), True, 1, 0.1, 1e-8),
                                       (torch.randn(5), False, 100, 0.001, 1e-8)]:
        m = torch.zeros_like(grad) if fresh else 0.1 * torch.randn(grad.shape)
        v = torch.zeros_like(grad) if fresh else 0.01 * torch.rand(grad.shape)
        t.check(ref, w=torch.randn(grad.shape), grad=grad, m=m, v=v, t=step, lr=lr, beta1=0.9, beta2=0.999,
                eps=eps, names=("w_new", "m_new", "v_new"))


# --- 10 Convolutions --------------------------------------------------------------
@_checker
def check_corr2d(t):
    """``f(X, K)``: the 2-D cross-correlation of ``X`` with ``K`` (no flip), shape ``(h-kh+1, w-kw+1)``."""
    t.hint = {"en": "With (kh, kw) = K.shape, Y is (h - kh + 1, w - kw + 1) and "
                    "Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum(); no flipping of K.",
              "zh": "设 (kh, kw) = K.shape，Y 的形状是 (h - kh + 1, w - kw + 1)，"
                    "Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()；不翻转 K。"}

    def ref(X, K):  # PyTorch's convolution layers compute exactly this cross-correlation
        return nn.functional.conv2d(X[None, None], K[None, None])[0, 0]

    for X, K in [(torch.arange(9.0).reshape(3, 3), torch.arange(4.0).reshape(2, 2)),
                 (torch.randn(4, 5), torch.randn(1, 2)), (torch.randn(5, 4), torch.randn(3, 2)),
                 (torch.randn(3, 4), torch.randn(3, 4)), (torch.randn(2, 3), torch.tensor([[2.0]])),
                 (torch.randn(6, 6), torch.tensor([[1.0, -1.0]])),
                 (1e4 * torch.randn(4, 4), 1e-4 * torch.randn(2, 3))]:  # large times tiny
        t.check(ref, X=X, K=K, exact=True)


@_checker
def check_conv_output_size(t):
    """``f(n, k, p, s, d)``: the output size ``(n + 2p - d(k - 1) - 1) // s + 1`` of ``nn.Conv2d``, an int."""
    t.hint = {"en": "(n + 2 * p - d * (k - 1) - 1) // s + 1: // rounds down and gives an int.",
              "zh": "(n + 2 * p - d * (k - 1) - 1) // s + 1：// 向下取整，结果是整数。"}
    for n, k, p, s, d in [(28, 5, 0, 1, 1), (28, 3, 1, 1, 1), (28, 3, 1, 2, 1), (7, 3, 0, 2, 1),
                          (8, 3, 0, 3, 1), (32, 3, 2, 1, 2), (5, 5, 0, 1, 1), (10, 3, 1, 3, 2)]:
        t.check(lambda n, k, p, s, d: (n + 2 * p - d * (k - 1) - 1) // s + 1, n=n, k=k, p=p, s=s, d=d)


# --- 11 Colab and local setup -----------------------------------------------------
@_checker
def check_pick_device(t):
    """``f(cuda_available, mps_available)``: ``"cuda"``, ``"mps"`` or ``"cpu"``, preferring CUDA, then MPS."""
    t.hint = {"en": 'Use the two arguments only (not torch.cuda.is_available()): "cuda" if cuda_available, '
                    'else "mps" if mps_available, else "cpu".',
              "zh": '只根据两个参数（不要用 torch.cuda.is_available()）：cuda_available 为真返回 "cuda"，'
                    '否则 mps_available 为真返回 "mps"，否则返回 "cpu"。'}
    for cuda, mps in [(True, True), (True, False), (False, True), (False, False)]:
        got = t.call(cuda_available=cuda, mps_available=mps)
        expected = "cuda" if cuda else "mps" if mps else "cpu"
        got = got.type if isinstance(got, torch.device) else got
        if not isinstance(got, str):
            t.fail("wrong_type", what=t.text("result"), got=_type_name(got), expected=t.text("a_device"))
        if got.split(":")[0] != expected:
            t.fail("wrong_value", what=t.text("result"), got=repr(got), expected=repr(expected))


@_checker
def check_parse_args(t):
    """``f(argv)``: an object with ``.lr`` (a float, default 0.1) and ``.epochs`` (an int, default 10)
    parsed from the list ``argv``."""
    t.hint = {"en": 'Add "--lr" (type=float, default=0.1) and "--epochs" (type=int, default=10), and return '
                    "parser.parse_args(argv): without argv it parses sys.argv and exits on arguments it "
                    "does not know.",
              "zh": '添加 "--lr"（type=float，default=0.1）和 "--epochs"（type=int，default=10），'
                    "返回 parser.parse_args(argv)：不传 argv 会解析 sys.argv，遇到不认识的参数就退出。"}
    for argv, lr, epochs in [([], 0.1, 10), (["--lr", "0.5"], 0.5, 10), (["--epochs", "3"], 0.1, 3),
                             (["--lr=0.01", "--epochs=20"], 0.01, 20),
                             (["--epochs", "5", "--lr", "1e-3"], 1e-3, 5)]:
        args = t.call(argv=argv)
        for attr, expected in (("lr", lr), ("epochs", epochs)):
            if not hasattr(args, attr):
                t.fail("missing_attr", what=t.text("result"), attr=attr)
            t.compare(getattr(args, attr), expected, what=t.text("attr", attr=attr))
