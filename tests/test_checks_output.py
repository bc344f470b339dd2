"""Notebook 03's checks recognise the typical mistakes and say so."""

import numpy as np
import pytest

import rnn_helpers as rh
from rnn_helpers.checks.output import check_output_forward, check_softmax


def _stub(*args):
    raise NotImplementedError("Exercise 3.1: ...")


# ----------------------------------------------------------------- Exercise 3.1: output layer


def test_output_forward_reference_passes():
    v = check_output_forward(rh.output_forward)
    assert v and "(2, 3, 4)" in v.text and "(3, 2, 3)" in v.text


def test_output_forward_stub_is_not_done():
    v = check_output_forward(_stub)
    assert v.status == "todo" and "rnn_helpers.output_forward" in v.text


def _reshaped_wrongly(h, W_hy, b_y):
    N, T, H = h.shape
    y = h.transpose(1, 0, 2).reshape(-1, H) @ W_hy.T + b_y  # time-major rows...
    return y.reshape(N, T, -1)  # ...read back as batch-first


def _hard_coded_O(h, W_hy, b_y):
    y = np.empty((*h.shape[:2], 4))  # O = 4 written in
    y[...] = h @ W_hy.T + b_y
    return y


def _hard_coded_H(h, W_hy, b_y):
    N, T = h.shape[:2]
    return (h.reshape(-1, 4) @ W_hy.T + b_y).reshape(N, T, -1)  # H = 4 written in


def _hard_coded_N_T(h, W_hy, b_y):
    y = h.reshape(-1, h.shape[-1]) @ W_hy.T + b_y
    return y.reshape(2, 3, -1)  # N = 2, T = 3 written in


def _no_return(h, W_hy, b_y):
    y = h @ W_hy.T + b_y  # noqa: F841 (the mistake)


def _loops(h, W_hy, b_y):
    y = np.zeros((*h.shape[:2], W_hy.shape[0]))
    for n in range(h.shape[0]):
        for t in range(h.shape[1]):
            y[n, t] = W_hy @ h[n, t] + b_y
    return y


def test_output_forward_loops_pass():
    assert check_output_forward(_loops)


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (_hard_coded_O, "not for other sizes"),
        (_hard_coded_H, "not for other sizes"),
        (_hard_coded_N_T, "not for other sizes"),
        (_no_return, "`return`"),
        (lambda h, W, b: h @ W + b, "W_hy looks transposed"),
        (lambda h, W, b: h @ W.T, "bias b_y is missing"),
        (lambda h, W, b: h @ W, "transposed (use h @ W_hy.T) and the bias"),
        (lambda h, W, b: np.tanh(h @ W.T + b), "no tanh"),
        (lambda h, W, b: rh.softmax(h @ W.T + b), "softmax is applied"),
        (lambda h, W, b: h[:, -1] @ W.T + b, "only the output of the last step"),
        (lambda h, W, b: W @ h + b, "W_hy transposed"),
        (_reshaped_wrongly, "reshape and transposes"),
        (lambda h, W, b: (h @ W.T + b).reshape(-1, W.shape[0]), "reshape and transposes"),
        (lambda h, W, b: (h @ W.T + b).transpose(1, 0, 2), "reshape and transposes"),
        (lambda h, W, b: (h.reshape(6, 4) @ W.T + b).reshape(2, 3, 4), "not for other sizes"),
        (lambda h, W, b: h @ W.T + b + 0.1, "y[n, t] must equal"),
        (lambda h, W, b: "y", "y[n, t] must equal"),
    ],
    ids=[
        "hard-coded O",
        "hard-coded H",
        "hard-coded N and T",
        "no return",
        "W_hy transposed",
        "no bias",
        "transposed and no bias",
        "tanh",
        "softmax",
        "last step only",
        "W_hy @ h",
        "time-major reshape",
        "flattened",
        "transposed axes",
        "hard-coded sizes",
        "off by a constant",
        "not numbers",
    ],
)
def test_output_forward_mistakes_get_targeted_hints(fn, hint_fragment):
    v = check_output_forward(fn)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, str(v)


