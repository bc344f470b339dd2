"""Notebook 00's checks recognise the typical mistakes and say so."""

import numpy as np
import pytest

from rnn_helpers.checks import Verdict, check_hand_step, check_shapes, verdict
from rnn_helpers.checks.start import EXERCISE_X_T, TASTE, expected_shapes

W_xh, W_hh, b_h, h_prev = TASTE["W_xh"], TASTE["W_hh"], TASTE["b_h"], TASTE["h_prev"]
a = W_xh @ EXERCISE_X_T + W_hh @ h_prev + b_h


@pytest.mark.parametrize(
    ("answer", "hint_fragment"),
    [
        (a, "pre-activation"),
        (np.tanh(W_xh @ EXERCISE_X_T + W_hh @ h_prev), "bias b_h is missing"),
        (np.tanh(W_xh @ EXERCISE_X_T + W_hh.T @ h_prev + b_h), "W_hh looks transposed"),
        (np.tanh(W_xh @ EXERCISE_X_T + b_h), "recurrent term"),
        (np.tanh(-W_xh @ EXERCISE_X_T + W_hh @ h_prev + b_h), "sign of x_t"),
        (np.array([0.3, 0.3]), "one unit at a time"),
        (np.array([0.3, 0.3, 0.3]), "one unit at a time"),
        ("twelve", "one unit at a time"),
    ],
    ids=[
        "no tanh",
        "no bias",
        "W_hh transposed",
        "no recurrence",
        "sign",
        "wrong",
        "shape",
        "text",
    ],
)
def test_hand_step_mistakes_get_targeted_hints(answer, hint_fragment):
    v = check_hand_step(answer)
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


def test_hand_step_right_answer_rounded_to_four_places():
    assert check_hand_step(np.array([-0.4621, -0.2449]))


def test_shapes_transposed_weight_is_named():
    shapes = expected_shapes() | {"W_xh": (65, 128)}
    v = check_shapes(shapes)
    assert not v and "W_xh" in v.text and "one row per output" in v.hint


def test_shapes_partial_answer_is_not_done_but_not_wrong():
    shapes = dict.fromkeys(expected_shapes(), ...) | {"x": (32, 50, 65)}
    v = check_shapes(shapes)
    assert v.status == "todo" and "h0" in v.text


def test_verdict_text_and_truth():
    assert str(verdict("ok", "fine")) == "✅ Correct. fine"
    v = verdict("wrong", "no", "try again")
    assert isinstance(v, Verdict) and not v and str(v) == "❌ Not yet. no\n   Hint: try again"
    with pytest.raises(ValueError, match="status must be"):
        verdict("maybe", "?")
