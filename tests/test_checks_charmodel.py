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


def _softmax_on_axis(z, axis):  # right for 2-D logits only when axis=1
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_over_everything(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum()


def _divides_in_place(logits, temperature):
    logits /= temperature
    return softmax(logits)


def _sum_without_keepdims(logits, temperature):
    e = np.exp(logits / temperature - (logits / temperature).max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1)


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
        (lambda z, t: _softmax_on_axis(z / t, axis=1), "axis=1 is the last axis only for 2-D"),
        (lambda z, t: _softmax_over_everything(z / t), "sum over the whole array"),
        (lambda z, t: np.log(softmax(z / t)), "log-probabilities"),
        (_divides_in_place, "changed its input `logits` in place"),
        (_sum_without_keepdims, "keepdims=True"),
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
        "axis 1",
        "whole array",
        "log",
        "in place",
        "no keepdims",
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
        (lambda L: (L / 0.693, np.exp(L)), "rather than rounded constants"),
        (lambda L: (L / np.log(2), 2.718**L), "rather than rounded constants"),
        (lambda L: (round(L / np.log(2), 2), np.exp(L)), "do not round the result"),
        (lambda L: (-L / np.log(2), np.exp(L)), "keeps the sign"),
        (lambda L: (f"{L / np.log(2):.6f}", f"{np.exp(L):.6f}"), "return the numbers themselves"),
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
        "0.693",
        "2.718",
        "rounded",
        "negative",
        "text",
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


def _P(C, k, V=None, extra=None):
    V = C.shape[0] if V is None else V
    return (C + k) / (C.sum(axis=1, keepdims=True) + (k * V if extra is None else extra))


def _log_of_mean(C, idx, k):
    return -np.log2(np.mean(_P(C, k)[idx[:-1], idx[1:]]))


def _text_length_as_V(C, idx, k):
    return -np.mean(np.log2(_P(C, k, V=len(idx))[idx[:-1], idx[1:]]))


def _k_on_top_only(C, idx, k):
    return -np.mean(np.log2(_P(C, k, extra=0)[idx[:-1], idx[1:]]))


def _unigram(C, idx, k):
    p = (C.sum(axis=0) + k) / (C.sum() + k * C.shape[0])
    return -np.mean(np.log2(p[idx[1:]]))


def _adds_k_into_C(C, idx, k):
    C += k  # C holds integers: numpy refuses to store floats in it
    return -np.mean(np.log2((C / C.sum(axis=1, keepdims=True))[idx[:-1], idx[1:]]))


def _writes_into_idx(C, idx, k):
    bits = bigram_bits_per_char(C, idx, k)
    idx[:] = 0
    return bits


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
        (lambda C, i, k: _bigram(C, i, k, reduce=np.sum) / len(i), "pairs of neighbours"),
        (lambda C, i, k: _bigram(C, i, k, pairs=lambda x: (x, np.roll(x, -1))), "wrap around"),
        (lambda C, i, k: 2 ** _bigram(C, i, k), "perplexity"),
        (lambda C, i, k: _bigram(C, i, k, reduce=lambda v: v), "one number"),
        (_log_of_mean, "not log2 of the mean"),
        (_text_length_as_V, "not the length of the text"),
        (_k_on_top_only, "add k V to the denominator"),
        (_unigram, "a unigram"),
        (_adds_k_into_C, "C += k cannot store"),
        (_writes_into_idx, "changed its input `idx` in place"),
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
        "len(idx)",
        "wrap",
        "perplexity",
        "per pair",
        "log of mean",
        "V = len(idx)",
        "k on top",
        "unigram",
        "C += k",
        "writes idx",
    ],
)
def test_bigram_mistakes_get_their_hints(fn, hint):
    v = check_bigram_bits(fn)
    assert not v and v.status == "wrong"
    assert hint in str(v), str(v)


def test_checks_pass_fresh_copies_and_report_an_answer_that_writes_into_them():
    seen = []

    def spoiler(C, idx, k):
        seen.append(C.copy())
        C[:] = 0
        return bigram_bits_per_char(seen[-1], idx, k)

    v = check_bigram_bits(spoiler)
    assert not v and "changed its input `C` in place" in str(v), str(v)
    assert check_bigram_bits(spoiler) == v  # the check's own counts were not zeroed
    assert seen[0].sum() > 0 and seen[1].sum() > 0