def test_output_forward_check_does_not_let_the_learner_change_its_probe():
    def clobber(h, W_hy, b_y):
        y = h @ W_hy.T + b_y
        h[:] = 0
        return y

    assert check_output_forward(clobber)
    assert check_output_forward(rh.output_forward)


# ----------------------------------------------------------------- Exercise 3.2: softmax


def test_softmax_reference_passes():
    v = check_softmax(rh.softmax)
    assert v and "±1000" in v.text


def test_softmax_stub_is_not_done():
    v = check_softmax(_stub)
    assert v.status == "todo" and "rnn_helpers.softmax" in v.text


def _naive(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def _global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


def _in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def _shift(how):
    def softmax_shifted(z):
        e = np.exp(z - how(z))
        return e / e.sum(axis=-1, keepdims=True)

    return softmax_shifted


def _only_2d(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _clipped(z):
    z = np.clip(z, -500, 500)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_no_return(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)  # noqa: F841 (the mistake)


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (_shift(lambda z: z.min(axis=-1, keepdims=True)), "each row's minimum"),
        (_shift(lambda z: z.mean(axis=-1, keepdims=True)), "each row's mean"),
        (_shift(lambda z: np.median(z, axis=-1, keepdims=True)), "each row's mean (or median)"),
        (_shift(lambda z: z[..., :1]), "each row's first entry"),
        (_shift(lambda z: np.abs(z).max(axis=-1, keepdims=True)), "largest |z|"),
        (_clipped, "subtract each row's maximum"),
        (_softmax_no_return, "`return`"),
        (_naive, "subtract each row's maximum"),
        (_global_max, "not the maximum of the whole array"),
        (np.exp, "missing normalisation"),
        (lambda z: np.exp(z - z.max(axis=-1, keepdims=True)), "missing normalisation"),
        (lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True), "normalised over axis 0"),
        (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "normalised over axis 1"),
        (lambda z: np.exp(z) / np.exp(z).sum(), "whole array at once"),
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1), "keepdims=True"),
        (rh.log_softmax, "log softmax"),
        (_in_place, "not z -= z.max"),
        (lambda z: z, "p = exp(z)"),
        (lambda z: np.exp(z - z.max(axis=-1, keepdims=True)) / 2, "p = exp(z)"),
    ],
    ids=[
        "row min",
        "row mean",
        "row median",
        "row first entry",
        "row max of |z|",
        "clipped logits",
        "no return",
        "naive overflow",
        "global max",
        "exp only",
        "no sum",
        "axis 0",
        "axis 1",
        "whole array",
        "no keepdims",
        "log softmax",
        "in place",
        "identity",
        "wrong constant",
    ],
)
def test_softmax_mistakes_get_targeted_hints(fn, hint_fragment):
    v = check_softmax(fn)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, str(v)


def test_naive_softmax_check_raises_no_warning():
    # pytest turns warnings into errors (filterwarnings = error), so this also guards Run All
    assert not check_softmax(_naive)


def test_python_overflow_gets_the_stability_hint():
    import math

    def loop_softmax(z):
        out = np.empty_like(z)
        for i in np.ndindex(z.shape[:-1]):
            e = [math.exp(v) for v in z[i]]
            out[i] = [v / sum(e) for v in e]
        return out

    v = check_softmax(loop_softmax)
    assert not v and "OverflowError" in v.text and "subtract each row's maximum" in v.hint


def test_softmax_shift_mistakes_pass_the_old_probes_but_not_the_wide_rows():
    """The mean shift is exact on every row that spans less than ~700: only the wide rows catch it."""
    from rnn_helpers.checks.output import LARGE_LOGITS

    mean_shift = _shift(lambda z: z.mean(axis=-1, keepdims=True))
    narrow = LARGE_LOGITS[:3]
    np.testing.assert_allclose(mean_shift(narrow), rh.softmax(narrow))
    assert "each row's mean" in check_softmax(mean_shift).hint


def test_softmax_one_row_needs_the_last_axis():
    v = check_softmax(_only_2d)
    assert not v and "axis=-1" in v.hint, str(v)
