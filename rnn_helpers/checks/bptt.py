"""Checks for notebook 04 (training with BPTT): one backward step, a whole sequence, and the
output layer.

Both checks compare the learner's gradients with central finite differences of a scalar loss
(not with the package's own backward pass), and recognise the typical mistakes of BPTT by
computing what each mistake produces:

- the missing tanh derivative (1 - h_t^2), or the derivative taken at the wrong place
  (1 - a_t^2 from the pre-activation, 1 - tanh(h_t)^2);
- W_hh transposed when the gradient is passed back to h_{t-1};
- h_t instead of h_{t-1} in dW_hh, and transposed weight gradients;
- the sigmoid's derivative h(1 - h), 1 - h_t without the square, 1 - h_prev^2, and weight
  gradients averaged over the batch instead of summed;
- (sequence) forgetting the gradient from the future step, overwriting dW instead of adding it
  up over time, running the loop forwards, leaving dh0 at zero, and h[:, t-1] at t = 0 (which
  is h_T, not h0);
- (output layer) dW_hy transposed, db_y summed over the batch only, only the last step's share
  in a many-to-many model, code that works for only one of many-to-many and many-to-one, and
  gradients averaged instead of summed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..gradcheck import numerical_gradient
from ..rnn import RNNCache, output_forward, rnn_forward, rnn_step
from ._core import Call, Verdict, call_learner, compare_outputs, verdict

STEP_NAMES = ("dx_t", "dh_prev", "dW_xh", "dW_hh", "db_h")
SEQUENCE_NAMES = ("dx", "dh0", "dW_xh", "dW_hh", "db_h")
OUTPUT_NAMES = ("dh", "dW_hy", "db_y")
RTOL, ATOL = 1e-5, 1e-8

HINTS = {
    "no_derivative": "the gradient must pass through tanh before anything else: first "
    "da_t = dh_t * (1 - h_t**2), then use da_t (not dh_t) in every product.",
    "pre_activation": "the tanh derivative is 1 - tanh(a_t)**2 = 1 - h_t**2, computed from the "
    "state h_t; 1 - a_t**2 (from the pre-activation) is not the derivative.",
    "tanh_of_h": "h_t is already tanh(a_t), so the derivative is 1 - h_t**2; 1 - np.tanh(h_t)**2 "
    "applies tanh a second time.",
    "W_hh_transposed": "the gradient passed back is dh_prev = W_hh^T da_t; with examples in rows "
    "that is da_t @ W_hh (not da_t @ W_hh.T).",
    "h_t_in_dW_hh": "W_hh multiplied h_{t-1} in the forward step, so dW_hh = da_t h_{t-1}^T pairs "
    "da_t with h_prev, not with h_t.",
    "dW_transposed": "a weight's gradient has the weight's shape: dW_xh = da_t^T x_t is "
    "da_t.T @ x_t (H, D), and dW_hh = da_t.T @ h_prev (H, H); x_t.T @ da_t is "
    "its transpose.",
    "db_not_summed": "db_h has shape (H,): add da_t over the batch, da_t.sum(axis=0).",
    "sigmoid_derivative": "h_t * (1 - h_t) is the derivative of the sigmoid; for tanh it is "
    "1 - h_t**2, so da_t = dh_t * (1 - h_t**2).",
    "no_square": "the tanh derivative is 1 - h_t**2 (squared), not 1 - h_t.",
    "h_prev_derivative": "the derivative belongs to this step's tanh, whose output is h_t: "
    "1 - h_t**2, not 1 - h_prev**2.",
    "averaged": "the loss here is a sum, not a mean: add the batch's contributions "
    "(da_t.T @ x_t, da_t.sum(axis=0)) without dividing by N.",
    "wrap_around": "at t = 0, h[:, t-1] is h[:, -1], the *last* state h_T (Python counts "
    "negative indices from the end). The state before the first step is h0: use it when t == 0.",
    "modified_dh": "your function wrote into dh (e.g. dh[:, t] += dh_next). Add into a new "
    "array instead (dh_t = dh[:, t] + dh_next): the caller may still need dh.",
    "no_future": "the total gradient at h_t has two parts: dh[:, t-1] (code index t-1), the "
    "direct part from the output at step t, plus dh_next (= W_hh^T da_{t+1}) coming back from "
    "step t+1. Add them before the tanh derivative.",
    "last_step_only": "dW_xh, dW_hh and db_h must be summed over all time steps (+=), not "
    "overwritten: the same weights act at every step, so every step adds its "
    "share.",
    "forward_loop": "run the loop backwards, for t in reversed(range(T)): the gradient at step t "
    "needs dh_next from step t+1, which must already be computed.",
    "dh0_zero": "dh0 is the gradient that leaves the first step: after the loop it is the last "
    "dh_next (W_hh^T da_1), not zeros.",
}

GENERAL = {
    "dx_t": "dx_t = W_xh^T da_t, i.e. da_t @ W_xh with examples in rows.",
    "dx": "dx[:, t-1] = W_xh^T da_t at every step t (code index t-1), i.e. da_t @ W_xh.",
    "dh_prev": "dh_prev = W_hh^T da_t, i.e. da_t @ W_hh with examples in rows.",
    "dh0": "dh0 is the gradient passed back from the first step, W_hh^T da_1.",
    "dW_xh": "dW_xh = sum over the batch (and time) of da_t x_t^T: da_t.T @ x_t.",
    "dW_hh": "dW_hh = sum over the batch (and time) of da_t h_{t-1}^T: da_t.T @ h_prev.",
    "db_h": "db_h = sum over the batch (and time) of da_t.",
}


def _step_variant(
    dh_t,
    x_t,
    h_prev,
    h_t,
    W_xh,
    W_hh,
    *,
    deriv="h",
    W_hh_T=False,
    uses_h_t=False,
    dW_T=False,
    db_sum=True,
    mean=False,
):
    """The five outputs of one backward step, with an optional typical mistake switched on."""
    f_prime = {
        "h": 1 - h_t**2,
        "none": np.ones_like(h_t),
        "a": 1 - np.arctanh(h_t) ** 2,
        "tanh_h": 1 - np.tanh(h_t) ** 2,
        "sigmoid": h_t * (1 - h_t),
        "no_square": 1 - h_t,
        "h_prev": 1 - h_prev**2,
    }[deriv]
    da = dh_t * f_prime
    dh_prev = da @ (W_hh.T if W_hh_T else W_hh)
    pair = h_t if uses_h_t else h_prev
    dW_xh, dW_hh = (x_t.T @ da, pair.T @ da) if dW_T else (da.T @ x_t, da.T @ pair)
    db = da.sum(axis=0) if db_sum else da
    if mean:
        n = len(da)
        dW_xh, dW_hh, db = dW_xh / n, dW_hh / n, db / n
    return da @ W_xh, dh_prev, dW_xh, dW_hh, db


def _sequence_variant(
    dh,
    cache,
    *,
    future=True,
    accumulate="sum",
    reverse=True,
    dh0_zero=False,
    wrap=False,
    **step_mistake,
):
    """The outputs of a whole backward pass, with an optional typical mistake switched on."""
    x, h0, h, W_xh, W_hh, _ = cache
    T = h.shape[1]
    dx = np.zeros_like(x)
    total = None
    dh_next = np.zeros_like(h0)
    order = reversed(range(T)) if reverse else range(T)
    for t in order:
        h_prev = h[:, t - 1] if t > 0 or wrap else h0  # wrap: h[:, -1] at t = 0
        g = dh[:, t] + dh_next if future else dh[:, t]
        dx[:, t], dh_next, *weights = _step_variant(
            g, x[:, t], h_prev, h[:, t], W_xh, W_hh, **step_mistake
        )
        if total is None or accumulate == "last":  # "last": overwritten at every step
            total = list(weights)
        elif accumulate == "sum":
            total = [a + w for a, w in zip(total, weights, strict=True)]
    return dx, np.zeros_like(h0) if dh0_zero else dh_next, *total


STEP_MISTAKES = [
    ({"deriv": "none"}, "no_derivative"),
    ({"deriv": "a"}, "pre_activation"),
    ({"deriv": "tanh_h"}, "tanh_of_h"),
    ({"W_hh_T": True}, "W_hh_transposed"),
    ({"uses_h_t": True}, "h_t_in_dW_hh"),
    ({"dW_T": True}, "dW_transposed"),
    ({"db_sum": False}, "db_not_summed"),
    ({"deriv": "sigmoid"}, "sigmoid_derivative"),
    ({"deriv": "no_square"}, "no_square"),
    ({"deriv": "h_prev"}, "h_prev_derivative"),
    ({"mean": True}, "averaged"),
]
SEQUENCE_MISTAKES = [
    ({"future": False}, "no_future"),
    ({"accumulate": "last"}, "last_step_only"),
    ({"accumulate": "first"}, "last_step_only"),
    ({"reverse": False}, "forward_loop"),
    ({"dh0_zero": True}, "dh0_zero"),
    ({"wrap": True}, "wrap_around"),
    *STEP_MISTAKES,
]


def step_problem() -> dict[str, np.ndarray]:
    """The fixed problem of Exercise 4.1: N = 3 examples, D = 2 inputs, H = 4 units."""
    rng = np.random.default_rng(404)
    N, D, H = 3, 2, 4
    W_xh, W_hh = rng.normal(size=(H, D)), rng.normal(size=(H, H))
    b_h, x_t = 0.3 * rng.normal(size=H), rng.normal(size=(N, D))
    h_prev = np.tanh(rng.normal(size=(N, H)))
    h_t = rnn_step(x_t, h_prev, W_xh, W_hh, b_h)
    return {
        "dh_t": rng.normal(size=(N, H)),
        "x_t": x_t,
        "h_prev": h_prev,
        "h_t": h_t,
        "W_xh": W_xh,
        "W_hh": W_hh,
        "b_h": b_h,
    }


def _sequence_arrays() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(4042)
    N, T, D, H = 2, 5, 2, 3
    return {
        "dh": rng.normal(size=(N, T, H)),
        "x": rng.normal(size=(N, T, D)),
        "h0": np.tanh(rng.normal(size=(N, H))),
        "W_xh": rng.normal(size=(H, D)),
        "W_hh": 1.5 * rng.normal(size=(H, H)) / np.sqrt(H),
        "b_h": 0.3 * rng.normal(size=H),
    }


def sequence_problem() -> tuple[np.ndarray, RNNCache]:
    """The fixed problem of Exercise 4.2: dh (N, T, H) and the cache of a tanh RNN,
    N = 2, T = 5, D = 2, H = 3."""
    a = _sequence_arrays()
    _, cache = rnn_forward(a["x"], a["h0"], a["W_xh"], a["W_hh"], a["b_h"])
    return a["dh"], cache


def _step_numeric(p: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Finite-difference gradients of L = sum(dh_t * h_t) for one step."""
    a = {k: p[k].copy() for k in ("x_t", "h_prev", "W_xh", "W_hh", "b_h")}

    def loss():
        return float(
            np.sum(p["dh_t"] * rnn_step(a["x_t"], a["h_prev"], a["W_xh"], a["W_hh"], a["b_h"]))
        )

    return tuple(numerical_gradient(loss, v) for v in a.values())


