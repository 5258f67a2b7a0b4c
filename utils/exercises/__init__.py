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
Each checker is a few lines on one shared engine, :class:`~utils.exercises.engine.Trial`,
which calls the reader's function safely and compares its results with a reference: type,
shape, inf/nan, values, inputs changed in place, updates not made in place.

A checker runs the reader's function in a sandbox of torch's global settings: default
dtype float32 and device CPU, gradients on, a fixed seed; afterwards it restores the
reader's settings and random states (CPU, CUDA, MPS, Python's and NumPy's) whatever
the function changed. Values agree within tolerances that fit the dtype and the size
of the numbers; random results (dropout) are judged by properties over many draws.

Where things are:

- ``engine.py``: :class:`Feedback`, the trial, the sandbox, the tolerances;
- ``messages.py``: the messages every checker shares, in English and Chinese;
- ``chNN_<chapter>.py``: the checkers of chapter NN (``chapters/*/NN_<chapter>.ipynb``),
  each with its hint, its inputs and its reference. A new checker goes there, with its name
  in that module's ``__all__``; this package exports it from there.
"""

from .engine import Feedback
# Each chapter module lists its checkers in its __all__.
from .ch00_introduction import *
from .ch01_preliminaries import *
from .ch02_linear_regression import *
from .ch03_softmax_regression import *
from .ch04_multilayer_perceptrons import *
from .ch05_weight_decay import *
from .ch06_dropout import *
from .ch07_numerical_stability import *
from .ch08_backpropagation import *
from .ch09_optimization import *
from .ch10_convolutions import *
from .ch11_colab_and_local_setup import *
from . import (ch00_introduction, ch01_preliminaries, ch02_linear_regression, ch03_softmax_regression,
               ch04_multilayer_perceptrons, ch05_weight_decay, ch06_dropout, ch07_numerical_stability,
               ch08_backpropagation, ch09_optimization, ch10_convolutions, ch11_colab_and_local_setup)

CHAPTERS = [ch00_introduction, ch01_preliminaries, ch02_linear_regression, ch03_softmax_regression,
            ch04_multilayer_perceptrons, ch05_weight_decay, ch06_dropout, ch07_numerical_stability,
            ch08_backpropagation, ch09_optimization, ch10_convolutions, ch11_colab_and_local_setup]

__all__ = ["Feedback"] + [name for chapter in CHAPTERS for name in chapter.__all__]
