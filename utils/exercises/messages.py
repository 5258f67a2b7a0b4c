"""The messages of the checkers, in English and Chinese, and how a message is put together.

A message is a template of :data:`MESSAGES` filled in by :func:`text`; a checker's own words
(its hint) sit next to the checker, in the module of its chapter. Code is marked as Markdown
marks it, in backticks (see :class:`~utils.exercises.engine.Feedback`).
"""

import re

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
OWN_HINT = {"not_a_function", "not_written", "returned_none", "changed_input", "same_mask"}


def text(lang: str, key: str, **fields) -> str:
    """The message ``key`` in the language ``lang``, its ``{fields}`` filled in."""
    message = MESSAGES[lang][key].format(**fields)
    if lang == "zh":  # a space between Latin and Chinese text, none after "）" or "，"
        message = re.sub(r"(?<=[A-Za-z0-9_)\]])(?=[\u4e00-\u9fff])", " ", message)
        message = re.sub(r"(?<=[），。：；]) +", "", message)
    return message