def _sequence_numeric() -> tuple[np.ndarray, ...]:
    """Finite-difference gradients of L = sum(dh * h) for the sequence of Exercise 4.2."""
    a = _sequence_arrays()

    def loss():
        return float(
            np.sum(a["dh"] * rnn_forward(a["x"], a["h0"], a["W_xh"], a["W_hh"], a["b_h"])[0])
        )

    return tuple(numerical_gradient(loss, a[k]) for k in ("x", "h0", "W_xh", "W_hh", "b_h"))


_DONE = "{names} all match central finite differences (to a relative tolerance of {rtol:.0e})."


def _judge(
    call: Call, expected, names, variants, all_wrong: str | None, modified_hint, hints=GENERAL
) -> Verdict:
    """Compare the returned gradients with finite differences; then report changed inputs."""
    v = compare_outputs(
        call.value,
        expected,
        names,
        fn_name=call.name,
        variants=variants,
        hints=hints,
        all_wrong=all_wrong,
        rtol=RTOL,
        atol=ATOL,
        done=_DONE.format(names=", ".join(names), rtol=RTOL),
    )
    if v and call.changed:
        return call.modified_verdict(modified_hint)
    return v


def check_rnn_step_backward(fn: Callable) -> Verdict:
    """Exercise 4.1: the backward pass of one tanh step, against finite differences.

    `fn(dh_t, x_t, h_prev, h_t, W_xh, W_hh)` must return (dx_t, dh_prev, dW_xh, dW_hh, db_h).
    When every output is wrong, the verdict names da_t, which they are all computed from.
    """
    p = step_problem()
    args = tuple(p[k] for k in ("dh_t", "x_t", "h_prev", "h_t", "W_xh", "W_hh"))
    call = call_learner(
        fn,
        *args,
        name="my_rnn_step_backward",
        fallback="rnn_step_backward from rnn_helpers.stepwise",
        error_hint="check the shapes: dh_t, h_prev, h_t are (N, H), x_t is (N, D), "
        "W_xh is (H, D), W_hh is (H, H).",
    )
    if not call.returned:
        return call.verdict
    variants = [(_step_variant(*args, **m), HINTS[key]) for m, key in STEP_MISTAKES]
    return _judge(call, _step_numeric(p), STEP_NAMES, variants, "da_t", None)


