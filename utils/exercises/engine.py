"""The engine of the checkers: :func:`checker` turns a checker's body into the public
``check_x(fn, *, lang=None) -> Feedback``; :class:`Trial` calls the reader's function safely and
compares its results with a reference (type, shape, inf/nan, values, inputs changed in place,
updates not made in place); the sandbox gives every check torch's defaults and a fixed seed and
restores the reader's settings afterwards. The messages are in :mod:`.messages`, the checkers in
the modules of their chapters.
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

from .. import language
from . import messages

# Values agree if |got - expected| <= RTOL * |expected| + RTOL * max|expected| elementwise: relative
# to each element, and to the largest one for elements that cancel to about 0 (about 80 float32
# roundings; tiny results are held to the same relative accuracy as large ones). Checkers whose
# results float32 determines less precisely (softmax of logits near 1000) set wider tolerances.
RTOL = 1e-5
SEED = 0  # the seed of the inputs and of the reader's random numbers during a check
SMALL = 9  # messages show tensors of at most this many elements by their values


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


class Fail(Exception):
    """Stops a checker at the first problem found; carries the finished message."""


class Trial:
    """One run of a checker: the reader's function, the language, and the checks."""

    def __init__(self, checker: str, fn, lang: str):
        self.checker, self.fn, self.lang = checker, fn, lang
        self.name = getattr(fn, "__name__", type(fn).__name__)
        self.hint = None  # the checker's hint, {"en": ..., "zh": ...}
        self.input = ""  # the input being tried, described for messages
        self.inputs = set()  # every input tried, to count them

    def text(self, key: str, **fields) -> str:
        """The message ``key`` in the trial's language, naming its function, input and checker."""
        fields = dict(name=self.name, input=self.input, checker=self.checker) | fields
        return messages.text(self.lang, key, **fields)

    def fail(self, key: str, **fields):
        message = self.text(key, **fields)
        if self.hint and key not in messages.OWN_HINT:
            message += self.text("hint") + self.hint[self.lang]
        raise Fail(message)

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
            self.fail("wrong_type", what=self.text("result"), got=type_name(got),
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
                self.fail("wrong_type", what=what, got=type_name(got), expected=self.text("a_tensor"))
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
                self.fail("wrong_type", what=what, got=type_name(got), expected=self.text("an_int"))
            if got != expected:
                self.fail("wrong_value", what=what, got=_fmt(got), expected=expected)
        elif isinstance(expected, float):
            if isinstance(got, torch.Tensor) and got.ndim == 0 and not got.is_complex():
                value = got.item()
            elif isinstance(got, numbers.Real) and not isinstance(got, bool):
                value = float(got)
            else:
                self.fail("wrong_type", what=what, got=type_name(got), expected=self.text("a_number"))
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


def checker(body):
    """Make the public ``check_x(fn, *, lang=None) -> Feedback`` from a body ``check_x(t)``
    that runs the checks on the :class:`Trial` ``t``."""

    def check(fn, *, lang: str | None = None) -> Feedback:
        if lang is None:
            lang = language.get_language()
        if lang not in messages.MESSAGES:
            raise ValueError(f'lang must be "en" or "zh" (or None: the language of utils.set_language), '
                             f'got {lang!r}.')
        t = Trial(body.__name__, fn, lang)
        with _sandbox():
            try:
                if not callable(fn):
                    t.fail("not_a_function", got=type_name(fn))
                if _is_stub(fn) or _is_stub(getattr(fn, "forward", None)):
                    t.fail("not_written")
                body(t)
            except Fail as failure:
                return Feedback(False, t.text("not_yet") + str(failure))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # the reader's result misbehaved while being compared
                return Feedback(False, t.text("not_yet") + t.text("unusable", error=_error_text(error)))
        return Feedback(True, t.text("passed", n=len(t.inputs)))

    check.__name__ = check.__qualname__ = body.__name__
    check.__doc__ = body.__doc__
    check.__module__ = body.__module__  # the module of its chapter, for help()
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


def type_name(value) -> str:
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _error_text(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200].rstrip('.')}" if lines else type(error).__name__
