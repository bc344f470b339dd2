"""Checks for notebook 03 (output layer and loss): the output layer, and a stable softmax."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..losses import log_softmax, softmax
from ..rnn import output_forward
from ._core import NOT_DONE, Verdict, _fmt, call_learner, compare_answer, not_done, verdict

_BATCH_HINT = (
    "rows of h are states (batch-first), so the batch form of W_hy h_t is "
    "h @ W_hy.T, of shape (N, T, O); then add b_y."
)


def output_probe(N: int, T: int, H: int, O: int, seed: int = 3):
    """A fixed test case for the output layer: h (N, T, H) in (-1, 1), W_hy (O, H), b_y (O,)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (N, T, H)), rng.normal(size=(O, H)), rng.normal(size=O)


def _call_quietly(fn: Callable, *args):
    """Run the learner's function with numpy's overflow/invalid warnings silenced."""
    with np.errstate(all="ignore"):
        return call_learner(fn, *args)


def _same_numbers_elsewhere(result, expected) -> bool:
    """True when `result` holds exactly the expected numbers, but in other places or shape."""
    try:
        a = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return False
    return (
        a.size == expected.size
        and np.all(np.isfinite(a))
        and np.allclose(np.sort(a, axis=None), np.sort(expected, axis=None))
    )


def _concise(v: Verdict, what: str, result, expected: np.ndarray) -> Verdict:
    """Replace a wrong verdict's full-array text by the first row, beside the expected one."""
    if v or v.status != "wrong" or not v.text.endswith("is not right."):
        return v
    first = np.asarray(result, dtype=float).reshape(-1, expected.shape[-1])[0]
    return verdict(
        "wrong",
        f"{what} is not right: its first row is {_fmt(first)}, expected "
        f"{_fmt(expected.reshape(-1, expected.shape[-1])[0])}.",
        v.hint,
    )


def check_output_forward(fn: Callable) -> Verdict:
    """Exercise 3.1: ``fn(h, W_hy, b_y)`` must return y_t = W_hy h_t + b_y for every n and t.

    It is run on h of shape (2, 3, 4) with a square W_hy (4, 4), where a transposed weight gives
    a wrong value rather than an error, and then on h (3, 2, 4) with W_hy (5, 4).
    """
    name = "my_output_forward"
    h, W_hy, b_y = output_probe(N=2, T=3, H=4, O=4)
    result, error = _call_quietly(fn, h.copy(), W_hy.copy(), b_y.copy())
    if result is NOT_DONE:
        return not_done(name, "rnn_helpers.output_forward")
    if error is not None:
        return verdict("wrong", f"{name} raised {error}", _BATCH_HINT)
    expected = output_forward(h, W_hy, b_y)
    mistakes = [
        (
            h @ W_hy + b_y,
            "W_hy looks transposed: W_hy is (O, H), one row per output, so row by "
            "row W_hy h_t is h @ W_hy.T.",
        ),
        (h @ W_hy.T, "the bias b_y is missing: add it after the product."),
        (h @ W_hy, "W_hy looks transposed (use h @ W_hy.T) and the bias b_y is missing."),
        (np.tanh(expected), "the output layer is linear: y_t = W_hy h_t + b_y, with no tanh."),
        (
            softmax(expected),
            "return the raw scores y (the logits); softmax is applied afterwards, by the loss.",
        ),
        (
            expected[:, -1],
            "that is only the output of the last step (many-to-one); return "
            "an output at every step, shape (N, T, O).",
        ),
    ]
    general = "y[n, t] must equal W_hy @ h[n, t] + b_y for every n and t."
    v = compare_answer(result, expected, mistakes, what=f"{name}(...)", hint=general)
    if not v and v.hint == general and _same_numbers_elsewhere(result, expected):
        shape = np.shape(result)
        return verdict(
            "wrong",
            f"{name}(...) has the right numbers in the wrong places "
            f"(shape {shape}, expected {expected.shape}).",
            "check your reshape and transposes (the axes): y[n, t] must come from "
            "h[n, t], and the result stays batch-first (N, T, O).",
        )
    if not v:
        return _concise(v, f"{name}(...)", result, expected)

    h2, W2, b2 = output_probe(N=3, T=2, H=4, O=5, seed=4)
    result2, error2 = _call_quietly(fn, h2.copy(), W2.copy(), b2.copy())
    hint2 = (
        "it works when O = H, N = 2 and T = 3 but not for other sizes: read N, T, H from "
        "h.shape and O from W_hy.shape instead of writing numbers in."
    )
    if error2 is not None or result2 is NOT_DONE:
        return verdict(
            "wrong",
            f"{name} raised {error2 or 'NotImplementedError'} on h of shape "
            f"{h2.shape} with W_hy of shape {W2.shape}.",
            hint2,
        )
    expected2 = output_forward(h2, W2, b2)
    v2 = compare_answer(result2, expected2, what=f"{name}(...)", hint=hint2)
    if not v2:
        return _concise(v2, f"{name}(...)", result2, expected2)
    return verdict(
        "ok",
        f"{name} matches output_forward on h of shape {h.shape} (O = 4) and "
        f"{h2.shape} (O = 5): y_t = W_hy h_t + b_y at every step.",
    )


