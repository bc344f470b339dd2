"""Checks for notebook 00 (start here): one step by hand, and the shapes of everything."""

from __future__ import annotations

import numpy as np

from ..rnn import rnn_step
from ._core import Verdict, compare_answer, unfinished, verdict

# The worked example of notebook 00: H = 2 hidden units, D = 1 input.
TASTE = {
    "W_xh": np.array([[0.5], [0.25]]),
    "W_hh": np.array([[1.0, 0.0], [0.5, 1.0]]),
    "b_h": np.array([0.0, 0.5]),
    "h_prev": np.array([0.5, -0.5]),
}
EXERCISE_X_T = np.array([-2.0])


def check_hand_step(h_t) -> Verdict:
    """Exercise 0.1: h_t for x_t = [-2] with the weights of the worked example, computed by hand."""
    W_xh, W_hh, b_h, h_prev = TASTE["W_xh"], TASTE["W_hh"], TASTE["b_h"], TASTE["h_prev"]
    x_t = EXERCISE_X_T
    a = W_xh @ x_t + W_hh @ h_prev + b_h
    mistakes = [
        (a, "that is the pre-activation a_t; the new state is tanh(a_t)."),
        (
            np.tanh(W_xh @ x_t + W_hh @ h_prev),
            "the bias b_h is missing: add it to the sum before the tanh.",
        ),
        (
            np.tanh(W_xh @ x_t + W_hh.T @ h_prev + b_h),
            "W_hh looks transposed: row i of W_hh holds the weights *into* unit i, so the first "
            "unit gets W_hh[0, 0] * h_prev[0] + W_hh[0, 1] * h_prev[1].",
        ),
        (
            np.tanh(W_xh @ x_t + b_h),
            "the recurrent term W_hh h_prev is missing: the previous state must enter the sum.",
        ),
        (np.maximum(a, 0), "that is relu(a_t); this network uses tanh."),
        (np.tanh(W_xh @ -x_t + W_hh @ h_prev + b_h), "check the sign of x_t: it is -2 here."),
    ]
    return compare_answer(
        h_t,
        rnn_step(x_t, h_prev, W_xh, W_hh, b_h),
        mistakes,
        what="h_t",
        todo="Replace the ... with your two numbers, e.g. np.array([0.1, 0.2]).",
        hint="write out a_t = W_xh x_t + W_hh h_prev + b_h one unit at a time, then take tanh.",
    )


SHAPE_SIZES = {"N": 32, "T": 50, "D": 65, "H": 128, "O": 65}
_EXPECTED_SHAPES = {
    "x": ("N", "T", "D"),
    "h0": ("N", "H"),
    "W_xh": ("H", "D"),
    "W_hh": ("H", "H"),
    "b_h": ("H",),
    "h": ("N", "T", "H"),
    "W_hy": ("O", "H"),
    "y": ("N", "T", "O"),
}
_SHAPE_HINTS = {
    "W_xh": "weights are stored as written in W_xh x_t: one row per output (H), one column per "
    "input (D).",
    "W_hy": "W_hy maps a hidden state (H) to an output (O): one row per output.",
    "b_h": "a bias is a 1-D vector with one entry per hidden unit.",
    "h": "rnn_forward returns the state at every step, batch-first.",
    "y": "the output layer is applied at every step, batch-first.",
    "x": "arrays are batch-first: (N, T, D).",
    "h0": "one initial state per sequence in the batch.",
    "W_hh": "W_hh maps a hidden state to a hidden state.",
}


def expected_shapes(sizes: dict[str, int] = SHAPE_SIZES) -> dict[str, tuple[int, ...]]:
    """The shape of every array of a batch-first RNN with the given sizes N, T, D, H, O."""
    return {k: tuple(sizes[s] for s in dims) for k, dims in _EXPECTED_SHAPES.items()}


def check_shapes(shapes: dict) -> Verdict:
    """Exercise 0.2: the shape of every array for N=32, T=50, D=65, H=128, O=65."""
    if not isinstance(shapes, dict):
        return verdict("wrong", f"my_shapes should be a dict, got {type(shapes).__name__}.")
    expected = expected_shapes()
    if all(unfinished(shapes.get(k)) for k in expected):
        return verdict("todo", "Replace each ... in my_shapes with a tuple such as (32, 50, 65).")
    wrong = [
        k
        for k in expected
        if tuple(np.atleast_1d(shapes.get(k, ()))) != expected[k]
        if not unfinished(shapes.get(k))
    ]
    todo = [k for k in expected if unfinished(shapes.get(k))]
    if not wrong and not todo:
        return verdict(
            "ok",
            "every shape is right: " + ", ".join(f"{k} {v}" for k, v in expected.items()) + ".",
        )
    if wrong:
        k = wrong[0]
        extra = f" ({len(wrong) - 1} more to fix)" if len(wrong) > 1 else ""
        return verdict("wrong", f"{k} should not be {shapes[k]}{extra}.", _SHAPE_HINTS[k])
    return verdict("todo", "So far so good; still to fill in: " + ", ".join(todo) + ".")
