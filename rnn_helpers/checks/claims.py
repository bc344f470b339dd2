"""Checks for notebook 09 (every claim checked): a verdict backed by its number."""

from __future__ import annotations

import numpy as np

from ..claims import VERDICTS, first_step_all_below, forgetting_distances
from ._core import Verdict, compare_answer, unfinished, verdict

# Exercise 9.1 re-runs the live experiment of section 2 with this seed and threshold.
FORGET_SEED = 4
FORGET_THRESHOLD = 1e-6
CLAIM_ID = "remembers-everything-over-time"

VERDICT_HINTS = {
    "true": "the two histories differ in x_1, yet their states end up equal: the state no "
    "longer holds x_1. One such case is enough to refute a claim about every piece of "
    "information.",
    "overstated": "'overstated' fits a claim that is right in part. Here the claim is about "
    "every piece of information, and x_1 is lost completely, down to float64 rounding.",
    "conditional": "is there a condition under which a state of H numbers keeps everything? "
    "Notebook 02 counted: a fixed-size state cannot tell all long sequences apart, whatever "
    "the weights.",
}


def forgetting_exercise_distances() -> np.ndarray:
    """The distances of Exercise 9.1: ``forgetting_distances`` with the exercise's seed."""
    return forgetting_distances(np.random.default_rng(FORGET_SEED))


def _step_mistakes(dist: np.ndarray) -> list[tuple[float, str]]:
    """The step each typical mistake gives, with its hint."""
    apart = np.abs(dist) >= FORGET_THRESHOLD  # (N, T)
    per_pair = np.array([np.flatnonzero(a)[-1] + 2 if a.any() else 1 for a in apart])
    median = (
        "that is a typical pair (the median); the claim is about every history, so take the "
        "slowest pair."
    )
    fastest = "that is the fastest pair; every pair must be within the threshold: take the slowest."
    return [
        (
            first_step_all_below(dist, FORGET_THRESHOLD) - 1,
            "steps count from 1 here: dist[:, 0] is step 1, so index i is step i + 1.",
        ),
        (float(np.median(per_pair)), median),
        (float(np.median(per_pair)) - 1, median),
        (float(per_pair.min()), fastest),
        (float(per_pair.min()) - 1, fastest),
    ]


def check_forgetting_verdict(answer) -> Verdict:
    """Exercise 9.1: ``{"step": t, "verdict": v}`` for the claim that an RNN keeps everything.

    ``step`` is the first step t (counting from 1) from which every pair of histories stays
    within 1e-6; ``verdict`` is one of `rnn_helpers.claims.VERDICTS`.
    """
    if not isinstance(answer, dict) or set(answer) != {"step", "verdict"}:
        return verdict(
            "wrong",
            f"my_answer should be a dict with the keys 'step' and 'verdict', got {answer!r}.",
            'fill in the two values of my_answer = {"step": ..., "verdict": ...}.',
        )
    step, claimed = answer["step"], answer["verdict"]
    if unfinished(step) and unfinished(claimed):
        return verdict("todo", "Fill in my_answer and run this cell again.")
    dist = forgetting_exercise_distances()
    expected = first_step_all_below(dist, FORGET_THRESHOLD)
    if isinstance(step, str):
        return verdict(
            "wrong",
            f"step is the text {step!r}, not a number.",
            "write the step as a whole number, without quotes.",
        )
    if isinstance(step, float) and not unfinished(step) and step != int(step):
        return verdict("wrong", f"step = {step} is not a whole number.", "a step is a count.")
    v = compare_answer(
        step,
        expected,
        _step_mistakes(dist),
        what="step",
        rtol=0,
        atol=0.5,
        todo="Fill in my_answer['step'] and run this cell again.",
        hint="for every step, ask whether some pair is still at least 1e-6 apart; the answer "
        "is one past the last step where that happens.",
    )
    if not v:
        return v
    if unfinished(claimed):
        return verdict("todo", "step is right. Now fill in my_answer['verdict'].")
    if isinstance(claimed, bool):
        return verdict(
            "wrong",
            f"verdict must be one of {VERDICTS}, got the Python value {claimed!r}.",
            "the verdict is a word in quotes, one of the four strings above.",
        )
    if isinstance(claimed, str) and claimed.strip().lower() in VERDICTS and claimed not in VERDICTS:
        return verdict(
            "wrong",
            f"verdict must be one of {VERDICTS}, got {claimed!r}.",
            "write the word exactly as in claims.VERDICTS: lower case, no spaces.",
        )
    if claimed not in VERDICTS:
        return verdict(
            "wrong",
            f"verdict must be one of {VERDICTS}, got {claimed!r}.",
            "pick the word that fits what the measurement shows.",
        )
    if claimed != "false":
        return verdict(
            "wrong", f"step {step} is right, but {claimed!r} is not.", VERDICT_HINTS[claimed]
        )
    return verdict(
        "ok",
        f"from step {expected} on, all {dist.shape[0]} pairs of histories are within 1e-6: "
        "the claim is false, whatever x_1 was.",
    )
