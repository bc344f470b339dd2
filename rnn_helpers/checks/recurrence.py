"""Checks for notebook 02: the learner's own `rnn_step` (Exercise 2.1) and `rnn_forward` (2.2).

The test cases use different sizes for N, T, D and H and non-zero biases, so that each typical
mistake gives a different result and can be named: a missing tanh, a transposed W_hh or W_xh, a
missing bias, a lost recurrence, the wrong time axis, a state that is not carried from step to
step. Mistakes that crash on the main case (a transposed W_xh, looping over the batch axis) are
diagnosed on a second, square case where they still run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..rnn import rnn_forward, rnn_step
from ._core import Verdict, call_learner, compare_answer, verdict


class Case(NamedTuple):
    """Arguments for the learner's function, the right answer, and the typical wrong ones."""

    args: tuple
    expected: np.ndarray
    mistakes: list


def _params(rng: np.random.Generator, D: int, H: int):
    """Non-symmetric weights and a clearly non-zero bias, scaled so that tanh is not saturated."""
    W_xh = rng.normal(0, 0.6, size=(H, D))
    W_hh = rng.normal(0, 0.6, size=(H, H))
    b_h = rng.choice([-1.0, 1.0], size=H) * rng.uniform(0.3, 0.8, size=H)
    return W_xh, W_hh, b_h


# ------------------------------------------------------------------ Exercise 2.1: rnn_step
STEP_HINT = (
    "h_t = tanh(W_xh x_t + W_hh h_prev + b_h) for every row. With one example per row, a "
    "column-vector product W v becomes v @ W.T; check each of the three terms and the tanh."
)
H_TANH = "the tanh is missing: you returned the pre-activation a_t; return np.tanh(a_t)."
H_BIAS = "the bias b_h is missing: add it inside the tanh."
H_W_HH_T = (
    "W_hh is used transposed. W_hh[i, j] is the weight from unit j to unit i, so row by "
    "row W_hh h_prev is h_prev @ W_hh.T (with the .T)."
)
H_W_XH_T = (
    "W_xh is used transposed. W_xh has shape (H, D) and x_t has shape (N, D): row by row, "
    "W_xh x_t is x_t @ W_xh.T (with the .T)."
)
H_NO_REC = "the recurrent term is missing: h_prev must enter the sum through W_hh h_prev."
H_RELU = "that is relu; this exercise uses tanh."
H_TANH_PART = (
    "the tanh must wrap the whole sum: tanh(W_xh x_t + W_hh h_prev + b_h), one tanh around "
    "all three terms."
)
H_MODIFIED = (
    "your function wrote into an array it was given (with +=, *= or a[...] = ...). Compute into "
    "a new array instead: rnn_forward reuses h_prev, and later cells reuse x and h0."
)
H_SHAPES = (
    "a shape error: each row of x_t (N, D) and h_prev (N, H) is one example, W_xh is "
    "(H, D) and W_hh is (H, H), so the products are x_t @ W_xh.T and h_prev @ W_hh.T."
)


def step_case(N: int = 3, D: int = 2, H: int = 4, seed: int = 2) -> Case:
    """A batched rnn_step problem: x_t (N, D), h_prev (N, H), weights and bias, and its answers."""
    rng = np.random.default_rng(seed)
    W_xh, W_hh, b_h = _params(rng, D, H)
    x_t, h_prev = rng.normal(size=(N, D)), rng.uniform(-0.9, 0.9, size=(N, H))
    a = x_t @ W_xh.T + h_prev @ W_hh.T + b_h
    mistakes = [
        (a, H_TANH),
        (np.tanh(a - b_h), H_BIAS),
        (np.tanh(x_t @ W_xh.T + h_prev @ W_hh + b_h), H_W_HH_T),
        (np.tanh(x_t @ W_xh.T + b_h), H_NO_REC),
        (np.maximum(a, 0), H_RELU),
        (np.tanh(x_t @ W_xh.T + b_h) + h_prev @ W_hh.T, H_TANH_PART),
        (np.tanh(x_t @ W_xh.T) + np.tanh(h_prev @ W_hh.T) + b_h, H_TANH_PART),
    ]
    if D == H:  # only here does a transposed W_xh still run
        mistakes += [
            (np.tanh(x_t @ W_xh + h_prev @ W_hh.T + b_h), H_W_XH_T),
            (np.tanh(x_t @ W_xh + h_prev @ W_hh + b_h), H_W_XH_T + " W_hh is transposed too."),
        ]
    return Case((x_t, h_prev, W_xh, W_hh, b_h), rnn_step(x_t, h_prev, W_xh, W_hh, b_h), mistakes)


