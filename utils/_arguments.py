"""Checks of the numbers readers pass to utils: one place, one wording, in the reader's language.

A size, a number of epochs or a seed may come as a Python ``int``, a NumPy
integer (``np.int64(256)``) or a 0-d integer tensor (``torch.tensor(256)``);
all are accepted and turned into a Python ``int``. ``True`` is not a number here.
"""

from __future__ import annotations

import numbers

import torch

from .language import say


def _plain(value):
    """A 0-d tensor as the Python number it holds; anything else unchanged."""
    if isinstance(value, torch.Tensor) and value.ndim == 0 and value.dtype != torch.bool:
        return value.item()
    return value


def _name(name: str | tuple[str, str]) -> str:
    """An argument's name: ``"batch_size"``, or ``(en, zh)`` words picked only for an error."""
    return name if isinstance(name, str) else say(*name)


def _describe(value) -> str:
    """The value and its type, e.g. ``2.5 (float)``, in the reader's language."""
    kind = type(value).__name__
    return say(f"{value!r} ({kind})", f"{value!r}（{kind}）")


def integer(value, name: str | tuple[str, str], minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an ``int`` if it is an integer in ``[minimum, maximum]``, else a clear ``ValueError``."""
    if type(value) is int and value >= minimum and (maximum is None or value <= maximum):
        return value  # the usual case, first: sgd checks its batch size at every step
    number = _plain(value)
    if (isinstance(number, bool) or not isinstance(number, numbers.Integral)
            or number < minimum or (maximum is not None and number > maximum)):
        if maximum is not None:
            en = f"an integer from {minimum} to {maximum}"
            zh = f"{minimum} 到 {maximum} 之间的整数"
        elif minimum == 1:
            en, zh = "a positive integer", "正整数"
        elif minimum == 0:
            en, zh = "a non-negative integer", "非负整数"
        else:
            en, zh = f"an integer >= {minimum}", f"不小于 {minimum} 的整数"
        name = _name(name)
        raise ValueError(say(f"{name} must be {en}, got {_describe(value)}.",
                             f"{name} 必须是{zh}，传入的是 {_describe(value)}。"))
    return int(number)


def positive_number(value, name: str | tuple[str, str]) -> float:
    """``value`` as a ``float`` if it is a real number > 0 (Python, NumPy or 0-d tensor)."""
    if type(value) is float and value > 0:
        return value
    number = _plain(value)
    if isinstance(number, bool) or not isinstance(number, numbers.Real) or not float(number) > 0:
        name = _name(name)
        raise ValueError(say(f"{name} must be a positive number, got {_describe(value)}.",
                             f"{name} 必须是正数，传入的是 {_describe(value)}。"))
    return float(number)
