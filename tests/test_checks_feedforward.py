"""Notebook 01's checks recognise the typical mistakes and say so."""

from collections import Counter

import pytest

from rnn_helpers.checks.feedforward import check_best_accuracy, check_param_count

D, H, O = 27, 50, 27


def best_accuracy(contexts, targets):
    per_context = {}
    for c, y in zip(contexts, targets, strict=True):
        per_context.setdefault(c, Counter())[y] += 1
    return sum(max(k.values()) for k in per_context.values()) / len(targets)


def count_right(contexts, targets):
    return best_accuracy(contexts, targets) * len(targets)


def error_rate(contexts, targets):
    return 1 - best_accuracy(contexts, targets)


def ignores_context(contexts, targets):
    return max(Counter(targets).values()) / len(targets)


def unweighted_mean(contexts, targets):
    per_context = {}
    for c, y in zip(contexts, targets, strict=True):
        per_context.setdefault(c, Counter())[y] += 1
    return sum(max(k.values()) / sum(k.values()) for k in per_context.values()) / len(per_context)


def unambiguous_share(contexts, targets):
    per_context = {}
    for c, y in zip(contexts, targets, strict=True):
        per_context.setdefault(c, set()).add(y)
    return sum(len(s) == 1 for s in per_context.values()) / len(per_context)


def crashes(contexts, targets):
    return contexts.count_tokens()


def returns_ellipsis(contexts, targets):
    return ...


def test_best_accuracy_right():
    v = check_best_accuracy(best_accuracy)
    assert v and "16/18" in v.text


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (count_right, "divide by the number of predictions"),
        (error_rate, "error rate"),
        (ignores_context, "ignores the context"),
        (unweighted_mean, "weight each context by how often it occurs"),
        (unambiguous_share, "ambiguous context still gets"),
        (crashes, "for each context, count"),
    ],
    ids=["count", "error rate", "no context", "unweighted", "unambiguous", "crash"],
)
def test_best_accuracy_mistakes_get_targeted_hints(fn, hint_fragment):
    v = check_best_accuracy(fn)
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


def test_best_accuracy_crash_is_reported_not_raised():
    v = check_best_accuracy(crashes)
    assert "AttributeError" in v.text


def test_best_accuracy_returning_ellipsis_is_not_done():
    assert check_best_accuracy(returns_ellipsis).status == "todo"


def test_param_count_right():
    assert check_param_count(5277)
    assert check_param_count(5277.0)


@pytest.mark.parametrize(
    ("count", "hint_fragment"),
    [
        (H * D + H * H + O * H, "biases are missing"),
        (H * D + H * H + H + O * H, "output bias b_y"),
        (H * D + H * H + O * H + O, "hidden bias b_h"),
        (H * D + H * D + H + O * H + O, "H x H, not H x D"),
        (H * D + H * H + H, "recurrent layer alone"),
        (H * D + H * H + H + O * O + O, "one row per output unit"),
        (D * D + H * H + H + O * H + O, "one row per output unit"),
        (1234, "add up the entries"),
    ],
    ids=[
        "no biases",
        "no b_y",
        "no b_h",
        "W_hh as HxD",
        "no output layer",
        "W_hy as OxO",
        "W_xh as DxD",
        "other",
    ],
)
def test_param_count_mistakes_get_targeted_hints(count, hint_fragment):
    v = check_param_count(count)
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


def test_param_count_fraction_is_wrong():
    v = check_param_count(5277.5)
    assert not v and "whole number" in v.text


def test_param_count_not_started():
    assert check_param_count(...).status == "todo"
