"""Answers to the exercise checkers of utils/exercises/, written as readers write them, grouped by
checker in the order of the chapters: at least three correct answers written differently (the first
is the reference of the tests), then at least five plausible wrong ones, each with what the checker's
message must say about it. A new checker's answers go beside those of the other checkers of its
chapter.

tests/test_exercises.py runs every checker on all of them, in both languages."""

import argparse
import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

RIGHT = {}  # checker -> correct answers
WRONG = {}  # checker -> [(wrong answer, what the message says, ...)]

# What a message must say: a string for both languages, or a pair (English, Chinese).
VALUES = ("has wrong values", "的数值不对")
VALUE = ("; it should be ", "，应该是 ")  # a wrong number or string (not a wrong type)
SHAPE = ("has shape", "的形状是")
TYPE = ("is of type", " 类型，应该是")
CHANGED = ("changed its input", "原地修改了输入")
NOT_IN_PLACE = ("did not update", "没有原地更新")
OVERFLOW = ("inf or nan", "溢出")
RAISED = ("raised", "抛出了异常")
ROWS = ("keeps or drops whole rows together", "整行整行地保留或丢弃")
COLUMNS = ("keeps or drops whole columns together", "整列整列地保留或丢弃")
SAME_MASK = ("dropped the same elements in two calls", "两次调用丢弃的是同一批元素")


# --- check_mae (utils/exercises/ch00_introduction.py) ----------------------------------------
def my_mae(y_hat, y):
    return torch.abs(y_hat - y).mean()


def mae_sum_over_count(y_hat, y):
    return (y_hat - y).abs().sum() / y.numel()


def mae_l1_loss(y_hat, y):
    return F.l1_loss(y_hat, y)


def wrong_mae_no_abs(y_hat, y):
    return (y_hat - y).mean()


def wrong_mae_sum(y_hat, y):
    return (y_hat - y).abs().sum()


def wrong_mae_item(y_hat, y):
    return (y_hat - y).abs().mean().item()


def wrong_mae_dim0(y_hat, y):
    return (y_hat - y).abs().mean(dim=0)


def wrong_mae_squared(y_hat, y):
    return ((y_hat - y) ** 2).mean()


def wrong_mae_len(y_hat, y):
    return (y_hat - y).abs().sum() / len(y)  # len is the first dimension only


RIGHT["check_mae"] = [my_mae, mae_sum_over_count, mae_l1_loss]
WRONG["check_mae"] = [(wrong_mae_no_abs, VALUES), (wrong_mae_sum, VALUES), (wrong_mae_item, TYPE, "float"),
                      (wrong_mae_dim0, SHAPE, "(2,)"), (wrong_mae_squared, VALUES),
                      (wrong_mae_len, VALUES, ("Expected ", "应为 "))]


# --- check_grid_search (utils/exercises/ch00_introduction.py) --------------------------------
def my_grid_search(x, y, ws):
    best_w, best_loss = None, None
    for w in ws:
        loss = ((w * x - y) ** 2).mean()
        if best_loss is None or loss < best_loss:
            best_w, best_loss = w, loss
    return best_w


def grid_search_argmin(x, y, ws):
    losses = torch.stack([((w * x - y) ** 2).mean() for w in ws])
    return ws[losses.argmin()]  # argmin gives the first of equal minima


def grid_search_min_key(x, y, ws):
    return float(min(ws, key=lambda w: ((w * x - y) ** 2).mean().item()))


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


def wrong_grid_no_square(x, y, ws):
    return min(ws, key=lambda w: (w * x - y).mean().item())


def wrong_grid_both(x, y, ws):
    best = min(ws, key=lambda w: ((w * x - y) ** 2).mean().item())
    return best, ((best * x - y) ** 2).mean()


RIGHT["check_grid_search"] = [my_grid_search, grid_search_argmin, grid_search_min_key]
WRONG["check_grid_search"] = [(wrong_grid_index, VALUE), (wrong_grid_last_on_ties, VALUE, "ws = [-2, -1, 1, 2]"),
                              (wrong_grid_loss, VALUE), (wrong_grid_no_square, VALUE),
                              (wrong_grid_both, TYPE, "tuple")]


# --- check_row_normalize (utils/exercises/ch01_preliminaries.py) -----------------------------
def my_row_normalize(X):
    return X / X.sum(dim=1, keepdim=True)


def row_normalize_reshape(X):
    return X / X.sum(1).reshape(-1, 1)


def row_normalize_transpose(X):
    return (X.T / X.sum(dim=1)).T


def row_normalize_l1(X):
    return F.normalize(X, p=1, dim=1)  # the rows are positive: L1 norm = sum


def wrong_rows_in_place(X):
    X /= X.sum(dim=1, keepdim=True)
    return X


def wrong_rows_dim0(X):
    return X / X.sum(dim=0, keepdim=True)


def wrong_rows_no_keepdim(X):
    return X / X.sum(dim=1)


def wrong_rows_total(X):
    return X / X.sum()


