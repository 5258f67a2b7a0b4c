"""utils.exercises: every checker passes its reference solution and rejects typical wrong answers,
saying what is wrong, in the notebook's language, without ever raising because of the reader's code."""

import argparse
import inspect
import math
import re
import sys

import numpy as np
import pytest
import torch
from torch import nn

import utils.exercises as ex

CHECKERS = [name for name in ex.__all__ if name.startswith("check_")]
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- Reference solutions, written as a reader would -------------------------------

def my_mae(y_hat, y):
    return torch.abs(y_hat - y).mean()


def my_grid_search(x, y, ws):
    best_w, best_loss = None, None
    for w in ws:
        loss = ((w * x - y) ** 2).mean()
        if best_loss is None or loss < best_loss:
            best_w, best_loss = w, loss
    return best_w


def my_row_normalize(X):
    return X / X.sum(dim=1, keepdim=True)


def my_count_params(net):
    return sum(p.numel() for p in net.parameters())


def my_squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def my_sgd(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad / batch_size
            p.grad.zero_()


def my_softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(dim=1, keepdim=True)


def my_cross_entropy(logits, y):
    m = logits.max(dim=1).values
    log_sum = m + torch.log(torch.exp(logits - m[:, None]).sum(dim=1))
    return log_sum - logits[torch.arange(len(y)), y]


def my_relu(X):
    return torch.maximum(X, torch.zeros_like(X))


def my_k_fold_data(k, i, X, y):
    fold_size = X.shape[0] // k
    X_train = y_train = None
    for j in range(k):
        idx = slice(j * fold_size, (j + 1) * fold_size)
        X_part, y_part = X[idx], y[idx]
        if j == i:
            X_valid, y_valid = X_part, y_part
        elif X_train is None:
            X_train, y_train = X_part, y_part
        else:
            X_train, y_train = torch.cat([X_train, X_part]), torch.cat([y_train, y_part])
    return X_train, y_train, X_valid, y_valid


def my_l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def my_weight_decay_step(w, grad, lr, wd):
    return w - lr * (grad + wd * w)


def my_dropout(X, p):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if p == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > p).float()
    return mask * X / (1 - p)


class MyDropout(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, X):
        return my_dropout(X, self.p) if self.training else X


def my_xavier_bound(fan_in, fan_out):
    return math.sqrt(6 / (fan_in + fan_out))