def check_rnn_backward(fn: Callable) -> Verdict:
    """Exercise 4.2: backpropagation through a whole sequence, against finite differences.

    `fn(dh, cache)` must return (dx, dh0, dW_xh, dW_hh, db_h) like `rnn_backward`, and leave
    dh unchanged.
    """
    dh, cache = sequence_problem()
    call = call_learner(
        fn,
        dh,
        cache,
        name="my_rnn_backward",
        fallback="rnn_backward from rnn_helpers",
        error_hint="unpack the cache with x, h0, h, W_xh, W_hh, activation = cache; h[:, t-1] "
        "is h_t (the code counts from 0) and the state before step 1 is h0.",
    )
    if not call.returned:
        return call.verdict
    variants = [(_sequence_variant(dh, cache, **m), HINTS[key]) for m, key in SEQUENCE_MISTAKES]
    names, expected = SEQUENCE_NAMES, _sequence_numeric()
    return _judge(call, expected, names, variants, "da_t (at some step)", HINTS["modified_dh"])


# ---------------------------------------------------------------- Exercise 4.3: the output layer
OUTPUT_HINTS = {
    "dW_hy_transposed": "dW_hy has the shape of W_hy, (O, H): the sum of dy_t h_t^T is "
    "dy.T @ h with examples in rows (h.T @ dy is its transpose).",
    "db_y_batch_only": "db_y has shape (O,): add dy over every axis but the last (the batch and, "
    "many-to-many, the time steps), not over the batch alone.",
    "last_step_only": "many-to-many: every step has an output, so dW_hy and db_y add up the shares "
    "of all T steps (and the batch), not only the last step's.",
    "averaged": "the loss here is a sum, not a mean: add the contributions of the batch and the "
    "steps without dividing by their number.",
}
OUTPUT_GENERAL = {
    "dh": "dh = W_hy^T dy at every output, i.e. dy @ W_hy with examples in rows; it has h's shape.",
    "dW_hy": "dW_hy = sum over the batch (and time) of dy_t h_t^T: dy.T @ h on rows (O, H).",
    "db_y": "db_y = sum of dy over the batch (and time), shape (O,).",
}
OUTPUT_ERROR_HINTS = {
    "many-to-many": "in the many-to-many case dy is (N, T, O), h is (N, T, H) and W_hy is (O, H); "
    "dh = dy @ W_hy. For the weight gradients, reshape dy and h to rows first: "
    "dy.reshape(-1, O), h.reshape(-1, H).",
    "many-to-one": "in the many-to-one case there is no time axis: dy is (N, O) and h is the final "
    "state h_T, (N, H). Code that assumes (N, T, ...) arrays fails here; dy.reshape(-1, O) and "
    "h.reshape(-1, H) work for both cases.",
}
OUTPUT_MISTAKES = [
    ({"dW_T": True}, "dW_hy_transposed"),
    ({"db_axis0": True}, "db_y_batch_only"),
    ({"last_only": True}, "last_step_only"),
    ({"mean": True}, "averaged"),
]


