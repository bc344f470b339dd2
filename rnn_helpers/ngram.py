"""Character n-gram models: the baselines a character RNN has to beat (notebook 07).

An n-gram model predicts the next character from the n - 1 characters before it, by counting
how often each continuation followed that context in the training text::

    add-k:        p(x | c) = (count(c x) + k) / (count(c) + k V)
    Kneser-Ney:   p(x | c) = max(count(c x) - D, 0) / count(c) + D N1+(c .) / count(c) p(x | c')

(c' is c without its first character; Kneser-Ney's lower orders use continuation counts, see
`kneser_ney_log2_probs`). Every model here is scored the same way as the RNN: on the targets
``idx[1:]`` of a part of the text, each predicted from the characters before it in that part,
in bits per character, -mean(log2 p). Near the start of a part, where fewer than n - 1
characters precede a target, the model of the highest order that fits is used.

An m-gram is stored as one integer code, sum_j idx[t - m + 1 + j] V^(m - 1 - j).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_class_indices, check_positive_int, check_positive_number

MAX_ORDER = 9  # 65**9 < 2**62: codes stay int64


def _check_idx(idx: object, V: int, name: str = "idx") -> np.ndarray:
    idx = check_class_indices(name, as_array(name, idx), V)
    if idx.ndim != 1 or idx.size < 2:
        raise ValueError(f"{name} must be a 1-D array of at least 2 indices, got shape {idx.shape}")
    return idx.astype(np.int64)


def gram_codes(idx: np.ndarray, m: int, V: int) -> np.ndarray:
    """The code of the m-gram ending at each position t (-1 where t < m - 1).

    Parameters
    ----------
    idx : int ndarray of shape (L,)
    m : int
        Gram length (1 = the character itself).
    V : int

    Returns
    -------
    codes : int64 ndarray of shape (L,)
    """
    codes = idx.astype(np.int64).copy()
    for j in range(1, m):
        codes[j:] = codes[j - 1 : -1] * V + idx[j:]  # (j+1)-gram = j-gram before it, then idx[t]
    codes[: m - 1] = -1
    return codes


def _lookup(keys: np.ndarray, values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """values[keys == code] for each code, 0 where the code is not among `keys` (sorted)."""
    pos = np.clip(np.searchsorted(keys, codes), 0, max(len(keys) - 1, 0))
    found = (keys[pos] == codes) if len(keys) else np.zeros(codes.shape, bool)
    return np.where(found, values[pos] if len(keys) else 0, 0)


@dataclass(frozen=True)
class NGramCounts:
    """How often each m-gram (m = 1 ... order) occurs in a training text.

    Attributes
    ----------
    V : int
        Vocabulary size.
    order : int
        The longest gram counted.
    keys : list of int64 ndarray
        ``keys[m - 1]``: the sorted codes of the distinct m-grams seen.
    counts : list of int64 ndarray
        ``counts[m - 1][i]``: how often ``keys[m - 1][i]`` occurs.
    """

    V: int
    order: int
    keys: list
    counts: list

    def count(self, codes: np.ndarray, m: int) -> np.ndarray:
        """count(g) of the m-grams with the given codes (0 for unseen ones)."""
        return _lookup(self.keys[m - 1], self.counts[m - 1], codes)

    def context_count(self, codes: np.ndarray, m: int) -> np.ndarray:
        """count(c .) for the context c of each m-gram code: how often c was followed by any."""
        if m == 1:
            return np.full(codes.shape, self.counts[0].sum())
        ctx, inv = np.unique(self.keys[m - 1] // self.V, return_inverse=True)
        totals = np.bincount(inv, weights=self.counts[m - 1]).astype(np.int64)
        return _lookup(ctx, totals, codes // self.V)


def count_ngrams(idx: np.ndarray, V: int, order: int) -> NGramCounts:
    """Count every m-gram (m = 1 ... order) of a training text.

    Parameters
    ----------
    idx : int ndarray of shape (L,)
        The encoded training text, values in [0, V).
    V : int
        Vocabulary size.
    order : int
        Longest gram, 1 (unigram) ... 9.

    Returns
    -------
    NGramCounts
    """
    V = check_positive_int("V", V)
    order = check_positive_int("order", order)
    if order > MAX_ORDER:
        raise ValueError(f"order must be at most {MAX_ORDER}, got {order}")
    idx = _check_idx(idx, V)
    keys, counts = [], []
    for m in range(1, order + 1):
        codes = gram_codes(idx, m, V)[m - 1 :]
        k, c = np.unique(codes, return_counts=True)
        keys.append(k)
        counts.append(c.astype(np.int64))
    return NGramCounts(V, order, keys, counts)


def _check_model(counts: object, order: int, idx: object) -> tuple[int, np.ndarray]:
    if not isinstance(counts, NGramCounts):
        raise TypeError(f"counts must come from count_ngrams, got {type(counts).__name__}")
    order = check_positive_int("order", order)
    if order > counts.order:
        raise ValueError(
            f"order must be at most the order counted ({counts.order}), got {order}: "
            f"use count_ngrams(..., order={order})"
        )
    return order, _check_idx(idx, counts.V)


def addk_counts(counts: NGramCounts, idx: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """count(c x) and count(c .) for each target x = idx[t], t >= 1, with its context c.

    The context is the order - 1 characters before t (fewer near the start of `idx`).

    Returns
    -------
    joint, context : int64 ndarrays of shape (L - 1,)
    """
    order, idx = _check_model(counts, order, idx)
    joint = np.zeros(idx.size - 1, np.int64)
    context = np.zeros(idx.size - 1, np.int64)
    for m in range(1, order + 1):  # a higher order overwrites where its context fits
        codes = gram_codes(idx, m, counts.V)[1:]
        fits = codes >= 0
        joint[fits] = counts.count(codes[fits], m)
        context[fits] = counts.context_count(codes[fits], m)
    return joint, context


def addk_log2_probs(counts: NGramCounts, idx: np.ndarray, order: int, k: float) -> np.ndarray:
    """log2 p(x_t | context) under add-k smoothing, for every target t = 1 ... L - 1.

    p(x | c) = (count(c x) + k) / (count(c) + k V).

    Parameters
    ----------
    counts : NGramCounts
        From `count_ngrams` on the training text, with ``counts.order >= order``.
    idx : int ndarray of shape (L,)
        The text to score.
    order : int
        n: the context is the n - 1 characters before the target (1 = unigram).
    k : float
        Pseudo-count added to every continuation (> 0).

    Returns
    -------
    log2_p : ndarray of shape (L - 1,)
    """
    k = check_positive_number("k", k)
    joint, context = addk_counts(counts, idx, order)
    return np.log2((joint + k) / (context + k * counts.V))


def bits_per_char(log2_p: np.ndarray) -> float:
    """-mean(log2 p): the average number of bits a code built on the model needs per character."""
    log2_p = as_array("log2_p", log2_p)
    if log2_p.size == 0:
        raise ValueError("log2_p must not be empty")
    return float(-log2_p.mean())


def choose_k(
    counts: NGramCounts, val_idx: np.ndarray, order: int, ks: Sequence[float]
) -> tuple[float, np.ndarray]:
    """The add-k pseudo-count with the lowest validation bits/char, and the bits/char of each.

    Returns
    -------
    best_k : float
    bits : ndarray of shape (len(ks),)
    """
    joint, context = addk_counts(counts, val_idx, order)
    ks = np.asarray(ks, dtype=float)
    if ks.ndim != 1 or ks.size == 0 or np.any(ks <= 0):
        raise ValueError(f"ks must be a non-empty list of positive numbers, got {ks!r}")
    bits = np.array([-np.log2((joint + k) / (context + k * counts.V)).mean() for k in ks])
    return float(ks[np.argmin(bits)]), bits


# ------------------------------------------------------------------ interpolated Kneser-Ney
def _discount(c: np.ndarray) -> float:
    """Ney's estimate D = n1 / (n1 + 2 n2) from how many grams occur once (n1) and twice (n2)."""
    n1, n2 = np.sum(c == 1), np.sum(c == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 > 0 else 0.5


def _kn_tables(counts: NGramCounts, order: int):
    """Per gram length m: the (keys, counts) used at that level, contexts and discount.

    The top level uses the raw counts; lower levels the continuation counts N1+(. g), the
    number of distinct characters seen before g.
    """
    V, tables = counts.V, []
    for m in range(1, order + 1):
        if m == order:
            keys, c = counts.keys[m - 1], counts.counts[m - 1]
        else:  # continuation counts: distinct left extensions of each m-gram
            keys, c = np.unique(counts.keys[m] % V**m, return_counts=True)
        ctx, inv = np.unique(keys // V, return_inverse=True)
        total = np.bincount(inv, weights=c).astype(np.int64)  # sum_x c(ctx x)
        distinct = np.bincount(inv).astype(np.int64)  # N1+(ctx .)
        tables.append((keys, c, ctx, total, distinct, _discount(c)))
    return tables


def kneser_ney_log2_probs(counts: NGramCounts, idx: np.ndarray, order: int) -> np.ndarray:
    """log2 p(x_t | context) under interpolated Kneser-Ney, for every target t = 1 ... L - 1.

    From m = 1 up to `order`, with p_0 = 1/V and one discount D_m per level::

        p_m(x | c) = max(c_m(c x) - D_m, 0) / c_m(c .) + D_m N1+(c .) / c_m(c .) p_{m-1}(x | c')

    where c_m are raw counts at the top level and continuation counts below it; an unseen
    context keeps p_{m-1}.

    Parameters
    ----------
    counts : NGramCounts
        From `count_ngrams` with ``counts.order >= order``.
    idx : int ndarray of shape (L,)
    order : int

    Returns
    -------
    log2_p : ndarray of shape (L - 1,)
    """
    order, idx = _check_model(counts, order, idx)
    V = counts.V
    p = np.full(idx.size - 1, 1.0 / V)
    for m, (keys, c, ctx, total, distinct, D) in enumerate(_kn_tables(counts, order), start=1):
        codes = gram_codes(idx, m, V)[1:]
        fits = codes >= 0
        g = codes[fits]
        c_ctx = _lookup(ctx, total, g // V) if m > 1 else np.full(g.shape, total[0])
        n_ctx = _lookup(ctx, distinct, g // V) if m > 1 else np.full(g.shape, distinct[0])
        seen = c_ctx > 0
        safe = np.maximum(c_ctx, 1)
        mixed = np.maximum(_lookup(keys, c, g) - D, 0) / safe + D * n_ctx / safe * p[fits]
        p[fits] = np.where(seen, mixed, p[fits])
    return np.log2(p)


# ------------------------------------------------------------------ a bigram, by hand (exercise)
def bigram_counts(idx: np.ndarray, V: int) -> np.ndarray:
    """C[a, b] = how often character b follows character a in `idx`; shape (V, V)."""
    V = check_positive_int("V", V)
    idx = _check_idx(idx, V)
    C = np.zeros((V, V), dtype=np.int64)
    np.add.at(C, (idx[:-1], idx[1:]), 1)
    return C


def bigram_bits_per_char(C: np.ndarray, idx: np.ndarray, k: float) -> float:
    """Bits/char of the add-k bigram with counts C on the targets idx[1:].

    p(b | a) = (C[a, b] + k) / (sum_b' C[a, b'] + k V), scored as -mean(log2 p).
    """
    C = as_array("C", C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"C must be a square (V, V) count matrix, got shape {C.shape}")
    k = check_positive_number("k", k)
    idx = _check_idx(idx, C.shape[0])
    P = (C + k) / (C.sum(axis=1, keepdims=True) + k * C.shape[0])
    return float(-np.log2(P[idx[:-1], idx[1:]]).mean())