def my_clip_gradients(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm


def my_sigmoid_grad(x):
    s = torch.sigmoid(x)
    return s * (1 - s)


def my_linear_backward(X, W, b, dY):
    return dY @ W, dY.T @ X, dY.sum(dim=0)


def my_momentum_step(w, v, grad, lr, beta):
    v = beta * v + grad
    return w - lr * v, v


def my_adam_step(w, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v


def my_corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


def my_conv_output_size(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def my_pick_device(cuda_available, mps_available):
    if cuda_available:
        return "cuda"
    return torch.device("mps") if mps_available else "cpu"  # a torch.device is fine too


def my_parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    return parser.parse_args(argv)


REFERENCE = {name: globals()["my_" + name.removeprefix("check_")] for name in CHECKERS
             if name != "check_dropout_module"}
REFERENCE["check_dropout_module"] = MyDropout


# --- Typical wrong answers --------------------------------------------------------
# What the message must say: a string for both languages, or a pair (English, Chinese).
VALUES = ("has wrong values", "的数值不对")
VALUE = ("; it should be ", "，应该是 ")  # a wrong number or string (not a wrong type, checked below)
SHAPE = ("has shape", "的形状是")
TYPE = ("is of type", " 类型，应该是")
CHANGED = ("changed its input", "原地修改了输入")
NOT_IN_PLACE = ("did not update", "没有原地更新")
OVERFLOW = ("inf or nan", "溢出")
RAISED = ("raised", "抛出了异常")


def wrong_mae_no_abs(y_hat, y):
    return (y_hat - y).mean()


def wrong_mae_sum(y_hat, y):
    return (y_hat - y).abs().sum()


def wrong_mae_item(y_hat, y):
    return (y_hat - y).abs().mean().item()


def wrong_mae_dim0(y_hat, y):
    return (y_hat - y).abs().mean(dim=0)


def wrong_grid_index(x, y, ws):
    return int(torch.stack([((w * x - y) ** 2).mean() for w in ws]).argmin())


def wrong_grid_last_on_ties(x, y, ws):
    best_w, best_loss = None, None
    for w in ws:
        loss = ((w * x - y) ** 2).mean()
        if best_loss is None or loss <= best_loss:
            best_w, best_loss = w, loss
    return best_w


def wrong_grid_loss(x, y, ws):
    return min(((w * x - y) ** 2).mean() for w in ws)


def wrong_rows_in_place(X):
    X /= X.sum(dim=1, keepdim=True)
    return X


def wrong_rows_dim0(X):
    return X / X.sum(dim=0, keepdim=True)


def wrong_rows_no_keepdim(X):
    return X / X.sum(dim=1)


def wrong_rows_total(X):
    return X / X.sum()


def wrong_count_tensors(net):
    return len(list(net.parameters()))


def wrong_count_trainable(net):
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def wrong_count_state_dict(net):
    return sum(v.numel() for v in net.state_dict().values())


def wrong_count_shared_twice(net):
    return sum(p.numel() for _, p in net.named_parameters(remove_duplicate=False))


def wrong_count_float(net):
    return float(sum(p.numel() for p in net.parameters()))


def wrong_loss_no_reshape(y_hat, y):
    return (y_hat - y) ** 2 / 2


def wrong_loss_no_half(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2


def wrong_loss_mean(y_hat, y):
    return ((y_hat - y.reshape(y_hat.shape)) ** 2 / 2).mean()


def wrong_sgd_rebinds(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p = p - lr * p.grad / batch_size


def wrong_sgd_no_batch_size(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()


def wrong_sgd_keeps_grad(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad / batch_size


def wrong_sgd_no_no_grad(params, lr, batch_size):
    for p in params:
        p -= lr * p.grad / batch_size
        p.grad.zero_()


def wrong_softmax_naive(X):
    return torch.exp(X) / torch.exp(X).sum(dim=1, keepdim=True)


def wrong_softmax_in_place(X):
    X -= X.max(dim=1, keepdim=True).values
    return X.exp() / X.exp().sum(dim=1, keepdim=True)


def wrong_softmax_dim0(X):
    X_exp = torch.exp(X - X.max())
    return X_exp / X_exp.sum(dim=0, keepdim=True)


def wrong_softmax_no_keepdim(X):
    X_exp = torch.exp(X - X.max())
    return X_exp / X_exp.sum(dim=1)


def wrong_ce_naive(logits, y):
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
    return -torch.log(probs[range(len(y)), y])


def wrong_ce_log_of_stable_softmax(logits, y):
    return -torch.log(my_softmax(logits)[range(len(y)), y])


def wrong_ce_mean(logits, y):
    return my_cross_entropy(logits, y).mean()


def wrong_ce_columns(logits, y):
    return torch.logsumexp(logits, dim=1) - logits[:, y]


def wrong_ce_sign(logits, y):
    return logits[torch.arange(len(y)), y] - torch.logsumexp(logits, dim=1)


def wrong_relu_in_place(X):
    return X.clamp_(min=0)


def wrong_relu_numpy(X):
    return torch.tensor(np.maximum(X.detach().numpy(), 0))


def wrong_relu_abs(X):
    return X.abs()


def wrong_relu_max(X):
    return torch.max(X, 0)


def wrong_fold_keeps_rest(k, i, X, y):
    size = X.shape[0] // k
    lo, hi = i * size, (i + 1) * size
    return torch.cat([X[:lo], X[hi:]]), torch.cat([y[:lo], y[hi:]]), X[lo:hi], y[lo:hi]


def wrong_fold_next(k, i, X, y):
    return my_k_fold_data(k, (i + 1) % k, X, y)


def wrong_fold_order(k, i, X, y):
    size = X.shape[0] // k
    lo, hi, end = i * size, (i + 1) * size, k * size
    return torch.cat([X[hi:end], X[:lo]]), torch.cat([y[hi:end], y[:lo]]), X[lo:hi], y[lo:hi]


def wrong_fold_valid_in_train(k, i, X, y):
    size = X.shape[0] // k
    return X[:k * size], y[:k * size], X[i * size:(i + 1) * size], y[i * size:(i + 1) * size]


def wrong_l2_no_half(w):
    return (w ** 2).sum()


def wrong_l2_norm(w):
    return torch.norm(w) / 2


def wrong_l2_item(w):
    return float((w ** 2).sum() / 2)


def wrong_l2_mean(w):
    return (w ** 2).mean() / 2


def wrong_decay_in_place(w, grad, lr, wd):
    w -= lr * (grad + wd * w)
    return w


def wrong_decay_no_lr(w, grad, lr, wd):
    return (1 - wd) * w - lr * grad


def wrong_decay_sign(w, grad, lr, wd):
    return (1 + lr * wd) * w - lr * grad


def wrong_decay_after(w, grad, lr, wd):
    return (w - lr * grad) * (1 - lr * wd)


def wrong_dropout_unscaled(X, p):
    if not 0 <= p <= 1:
        raise ValueError("p")
    return (torch.rand(X.shape) > p).float() * X


def wrong_dropout_keeps_p(X, p):
    if not 0 <= p <= 1:
        raise ValueError("p")
    if p == 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape) < p).float() * X / (1 - p)


def wrong_dropout_in_place(X, p):
    if not 0 <= p <= 1:
        raise ValueError("p")
    if p == 1:
        return X.zero_()
    X[torch.rand(X.shape) <= p] = 0
    return X / (1 - p)


def wrong_dropout_no_check(X, p):
    if p >= 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape) > p).float() * X / (1 - p)


def wrong_dropout_assert(X, p):
    assert 0 <= p <= 1
    if p == 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape) > p).float() * X / (1 - p)


def wrong_dropout_nan_at_1(X, p):
    if not 0 <= p <= 1:
        raise ValueError("p")
    return (torch.rand(X.shape) > p).float() * X / (1 - p)


class WrongDropoutAlways(MyDropout):  # drops in evaluation mode too
    def forward(self, X):
        return my_dropout(X, self.p)


class WrongDropoutInverted(MyDropout):  # drops only in evaluation mode
    def forward(self, X):
        return X if self.training else my_dropout(X, self.p)


class WrongDropoutUnscaled(MyDropout):
    def forward(self, X):
        return (torch.rand(X.shape) > self.p).float() * X if self.training else X


class WrongDropoutNoSuper(nn.Module):
    def __init__(self, p):
        self.p = p

    def forward(self, X):
        return my_dropout(X, self.p) if self.training else X


class WrongDropoutTrainMethod(MyDropout):  # self.train is a method, always true
    def forward(self, X):
        return my_dropout(X, self.p) if self.train else X


def wrong_xavier_std(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out))


