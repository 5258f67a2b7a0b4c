"""The checkers of chapter 11, Colab and local setup: each with its hint, inputs and reference."""

import torch

from .engine import checker, type_name

__all__ = ["check_pick_device", "check_parse_args"]


@checker
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
            t.fail("wrong_type", what=t.text("result"), got=type_name(got), expected=t.text("a_device"))
        if got.split(":")[0] != expected:
            t.fail("wrong_value", what=t.text("result"), got=repr(got), expected=repr(expected))


@checker
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
