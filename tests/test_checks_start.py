"""Notebook 00's checks: every typical wrong answer is rejected with its own hint."""

import itertools

import numpy as np
import pytest

from rnn_helpers.checks import check_hand_step, check_shapes
from rnn_helpers.checks.start import (
    DECIMALS,
    EXERCISE_X_T,
    TASTE,
    expected_shapes,
    hand_step_mistakes,
)

W_xh, W_hh, b_h, h_prev = TASTE["W_xh"], TASTE["W_hh"], TASTE["b_h"], TASTE["h_prev"]
a = W_xh @ EXERCISE_X_T + W_hh @ h_prev + b_h
RIGHT = np.tanh(a)

# ------------------------------------------------------------------ Exercise 0.1: a step by hand

# Each wrong answer as a learner gives it: worked out, then rounded to the 3 decimals asked for.
HAND_CATALOGUE = [
    ("no tanh", a, "pre-activation"),
    ("no bias", np.tanh(W_xh @ EXERCISE_X_T + W_hh @ h_prev), "bias b_h is missing"),
    ("bias outside tanh", np.tanh(a - b_h) + b_h, "bias goes inside the tanh"),
    ("W_hh transposed", np.tanh(W_xh @ EXERCISE_X_T + W_hh.T @ h_prev + b_h), "transposed"),
    ("no recurrence", np.tanh(W_xh @ EXERCISE_X_T + b_h), "recurrent term"),
    ("relu", np.maximum(a, 0), "relu"),
    ("worked example x_t = 2", np.tanh(-W_xh @ EXERCISE_X_T + W_hh @ h_prev + b_h), "x_t is -2"),
    (
        "sign of h_prev",
        np.tanh(W_xh @ EXERCISE_X_T + W_hh @ np.abs(h_prev) + b_h),
        "sign of h_prev",
    ),
    ("units swapped", RIGHT[::-1], "swapped"),
    ("2 decimals only", np.trunc(RIGHT * 100) / 100, "to 3 decimals"),
    ("guess", np.array([0.3, 0.3]), "one unit at a time"),
    ("three numbers", np.array([0.3, 0.3, 0.3]), "one unit at a time"),
    ("text", "twelve", "one unit at a time"),
]


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [(np.round(v, DECIMALS) if not isinstance(v, str) else v, f) for _, v, f in HAND_CATALOGUE],
    ids=[name for name, _, _ in HAND_CATALOGUE],
)
def test_hand_step_catalogue_of_wrong_answers(answer, fragment):
    v = check_hand_step(answer)
    assert not v and v.status == "wrong", str(v)
    assert fragment in v.hint, str(v)


@pytest.mark.parametrize(
    "answer",
    [[-0.462, -0.245], [-0.462, -0.244], np.array([-0.4621, -0.2449]), RIGHT],
    ids=["rounded", "cut off", "4 decimals", "exact"],
)
def test_hand_step_accepts_three_decimals(answer):
    v = check_hand_step(answer)
    assert v, str(v)


def test_hand_step_mistakes_are_distinct_at_three_decimals():
    values = [RIGHT] + [m for m, _ in hand_step_mistakes()]
    for u, w in itertools.combinations(values, 2):
        assert np.abs(u - w).max() > 3 * 10.0**-DECIMALS


def test_hand_step_not_done():
    assert check_hand_step(...).status == "todo"


# ------------------------------------------------------------------ Exercise 0.2: shapes

SHAPES_CATALOGUE = [
    ("x time-first", {"x": (50, 32, 65)}, "batch-first"),
    ("h0 without batch", {"h0": (128,)}, "one initial state per sequence"),
    ("W_xh transposed", {"W_xh": (65, 128)}, "one row per output"),
    ("W_hh", {"W_hh": (128, 65)}, "hidden state to a hidden state"),
    ("b_h column", {"b_h": (128, 1)}, "not a column"),
    ("b_h per example", {"b_h": (32, 128)}, "shared by every example"),
    ("h time-first", {"h": (50, 32, 128)}, "batch-first"),
    ("h last state only", {"h": (32, 128)}, "state at every step"),
    ("h with h0", {"h": (32, 51, 128)}, "without h_0"),
    ("W_hy transposed", {"W_hy": (128, 65)}, "one row per output"),
    ("y with H", {"y": (32, 50, 128)}, "O numbers per step"),
    ("y last step only", {"y": (32, 65)}, "at every step"),
    ("a string", {"x": "(32, 50, 65)"}, "tuple of whole numbers"),
    ("floats", {"x": (32.0, 50.0, 65.0)}, "tuple of whole numbers"),
]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [(c, f) for _, c, f in SHAPES_CATALOGUE],
    ids=[name for name, _, _ in SHAPES_CATALOGUE],
)
def test_shapes_catalogue_of_wrong_answers(change, fragment):
    v = check_shapes(expected_shapes() | change)
    assert not v and v.status == "wrong", str(v)
    assert next(iter(change)) in v.text and fragment in v.hint, str(v)


def test_shapes_right_and_lists_and_ints_accepted():
    assert check_shapes(expected_shapes())
    assert check_shapes(expected_shapes() | {"x": [32, 50, 65], "b_h": 128})


def test_shapes_partial_answer_is_not_done_but_not_wrong():
    shapes = dict.fromkeys(expected_shapes(), ...) | {"x": (32, 50, 65)}
    v = check_shapes(shapes)
    assert v.status == "todo" and "h0" in v.text


def test_shapes_missing_key_and_not_a_dict():
    shapes = expected_shapes()
    del shapes["h0"]
    v = check_shapes(shapes)
    assert v.status == "wrong" and "no entry for h0" in v.text
    assert check_shapes([(32, 50, 65)]).status == "wrong"
    assert check_shapes(...).status == "todo"