def output_problem(mode: str) -> dict[str, np.ndarray]:
    """A fixed problem of Exercise 4.3: dy, h, W_hy and b_y for N = 3, T = 4, H = 5, O = 2;
    `mode` "many-to-many" (dy (N, T, O), h (N, T, H)) or "many-to-one" (dy (N, O), h (N, H))."""
    rng = np.random.default_rng(4043)
    N, T, H, O = 3, 4, 5, 2
    shape = (N, T) if mode == "many-to-many" else (N,)
    return {
        "dy": rng.normal(size=(*shape, O)),
        "h": np.tanh(rng.normal(size=(*shape, H))),
        "W_hy": rng.normal(size=(O, H)),
        "b_y": rng.normal(size=O),
    }


def _output_variant(dy, h, W_hy, *, dW_T=False, db_axis0=False, last_only=False, mean=False):
    """dh, dW_hy, db_y of the output layer, with an optional typical mistake switched on."""
    O, H = W_hy.shape
    dh = dy @ W_hy
    if last_only and dy.ndim == 3:
        dy, h = dy[:, -1], h[:, -1]
    rows_dy, rows_h = dy.reshape(-1, O), h.reshape(-1, H)
    dW = rows_h.T @ rows_dy if dW_T else rows_dy.T @ rows_h
    db = dy.sum(axis=0) if db_axis0 else rows_dy.sum(axis=0)
    if mean:
        dW, db = dW / len(rows_dy), db / len(rows_dy)
    return dh, dW, db