def wrong_rows_max(X):
    return X / X.max(dim=1, keepdim=True).values


def wrong_rows_softmax(X):
    return torch.softmax(X, dim=1)


RIGHT["check_row_normalize"] = [my_row_normalize, row_normalize_reshape, row_normalize_transpose,
                                row_normalize_l1]
WRONG["check_row_normalize"] = [(wrong_rows_in_place, CHANGED), (wrong_rows_dim0, VALUES),
                                (wrong_rows_no_keepdim, RAISED, "RuntimeError", "keepdim"),
                                (wrong_rows_total, VALUES), (wrong_rows_max, VALUES), (wrong_rows_softmax, VALUES)]


# --- check_count_params (utils/exercises/ch01_preliminaries.py) ------------------------------
def my_count_params(net):
    return sum(p.numel() for p in net.parameters())


def count_params_prod(net):
    return sum(math.prod(p.shape) for p in net.parameters())


def count_params_loop(net):
    total = 0
    for name, p in net.named_parameters():
        total += p.nelement()
    return total


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


def wrong_count_weights_only(net):
    return sum(p.numel() for name, p in net.named_parameters() if "weight" in name)


RIGHT["check_count_params"] = [my_count_params, count_params_prod, count_params_loop]
WRONG["check_count_params"] = [(wrong_count_tensors, VALUE, "nn.Linear(3, 2)"),
                               (wrong_count_trainable, VALUE, "requires_grad_(False)"),
                               (wrong_count_state_dict, VALUE, ("it should be 20", "应该是 20")),
                               (wrong_count_shared_twice, VALUE, "lin = nn.Linear(4, 4)"),
                               (wrong_count_float, TYPE, "float"), (wrong_count_weights_only, VALUE)]


# --- check_squared_loss (utils/exercises/ch02_linear_regression.py) --------------------------
def my_squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def squared_loss_view_as(y_hat, y):
    return 0.5 * torch.square(y_hat - y.view_as(y_hat))


def squared_loss_column(y_hat, y):
    diff = y_hat - y.reshape(-1, 1)
    return diff * diff / 2


def wrong_loss_no_reshape(y_hat, y):
    return (y_hat - y) ** 2 / 2


def wrong_loss_no_half(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2


def wrong_loss_mean(y_hat, y):
    return ((y_hat - y.reshape(y_hat.shape)) ** 2 / 2).mean()


def wrong_loss_abs(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)).abs() / 2


def wrong_loss_flat(y_hat, y):
    return (y_hat.reshape(-1) - y.reshape(-1)) ** 2 / 2


RIGHT["check_squared_loss"] = [my_squared_loss, squared_loss_view_as, squared_loss_column]
WRONG["check_squared_loss"] = [(wrong_loss_no_reshape, SHAPE, "(4, 4)", "(4, 1)"), (wrong_loss_no_half, VALUES),
                               (wrong_loss_mean, SHAPE, "()"), (wrong_loss_abs, VALUES),
                               (wrong_loss_flat, SHAPE, "(4,)")]


