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


DECIMALS = 3  # Exercise 0.1 asks for h_t to 3 decimals


def hand_step_mistakes() -> list[tuple[np.ndarray, str]]:
    """What each typical mistake of Exercise 0.1 gives for h_t, with its hint."""
    W_xh, W_hh, b_h, h_prev = TASTE["W_xh"], TASTE["W_hh"], TASTE["b_h"], TASTE["h_prev"]
    x_t = EXERCISE_X_T
    a = W_xh @ x_t + W_hh @ h_prev + b_h
    h_t = np.tanh(a)
    return [
        (a, "that is the pre-activation a_t; the new state is tanh(a_t)."),
        (
            np.tanh(W_xh @ x_t + W_hh @ h_prev),
            "the bias b_h is missing: add it to the sum before the tanh.",
        ),
        (
            np.tanh(a - b_h) + b_h,
            "the bias goes inside the tanh: tanh(W_xh x_t + W_hh h_prev + b_h).",
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
        (
            np.tanh(W_xh @ -x_t + W_hh @ h_prev + b_h),
            "that is the worked example's answer, for x_t = 2; here x_t is -2.",
        ),
        (
            np.tanh(W_xh @ x_t + W_hh @ np.abs(h_prev) + b_h),
            "check the sign of h_prev: its second entry is -0.5.",
        ),
        (h_t[::-1], "the two units are swapped: give [first unit, second unit]."),
    ]


def check_hand_step(h_t) -> Verdict:
    """Exercise 0.1: h_t for x_t = [-2] with the weights of the worked example, computed by hand.

    Accepted to 3 decimals (rounded or cut off); the typical mistakes are recognised at the same
    precision.
    """
    W_xh, W_hh, b_h, h_prev = TASTE["W_xh"], TASTE["W_hh"], TASTE["b_h"], TASTE["h_prev"]
    return compare_answer(
        h_t,
        rnn_step(EXERCISE_X_T, h_prev, W_xh, W_hh, b_h),
        hand_step_mistakes(),
        what="h_t",
        todo="Replace the ... with your two numbers, e.g. np.array([0.123, -0.456]).",
        hint="write out a_t = W_xh x_t + W_hh h_prev + b_h one unit at a time, then take tanh.",
        decimals=DECIMALS,
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


def _shape_mistakes(sizes: dict[str, int]) -> dict[str, list[tuple[tuple[int, ...], str]]]:
    """For each array, the shapes that typical mistakes give, each with its own hint."""
    N, T, D, H, O = (sizes[k] for k in ("N", "T", "D", "H", "O"))
    time_first = "the course is batch-first: N (the batch) comes first, then T (time)."
    return {
        "x": [((T, N, D), time_first), ((N, D), "x holds every step: (N, T, D).")],
        "h0": [
            ((H,), "there is one initial state per sequence in the batch: (N, H)."),
            ((N, T, H), "h0 is the state before the first step only: (N, H)."),
        ],
        "W_xh": [((D, H), _SHAPE_HINTS["W_xh"])],
        "W_hh": [],
        "b_h": [
            ((H, 1), "b_h is a 1-D vector, (H,), not a column (H, 1)."),
            ((1, H), "b_h is a 1-D vector, (H,), not a row (1, H)."),
            ((N, H), "the bias is shared by every example: (H,), not one per example."),
        ],
        "h": [
            ((T, N, H), time_first),
            ((N, H), "that is one state; rnn_forward returns the state at every step."),
            ((N, T + 1, H), "h holds h_1 ... h_T, without h_0: T steps."),
        ],
        "W_hy": [((H, O), _SHAPE_HINTS["W_hy"])],
        "y": [
            ((T, N, O), time_first),
            ((N, T, H), "y has O numbers per step (one score per character), not H."),
            ((N, O), "the output layer is applied at every step: (N, T, O)."),
        ],
    }


def expected_shapes(sizes: dict[str, int] = SHAPE_SIZES) -> dict[str, tuple[int, ...]]:
    """The shape of every array of a batch-first RNN with the given sizes N, T, D, H, O."""
    return {k: tuple(sizes[s] for s in dims) for k, dims in _EXPECTED_SHAPES.items()}


def _as_shape(value) -> tuple[int, ...] | None:
    """A tuple of whole numbers, or None if `value` is not a shape (an int counts as (n,))."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),)
    if not isinstance(value, (tuple, list)):
        return None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value):
        return None
    return tuple(int(v) for v in value)


def check_shapes(shapes: dict) -> Verdict:
    """Exercise 0.2: the shape of every array for N=32, T=50, D=65, H=128, O=65."""
    if unfinished(shapes):
        return verdict("todo", "Replace each ... in my_shapes with a tuple such as (32, 50, 65).")
    if not isinstance(shapes, dict):
        return verdict("wrong", f"my_shapes should be a dict, got {type(shapes).__name__}.")
    expected = expected_shapes()
    missing = [k for k in expected if k not in shapes]
    if missing:
        return verdict(
            "wrong",
            f"my_shapes has no entry for {', '.join(missing)}.",
            "keep every key of the dict in the exercise cell and fill in its value.",
        )
    if all(unfinished(shapes[k]) for k in expected):
        return verdict("todo", "Replace each ... in my_shapes with a tuple such as (32, 50, 65).")
    todo = [k for k in expected if unfinished(shapes[k])]
    wrong = [
        k for k in expected if not unfinished(shapes[k]) and _as_shape(shapes[k]) != expected[k]
    ]
    if not wrong and not todo:
        return verdict(
            "ok",
            "Every shape is right: " + ", ".join(f"{k} {v}" for k, v in expected.items()) + ".",
        )
    if wrong:
        k = wrong[0]
        extra = f" ({len(wrong) - 1} more to fix)" if len(wrong) > 1 else ""
        got = _as_shape(shapes[k])
        if got is None:
            return verdict(
                "wrong",
                f"my_shapes[{k!r}] = {shapes[k]!r} is not a shape{extra}.",
                "a shape is a tuple of whole numbers, such as (32, 50, 65).",
            )
        hint = dict(_shape_mistakes(SHAPE_SIZES)[k]).get(got, _SHAPE_HINTS[k])
        return verdict("wrong", f"{k} should not be {got}{extra}.", hint)
    return verdict("todo", "So far so good; still to fill in: " + ", ".join(todo) + ".")