def _output_numeric(p: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Finite-difference gradients of L = sum(dy * (W_hy h + b_y)) for h, W_hy and b_y."""
    a = {k: p[k].copy() for k in ("h", "W_hy", "b_y")}

    def loss():
        return float(np.sum(p["dy"] * output_forward(a["h"], a["W_hy"], a["b_y"])))

    return tuple(numerical_gradient(loss, v) for v in a.values())


def check_output_backward(fn: Callable) -> Verdict:
    """Exercise 4.3: the backward pass of the output layer ŷ_t = W_hy h_t + b_y.

    `fn(dy, h, W_hy)` must return (dh, dW_hy, db_y), for many-to-many (dy (N, T, O), h (N, T, H))
    and for many-to-one (dy (N, O), h (N, H)) inputs; both are checked against finite
    differences, many-to-many first.
    """
    for mode in ("many-to-many", "many-to-one"):
        p = output_problem(mode)
        args = (p["dy"], p["h"], p["W_hy"])
        call = call_learner(
            fn,
            *args,
            name="my_output_backward",
            fallback="output_backward from rnn_helpers",
            error_hint=OUTPUT_ERROR_HINTS[mode],
        )
        if not call.returned:
            return call.verdict
        variants = [(_output_variant(*args, **m), OUTPUT_HINTS[key]) for m, key in OUTPUT_MISTAKES]
        v = _judge(call, _output_numeric(p), OUTPUT_NAMES, variants, None, None, OUTPUT_GENERAL)
        if not v:
            return verdict(v.status, f"In the {mode} case: {v.text}", v.hint)
    return verdict(
        "ok",
        "dh, dW_hy and db_y match central finite differences (to a relative tolerance of "
        f"{RTOL:.0e}), many-to-many and many-to-one.",
    )