# --- check_sgd (utils/exercises/ch02_linear_regression.py) -----------------------------------
def my_sgd(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad / batch_size
            p.grad.zero_()


def sgd_sub_(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p.sub_(p.grad, alpha=lr / batch_size)
            p.grad = None  # as optimizers leave it


def sgd_data(params, lr, batch_size):
    for p in params:
        p.data -= lr / batch_size * p.grad.data
        p.grad.data.zero_()


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


def wrong_sgd_ascent(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p += lr * p.grad / batch_size
            p.grad.zero_()


def wrong_sgd_times_batch_size(params, lr, batch_size):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad * batch_size
            p.grad.zero_()


RIGHT["check_sgd"] = [my_sgd, sgd_sub_, sgd_data]
WRONG["check_sgd"] = [(wrong_sgd_rebinds, NOT_IN_PLACE, "params[0]"), (wrong_sgd_no_batch_size, VALUES),
                      (wrong_sgd_keeps_grad, VALUES, "params[0].grad"),
                      (wrong_sgd_no_no_grad, RAISED, "RuntimeError", "torch.no_grad()"),
                      (wrong_sgd_ascent, VALUES, "params[0]"), (wrong_sgd_times_batch_size, VALUES)]


# --- check_softmax (utils/exercises/ch03_softmax_regression.py) ------------------------------
def my_softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(dim=1, keepdim=True)


def softmax_logsumexp(X):
    return torch.exp(X - torch.logsumexp(X, 1, keepdim=True))


def softmax_torch(X):
    return torch.softmax(X, dim=-1)


def softmax_log_softmax(X):
    return F.log_softmax(X, dim=1).exp()


def softmax_amax(X):
    Z = X - X.amax(dim=1, keepdim=True)
    return Z.exp() / Z.exp().sum(dim=1, keepdim=True)


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


def wrong_softmax_batch_max(X):  # the max of the whole batch, not of each row
    X_exp = torch.exp(X - X.max())
    return X_exp / X_exp.sum(dim=1, keepdim=True)


def wrong_softmax_total(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum()


def wrong_softmax_mean_shift(X):  # the mean does not bound the exponents
    X_exp = torch.exp(X - X.mean(dim=1, keepdim=True))
    return X_exp / X_exp.sum(dim=1, keepdim=True)


RIGHT["check_softmax"] = [my_softmax, softmax_logsumexp, softmax_torch, softmax_log_softmax, softmax_amax]
WRONG["check_softmax"] = [(wrong_softmax_naive, OVERFLOW, "X = [[1000, 0, -1000]]",
                           "X.max(dim=1, keepdim=True)"), (wrong_softmax_in_place, CHANGED),
                          (wrong_softmax_dim0, VALUES), (wrong_softmax_no_keepdim, RAISED, "RuntimeError"),
                          (wrong_softmax_batch_max, OVERFLOW, "[[1000, 999, 998], [0, 1, 2]]"),
                          (wrong_softmax_total, VALUES), (wrong_softmax_mean_shift, OVERFLOW)]


# --- check_cross_entropy (utils/exercises/ch03_softmax_regression.py) ------------------------
def my_cross_entropy(logits, y):
    m = logits.max(dim=1).values
    log_sum = m + torch.log(torch.exp(logits - m[:, None]).sum(dim=1))
    return log_sum - logits[torch.arange(len(y)), y]


def cross_entropy_logsumexp(logits, y):
    return torch.logsumexp(logits, dim=1) - logits.gather(1, y[:, None]).squeeze(1)


def cross_entropy_torch(logits, y):
    return F.cross_entropy(logits, y, reduction="none")


def cross_entropy_log_softmax(logits, y):
    return -torch.log_softmax(logits, dim=1)[range(len(y)), y]


def cross_entropy_shifted(logits, y):  # chapter 3's solution: both terms shifted
    shifted = logits - logits.max(dim=1, keepdim=True).values
    return torch.log(torch.exp(shifted).sum(dim=1)) - shifted[torch.arange(len(y)), y]


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


def wrong_ce_batch_max(logits, y):  # the max of the whole batch, not of each row
    m = logits.max()
    return m + torch.log(torch.exp(logits - m).sum(dim=1)) - logits[torch.arange(len(y)), y]


RIGHT["check_cross_entropy"] = [my_cross_entropy, cross_entropy_logsumexp, cross_entropy_torch,
                                cross_entropy_log_softmax, cross_entropy_shifted]
WRONG["check_cross_entropy"] = [(wrong_ce_naive, OVERFLOW, "logsumexp"), (wrong_ce_log_of_stable_softmax, OVERFLOW,
                                                             "[[1000, 0, -1000]]"),
                                (wrong_ce_mean, SHAPE, "()", "(4,)"), (wrong_ce_columns, SHAPE, "(4, 4)"),
                                (wrong_ce_sign, VALUES),
                                (wrong_ce_batch_max, OVERFLOW, "[[1000, 999, 998], [0, 1, 2]]")]


# --- check_relu (utils/exercises/ch04_multilayer_perceptrons.py) -----------------------------
def my_relu(X):
    return torch.maximum(X, torch.zeros_like(X))


def relu_mask(X):
    return X * (X > 0)


def relu_where(X):
    return torch.where(X > 0, X, 0.0)


def relu_functional(X):
    return F.relu(X)


def wrong_relu_in_place(X):
    return X.clamp_(min=0)


def wrong_relu_numpy(X):
    return torch.tensor(np.maximum(X.detach().numpy(), 0))


def wrong_relu_abs(X):
    return X.abs()


def wrong_relu_max(X):
    return torch.max(X, 0)


def wrong_relu_detached(X):
    return X.detach().clamp(min=0)


def wrong_relu_min(X):
    return X.clamp(max=0)


RIGHT["check_relu"] = [my_relu, relu_mask, relu_where, relu_functional]
WRONG["check_relu"] = [(wrong_relu_in_place, CHANGED), (wrong_relu_numpy, "autograd", "requires_grad=True"),
                       (wrong_relu_abs, VALUES), (wrong_relu_max, TYPE, "torch.return_types.max"),
                       (wrong_relu_detached, "autograd", "requires_grad=True"), (wrong_relu_min, VALUES)]


# --- check_k_fold_data (utils/exercises/ch04_multilayer_perceptrons.py) ----------------------
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


def k_fold_split(k, i, X, y):
    size = X.shape[0] // k
    X_parts, y_parts = list(X[:k * size].split(size)), list(y[:k * size].split(size))
    X_valid, y_valid = X_parts.pop(i), y_parts.pop(i)
    return torch.cat(X_parts), torch.cat(y_parts), X_valid, y_valid


def k_fold_index(k, i, X, y):
    size = X.shape[0] // k
    rows = torch.arange(k * size)
    valid = rows // size == i
    return X[rows[~valid]], y[rows[~valid]], X[rows[valid]], y[rows[valid]]


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


def wrong_fold_ceil(k, i, X, y):
    size = math.ceil(X.shape[0] / k)
    lo, hi = i * size, (i + 1) * size
    return torch.cat([X[:lo], X[hi:]]), torch.cat([y[:lo], y[hi:]]), X[lo:hi], y[lo:hi]


def wrong_fold_valid_first(k, i, X, y):
    X_train, y_train, X_valid, y_valid = my_k_fold_data(k, i, X, y)
    return X_valid, y_valid, X_train, y_train


RIGHT["check_k_fold_data"] = [my_k_fold_data, k_fold_split, k_fold_index]
WRONG["check_k_fold_data"] = [(wrong_fold_keeps_rest, SHAPE, "X_train"), (wrong_fold_next, VALUES),
                              (wrong_fold_order, VALUES, "X_train"), (wrong_fold_valid_in_train, SHAPE),
                              (wrong_fold_ceil, SHAPE), (wrong_fold_valid_first, SHAPE, "X_train")]


# --- check_l2_penalty (utils/exercises/ch05_weight_decay.py) ---------------------------------
def my_l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def l2_penalty_norm(w):
    return 0.5 * torch.linalg.vector_norm(w) ** 2


def l2_penalty_dot(w):
    return torch.dot(w.flatten(), w.flatten()) / 2


def wrong_l2_no_half(w):
    return (w ** 2).sum()


def wrong_l2_norm(w):
    return torch.norm(w) / 2


def wrong_l2_item(w):
    return float((w ** 2).sum() / 2)


def wrong_l2_mean(w):
    return (w ** 2).mean() / 2


def wrong_l2_abs(w):
    return w.abs().sum() / 2


def wrong_l2_dim0(w):
    return (w ** 2).sum(dim=0) / 2


RIGHT["check_l2_penalty"] = [my_l2_penalty, l2_penalty_norm, l2_penalty_dot]
WRONG["check_l2_penalty"] = [(wrong_l2_no_half, VALUES), (wrong_l2_norm, VALUES), (wrong_l2_item, TYPE, "float"),
                             (wrong_l2_mean, VALUES), (wrong_l2_abs, VALUES), (wrong_l2_dim0, SHAPE, "(1,)")]


# --- check_weight_decay_step (utils/exercises/ch05_weight_decay.py) --------------------------
def my_weight_decay_step(w, grad, lr, wd):
    return w - lr * (grad + wd * w)


def weight_decay_shrink_first(w, grad, lr, wd):
    return w * (1 - lr * wd) - lr * grad


def weight_decay_terms(w, grad, lr, wd):
    new = w.clone()
    new -= lr * grad
    new -= lr * wd * w
    return new


def wrong_decay_in_place(w, grad, lr, wd):
    w -= lr * (grad + wd * w)
    return w


def wrong_decay_no_lr(w, grad, lr, wd):
    return (1 - wd) * w - lr * grad


def wrong_decay_sign(w, grad, lr, wd):
    return (1 + lr * wd) * w - lr * grad


def wrong_decay_after(w, grad, lr, wd):
    return (w - lr * grad) * (1 - lr * wd)


def wrong_decay_half(w, grad, lr, wd):  # the 1/2 of the penalty kept in its gradient
    return w - lr * (grad + wd / 2 * w)


def wrong_decay_no_lr_on_grad(w, grad, lr, wd):
    return (1 - lr * wd) * w - grad


RIGHT["check_weight_decay_step"] = [my_weight_decay_step, weight_decay_shrink_first, weight_decay_terms]
WRONG["check_weight_decay_step"] = [(wrong_decay_in_place, CHANGED, "w"), (wrong_decay_no_lr, VALUES),
                                    (wrong_decay_sign, VALUES), (wrong_decay_after, VALUES),
                                    (wrong_decay_half, VALUES), (wrong_decay_no_lr_on_grad, VALUES)]


# --- check_dropout (utils/exercises/ch06_dropout.py) -----------------------------------------
def my_dropout(X, p):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if p == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > p).float()
    return mask * X / (1 - p)


def dropout_bernoulli(X, p):
    if p < 0 or p > 1:
        raise ValueError("p must be between 0 and 1")
    if p == 1:
        return torch.zeros_like(X)
    return X * torch.bernoulli(torch.full_like(X, 1 - p)) / (1 - p)


def dropout_functional(X, p):
    return F.dropout(X, p, training=True)  # raises ValueError for p outside [0, 1]


def dropout_numpy(X, p):
    if not 0 <= p <= 1:
        raise ValueError(p)
    keep = torch.from_numpy(np.random.rand(*X.shape) >= p)
    return torch.where(keep, X / (1 - p), torch.zeros_like(X)) if p < 1 else torch.zeros_like(X)


def _checked(p):
    if not 0 <= p <= 1:
        raise ValueError("p")


def wrong_dropout_unscaled(X, p):
    _checked(p)
    return (torch.rand(X.shape) > p).float() * X


def wrong_dropout_keeps_p(X, p):
    _checked(p)
    if p == 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape) < p).float() * X / (1 - p)


def wrong_dropout_in_place(X, p):
    _checked(p)
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
    _checked(p)
    return (torch.rand(X.shape) > p).float() * X / (1 - p)


def wrong_dropout_row_mask(X, p):  # one random number per row
    _checked(p)
    if p == 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape[0], 1) > p).float() * X / (1 - p)