STEP_CASE = step_case()  # N = 3, D = 2, H = 4: every size different
STEP_SQUARE_CASE = step_case(N=2, D=3, H=3)  # D = H, where x_t @ W_xh runs


# ------------------------------------------------------------------ Exercise 2.2: rnn_forward
FORWARD_HINT = (
    "start from h0; for every time index i (0 to T-1) give rnn_step the input x[:, i] and the "
    "previous state, and keep the new state as h[:, i]. The result holds every state "
    "h_1 ... h_T, shape (N, T, H)."
)
H_TIME_AXIS = (
    "x is batch-first, (N, T, D): the input at step t is x[:, t-1] (shape (N, D)), not "
    "x[t-1], which is a whole sequence of the batch."
)
H_T_FIRST = (
    "the axes are (T, N, H); the course is batch-first, so h must be (N, T, H). Stack the "
    "states along axis 1: np.stack(states, axis=1), or fill h[:, t]."
)
H_CARRY = (
    "every step starts from h0: the state is not carried. Feed each new state back in as "
    "h_prev for the next step."
)
H_OFF_BY_ONE = (
    "the states are shifted by one step: h[:, i] must be the state *after* reading "
    "x[:, i], i.e. h holds h_1 ... h_T, not h_0 ... h_{T-1}."
)
H_WITH_H0 = "h has one step too many: return h_1 ... h_T, without h_0 in front."
H_LAST_ONLY = "you returned only the last state h_T; return every state, shape (N, T, H)."
H_LOOP_LENGTH = (
    "only the first steps are filled in: loop over every time step, i in range(x.shape[1])."
)
H_FORWARD_ERROR = (
    "x is batch-first, (N, T, D): loop i over range(x.shape[1]) and give rnn_step "
    "x[:, i] (shape (N, D)) and h_prev (shape (N, H)), starting from h_prev = h0."
)
H_STATES_SHAPE = (
    "a state does not fit where you store it: the array of states needs H numbers per step, "
    "shape (N, T, H) with H = h0.shape[1]; np.zeros_like(x) is (N, T, D)."
)
H_FROM_ZEROS = (
    "the first step must start from the h0 you were given, not from zeros: h_prev = h0 "
    "before the loop."
)
H_NO_TANH_FW = (
    "the states are not squashed by tanh: use rnn_step (or your my_rnn_step) at each step."
)


def _batch_axis_loop(x, h0, W_xh, W_hh, b_h, axis: int) -> np.ndarray:
    """The wrong-time-axis mistake: step over x[t] (one whole sequence), stack along `axis`."""
    states, h_prev = [], h0
    for t in range(x.shape[0]):
        h_prev = rnn_step(x[t], h_prev, W_xh, W_hh, b_h)
        states.append(h_prev)
    return np.stack(states, axis=axis)


def forward_case(N: int = 2, T: int = 5, D: int = 3, H: int = 4, seed: int = 3) -> Case:
    """A batch-first rnn_forward problem: x (N, T, D), h0 (N, H), weights, and its answers."""
    rng = np.random.default_rng(seed)
    W_xh, W_hh, b_h = _params(rng, D, H)
    x, h0 = rng.normal(size=(N, T, D)), rng.uniform(-0.9, 0.9, size=(N, H))
    h, _ = rnn_forward(x, h0, W_xh, W_hh, b_h)
    from_h0 = np.stack([rnn_step(x[:, t], h0, W_xh, W_hh, b_h) for t in range(T)], axis=1)
    h_lin, h_prev = [], h0
    for t in range(T):
        h_prev = x[:, t] @ W_xh.T + h_prev @ W_hh.T + b_h
        h_lin.append(h_prev)
    from_zeros, _ = rnn_forward(x, np.zeros_like(h0), W_xh, W_hh, b_h)
    partial = h.copy()
    partial[:, N:] = 0.0
    short = h.copy()
    short[:, -1] = 0.0
    mistakes = [
        (h.transpose(1, 0, 2), H_T_FIRST),
        (from_h0, H_CARRY),
        (np.concatenate([h0[:, None], h[:, :-1]], axis=1), H_OFF_BY_ONE),
        (np.concatenate([h0[:, None], h], axis=1), H_WITH_H0),
        (h[:, -1], H_LAST_ONLY),
        (np.stack(h_lin, axis=1), H_NO_TANH_FW),
        (from_zeros, H_FROM_ZEROS),
        (short, H_LOOP_LENGTH),
        (h[:, :-1], H_LOOP_LENGTH),
    ]
    if N < T:
        mistakes += [(partial, H_LOOP_LENGTH), (h[:, :N], H_LOOP_LENGTH)]
    if N == T:  # only here does stepping over x[t] still run
        mistakes += [
            (_batch_axis_loop(x, h0, W_xh, W_hh, b_h, axis=1), H_TIME_AXIS),
            (_batch_axis_loop(x, h0, W_xh, W_hh, b_h, axis=0), H_TIME_AXIS),
        ]
    return Case((x, h0, W_xh, W_hh, b_h), h, mistakes)


