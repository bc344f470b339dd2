"""Exercise 9.1's check: the right step and verdict pass, each typical mistake gets its hint."""

import numpy as np
import pytest

from rnn_helpers.checks.claims import (
    FORGET_THRESHOLD,
    check_forgetting_verdict,
    forgetting_exercise_distances,
)
from rnn_helpers.memory import memory_horizon

DIST = forgetting_exercise_distances()
K = memory_horizon(DIST, FORGET_THRESHOLD)  # per pair: steps after x_1 until below for good
RIGHT = int(K.max()) + 1  # computed independently of first_step_all_below


def test_right_answer_passes():
    v = check_forgetting_verdict({"step": RIGHT, "verdict": "false"})
    assert v and f"from step {RIGHT} on" in v.text
    assert check_forgetting_verdict({"step": float(RIGHT), "verdict": "false"})


def test_the_exercise_data_tells_the_mistakes_apart():
    values = {RIGHT, RIGHT - 1, np.median(K) + 1, np.median(K), K.min() + 1, K.min()}
    assert len(values) == 6
    assert DIST[:, -1].max() < 1e-14  # the histories really do end up equal


@pytest.mark.parametrize(
    ("step", "hint_fragment"),
    [
        (RIGHT - 1, "steps count from 1"),
        (float(np.median(K) + 1), "typical pair (the median)"),
        (float(np.median(K)), "typical pair (the median)"),
        (float(K.min() + 1), "fastest pair"),
        (float(K.min()), "fastest pair"),
        (RIGHT + 7, "one past the last step"),
    ],
    ids=["0-based", "median", "median 0-based", "fastest", "fastest 0-based", "other"],
)
def test_wrong_step_gets_its_hint(step, hint_fragment):
    v = check_forgetting_verdict({"step": step, "verdict": "false"})
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


@pytest.mark.parametrize(
    ("claimed", "hint_fragment"),
    [
        ("true", "One such case is enough"),
        ("overstated", "right in part"),
        ("conditional", "fixed-size state"),
        ("False", "lower case"),
        (" false", "lower case"),
        (False, "a word in quotes"),
        ("mostly wrong", "pick the word"),
    ],
)
def test_wrong_verdict_gets_its_hint(claimed, hint_fragment):
    v = check_forgetting_verdict({"step": RIGHT, "verdict": claimed})
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint
    if claimed in ("true", "overstated", "conditional"):
        assert "false" not in v.hint.lower().split()  # the hint does not hand out the verdict


def test_not_a_whole_number_and_not_a_dict():
    v = check_forgetting_verdict({"step": RIGHT + 0.5, "verdict": "false"})
    assert not v and "whole number" in v.text
    v = check_forgetting_verdict(RIGHT)
    assert not v and "dict with the keys" in v.text
    v = check_forgetting_verdict({"step": "thirty", "verdict": "false"})
    assert not v and v.status == "wrong"
    v = check_forgetting_verdict({"step": str(RIGHT), "verdict": "false"})  # the right digits
    assert not v and "without quotes" in v.hint


def test_untouched_and_half_done():
    assert check_forgetting_verdict({"step": ..., "verdict": ...}).status == "todo"
    v = check_forgetting_verdict({"step": RIGHT, "verdict": ...})
    assert v.status == "todo" and "step is right" in v.text
    v = check_forgetting_verdict({"step": ..., "verdict": "false"})
    assert v.status == "todo"