def wrong_dropout_column_mask(X, p):  # one random number per column, broadcast over the rows
    _checked(p)
    if p == 1:
        return torch.zeros_like(X)
    return (torch.rand(X.shape[1]) > p).float() * X / (1 - p)


_MASKS = {}


def wrong_dropout_one_mask(X, p):  # drawn once, then reused on every call
    _checked(p)
    if p == 1:
        return torch.zeros_like(X)
    if (X.shape, p) not in _MASKS:
        _MASKS[X.shape, p] = (torch.rand(X.shape) > p).float()
    return _MASKS[X.shape, p] * X / (1 - p)


def wrong_dropout_seeded(X, p):  # "for reproducibility": the same mask on every call
    torch.manual_seed(0)
    return my_dropout(X, p)


RIGHT["check_dropout"] = [my_dropout, dropout_bernoulli, dropout_functional, dropout_numpy]
WRONG["check_dropout"] = [(wrong_dropout_unscaled, ("divide them by (1 - p)", "除以 (1 - p)")),
                          (wrong_dropout_keeps_p, ("should drop about 20%", "应该丢弃大约 20%"), "p = 0.2"),
                          (wrong_dropout_in_place, CHANGED),
                          (wrong_dropout_no_check, ("did not raise ValueError", "没有抛出 ValueError"), "p = -0.1"),
                          (wrong_dropout_assert, ("should raise ValueError", "应该抛出 ValueError"),
                           "AssertionError"),
                          (wrong_dropout_nan_at_1, OVERFLOW, "p = 1"),
                          (wrong_dropout_row_mask, ROWS, "p = 0.5"), (wrong_dropout_column_mask, COLUMNS),
                          (wrong_dropout_one_mask, SAME_MASK, "torch.rand(X.shape)"),
                          (wrong_dropout_seeded, SAME_MASK, "torch.manual_seed")]


