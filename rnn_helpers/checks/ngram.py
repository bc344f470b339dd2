"""Checks for notebook 07's n-gram exercise: scoring an add-k bigram model in bits/char."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..ngram import bigram_bits_per_char
from ._core import Verdict, call_learner, compare_answer, verdict


def bigram_probe(seed: int = 11):
    """A (5, 5) count matrix with some zeros, a text of 60 indices, and k = 0.5."""
    rng = np.random.default_rng(seed)
    C = rng.integers(0, 6, size=(5, 5))
    C[0, 3] = C[2, 1] = 0
    idx = rng.integers(0, 5, size=60)
    idx[10:12] = [0, 3]  # a pair never counted: only the pseudo-count k makes it possible
    return C, idx, 0.5


def _bits(P, a, b, log=np.log2):
    with np.errstate(divide="ignore"):
        return float(-np.mean(log(P[a, b])))


def check_bigram_bits(fn: Callable) -> Verdict:
    """Exercise 7.3: ``fn(C, idx, k)`` must return the add-k bigram's bits/char on idx[1:].

    p(b | a) = (C[a, b] + k) / (sum_b' C[a, b'] + k V), bits = -mean log2 p(idx[t] | idx[t-1]).
    """
    name = "my_bigram_bits"
    C, idx, k = bigram_probe()
    V = C.shape[0]
    call = call_learner(
        fn,
        C,
        idx,
        k,
        name=name,
        fallback="rnn_helpers.ngram.bigram_bits_per_char",
        error_hint="index P with P[idx[:-1], idx[1:]].",
    )
    if call.error is not None and "cast" in call.error:  # C += k on a matrix of whole numbers
        return verdict(
            "wrong",
            call.verdict.text,
            "C holds whole-number counts, so C += k cannot store C + k in it (and would change "
            "the caller's C): build a new array from C + k instead.",
        )
    if not call.returned:
        return call.verdict
    changed = call.modified_verdict(
        "build new arrays (C + k, idx[:-1]) instead of writing into C or idx: the caller still "
        "needs the counts and the text."
    )
    if changed is not None:
        return changed
    result = call.value
    if np.ndim(result) == 1 and np.size(result) in (len(idx) - 1, len(idx)):
        return verdict(
            "wrong",
            f"{name}(C, idx, {k}) returned {np.size(result)} numbers, one per character.",
            "the score is one number: the mean of -log2 p over the pairs.",
        )
    a, b = idx[:-1], idx[1:]
    row = C.sum(axis=1, keepdims=True)
    P = (C + k) / (row + k * V)
    P_cols = (C + k) / (C.sum(axis=0, keepdims=True) + k * V)
    mistakes = [
        (
            _bits(P_cols, a, b),
            "you normalised the columns; each row a (the previous character) "
            "must sum to 1 over the next character b: sum over axis=1.",
        ),
        (
            _bits((C + k) / (row + k), a, b),
            "the denominator needs k for every one of the V "
            "possible next characters: sum_b C[a, b] + k V.",
        ),
        (_bits(P, a, b, np.log), "that is in nats (natural log); use np.log2 for bits."),
        (
            -np.sum(np.log2(P[a, b])),
            "that is the total over all characters; bits per character is the mean.",
        ),
        (_bits(P, b, a), "the row index is the previous character: P[idx[:-1], idx[1:]]."),
        (float(np.mean(np.log2(P[a, b]))), "bits are -log2 p: you forgot the minus sign."),
        (
            _bits(C / row, a, b),
            "without k an unseen pair has probability 0 and costs infinitely "
            "many bits: add k to every count.",
        ),
        (
            _bits(P, idx[:-2], idx[2:]),
            "pair each character with the one right after it: idx[:-1] and idx[1:].",
        ),
        (
            -np.sum(np.log2(P[a, b])) / len(idx),
            f"a text of {len(idx)} characters has {len(idx) - 1} pairs of neighbours: "
            "take the mean over the pairs.",
        ),
        (
            _bits(P, idx, np.roll(idx, -1)),
            "the last character has no next one: do not wrap around to the first.",
        ),
        (
            2 ** _bits(P, a, b),
            "that is the perplexity 2^bits; the exercise asks for the bits themselves.",
        ),
        (
            float(-np.log2(np.mean(P[a, b]))),
            "take log2 of each pair's probability, then the mean (not log2 of the mean).",
        ),
        (
            _bits((C + k) / (row + k * len(idx)), a, b),
            "V is the number of possible characters, C.shape[0], not the length of the text.",
        ),
        (
            _bits((C + k) / row, a, b),
            "with k added to every count, the row total grows too: add k V to the denominator.",
        ),
        (
            _bits(((C.sum(axis=0) + k) / (C.sum() + k * V))[None, :], np.zeros_like(b), b),
            "that scores each character alone (a unigram); the bigram's p(b | a) depends on "
            "the previous character a: row a of C.",
        ),
    ]
    try:
        infinite = bool(np.isinf(float(result)))
    except (TypeError, ValueError):
        infinite = False
    if infinite:
        return verdict(
            "wrong",
            f"{name}(C, idx, {k}) is infinite.",
            "a pair never counted gets probability 0, and log2 0 is minus infinity: add k to "
            "every count, and k·V to every row's total, before you divide.",
        )
    v = compare_answer(
        result,
        bigram_bits_per_char(C, idx, k),
        mistakes,
        what=f"{name}(C, idx, {k})",
        hint="p(b | a) is row a's count of b plus k, over row a's total plus k·V; the score is "
        "minus the mean of log2 p(next | previous) over the consecutive pairs of idx.",
    )
    if not v:
        return v
    C2, idx2, _ = bigram_probe(seed=12)
    C2 = np.pad(C2, ((0, 2), (0, 2)), constant_values=1)  # V = 7 now
    general = "read V from C.shape and use the k that is passed in, rather than fixed numbers."
    call2 = call_learner(fn, C2, idx2, 2.0, name=name, error_hint=general)
    if not call2.returned:
        return call2.verdict
    result2 = call2.value
    v2 = compare_answer(
        result2,
        bigram_bits_per_char(C2, idx2, 2.0),
        what=f"{name}(C of shape (7, 7), idx, 2.0)",
        hint=general,
    )
    if not v2:
        return v2
    return verdict("ok", f"{name} matches the add-k bigram on two count matrices and k values.")
