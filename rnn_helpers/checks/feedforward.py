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
from ._core import Verdict, call_learner, compare_answer, compare_count, verdict

# A small case on which every typical mistake gives a different number (see the tests):
# context a is followed by x, x, x, y; b by y, z, z; c by z. The best accuracy is 6/8.
ACCURACY_CASE = (
    ["a", "a", "a", "a", "b", "b", "b", "c"],
    ["x", "x", "x", "y", "y", "z", "z", "z"],
)


def _accuracy_mistakes(contexts, targets) -> list[tuple[float, str]]:
    """The value each typical mistake gives on (contexts, targets), with its hint."""
    n = len(targets)
    per_context = next_token_counts(contexts, targets)
    best = sum(max(k.values()) for k in per_context.values())
    last_seen = dict(zip(contexts, targets, strict=True))
    return [
        (best, "that is the number of right guesses; divide by the number of predictions."),
        (best // n, "that is integer division (//), which rounds down to 0: use / instead."),
        (
            100 * best / n,
            "that is a percentage; give the accuracy as a fraction between 0 and 1.",
        ),
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
        (
            sum(last_seen[c] == y for c, y in zip(contexts, targets, strict=True)) / n,
            "that guesses the target seen *last* after each context (a dict overwritten in "
            "the loop); the best guess is the *most frequent* one: count them.",
        ),
        (
            best / len(per_context),
            "you divided by the number of distinct contexts; divide by the number of "
            "predictions, len(targets).",
        ),
    ]


_ACCURACY_HINT = (
    "for each context, count how often each target follows it; add up the largest count "
    "of every context; divide by the number of predictions."
)


def check_best_accuracy(fn) -> Verdict:
    """Exercise 1.1: `fn(contexts, targets)` is the best accuracy of any function of the context.

    Tried on a small case where every typical mistake gives a different number, then on the
    corpus (contexts are tuples of tokens there).
    """
    name = "my_best_accuracy"
    fallback = "rnn_helpers.feedforward.bayes_limit"
    call = call_learner(fn, *ACCURACY_CASE, name=name, fallback=fallback, error_hint=_ACCURACY_HINT)
    if not call.returned:
        return call.verdict
    first = compare_answer(
        call.value,
        bayes_limit(*ACCURACY_CASE).accuracy,
        _accuracy_mistakes(*ACCURACY_CASE),
        what=f"{name} on a small test case",
        hint=_ACCURACY_HINT,
    )
    if not first:
        return first
    contexts, targets = next_token_contexts(PRONOUN_CORPUS, k=1)
    call = call_learner(fn, contexts, targets, name=name, fallback=fallback)
    if call.error is not None:
        return verdict(
            "wrong",
            f"{name} raised {call.error} on the corpus (contexts are tuples of tokens there)",
            _ACCURACY_HINT,
        )
    if not call.returned:
        return call.verdict
    second = compare_answer(
        call.value,
        bayes_limit(contexts, targets).accuracy,
        _accuracy_mistakes(contexts, targets),
        what=f"{name} on the corpus",
        hint=_ACCURACY_HINT,
    )
    if not second:
        return second
    return verdict(
        "ok",
        f"{name} gives 6/8 = {6 / 8:.4f} on the test case and "
        f"16/18 = {16 / 18:.4f} on the corpus (current token only).",
    )


# Exercise 1.2: a character model over 26 letters and a space, 50 hidden units.
EXERCISE_SIZES = {"D": 27, "H": 50, "O": 27}


def param_count_mistakes(D: int, H: int, O: int) -> list[tuple[int, str]]:
    """The count each typical mistake of Exercise 1.2 gives, with its hint."""
    return [
        (H * D + H * H + O * H, "the biases are missing: b_h has H entries and b_y has O."),
        (H * D + H * H + H + O * H, "the output bias b_y (O entries) is missing."),
        (H * D + H * H + O * H + O, "the hidden bias b_h (H entries) is missing."),
        (
            H * D + H * D + H + O * H + O,
            "W_hh maps a hidden state to a hidden state, so it is H x H, not H x D.",
        ),
        (
            H * D + H + O * H + O,
            "W_hh (H x H), the recurrent weights, is missing.",
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
        (
            H + D + H + H + O + H + O,
            "a weight matrix has one entry per (output, input) pair: multiply its two sizes, "
            "W_xh has H * D entries.",
        ),
    ]


def check_param_count(count) -> Verdict:
    """Exercise 1.2: the parameter count of an RNN with D = 27, H = 50, O = 27, by hand.

    The count must be a whole number (an int): a string or a float is not accepted.
    """
    D, H, O = EXERCISE_SIZES["D"], EXERCISE_SIZES["H"], EXERCISE_SIZES["O"]
    v = compare_count(
        count,
        rnn_param_count(D, H, O),
        param_count_mistakes(D, H, O),
        what="my_count",
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