def wrong_xavier_fan_in(fan_in, fan_out):
    return math.sqrt(6 / fan_in)


def wrong_xavier_no_sqrt(fan_in, fan_out):
    return 6 / (fan_in + fan_out)


def wrong_xavier_int_division(fan_in, fan_out):
    return math.sqrt(6 // (fan_in + fan_out))


def wrong_clip_each(params, theta):
    for p in params:
        norm = p.grad.norm()
        if norm > theta:
            p.grad[:] *= theta / norm


def wrong_clip_always(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    for p in params:
        p.grad[:] *= theta / norm


def wrong_clip_not_in_place(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            grad = p.grad
            grad = grad * theta / norm


def wrong_clip_replaces_grad(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad = p.grad * theta / norm  # the right values, but in a new tensor


def wrong_clip_no_sqrt(params, theta):
    norm = sum(torch.sum(p.grad ** 2) for p in params)
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm


def wrong_clip_params(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        with torch.no_grad():
            for p in params:
                p *= theta / norm


def wrong_sigmoid_grad_naive(x):
    return torch.exp(-x) / (1 + torch.exp(-x)) ** 2


def wrong_sigmoid_grad_sigmoid(x):
    return torch.sigmoid(x)


def wrong_sigmoid_grad_plus(x):
    s = torch.sigmoid(x)
    return s * (1 + s)


def wrong_backward_dW_transposed(X, W, b, dY):
    return dY @ W, X.T @ dY, dY.sum(dim=0)


def wrong_backward_db_mean(X, W, b, dY):
    return dY @ W, dY.T @ X, dY.mean(dim=0)


def wrong_backward_dX(X, W, b, dY):
    return dY @ W.T, dY.T @ X, dY.sum(dim=0)


def wrong_backward_two(X, W, b, dY):
    return dY @ W, dY.T @ X


def wrong_momentum_d2l(w, v, grad, lr, beta):
    v = beta * v - lr * grad
    return w + v, v


def wrong_momentum_ema(w, v, grad, lr, beta):
    v = beta * v + (1 - beta) * grad
    return w - lr * v, v


def wrong_momentum_in_place(w, v, grad, lr, beta):
    v.mul_(beta).add_(grad)
    return w - lr * v, v


def wrong_momentum_old_v(w, v, grad, lr, beta):
    return w - lr * v, beta * v + grad


def wrong_adam_no_bias_correction(w, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return w - lr * m / (torch.sqrt(v) + eps), m, v


def wrong_adam_eps_inside(w, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / torch.sqrt(v_hat + eps), m, v


def wrong_adam_in_place(w, grad, m, v, t, lr, beta1, beta2, eps):
    m.mul_(beta1).add_((1 - beta1) * grad)
    v.mul_(beta2).add_((1 - beta2) * grad ** 2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v


def wrong_adam_t_from_0(w, grad, m, v, t, lr, beta1, beta2, eps):
    return my_adam_step(w, grad, m, v, t - 1, lr, beta1, beta2, eps)


def wrong_corr2d_flipped(X, K):
    return my_corr2d(X, K.flip(0, 1))


def wrong_corr2d_too_small(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h, X.shape[1] - w))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


def wrong_corr2d_square(X, K):
    k = K.shape[0]
    Y = torch.zeros((X.shape[0] - k + 1, X.shape[1] - k + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + k, j:j + k] * K).sum()
    return Y


def wrong_size_float(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) / s + 1


def wrong_size_no_dilation(n, k, p, s, d):
    return (n + 2 * p - k) // s + 1


def wrong_size_no_plus_one(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) // s


def wrong_size_ceil(n, k, p, s, d):
    return math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1


def wrong_device_mps_first(cuda_available, mps_available):
    return "mps" if mps_available else "cuda" if cuda_available else "cpu"


def wrong_device_ignores_arguments(cuda_available, mps_available):
    return "cuda" if torch.cuda.is_available() else "mps" if mps_available else "cpu"


def wrong_device_gpu(cuda_available, mps_available):
    return "gpu" if cuda_available else "mps" if mps_available else "cpu"


def wrong_device_bool(cuda_available, mps_available):
    return cuda_available


def wrong_args_sys_argv(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    return parser.parse_args()


def wrong_args_no_type(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", default=0.1)
    parser.add_argument("--epochs", default=10)
    return parser.parse_args(argv)


def wrong_args_default(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=100)
    return parser.parse_args(argv)


def wrong_args_dict(argv):
    return vars(my_parse_args(argv))


WRONG = {
    "check_mae": [(wrong_mae_no_abs, VALUES), (wrong_mae_sum, VALUES), (wrong_mae_item, TYPE, "float"),
                  (wrong_mae_dim0, SHAPE, "(2,)")],
    "check_grid_search": [(wrong_grid_index, VALUE), (wrong_grid_last_on_ties, VALUE, "ws = [-2, -1, 1, 2]"),
                          (wrong_grid_loss, VALUE)],
    "check_row_normalize": [(wrong_rows_in_place, CHANGED), (wrong_rows_dim0, VALUES),
                            (wrong_rows_no_keepdim, RAISED, "RuntimeError", "keepdim"),
                            (wrong_rows_total, VALUES)],
    "check_count_params": [(wrong_count_tensors, VALUE, "nn.Linear(3, 2)"),
                           (wrong_count_trainable, VALUE, "requires_grad_(False)"),
                           (wrong_count_state_dict, VALUE, ("it should be 20", "应该是 20")),
                           (wrong_count_shared_twice, VALUE, "lin = nn.Linear(4, 4)"),
                           (wrong_count_float, TYPE, "float")],
    "check_squared_loss": [(wrong_loss_no_reshape, SHAPE, "(4, 4)", "(4, 1)"), (wrong_loss_no_half, VALUES),
                           (wrong_loss_mean, SHAPE, "()")],
    "check_sgd": [(wrong_sgd_rebinds, NOT_IN_PLACE, "params[0]"), (wrong_sgd_no_batch_size, VALUES),
                  (wrong_sgd_keeps_grad, VALUES, "params[0].grad"),
                  (wrong_sgd_no_no_grad, RAISED, "RuntimeError", "torch.no_grad()")],
    "check_softmax": [(wrong_softmax_naive, OVERFLOW, "X = [[1000, 0, -1000]]", "X.max(dim=1, keepdim=True)"),
                      (wrong_softmax_in_place, CHANGED), (wrong_softmax_dim0, VALUES),
                      (wrong_softmax_no_keepdim, RAISED, "RuntimeError")],
    "check_cross_entropy": [(wrong_ce_naive, OVERFLOW, "logsumexp"),
                            (wrong_ce_log_of_stable_softmax, OVERFLOW, "[[1000, 0, -1000]]"),
                            (wrong_ce_mean, SHAPE, "()", "(4,)"), (wrong_ce_columns, SHAPE, "(4, 4)"),
                            (wrong_ce_sign, VALUES)],
    "check_relu": [(wrong_relu_in_place, CHANGED), (wrong_relu_numpy, "autograd", "requires_grad=True"),
                   (wrong_relu_abs, VALUES), (wrong_relu_max, TYPE, "torch.return_types.max")],
    "check_k_fold_data": [(wrong_fold_keeps_rest, SHAPE, "X_train"), (wrong_fold_next, VALUES),
                          (wrong_fold_order, VALUES, "X_train"), (wrong_fold_valid_in_train, SHAPE)],
    "check_l2_penalty": [(wrong_l2_no_half, VALUES), (wrong_l2_norm, VALUES), (wrong_l2_item, TYPE, "float"),
                         (wrong_l2_mean, VALUES)],
    "check_weight_decay_step": [(wrong_decay_in_place, CHANGED, "w"), (wrong_decay_no_lr, VALUES),
                                (wrong_decay_sign, VALUES), (wrong_decay_after, VALUES)],
    "check_dropout": [(wrong_dropout_unscaled, ("divide them by (1 - p)", "除以 (1 - p)")),
                      (wrong_dropout_keeps_p, ("should drop about 20%", "应该丢弃大约 20%"), "p = 0.2"),
                      (wrong_dropout_in_place, CHANGED),
                      (wrong_dropout_no_check, ("did not raise ValueError", "没有抛出 ValueError"), "p = -0.1"),
                      (wrong_dropout_assert, ("should raise ValueError", "应该抛出 ValueError"),
                       "AssertionError"),
                      (wrong_dropout_nan_at_1, OVERFLOW, "p = 1")],
    "check_dropout_module": [(WrongDropoutAlways, VALUES, ("evaluation mode", "评估模式")),
                             (WrongDropoutInverted, ("drops 0%", "丢弃了 0%"), ("training mode", "训练模式")),
                             (WrongDropoutUnscaled, ("divide them by (1 - p)", "除以 (1 - p)")),
                             (WrongDropoutNoSuper, RAISED, "AttributeError", "super().__init__()"),
                             (WrongDropoutTrainMethod, VALUES, ("evaluation mode", "评估模式"))],
    "check_xavier_bound": [(wrong_xavier_std, VALUE), (wrong_xavier_fan_in, VALUE),
                           (wrong_xavier_no_sqrt, VALUE), (wrong_xavier_int_division, VALUE, ("is 0 for", "是 0，"))],
    "check_clip_gradients": [(wrong_clip_each, VALUES, "params[0].grad"),
                             (wrong_clip_always, VALUES, "theta = 100"),
                             (wrong_clip_not_in_place, NOT_IN_PLACE, "params[0].grad"),
                             (wrong_clip_replaces_grad, NOT_IN_PLACE, "params[0].grad"),
                             (wrong_clip_no_sqrt, VALUES), (wrong_clip_params, CHANGED, "params[0]")],
    "check_sigmoid_grad": [(wrong_sigmoid_grad_naive, OVERFLOW, "-1000"),
                           (wrong_sigmoid_grad_sigmoid, VALUES), (wrong_sigmoid_grad_plus, VALUES)],
    "check_linear_backward": [(wrong_backward_dW_transposed, SHAPE, "dW", "(3, 2)", "(2, 3)"),
                              (wrong_backward_db_mean, VALUES, "db"),
                              (wrong_backward_dX, RAISED, "RuntimeError"),
                              (wrong_backward_two, ("returned 2 values", "返回了 2 个值"), "dX, dW, db")],
    "check_momentum_step": [(wrong_momentum_d2l, VALUES, "w_new"), (wrong_momentum_ema, VALUES),
                            (wrong_momentum_in_place, CHANGED, "v"), (wrong_momentum_old_v, VALUES, "w_new")],
    "check_adam_step": [(wrong_adam_no_bias_correction, VALUES, "w_new"),
                        (wrong_adam_eps_inside, VALUES, "eps = 0.001"), (wrong_adam_in_place, CHANGED, "m"),
                        (wrong_adam_t_from_0, OVERFLOW, "t = 1")],
    "check_corr2d": [(wrong_corr2d_flipped, VALUES, "[[19, 25], [37, 43]]", "[[5, 11], [23, 29]]"),
                     (wrong_corr2d_too_small, SHAPE, "(2, 2)", "(1, 1)"),
                     (wrong_corr2d_square, SHAPE, "(4, 5)")],
    "check_conv_output_size": [(wrong_size_float, TYPE, "float"), (wrong_size_no_dilation, VALUE, "d = 2"),
                               (wrong_size_no_plus_one, VALUE), (wrong_size_ceil, VALUE)],
    "check_pick_device": [(wrong_device_mps_first, VALUE, "'cuda'"), (wrong_device_ignores_arguments, VALUE),
                          (wrong_device_gpu, VALUE, "'gpu'"), (wrong_device_bool, TYPE, "bool")],
    "check_parse_args": [(wrong_args_sys_argv, RAISED, "SystemExit", "parse_args(argv)"),
                         (wrong_args_no_type, TYPE, "str", ".lr"), (wrong_args_default, VALUE, ".epochs"),
                         (wrong_args_dict, ("no attribute", "没有属性"), "dict")],
}
WRONG_CASES = [(name, answer[0], answer[1:]) for name, answers in WRONG.items() for answer in answers]


def stub(*args):
    # Your code here
    ...


# --- The tests --------------------------------------------------------------------

def test_every_checker_has_a_reference_and_three_wrong_answers():
    assert len(CHECKERS) == 24
    assert sorted(REFERENCE) == sorted(WRONG) == sorted(CHECKERS)
    assert all(len(WRONG[name]) >= 3 for name in CHECKERS)


@pytest.mark.parametrize("name", CHECKERS)
def test_checker_signature_and_docstring(name):
    check = getattr(ex, name)
    assert check.__name__ == name and check.__doc__
    assert list(inspect.signature(check).parameters) == ["fn", "lang"]


@pytest.mark.parametrize("name", CHECKERS)
def test_reference_passes_in_both_languages(name):
    check, fn = getattr(ex, name), REFERENCE[name]
    en, zh = check(fn, lang="en"), check(fn, lang="zh")
    assert en.passed and zh.passed, f"{en}\n{zh}"
    assert bool(en) and repr(en) == en.message
    assert re.fullmatch(rf"Passed: {fn.__name__} agrees with the reference on \d+ inputs\.", en.message)
    assert zh.message.startswith(f"通过：{fn.__name__} 在 ")
    assert en.message.isascii() and CJK.search(zh.message)
    assert check(fn).message == en.message  # English by default
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
    with pytest.raises(AssertionError) as error:
        feedback.assert_passed()
    assert str(error.value) == message


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("lang, says", [
    ("en", "Not yet: stub is not written yet.\nReplace `...` with your code and run the cell again."),
    ("zh", "还不对：stub 还没有写。\n把 `...` 换成你的代码，然后重新运行这个单元格。"),
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


class StubDropout(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, X):
        # Your code here
        ...


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("unwritten", [stub_pass, stub_returns_ellipsis, stub_not_implemented])
def test_other_unwritten_functions_are_not_written_yet(name, unwritten):
    feedback = getattr(ex, name)(unwritten, lang="en")
    assert feedback.message.startswith(f"Not yet: {unwritten.__name__} is not written yet.\n")


def test_an_unwritten_module_is_not_written_yet():
    feedback = ex.check_dropout_module(StubDropout, lang="zh")
    assert feedback.message.startswith("还不对：StubDropout 还没有写。")


def test_a_function_that_forgets_return_is_told_so():
    def my_softmax(X):
        X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
        X_exp / X_exp.sum(dim=1, keepdim=True)

    message = ex.check_softmax(my_softmax).message
    assert message.startswith("Not yet: my_softmax returned None for X of shape (2, 5).")
    assert "`return`" in message
    assert "`return`" in ex.check_softmax(my_softmax, lang="zh").message


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


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("lang", ["fr", "EN", None])
def test_an_unknown_language_is_an_error(name, lang):
    with pytest.raises(ValueError, match='"en" or "zh"'):
        getattr(ex, name)(REFERENCE[name], lang=lang)


def test_feedback():
    yes, no = ex.Feedback(True, "Passed: fine."), ex.Feedback(False, "Not yet: broken.")
    assert yes and not no
    assert repr(yes) == "Passed: fine." and str(no) == "Not yet: broken."
    assert yes.assert_passed() is yes
    with pytest.raises(AssertionError, match="Not yet: broken."):
        no.assert_passed()


@pytest.mark.parametrize("name, fn", [
    ("check_dropout", my_dropout), ("check_dropout_module", MyDropout),
    ("check_dropout", wrong_dropout_keeps_p), ("check_softmax", my_softmax),
])
def test_checkers_leave_the_random_state_alone_and_repeat_their_verdict(name, fn):
    torch.manual_seed(123)
    state = torch.get_rng_state()
    first = getattr(ex, name)(fn)
    assert torch.equal(torch.get_rng_state(), state)
    torch.rand(5)  # another state: same verdict
    assert getattr(ex, name)(fn).message == first.message


def test_a_random_checker_does_not_depend_on_the_reader_seeding():
    def seeded_dropout(X, p):
        torch.manual_seed(0)  # a reader may seed inside; the checker still restores the state
        return my_dropout(X, p)

    state = torch.get_rng_state()
    assert ex.check_dropout(seeded_dropout).passed
    assert torch.equal(torch.get_rng_state(), state)


def test_the_references_agree_with_pytorch():
    """The checkers' formulas, checked against autograd and torch's own layers."""
    X, W, b = (torch.randn(shape, requires_grad=True) for shape in [(4, 3), (2, 3), (2,)])
    dY = torch.randn(4, 2)
    nn.functional.linear(X, W, b).backward(dY)
    mine = my_linear_backward(X.detach(), W.detach(), b.detach(), dY)
    for got, expected in zip(mine, (X.grad, W.grad, b.grad)):
        assert torch.allclose(got, expected)
    conv = nn.Conv2d(1, 1, (2, 3), bias=False)
    image = torch.randn(1, 1, 5, 6)
    expected = conv(image)[0, 0].detach()
    assert torch.allclose(my_corr2d(image[0, 0], conv.weight[0, 0].detach()), expected, atol=1e-6)
    for n, k, p, s, d in [(28, 5, 0, 1, 1), (32, 3, 2, 1, 2), (10, 3, 1, 3, 2), (8, 3, 0, 3, 1)]:
        out = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, n, n))
        assert out.shape[-1] == my_conv_output_size(n, k, p, s, d)
    w = torch.randn(5, requires_grad=True)
    grad = torch.randn(5)
    w.grad = grad.clone()
    m, v = torch.zeros(5), torch.zeros(5)
    w_new, m, v = my_adam_step(w.detach(), grad, m, v, 1, 0.1, 0.9, 0.999, 1e-8)
    torch.optim.Adam([w], lr=0.1).step()
    assert torch.allclose(w_new, w.detach())
    w = torch.randn(5, requires_grad=True)
    w.grad = grad.clone()
    w_new, _ = my_momentum_step(w.detach(), torch.zeros(5), grad, 0.1, 0.9)
    torch.optim.SGD([w], lr=0.1, momentum=0.9).step()
    assert torch.allclose(w_new, w.detach())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_checkers_leave_the_cuda_random_state_alone():
    torch.cuda.manual_seed(7)
    state = torch.cuda.get_rng_state()
    assert ex.check_dropout(my_dropout).passed and ex.check_dropout_module(MyDropout).passed
    assert torch.equal(torch.cuda.get_rng_state(), state)