FORWARD_CASE = forward_case()  # N = 2, T = 5, D = 3, H = 4
FORWARD_SQUARE_CASE = forward_case(N=3, T=3, D=2, H=4)  # N = T, where x[t] runs


# ------------------------------------------------------------------ the shared judge
def _first(result):
    """Accept ``(h, cache)`` as rnn_forward returns it: judge the first element."""
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], np.ndarray):
        return result[0]
    return result


def _judge(fn: Callable, case: Case, name: str, fallback: str, hint: str):
    """Run `fn` on `case`: (Verdict, Call). Wrong values get a short message."""
    call = call_learner(fn, *case.args, name=name, fallback=fallback, error_hint=hint)
    if not call.returned:
        return call.verdict, call
    result = _first(call.value)
    v = compare_answer(result, case.expected, case.mistakes, what=f"{name}(...)", hint=hint)
    if v.status == "wrong" and np.shape(result) == case.expected.shape and v.hint == hint:
        diff = np.nanmax(np.abs(np.asarray(result, dtype=float) - case.expected))
        v = verdict(
            "wrong",
            f"{name}(...) has the right shape {case.expected.shape}, but its "
            f"values differ from the reference by up to {diff:.3f}.",
            v.hint,
        )
    elif v.status == "wrong" and np.shape(result) == case.expected.shape:
        v = verdict("wrong", f"{name}(...) has the right shape but wrong values.", v.hint)
    if v and call.changed:
        v = call.modified_verdict(H_MODIFIED)
    return v, call


def _check(
    fn, main: Case, square: Case, name: str, fallback: str, hint: str, error_hint: str, done: str
) -> Verdict:
    """Judge on the main case; diagnose a crash on the square case; pass only if both are right."""
    v, call = _judge(fn, main, name, fallback, hint)
    if call.error is not None and "could not broadcast" in call.error and name.endswith("forward"):
        return verdict("wrong", v.text, H_STATES_SHAPE)
    if call.error is not None:
        # does the same code run, and make a known mistake, on the square case?
        v_square, _ = _judge(fn, square, name, fallback, hint)
        if v_square.status == "wrong" and v_square.hint not in (hint, None, error_hint):
            return verdict("wrong", f"{call.name} raised {call.error}", v_square.hint)
        return verdict("wrong", v.text, error_hint)
    if not v:
        return v
    v_square, _ = _judge(fn, square, name, fallback, hint)
    if not v_square:
        return v_square
    return verdict("ok", done)


def check_rnn_step(fn: Callable) -> Verdict:
    """Exercise 2.1: ``fn(x_t, h_prev, W_xh, W_hh, b_h)`` = tanh(W_xh x_t + W_hh h_prev + b_h).

    Tried on a batch with N = 3, D = 2, H = 4 and on a square case with D = H = 3.
    """
    return _check(
        fn,
        STEP_CASE,
        STEP_SQUARE_CASE,
        "my_rnn_step",
        "rnn_helpers.rnn_step",
        STEP_HINT,
        H_SHAPES,
        "my_rnn_step matches rnn_step on a batch of N = 3 examples with "
        "D = 2 inputs and H = 4 units, and on a square case with D = H = 3.",
    )


def check_rnn_forward(fn: Callable) -> Verdict:
    """Exercise 2.2: ``fn(x, h0, W_xh, W_hh, b_h)`` must return every state h, shape (N, T, H).

    Tried on N = 2, T = 5, D = 3, H = 4 and on a case with N = T = 3.
    """
    return _check(
        fn,
        FORWARD_CASE,
        FORWARD_SQUARE_CASE,
        "my_rnn_forward",
        "rnn_helpers.rnn_forward",
        FORWARD_HINT,
        H_FORWARD_ERROR,
        "my_rnn_forward matches rnn_forward: N = 2 sequences of T = 5 steps "
        "(D = 3, H = 4), and N = T = 3, every state in the right place.",
    )
