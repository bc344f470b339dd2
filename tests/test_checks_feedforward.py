"""Notebook 01's checks: every typical wrong answer is rejected with its own hint."""

import itertools
from collections import Counter

import numpy as np
import pytest

from rnn_helpers.checks.feedforward import (
    ACCURACY_CASE,
    EXERCISE_SIZES,
    _accuracy_mistakes,
    check_best_accuracy,
    check_param_count,
    param_count_mistakes,
)
from rnn_helpers.feedforward import PRONOUN_CORPUS, bayes_limit, next_token_contexts

D, H, O = 27, 50, 27

# ------------------------------------------------------------------ Exercise 1.1


def _per_context(contexts, targets):
    per_context = {}
    for c, y in zip(contexts, targets, strict=True):
        per_context.setdefault(c, Counter())[y] += 1
    return per_context


def best_accuracy(contexts, targets):
    return sum(max(k.values()) for k in _per_context(contexts, targets).values()) / len(targets)


def count_right(contexts, targets):
    return best_accuracy(contexts, targets) * len(targets)


def integer_division(contexts, targets):
    return sum(max(k.values()) for k in _per_context(contexts, targets).values()) // len(targets)


def percentage(contexts, targets):
    return 100 * best_accuracy(contexts, targets)


def error_rate(contexts, targets):
    return 1 - best_accuracy(contexts, targets)


def ignores_context(contexts, targets):
    return max(Counter(targets).values()) / len(targets)


def unweighted_mean(contexts, targets):
    per_context = _per_context(contexts, targets)
    return sum(max(k.values()) / sum(k.values()) for k in per_context.values()) / len(per_context)


def unambiguous_share(contexts, targets):
    per_context = _per_context(contexts, targets)
    return sum(len(k) == 1 for k in per_context.values()) / len(per_context)


def last_seen(contexts, targets):
    guess = {}
    for c, y in zip(contexts, targets, strict=True):
        guess[c] = y  # overwritten: the last target, not the most frequent
    return sum(guess[c] == y for c, y in zip(contexts, targets, strict=True)) / len(targets)


def per_distinct_context(contexts, targets):
    per_context = _per_context(contexts, targets)
    return sum(max(k.values()) for k in per_context.values()) / len(per_context)


def no_return(contexts, targets):
    best_accuracy(contexts, targets)


def crashes(contexts, targets):
    return contexts.count_tokens()


def sorts_its_input(contexts, targets):
    contexts.sort()  # writes into the caller's list (and pairs contexts with the wrong targets)
    return best_accuracy(contexts, targets)


def returns_ellipsis(contexts, targets):
    return ...


def strings_only(contexts, targets):
    return best_accuracy([c.upper() for c in contexts], targets)  # crashes on tuples


ACCURACY_CATALOGUE = [
    (count_right, "divide by the number of predictions"),
    (integer_division, "integer division"),
    (percentage, "percentage"),
    (error_rate, "error rate"),
    (ignores_context, "ignores the context"),
    (unweighted_mean, "weight each context by how often it occurs"),
    (unambiguous_share, "ambiguous context still gets"),
    (last_seen, "most frequent"),
    (per_distinct_context, "number of distinct contexts"),
    (no_return, "`return`"),
    (crashes, "for each context, count"),
    (sorts_its_input, "for each context, count"),
    (strings_only, "for each context, count"),
]


@pytest.mark.parametrize(
    ("fn", "hint_fragment"), ACCURACY_CATALOGUE, ids=[f.__name__ for f, _ in ACCURACY_CATALOGUE]
)
def test_best_accuracy_catalogue_of_wrong_answers(fn, hint_fragment):
    v = check_best_accuracy(fn)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, str(v)


def test_best_accuracy_mistakes_are_distinct_on_the_test_case():
    values = [bayes_limit(*ACCURACY_CASE).accuracy] + [
        m for m, _ in _accuracy_mistakes(*ACCURACY_CASE)
    ]
    for u, w in itertools.combinations(values, 2):
        assert not np.isclose(u, w, rtol=1e-3), (u, w)


def test_best_accuracy_right():
    v = check_best_accuracy(best_accuracy)
    assert v and "16/18" in v.text and "6/8" in v.text


def test_best_accuracy_messages():
    assert "AttributeError" in check_best_accuracy(crashes).text
    assert "returned None" in check_best_accuracy(no_return).text
    v = check_best_accuracy(strings_only)
    assert "on the corpus" in v.text  # passes the test case (strings), crashes on tuples
    assert check_best_accuracy(returns_ellipsis).status == "todo"


def test_best_accuracy_corpus_case_is_what_the_notebook_uses():
    contexts, targets = next_token_contexts(PRONOUN_CORPUS, k=1)
    assert bayes_limit(contexts, targets).accuracy == 16 / 18


# ------------------------------------------------------------------ Exercise 1.2

COUNT_CATALOGUE = [
    ("no biases", H * D + H * H + O * H, "biases are missing"),
    ("no b_y", H * D + H * H + H + O * H, "output bias b_y"),
    ("no b_h", H * D + H * H + O * H + O, "hidden bias b_h"),
    ("W_hh as HxD", H * D + H * D + H + O * H + O, "H x H, not H x D"),
    ("no W_hh", H * D + H + O * H + O, "W_hh (H x H), the recurrent weights, is missing"),
    ("no output layer", H * D + H * H + H, "recurrent layer alone"),
    ("W_hy as OxO", H * D + H * H + H + O * O + O, "one row per output unit"),
    ("W_xh as DxD", D * D + H * H + H + O * H + O, "one row per output unit"),
    ("sizes added", H + D + H + H + O + H + O, "multiply its two sizes"),
    ("other", 1234, "add up the entries"),
    ("string", "5277", "without quotes"),
    ("float", 5277.0, "whole number"),
    ("fraction", 5277.5, "whole number"),
    ("numpy float", np.float64(5277), "whole number"),
]


@pytest.mark.parametrize(
    ("count", "hint_fragment"),
    [(c, f) for _, c, f in COUNT_CATALOGUE],
    ids=[name for name, _, _ in COUNT_CATALOGUE],
)
def test_param_count_catalogue_of_wrong_answers(count, hint_fragment):
    v = check_param_count(count)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, str(v)


def test_param_count_mistakes_are_distinct():
    sizes = EXERCISE_SIZES
    values = [5277] + [m for m, _ in param_count_mistakes(sizes["D"], sizes["H"], sizes["O"])]
    assert len(values) == len(set(values))  # each mistake gives its own count


def test_param_count_right():
    assert check_param_count(5277)
    assert check_param_count(np.int64(5277))
    assert check_param_count(H * D + H * H + H + O * H + O)


def test_param_count_not_started():
    assert check_param_count(...).status == "todo"
