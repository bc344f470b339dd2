"""Character n-gram baselines: counting, add-k, Kneser-Ney, the bigram by hand, bits/char."""

import itertools

import numpy as np
import pytest

from rnn_helpers import ngram as ng

V = 4


def brute_force_addk(train, idx, order, k):
    """log2 p of each target by counting substrings directly (the definition)."""
    out = []
    for t in range(1, len(idx)):
        m = min(order, t + 1)
        ctx = tuple(idx[t - m + 1 : t])
        joint = sum(tuple(train[s : s + m]) == (*ctx, idx[t]) for s in range(len(train) - m + 1))
        if m == 1:
            context = len(train)
        else:
            context = sum(tuple(train[s : s + m - 1]) == ctx for s in range(len(train) - m + 1))
        out.append(np.log2((joint + k) / (context + k * V)))
    return np.array(out)


@pytest.fixture
def texts():
    rng = np.random.default_rng(0)
    train = rng.choice(V, size=300, p=[0.5, 0.25, 0.15, 0.1])
    train[::7] = 3  # some structure
    return train, rng.choice(V, size=60)


def test_gram_codes_are_base_V_numbers():
    idx = np.array([1, 2, 3, 0])
    assert ng.gram_codes(idx, 1, V).tolist() == [1, 2, 3, 0]
    assert ng.gram_codes(idx, 3, V).tolist() == [-1, -1, 1 * 16 + 2 * 4 + 3, 2 * 16 + 3 * 4 + 0]


def test_counts_match_brute_force(texts):
    train, _ = texts
    c = ng.count_ngrams(train, V, 3)
    for m in (1, 2, 3):
        for gram in itertools.product(range(V), repeat=m):
            code = sum(g * V ** (m - 1 - j) for j, g in enumerate(gram))
            want = sum(tuple(train[s : s + m]) == gram for s in range(len(train) - m + 1))
            assert c.count(np.array([code]), m)[0] == want


@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize("k", [0.01, 1.0])
def test_addk_matches_the_definition(texts, order, k):
    train, test = texts
    c = ng.count_ngrams(train, V, 4)
    got = ng.addk_log2_probs(c, test, order, k)
    np.testing.assert_allclose(got, brute_force_addk(train, test, order, k), rtol=1e-12)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_addk_and_kneser_ney_are_distributions(texts, order):
    """Summed over every possible next character, each model's probabilities give 1."""
    train, test = texts
    c = ng.count_ngrams(train, V, 3)
    ctx = test[:10]
    for model in (
        lambda i: ng.addk_log2_probs(c, i, order, 0.3),
        lambda i: ng.kneser_ney_log2_probs(c, i, order),
    ):
        total = sum(2 ** model(np.append(ctx, x))[-1] for x in range(V))
        assert total == pytest.approx(1.0, abs=1e-12)


def test_kneser_ney_levels_follow_the_formula():
    """Order 1: a discounted unigram mixed with 1/V. Order 2's lower level: continuation counts,
    so a frequent character that always follows the same one gets a small share."""
    train = np.array([0, 1] * 50 + [2, 3, 0, 2, 1, 3, 2, 0, 3, 1])
    c = ng.count_ngrams(train, V, 2)
    D1 = ng._discount(c.counts[0])
    p1 = 2 ** ng.kneser_ney_log2_probs(c, np.array([2, 1]), 1)[0]
    assert p1 == pytest.approx((max(np.sum(train == 1) - D1, 0) + D1 * 4 / V) / len(train))
    cont = np.array([len({a for a, b in itertools.pairwise(train) if b == x}) for x in range(V)])
    keys, counts = ng._kn_tables(c, 2)[0][:2]
    assert keys.tolist() == [0, 1, 2, 3] and counts.tolist() == cont.tolist()


def test_bits_per_char_and_choose_k(texts):
    train, test = texts
    c = ng.count_ngrams(train, V, 2)
    ks = [0.01, 0.1, 1.0, 10.0]
    best, bits = ng.choose_k(c, test, 2, ks)
    assert best == ks[int(np.argmin(bits))]
    assert bits[1] == pytest.approx(ng.bits_per_char(ng.addk_log2_probs(c, test, 2, 0.1)))
    assert ng.bits_per_char(np.log2(np.full(5, 0.25))) == pytest.approx(2.0)


def test_bigram_by_hand_matches_the_ngram_model(texts):
    train, test = texts
    C = ng.bigram_counts(train, V)
    assert C.sum() == len(train) - 1 and C[train[0], train[1]] >= 1
    P = (C + 0.5) / (C.sum(1, keepdims=True) + 0.5 * V)  # p(b | a), the definition
    want = -np.mean(np.log2(P[test[:-1], test[1:]]))
    assert ng.bigram_bits_per_char(C, test, 0.5) == pytest.approx(want)
    c = ng.count_ngrams(train, V, 2)  # the general model, scored on the same targets
    assert -ng.addk_log2_probs(c, test, 2, 0.5)[1:].mean() == pytest.approx(
        -np.mean(np.log2(P[test[1:-1], test[2:]]))
    )


def test_bad_inputs_are_named(texts):
    train, _ = texts
    c = ng.count_ngrams(train, V, 2)
    with pytest.raises(ValueError, match="order must be at most the order counted"):
        ng.addk_log2_probs(c, train, 3, 1.0)
    with pytest.raises(ValueError, match="order must be at most 9"):
        ng.count_ngrams(train, V, 10)
    with pytest.raises(ValueError, match=r"idx must be class indices in \[0, V\)"):
        ng.count_ngrams(np.array([0, 5]), V, 1)
    with pytest.raises(TypeError, match="counts must come from count_ngrams"):
        ng.kneser_ney_log2_probs({}, train, 2)
    with pytest.raises(ValueError, match="k must be a finite number > 0"):
        ng.addk_log2_probs(c, train, 2, 0.0)
    with pytest.raises(ValueError, match="ks must be a non-empty list"):
        ng.choose_k(c, train, 2, [])
    with pytest.raises(ValueError, match="C must be a square"):
        ng.bigram_bits_per_char(np.zeros((2, 3)), train, 1.0)
