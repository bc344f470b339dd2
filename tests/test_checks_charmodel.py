"""Notebook 07's checks reject each typical wrong answer with its own hint."""

import numpy as np
import pytest

from rnn_helpers.charmodel import temperature_probs
from rnn_helpers.checks import check_bigram_bits, check_bits_and_perplexity, check_temperature_probs
from rnn_helpers.losses import softmax
from rnn_helpers.ngram import bigram_bits_per_char


def _stub(*args):
    raise NotImplementedError("Exercise 7.K: ...")


def _no_return(*args):
    _ = args


def _naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- Exercise 7.1: temperature
def test_temperature_reference_passes_and_stub_is_not_done():
    assert check_temperature_probs(temperature_probs)
    assert check_temperature_probs(_stub).status == "todo"


@pytest.mark.parametrize(
    ("fn", "hint"),
    [
        (lambda z, t: softmax(z * t), "multiplied the logits by the temperature"),
        (lambda z, t: softmax(z), "no effect"),
        (lambda z, t: softmax(z) / t, "before softmax"),
        (lambda z, t: softmax(z) ** (1 / t), "divide by its sum"),
        (lambda z, t: np.exp(z / t), "missing normalisation"),
        (lambda z, t: z / t, "apply softmax"),
        (lambda z, t: np.exp(z / t) / np.exp(z / t).sum(axis=0, keepdims=True), "wrong axis"),
        (lambda z, t: _naive_softmax(z / t), "overflows"),
        (lambda z, t: softmax(z / 0.5), "softmax(z / tau)"),  # a temperature written in
        (_no_return, "forget `return`"),
        (lambda z, t: z["x"], "divide the logits by tau"),
    ],
    ids=[
        "times",
        "ignored",
        "after",
        "power",
        "unnormalised",
        "logits",
        "axis",
        "unstable",
        "fixed tau",
        "no return",
        "raises",
    ],
)
def test_temperature_mistakes_get_their_hints(fn, hint):
    v = check_temperature_probs(fn)
    assert not v and v.status == "wrong"
    assert hint in str(v), str(v)


# ---------------------------------------------------------------- Exercise 7.2: bits, perplexity
def test_bits_reference_passes_and_stub_is_not_done():
    assert check_bits_and_perplexity(lambda L: (L / np.log(2), np.exp(L)))
    assert check_bits_and_perplexity(lambda L: (L / np.log(2), 2 ** (L / np.log(2))))
    assert check_bits_and_perplexity(_stub).status == "todo"


@pytest.mark.parametrize(
    ("fn", "hint"),
    [
        (lambda L: (L * np.log(2), np.exp(L)), "multiplied by ln 2"),
        (lambda L: (L / np.log(10), np.exp(L)), "ln 10"),
        (lambda L: (L, np.exp(L)), "in nats"),
        (lambda L: (np.log2(L), np.exp(L)), "not a change of unit"),
        (lambda L: (L / np.log(2), 2**L), "mixes units"),
        (lambda L: (L / np.log(2), np.exp(L / np.log(2))), "e^bits"),
        (lambda L: (L / np.log(2), 1 / L), "equally likely"),
        (lambda L: (L / np.log(2), np.exp(-L)), "geometric-mean probability"),
        (lambda L: (np.exp(L), L / np.log(2)), "swapped"),
        (lambda L: L / np.log(2), "return a pair"),
        (lambda L: (1.5 / np.log(2), np.exp(1.5)), "bits = nats / ln 2"),  # 1.5 written in
        (_no_return, "forget `return`"),
    ],
    ids=[
        "times ln2",
        "ln10",
        "nats",
        "log2",
        "2^nats",
        "e^bits",
        "inverse",
        "exp(-L)",
        "swapped",
        "one value",
        "hard-coded",
        "no return",
    ],
)
def test_bits_mistakes_get_their_hints(fn, hint):
    v = check_bits_and_perplexity(fn)
    assert not v and v.status == "wrong"
    assert hint in str(v), str(v)


# ---------------------------------------------------------------- Exercise 7.3: bigram bits
def _bigram(C, idx, k, axis=1, kV=True, log=np.log2, reduce=np.mean, sign=-1, pairs=None):
    V = C.shape[0]
    P = (C + k) / (C.sum(axis=axis, keepdims=True) + (k * V if kV else k))
    a, b = pairs(idx) if pairs else (idx[:-1], idx[1:])
    with np.errstate(divide="ignore"):
        return sign * reduce(log(P[a, b]))


def _no_k(C, idx, k):
    with np.errstate(divide="ignore", invalid="ignore"):
        P = C / C.sum(axis=1, keepdims=True)
        return -np.mean(np.log2(P[idx[:-1], idx[1:]]))


def test_bigram_reference_passes_and_stub_is_not_done():
    assert check_bigram_bits(bigram_bits_per_char)
    assert check_bigram_bits(_stub).status == "todo"


@pytest.mark.parametrize(
    ("fn", "hint"),
    [
        (lambda C, i, k: _bigram(C, i, k, axis=0), "normalised the columns"),
        (lambda C, i, k: _bigram(C, i, k, kV=False), "k for every one of the V"),
        (lambda C, i, k: _bigram(C, i, k, log=np.log), "in nats"),
        (lambda C, i, k: _bigram(C, i, k, reduce=np.sum), "the mean"),
        (lambda C, i, k: _bigram(C, i, k, pairs=lambda x: (x[1:], x[:-1])), "row index"),
        (lambda C, i, k: _bigram(C, i, k, sign=1), "minus sign"),
        (_no_k, "add k to every count"),
        (lambda C, i, k: _bigram(C, i, k, pairs=lambda x: (x[:-2], x[2:])), "right after it"),
        (lambda C, i, k: _bigram(C, i, 0.5), "use the k that is passed in"),
        (lambda C, i, k: _bigram(C[:5, :5], i, k), "read V from C.shape"),
        (_no_return, "forget `return`"),
    ],
    ids=[
        "columns",
        "no kV",
        "nats",
        "sum",
        "swapped pairs",
        "sign",
        "no k",
        "skip one",
        "fixed k",
        "fixed V",
        "no return",
    ],
)
def test_bigram_mistakes_get_their_hints(fn, hint):
    v = check_bigram_bits(fn)
    assert not v and v.status == "wrong"
    assert hint in str(v), str(v)


def test_checks_pass_fresh_copies():
    seen = []

    def spoiler(C, idx, k):
        seen.append(C.copy())
        C[:] = 0
        return bigram_bits_per_char(seen[-1], idx, k)

    assert check_bigram_bits(spoiler)
    assert seen[0].sum() > 0 and seen[1].sum() > 0
