"""One test per kind of malformed input: the error type, and the argument named in the message."""

import re

import numpy as np
import pytest

import rnn_helpers as rh

N, T, D, H, O = 2, 3, 4, 5, 6
rng = np.random.default_rng(0)
x, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H))
W_xh, W_hh, b_h = rng.normal(size=(H, D)), rng.normal(size=(H, H)), rng.normal(size=H)
W_hy, b_y = rng.normal(size=(O, H)), rng.normal(size=O)
h, cache = rh.rnn_forward(x, h0, W_xh, W_hh, b_h)


def step(**kw):
    args = {"x_t": x[:, 0], "h_prev": h0, "W_xh": W_xh, "W_hh": W_hh, "b_h": b_h} | kw
    return rh.rnn_step(**args)


def forward(**kw):
    args = {"x": x, "h0": h0, "W_xh": W_xh, "W_hh": W_hh, "b_h": b_h} | kw
    return rh.rnn_forward(**args)


CASES = {
    # rnn_step
    "step: W_hh wrong shape": (
        lambda: step(W_hh=np.ones((H, H - 1))),
        ValueError,
        "W_hh must have shape (H, H) = (5, 5) to match h_prev, got (5, 4)",
    ),
    "step: W_xh transposed": (
        lambda: step(W_xh=W_xh.T),
        ValueError,
        "W_xh must have shape (H, D) = (5, 4) to match h_prev and x_t, got (4, 5)",
    ),
    "step: b_h wrong length": (
        lambda: step(b_h=np.ones(H + 1)),
        ValueError,
        "b_h must have shape (H,) = (5,)",
    ),
    "step: b_h as a column": (
        lambda: step(b_h=np.ones((H, 1))),
        ValueError,
        "b_h must have shape (H,)",
    ),
    "step: x_t rank 3": (lambda: step(x_t=x), ValueError, "x_t must be a 1-D or 2-D array"),
    "step: h_prev rank differs": (
        lambda: step(h_prev=h0[0]),
        ValueError,
        "h_prev must be a 2-D array",
    ),
    "step: batch sizes differ": (
        lambda: step(h_prev=h0[:1]),
        ValueError,
        "h_prev must have shape (N, H) = (2, 5) to match x_t, got (1, 5)",
    ),
    "step: list weights": (
        lambda: step(W_hh=[[1.0] * H] * H),
        TypeError,
        "W_hh must be a numpy array, got list",
    ),
    "step: None input": (
        lambda: step(x_t=None),
        TypeError,
        "x_t must be a numpy array, got NoneType",
    ),
    "step: string array": (
        lambda: step(b_h=np.array(["a"] * H)),
        TypeError,
        "b_h must hold real numbers",
    ),
    "step: complex weights": (
        lambda: step(W_hh=W_hh + 1j),
        TypeError,
        "W_hh must hold real numbers",
    ),
    "step: unknown activation": (
        lambda: rh.rnn_step(x[:, 0], h0, W_xh, W_hh, b_h, "sigmoid"),
        ValueError,
        "activation must be one of ('tanh', 'relu'), got 'sigmoid'",
    ),
    "step: activation not a string": (
        lambda: rh.rnn_step(x[:, 0], h0, W_xh, W_hh, b_h, np.tanh),
        TypeError,
        "activation must be a string",
    ),
    # rnn_forward
    "forward: x rank 2": (
        lambda: forward(x=x[0]),
        ValueError,
        "x must be a 3-D array of shape (N, T, D)",
    ),
    "forward: T = 0": (
        lambda: forward(x=x[:, :0]),
        ValueError,
        "x must have at least one time step",
    ),
    "forward: h0 rank 1": (
        lambda: forward(h0=h0[0]),
        ValueError,
        "h0 must be a 2-D array of shape (N, H)",
    ),
    "forward: h0 batch differs": (
        lambda: forward(h0=h0[:1]),
        ValueError,
        "h0 must have shape (N, H) = (2, 5) to match x, got (1, 5)",
    ),
    "forward: W_xh wrong D": (
        lambda: forward(W_xh=np.ones((H, D + 1))),
        ValueError,
        "W_xh must have shape (H, D) = (5, 4) to match h0 and x, got (5, 5)",
    ),
    "forward: W_hh wrong shape": (
        lambda: forward(W_hh=np.ones((H, H + 1))),
        ValueError,
        "W_hh must have shape (H, H) = (5, 5) to match h0, got (5, 6)",
    ),
    "forward: bias not array": (
        lambda: forward(b_h=0.0),
        TypeError,
        "b_h must be a numpy array, got float",
    ),
    "forward: unknown activation": (
        lambda: forward(activation="Tanh"),
        ValueError,
        "activation must be one of",
    ),
    # rnn_backward
    "backward: dh wrong shape": (
        lambda: rh.rnn_backward(np.ones((N, T, H + 1)), cache),
        ValueError,
        "dh must have shape (N, T, H) = (2, 3, 5) to match the cached h, got (2, 3, 6)",
    ),
    "backward: dh as (N, H)": (
        lambda: rh.rnn_backward(np.ones((N, H)), cache),
        ValueError,
        "dh must have shape (N, T, H)",
    ),
    "backward: cache is a tuple": (
        lambda: rh.rnn_backward(np.ones((N, T, H)), tuple(cache)),
        TypeError,
        "cache must be the RNNCache returned by rnn_forward, got tuple",
    ),
    "backward: dh not an array": (
        lambda: rh.rnn_backward(None, cache),
        TypeError,
        "dh must be a numpy array",
    ),
    # output layer
    "output: W_hy transposed": (
        lambda: rh.output_forward(h, W_hy.T, b_y),
        ValueError,
        "W_hy must have shape (O, H) = (5, 5) to match h, got (5, 6)",
    ),
    "output: b_y wrong length": (
        lambda: rh.output_forward(h, W_hy, np.ones(O - 1)),
        ValueError,
        "b_y must have shape (O,) = (6,) to match W_hy, got (5,)",
    ),
    "output: h rank 4": (
        lambda: rh.output_forward(h[None], W_hy, b_y),
        ValueError,
        "h must be a 1-D, 2-D or 3-D array of shape (H,), (N, H) or (N, T, H)",
    ),
    "output backward: dy wrong shape": (
        lambda: rh.output_backward(np.ones((N, T, O + 1)), h, W_hy),
        ValueError,
        "dy must have shape h.shape[:-1] + (O,) = (2, 3, 6) to match h and W_hy",
    ),
    # losses
    "ce: float targets": (
        lambda: rh.softmax_cross_entropy(np.zeros((3, 4)), np.array([0.0, 1.0, 2.0])),
        ValueError,
        "targets must hold integer class indices",
    ),
    "ce: target too big": (
        lambda: rh.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 4, 1])),
        ValueError,
        "targets must be class indices in [0, V) = [0, 4) to match logits, got values from 0 to 4",
    ),
    "ce: negative target": (
        lambda: rh.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, -1, 1])),
        ValueError,
        "got values from -1 to 1",
    ),
    "ce: targets shape": (
        lambda: rh.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1])),
        ValueError,
        "targets must have shape (N,) = (3,) to match logits, got (2,)",
    ),
    "ce: sequence targets shape": (
        lambda: rh.softmax_cross_entropy(np.zeros((2, 3, 4)), np.zeros((3, 2), int)),
        ValueError,
        "targets must have shape (N, T) = (2, 3) to match logits",
    ),
    "ce: logits rank 1": (
        lambda: rh.softmax_cross_entropy(np.zeros(4), np.array([1])),
        ValueError,
        "logits must be a 2-D or 3-D array of shape (N, V) or (N, T, V)",
    ),
    "ce: targets a list": (
        lambda: rh.softmax_cross_entropy(np.zeros((2, 4)), [0, 1]),
        TypeError,
        "targets must be a numpy array, got list",
    ),
    "mse: shapes differ": (
        lambda: rh.mse_loss(np.zeros((3, 1)), np.zeros(3)),
        ValueError,
        "target must have shape pred.shape = (3, 1) to match pred, got (3,)",
    ),
    "mse: empty": (
        lambda: rh.mse_loss(np.zeros(0), np.zeros(0)),
        ValueError,
        "pred must not be empty",
    ),
    # helpers
    "init: H zero": (
        lambda: rh.init_rnn_params(3, 0, rng=rng),
        ValueError,
        "H must be a positive integer",
    ),
    "init: legacy seed": (
        lambda: rh.init_rnn_params(3, 2, rng=0),
        TypeError,
        "rng must be a numpy.random.Generator",
    ),
    "init: integer dtype": (
        lambda: rh.init_rnn_params(3, 2, rng=np.random.default_rng(0), dtype=int),
        ValueError,
        "dtype must be a floating dtype",
    ),
    "activate: unknown activation": (
        lambda: rh.activate(np.zeros(2), "sigmoid"),
        ValueError,
        "activation must be one of ('tanh', 'relu'), got 'sigmoid'",
    ),
    "activation_derivative: unknown activation": (
        lambda: rh.activation_derivative(np.zeros(2), "Relu"),
        ValueError,
        "activation must be one of ('tanh', 'relu'), got 'Relu'",
    ),
    "activate: activation not a string": (
        lambda: rh.activate(np.zeros(2), None),
        TypeError,
        "activation must be a string",
    ),
    "numgrad: float32": (
        lambda: rh.numerical_gradient(lambda: 0.0, np.zeros(2, np.float32)),
        ValueError,
        "x must be float64",
    ),
    "relerr: shapes": (
        lambda: rh.relative_error(np.zeros(2), np.zeros(3)),
        ValueError,
        "b must have the same shape as a",
    ),
    "relerr: list": (
        lambda: rh.relative_error([1.0, 2.0], np.zeros(2)),
        TypeError,
        "a must be a numpy array, got list",
    ),
    "gradcheck: missing grad": (
        lambda: rh.gradient_check(lambda: 0.0, {"W": np.zeros(2)}, {}),
        ValueError,
        "missing ['W']",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_input_gets_a_clear_error(case):
    call, error, message = CASES[case]
    with pytest.raises(error, match=re.escape(message)):
        call()


@pytest.mark.parametrize(
    ("n", "error"),
    [(0, ValueError), (-3, ValueError), (2.0, TypeError), (True, TypeError)],
    ids=["zero", "negative", "float", "bool"],
)
def test_sizes_must_be_positive_integers(n, error):
    with pytest.raises(error, match="H must be a positive integer"):
        rh.init_rnn_params(3, n, rng=np.random.default_rng(0))