SOFTMAX_PROBE = np.random.default_rng(5).normal(scale=2.0, size=(2, 3, 4))
LARGE_LOGITS = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1003.0], [0.0, 0.0, 0.0]])

_STABLE_HINT = (
    "subtract each row's maximum first: z - z.max(axis=-1, keepdims=True). The result "
    "is the same mathematically, and exp never sees a number above 0."
)


def check_softmax(fn: Callable) -> Verdict:
    """Exercise 3.2: ``fn(z)`` must be softmax over the last axis, stable for logits of ±1000."""
    name = "my_softmax"
    z = SOFTMAX_PROBE
    call = call_learner(fn, z)
    result, error = call
    if result is NOT_DONE:
        return not_done(name, "rnn_helpers.softmax")
    if error is not None:
        hint = (
            "use keepdims=True in the max and the sum, so that shapes (..., 1) broadcast "
            "against z (..., V)."
            if "broadcast" in error
            else "work over the last axis with numpy: np.exp, .max(axis=-1, keepdims=True), "
            ".sum(axis=-1, keepdims=True)."
        )
        return verdict("wrong", f"{name} raised {error}", hint)
    if call.changed:
        return verdict(
            "wrong",
            f"{name} changed its input z in place.",
            "write z = z - z.max(...) (a new array), not z -= z.max(...).",
        )
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    missing_norm = (
        "missing normalisation: divide by the sum over the last axis, so that the V "
        "probabilities of each row add up to 1."
    )
    mistakes = [
        (np.exp(z), missing_norm),
        (e, missing_norm),
        *[
            (
                np.exp(z) / np.exp(z).sum(axis=ax, keepdims=True),
                f"wrong axis: you normalised over axis {ax}; the scores of one prediction "
                "lie along the last axis, so use axis=-1.",
            )
            for ax in (0, 1)
        ],
        (
            np.exp(z) / np.exp(z).sum(),
            "you normalised the whole array at once; each row of V "
            "scores (the last axis) must sum to 1 by itself.",
        ),
        (log_softmax(z), "that is log softmax; softmax is its exponential."),
    ]
    v = compare_answer(
        result,
        softmax(z),
        mistakes,
        what=f"{name}(...)",
        hint="p = exp(z) / (sum of exp(z) over the last axis), row by row.",
    )
    if not v:
        return _concise(v, f"{name}(...)", result, softmax(z))

    big, expected = LARGE_LOGITS, softmax(LARGE_LOGITS)
    result2, error2 = _call_quietly(fn, big.copy())
    if error2 is not None:
        return verdict("wrong", f"{name} raised {error2} on logits such as 1000.", _STABLE_HINT)
    p2 = np.asarray(result2, dtype=float)
    if p2.shape == expected.shape and not np.all(np.isfinite(p2)):
        if np.all(np.isfinite(p2[0])) and not np.all(np.isfinite(p2[1])):
            return verdict(
                "wrong",
                f"{name} gives nan for the row of logits near -1000.",
                "subtract each row's own maximum (axis=-1, keepdims=True), not the "
                "maximum of the whole array: a row far below it underflows to 0 / 0.",
            )
        return verdict(
            "wrong",
            f"{name} gives nan or inf for logits such as 1000: exp(1000) "
            "overflows to inf, and inf / inf = nan.",
            _STABLE_HINT,
        )
    v2 = compare_answer(p2, expected, what=f"{name}(large logits)", hint=_STABLE_HINT)
    if not v2:
        return _concise(v2, f"{name}(large logits)", p2, expected)
    return verdict(
        "ok",
        f"{name} matches softmax over the last axis of a (2, 3, 4) array, and "
        "stays finite and exact for logits of ±1000.",
    )
