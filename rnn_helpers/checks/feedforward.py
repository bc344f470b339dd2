"""Checks for notebook 01 (from feedforward to recurrent): the best accuracy from counts, and a
parameter count by hand."""

from __future__ import annotations

from collections import Counter

from ..feedforward import (
    PRONOUN_CORPUS,
    bayes_limit,
    next_token_contexts,
    next_token_counts,
    rnn_param_count,
)
from ._core import Verdict, call_learner, compare_answer, not_done, unfinished, verdict

# A small case on which every typical mistake gives a different number:
# context a is followed by x, x, x, y; b by y, z; c by z.
ACCURACY_CASE = (["a", "a", "a", "a", "b", "b", "c"], ["x", "x", "x", "y", "y", "z", "z"])


def _accuracy_mistakes(contexts, targets) -> list[tuple[float, str]]:
    """The value each typical mistake gives on (contexts, targets), with its hint."""
    n = len(targets)
    per_context = next_token_counts(contexts, targets)
    best = sum(max(k.values()) for k in per_context.values())
    return [
        (best, "that is the number of right guesses; divide by the number of predictions."),
        (1 - best / n, "that is the error rate; the accuracy is 1 minus it."),
        (
            max(Counter(targets).values()) / n,
            "that is the accuracy of always guessing the overall most frequent token: it "
            "ignores the context. Count targets separately for each context.",
        ),
        (
            sum(max(k.values()) / sum(k.values()) for k in per_context.values()) / len(per_context),
            "you averaged over distinct contexts, each with the same weight; weight each "
            "context by how often it occurs (or add up the best counts and divide by the "
            "number of predictions).",
        ),
        (
            sum(len(k) == 1 for k in per_context.values()) / len(per_context),
            "that is the fraction of contexts with only one possible next token; an ambiguous "
            "context still gets its most frequent target right.",
        ),
    ]


def check_best_accuracy(fn) -> Verdict:
    """Exercise 1.1: `fn(contexts, targets)` is the best accuracy of any function of the context."""
    result, error = call_learner(fn, *ACCURACY_CASE)
    hint = (
        "for each context, count how often each target follows it; add up the largest count "
        "of every context; divide by the number of predictions."
    )
    if error is not None:
        return verdict("wrong", f"my_best_accuracy raised {error}", hint)
    if unfinished(result):
        return not_done("my_best_accuracy", "rnn_helpers.feedforward.bayes_limit")
    first = compare_answer(
        result,
        bayes_limit(*ACCURACY_CASE).accuracy,
        _accuracy_mistakes(*ACCURACY_CASE),
        what="my_best_accuracy on a small test case",
        hint=hint,
    )
    if not first:
        return first
    contexts, targets = next_token_contexts(PRONOUN_CORPUS, k=1)
    result, error = call_learner(fn, contexts, targets)
    if error is not None:
        return verdict(
            "wrong",
            f"my_best_accuracy raised {error} on the corpus (contexts are tuples of tokens there)",
            hint,
        )
    second = compare_answer(
        result,
        bayes_limit(contexts, targets).accuracy,
        _accuracy_mistakes(contexts, targets),
        what="my_best_accuracy on the corpus",
        hint=hint,
    )
    if not second:
        return second
    return verdict(
        "ok",
        f"my_best_accuracy gives 5/7 = {5 / 7:.4f} on the test case and "
        f"16/18 = {16 / 18:.4f} on the corpus (current token only).",
    )


# Exercise 1.2: a character model over 26 letters and a space, 50 hidden units.
EXERCISE_SIZES = {"D": 27, "H": 50, "O": 27}


def check_param_count(count) -> Verdict:
    """Exercise 1.2: the parameter count of an RNN with D = 27, H = 50, O = 27, by hand."""
    D, H, O = EXERCISE_SIZES["D"], EXERCISE_SIZES["H"], EXERCISE_SIZES["O"]
    mistakes = [
        (H * D + H * H + O * H, "the biases are missing: b_h has H entries and b_y has O."),
        (H * D + H * H + H + O * H, "the output bias b_y (O entries) is missing."),
        (H * D + H * H + O * H + O, "the hidden bias b_h (H entries) is missing."),
        (
            H * D + H * D + H + O * H + O,
            "W_hh maps a hidden state to a hidden state, so it is H x H, not H x D.",
        ),
        (
            H * D + H * H + H,
            "that is the recurrent layer alone; add the output layer W_hy (O x H) and b_y (O).",
        ),
        (
            H * D + H * H + H + O * O + O,  # with D = O this is also W_xh counted as D x D
            "a weight matrix has one row per output unit and one column per input unit: "
            "W_xh is H x D and W_hy is O x H.",
        ),
    ]
    if isinstance(count, float) and not unfinished(count) and count != int(count):
        return verdict(
            "wrong",
            f"my_count = {count} is not a whole number.",
            "a parameter count is a number of array entries.",
        )
    v = compare_answer(
        count,
        rnn_param_count(D, H, O),
        mistakes,
        what="my_count",
        rtol=0,
        atol=0.5,
        todo="Replace the ... with a number, e.g. my_count = 1234.",
        hint="add up the entries of W_xh (H x D), W_hh (H x H), b_h (H), W_hy (O x H) and b_y (O).",
    )
    if not v:
        return v
    return verdict(
        "ok",
        f"{H * D} (W_xh) + {H * H} (W_hh) + {H} (b_h) + {O * H} (W_hy) + {O} (b_y) "
        f"= {rnn_param_count(D, H, O)} parameters, whatever the sequence length.",
    )