# --- check_dropout_module (utils/exercises/ch06_dropout.py) ----------------------------------
class MyDropout(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, X):
        return my_dropout(X, self.p) if self.training else X


class DropoutFunctional(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, X):
        return F.dropout(X, self.p, self.training)


class DropoutWrapper(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.drop = nn.Dropout(p)

    def forward(self, X):
        return self.drop(X)  # follows train() and eval() as a submodule


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


class WrongDropoutRowMask(MyDropout):
    def forward(self, X):
        return wrong_dropout_row_mask(X, self.p) if self.training else X


class WrongDropoutMaskInInit(MyDropout):  # one mask, drawn at the first call, for every call
    def forward(self, X):
        if not self.training:
            return X
        if not hasattr(self, "mask"):
            self.mask = (torch.rand(X.shape) > self.p).float()
        return self.mask * X / (1 - self.p) if self.p < 1 else torch.zeros_like(X)


RIGHT["check_dropout_module"] = [MyDropout, DropoutFunctional, DropoutWrapper]
WRONG["check_dropout_module"] = [(WrongDropoutAlways, VALUES, ("evaluation mode", "评估模式")),
                                 (WrongDropoutInverted, ("drops 0%", "丢弃了 0%"), ("training mode", "训练模式")),
                                 (WrongDropoutUnscaled, ("divide them by (1 - p)", "除以 (1 - p)")),
                                 (WrongDropoutNoSuper, RAISED, "AttributeError", "super().__init__()"),
                                 (WrongDropoutTrainMethod, VALUES, ("evaluation mode", "评估模式")),
                                 (WrongDropoutRowMask, ROWS, ("training mode", "训练模式")),
                                 (WrongDropoutMaskInInit, SAME_MASK)]


# --- check_xavier_bound (utils/exercises/ch07_numerical_stability.py) ------------------------
def my_xavier_bound(fan_in, fan_out):
    return math.sqrt(6 / (fan_in + fan_out))


def xavier_bound_power(fan_in, fan_out):
    return (6 / (fan_in + fan_out)) ** 0.5


def xavier_bound_from_std(fan_in, fan_out):
    std = math.sqrt(2 / (fan_in + fan_out))
    return math.sqrt(3) * std  # U(-a, a) has standard deviation a / sqrt(3)


def xavier_bound_tensor(fan_in, fan_out):
    return torch.sqrt(torch.tensor(6.0) / (fan_in + fan_out))  # a 0-d tensor is a number too


def wrong_xavier_std(fan_in, fan_out):
    return math.sqrt(2 / (fan_in + fan_out))


def wrong_xavier_fan_in(fan_in, fan_out):
    return math.sqrt(6 / fan_in)


def wrong_xavier_no_sqrt(fan_in, fan_out):
    return 6 / (fan_in + fan_out)


def wrong_xavier_int_division(fan_in, fan_out):
    return math.sqrt(6 // (fan_in + fan_out))


def wrong_xavier_product(fan_in, fan_out):
    return math.sqrt(6 / (fan_in * fan_out))


def wrong_xavier_average(fan_in, fan_out):
    return math.sqrt(6 / ((fan_in + fan_out) / 2))


RIGHT["check_xavier_bound"] = [my_xavier_bound, xavier_bound_power, xavier_bound_from_std, xavier_bound_tensor]
WRONG["check_xavier_bound"] = [(wrong_xavier_std, VALUE), (wrong_xavier_fan_in, VALUE),
                               (wrong_xavier_no_sqrt, VALUE),
                               (wrong_xavier_int_division, VALUE, ("is 0 for", "是 0，")),
                               (wrong_xavier_product, VALUE), (wrong_xavier_average, VALUE)]


# --- check_clip_gradients (utils/exercises/ch07_numerical_stability.py) ----------------------
def my_clip_gradients(params, theta):
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm


def clip_gradients_torch(params, theta):
    nn.utils.clip_grad_norm_(params, theta)  # scales by theta / (norm + 1e-6): equal within tolerance


def clip_gradients_cat(params, theta):
    norm = torch.cat([p.grad.flatten() for p in params]).norm().item()
    if norm > theta:
        for p in params:
            p.grad.mul_(theta / norm)


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


RIGHT["check_clip_gradients"] = [my_clip_gradients, clip_gradients_torch, clip_gradients_cat]
WRONG["check_clip_gradients"] = [(wrong_clip_each, VALUES, "params[0].grad"),
                                 (wrong_clip_always, VALUES, "theta = 100"),
                                 (wrong_clip_not_in_place, NOT_IN_PLACE, "params[0].grad"),
                                 (wrong_clip_replaces_grad, NOT_IN_PLACE, "params[0].grad"),
                                 (wrong_clip_no_sqrt, VALUES), (wrong_clip_params, CHANGED, "params[0]")]


# --- check_sigmoid_grad (utils/exercises/ch08_backpropagation.py) ----------------------------
def my_sigmoid_grad(x):
    s = torch.sigmoid(x)
    return s * (1 - s)


def sigmoid_grad_symmetric(x):
    return torch.sigmoid(x) * torch.sigmoid(-x)


def sigmoid_grad_autograd(x):
    x = x.detach().clone().requires_grad_(True)
    torch.sigmoid(x).sum().backward()
    return x.grad


def sigmoid_grad_abs(x):
    e = torch.exp(-x.abs())  # the derivative is even: exp(-|x|) never overflows
    return e / (1 + e) ** 2


def wrong_sigmoid_grad_naive(x):
    return torch.exp(-x) / (1 + torch.exp(-x)) ** 2


def wrong_sigmoid_grad_sigmoid(x):
    return torch.sigmoid(x)


def wrong_sigmoid_grad_plus(x):
    s = torch.sigmoid(x)
    return s * (1 + s)


def wrong_sigmoid_grad_tanh(x):
    return 1 - torch.tanh(x) ** 2


def wrong_sigmoid_grad_exp(x):
    return torch.exp(x) / (1 + torch.exp(x)) ** 2


RIGHT["check_sigmoid_grad"] = [my_sigmoid_grad, sigmoid_grad_symmetric, sigmoid_grad_autograd, sigmoid_grad_abs]
WRONG["check_sigmoid_grad"] = [(wrong_sigmoid_grad_naive, OVERFLOW, "-1000"), (wrong_sigmoid_grad_sigmoid, VALUES),
                               (wrong_sigmoid_grad_plus, VALUES), (wrong_sigmoid_grad_tanh, VALUES),
                               (wrong_sigmoid_grad_exp, OVERFLOW, "1000")]


# --- check_linear_backward (utils/exercises/ch08_backpropagation.py) -------------------------
def my_linear_backward(X, W, b, dY):
    return dY @ W, dY.T @ X, dY.sum(dim=0)


def linear_backward_einsum(X, W, b, dY):
    return (torch.einsum("no,oi->ni", dY, W), torch.einsum("no,ni->oi", dY, X), torch.einsum("no->o", dY))


def linear_backward_autograd(X, W, b, dY):
    X, W, b = (t.detach().clone().requires_grad_(True) for t in (X, W, b))
    (X @ W.T + b).backward(dY)
    return X.grad, W.grad, b.grad


def wrong_backward_dW_transposed(X, W, b, dY):
    return dY @ W, X.T @ dY, dY.sum(dim=0)


def wrong_backward_db_mean(X, W, b, dY):
    return dY @ W, dY.T @ X, dY.mean(dim=0)


def wrong_backward_dX(X, W, b, dY):
    return dY @ W.T, dY.T @ X, dY.sum(dim=0)


def wrong_backward_two(X, W, b, dY):
    return dY @ W, dY.T @ X


def wrong_backward_db_dY(X, W, b, dY):
    return dY @ W, dY.T @ X, dY


def wrong_backward_db_total(X, W, b, dY):
    return dY @ W, dY.T @ X, dY.sum()


RIGHT["check_linear_backward"] = [my_linear_backward, linear_backward_einsum, linear_backward_autograd]
WRONG["check_linear_backward"] = [(wrong_backward_dW_transposed, SHAPE, "dW", "(3, 2)", "(2, 3)"),
                                  (wrong_backward_db_mean, VALUES, "db"),
                                  (wrong_backward_dX, RAISED, "RuntimeError"),
                                  (wrong_backward_two, ("returned 2 values", "返回了 2 个值"), "dX, dW, db"),
                                  (wrong_backward_db_dY, SHAPE, "db"), (wrong_backward_db_total, SHAPE, "db", "()")]


# --- check_momentum_step (utils/exercises/ch09_optimization.py) ------------------------------
def my_momentum_step(w, v, grad, lr, beta):
    v = beta * v + grad
    return w - lr * v, v


def momentum_step_add(w, v, grad, lr, beta):
    v_new = torch.add(grad, v, alpha=beta)
    return torch.add(w, v_new, alpha=-lr), v_new


def momentum_step_expanded(w, v, grad, lr, beta):
    return w - lr * beta * v - lr * grad, grad + beta * v


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


def wrong_momentum_lr_in_v(w, v, grad, lr, beta):
    v = beta * v + lr * grad
    return w - v, v


def wrong_momentum_swapped(w, v, grad, lr, beta):
    v = beta * v + grad
    return v, w - lr * v


RIGHT["check_momentum_step"] = [my_momentum_step, momentum_step_add, momentum_step_expanded]
WRONG["check_momentum_step"] = [(wrong_momentum_d2l, VALUES, "w_new"), (wrong_momentum_ema, VALUES),
                                (wrong_momentum_in_place, CHANGED, "v"), (wrong_momentum_old_v, VALUES, "w_new"),
                                (wrong_momentum_lr_in_v, VALUES, "v_new"), (wrong_momentum_swapped, VALUES)]


# --- check_adam_step (utils/exercises/ch09_optimization.py) ----------------------------------
def my_adam_step(w, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v


def adam_step_pytorch(w, grad, m, v, t, lr, beta1, beta2, eps):  # as torch.optim.Adam computes it
    m = m.lerp(grad, 1 - beta1)
    v = v.mul(beta2).addcmul(grad, grad, value=1 - beta2)
    denom = v.sqrt() / math.sqrt(1 - beta2 ** t) + eps
    return w.addcdiv(m, denom, value=-lr / (1 - beta1 ** t)), m, v


def adam_step_loop(w, grad, m, v, t, lr, beta1, beta2, eps):
    m_new = m * beta1 + grad * (1 - beta1)
    v_new = v * beta2 + grad * grad * (1 - beta2)
    step = lr * (m_new / (1 - beta1 ** t)) / ((v_new / (1 - beta2 ** t)) ** 0.5 + eps)
    return w - step, m_new, v_new


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


def wrong_adam_grad_not_squared(w, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad.abs()
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v


def wrong_adam_betas_swapped(w, grad, m, v, t, lr, beta1, beta2, eps):
    return my_adam_step(w, grad, m, v, t, lr, beta2, beta1, eps)


RIGHT["check_adam_step"] = [my_adam_step, adam_step_pytorch, adam_step_loop]
WRONG["check_adam_step"] = [(wrong_adam_no_bias_correction, VALUES, "w_new"),
                            (wrong_adam_eps_inside, VALUES, "eps = 0.001"), (wrong_adam_in_place, CHANGED, "m"),
                            (wrong_adam_t_from_0, OVERFLOW, "t = 1"), (wrong_adam_grad_not_squared, VALUES),
                            (wrong_adam_betas_swapped, VALUES, "m_new")]


# --- check_corr2d (utils/exercises/ch10_convolutions.py) -------------------------------------
def my_corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


def corr2d_unfold(X, K):
    windows = X.unfold(0, K.shape[0], 1).unfold(1, K.shape[1], 1)  # (h', w', kh, kw)
    return (windows * K).sum(dim=(2, 3))


def corr2d_comprehension(X, K):
    kh, kw = K.shape
    return torch.tensor([[float((X[i:i + kh, j:j + kw] * K).sum()) for j in range(X.shape[1] - kw + 1)]
                         for i in range(X.shape[0] - kh + 1)])


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


def wrong_corr2d_mean(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).mean()
    return Y


def wrong_corr2d_swapped_axes(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[1] - w + 1, X.shape[0] - h + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[j:j + h, i:i + w] * K).sum()
    return Y


RIGHT["check_corr2d"] = [my_corr2d, corr2d_unfold, corr2d_comprehension]
WRONG["check_corr2d"] = [(wrong_corr2d_flipped, VALUES, "[[19, 25], [37, 43]]", "[[5, 11], [23, 29]]"),
                         (wrong_corr2d_too_small, SHAPE, "(2, 2)", "(1, 1)"), (wrong_corr2d_square, SHAPE, "(4, 5)"),
                         (wrong_corr2d_mean, VALUES),
                         (wrong_corr2d_swapped_axes, VALUES, ("got [[19, 37], [25, 43]]", "实际为 [[19, 37], [25, 43]]"))]


# --- check_conv_output_size (utils/exercises/ch10_convolutions.py) ---------------------------
def my_conv_output_size(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def conv_output_size_floor(n, k, p, s, d):
    return math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1


def conv_output_size_effective_kernel(n, k, p, s, d):
    span = d * (k - 1) + 1  # the input columns a dilated kernel covers
    return (n + 2 * p - span) // s + 1


def wrong_size_float(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) / s + 1


def wrong_size_no_dilation(n, k, p, s, d):
    return (n + 2 * p - k) // s + 1


def wrong_size_no_plus_one(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1) // s


def wrong_size_ceil(n, k, p, s, d):
    return math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1


def wrong_size_one_padding(n, k, p, s, d):
    return (n + p - d * (k - 1) - 1) // s + 1


def wrong_size_stride_last(n, k, p, s, d):
    return (n + 2 * p - d * (k - 1) - 1 + 1) // s


RIGHT["check_conv_output_size"] = [my_conv_output_size, conv_output_size_floor, conv_output_size_effective_kernel]
WRONG["check_conv_output_size"] = [(wrong_size_float, TYPE, "float"), (wrong_size_no_dilation, VALUE, "d = 2"),
                                   (wrong_size_no_plus_one, VALUE), (wrong_size_ceil, VALUE),
                                   (wrong_size_one_padding, VALUE, "p = 1"), (wrong_size_stride_last, VALUE)]


# --- check_pick_device (utils/exercises/ch11_colab_and_local_setup.py) -----------------------
def my_pick_device(cuda_available, mps_available):
    if cuda_available:
        return "cuda"
    return torch.device("mps") if mps_available else "cpu"  # a torch.device is fine too


def pick_device_expression(cuda_available, mps_available):
    return "cuda" if cuda_available else "mps" if mps_available else "cpu"


def pick_device_indexed(cuda_available, mps_available):
    if cuda_available:
        return torch.device("cuda:0")
    if mps_available:
        return "mps:0"
    return torch.device("cpu")


def wrong_device_mps_first(cuda_available, mps_available):
    return "mps" if mps_available else "cuda" if cuda_available else "cpu"


def wrong_device_ignores_arguments(cuda_available, mps_available):
    return "cuda" if torch.cuda.is_available() else "mps" if mps_available else "cpu"


def wrong_device_gpu(cuda_available, mps_available):
    return "gpu" if cuda_available else "mps" if mps_available else "cpu"


def wrong_device_bool(cuda_available, mps_available):
    return cuda_available


def wrong_device_no_mps(cuda_available, mps_available):
    return "cuda" if cuda_available else "cpu"


def wrong_device_and(cuda_available, mps_available):
    return "cuda" if cuda_available and not mps_available else "mps" if mps_available else "cpu"


RIGHT["check_pick_device"] = [my_pick_device, pick_device_expression, pick_device_indexed]
WRONG["check_pick_device"] = [(wrong_device_mps_first, VALUE, "'cuda'"), (wrong_device_ignores_arguments, VALUE),
                              (wrong_device_gpu, VALUE, "'gpu'"), (wrong_device_bool, TYPE, "bool"),
                              (wrong_device_no_mps, VALUE, "'mps'"), (wrong_device_and, VALUE, "'cuda'")]


# --- check_parse_args (utils/exercises/ch11_colab_and_local_setup.py) ------------------------
def my_parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    return parser.parse_args(argv)


def parse_args_known(argv):
    parser = argparse.ArgumentParser(description="train a model")
    parser.add_argument("--epochs", type=int, default=10, help="passes over the data")
    parser.add_argument("--lr", "--learning-rate", dest="lr", type=float, default=0.1)
    args, _ = parser.parse_known_args(argv)
    return args


def parse_args_defaults(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float)
    parser.add_argument("--epochs", type=int)
    parser.set_defaults(lr=0.1, epochs=10)
    return parser.parse_args(args=argv)


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


def wrong_args_int_lr(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=int, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    return parser.parse_args(argv)


def wrong_args_float_epochs(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=float, default=10)
    return parser.parse_args(argv)


RIGHT["check_parse_args"] = [my_parse_args, parse_args_known, parse_args_defaults]
WRONG["check_parse_args"] = [(wrong_args_sys_argv, RAISED, "SystemExit", "parse_args(argv)"),
                             (wrong_args_no_type, TYPE, "str", ".lr"), (wrong_args_default, VALUE, ".epochs"),
                             (wrong_args_dict, ("no attribute", "没有属性"), "dict"),
                             (wrong_args_int_lr, RAISED, "SystemExit", "--lr"),
                             (wrong_args_float_epochs, TYPE, "float", ".epochs")]


REFERENCE = {name: answers[0] for name, answers in RIGHT.items()}
