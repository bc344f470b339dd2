"""Checks for notebook 03 (output layer and loss): the output layer, and a stable softmax."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..losses import log_softmax, softmax
from ..rnn import output_forward
from ._core import Verdict, _fmt, call_learner, compare_answer, verdict

_BATCH_HINT = (
    "rows of h are states (batch-first): with one state per row, the column-vector product "
    "W_hy h_t becomes a product with W_hy transposed, and `@` handles the (N, T) axes in front. "
    "The result is (N, T, O); then add b_y."
)


def output_probe(N: int, T: int, H: int, O: int, seed: int = 3):
    """A fixed test case for the output layer: h (N, T, H) in (-1, 1), W_hy (O, H), b_y (O,)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (N, T, H)), rng.normal(size=(O, H)), rng.normal(size=O)


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


# ------------------------------------------------------------------ Exercise 3.1

OUTPUT_CASES = (
    {"N": 2, "T": 3, "H": 4, "O": 4, "seed": 3},  # square W_hy: a transposed weight still runs
    {"N": 3, "T": 2, "H": 3, "O": 5, "seed": 4},  # every size different from the first case
)
_SIZES_HINT = (
    "it works on the first case but not for other sizes: read N, T, H from h.shape and O from "
    "W_hy.shape instead of writing numbers in."
)


def _output_mistakes(h, W_hy, b_y, expected) -> list[tuple[np.ndarray, str]]:
    mistakes = [
        (h @ W_hy.T, "the bias b_y is missing: add it after the product."),
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
    if W_hy.shape[0] == W_hy.shape[1]:  # only a square W_hy runs transposed
        mistakes = [
            (
                h @ W_hy + b_y,
                "W_hy looks transposed: W_hy is (O, H), one row per output, so row by "
                "row W_hy h_t is h @ W_hy.T.",
            ),
            (h @ W_hy, "W_hy looks transposed (use h @ W_hy.T) and the bias b_y is missing."),
            *mistakes,
        ]
    return mistakes


def check_output_forward(fn: Callable) -> Verdict:
    """Exercise 3.1: ``fn(h, W_hy, b_y)`` must return y_t = W_hy h_t + b_y for every n and t.

    It is run on h of shape (2, 3, 4) with a square W_hy (4, 4), where a transposed weight gives
    a wrong value rather than an error, and then on h (3, 2, 3) with W_hy (5, 3), where every
    size differs, so that no hard-coded size passes.
    """
    name = "my_output_forward"
    general = "y[n, t] must equal W_hy @ h[n, t] + b_y for every n and t."
    for k, case in enumerate(OUTPUT_CASES):
        h, W_hy, b_y = output_probe(**case)
        expected = output_forward(h, W_hy, b_y)
        call = call_learner(
            fn,
            h,
            W_hy,
            b_y,
            name=name,
            fallback="rnn_helpers.output_forward",
            error_hint=_BATCH_HINT if k == 0 else _SIZES_HINT,
        )
        if not call.returned:
            if k > 0 and call.error is not None:
                return verdict(
                    "wrong",
                    f"{call.name} raised {call.error} on h of shape {h.shape} with W_hy of "
                    f"shape {W_hy.shape}.",
                    _SIZES_HINT,
                )
            return call.verdict
        result = call.value
        v = compare_answer(
            result,
            expected,
            _output_mistakes(h, W_hy, b_y, expected),
            what=f"{name}(...)",
            hint=general if k == 0 else _SIZES_HINT,
        )
        if not v and v.hint == general and _same_numbers_elsewhere(result, expected):
            return verdict(
                "wrong",
                f"{name}(...) has the right numbers in the wrong places "
                f"(shape {np.shape(result)}, expected {expected.shape}).",
                "check your reshape and transposes (the axes): y[n, t] must come from "
                "h[n, t], and the result stays batch-first (N, T, O).",
            )
        if not v:
            if k > 0:
                where = f" on h of shape {h.shape} with W_hy of shape {W_hy.shape}"
                v = verdict("wrong", v.text.rstrip(".") + where + ".", v.hint)
            return _concise(v, f"{name}(...)", result, expected)
    return verdict(
        "ok",
        f"{name} matches output_forward on h of shape (2, 3, 4) with O = 4 and (3, 2, 3) "
        "with O = 5: y_t = W_hy h_t + b_y at every step.",
    )


# ------------------------------------------------------------------ Exercise 3.2

SOFTMAX_PROBE = np.random.default_rng(5).normal(scale=2.0, size=(2, 3, 4))
SOFTMAX_VECTOR = np.array([1.0, -0.5, 2.0, 0.0])  # one row, shape (V,)
# Logits of ±1000, and rows whose spread is about 1000 or more: only subtracting each row's own
# maximum keeps every exponent at or below 0 in all of them.
LARGE_LOGITS = np.array(
    [
        [1000.0, 1001.0, 1002.0],
        [-1000.0, -1001.0, -1003.0],
        [0.0, 0.0, 0.0],
        [-1000.0, 0.0, 1000.0],  # the min, the mean and the first entry all overflow here
        [0.0, 1000.0, 1000.0],  # the min and the first entry overflow, the mean does not
        [1000.0, 0.0, 1000.0],  # only the min overflows
    ]
)

_STABLE_HINT = (
    "subtract each row's maximum first: z - z.max(axis=-1, keepdims=True). The result "
    "is the same mathematically, and exp never sees a number above 0."
)


def _shifted(z: np.ndarray, shift: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        e = np.exp(z - shift)
        return e / e.sum(axis=-1, keepdims=True)


def _large_logit_mistakes(z: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """What each wrong shift gives on `z` (nan where it overflows), with its hint."""
    why = (
        "so the largest exponent is max - shift, and exp overflows once that passes about 710 "
        "(the rows with 0 and 1000 here). Only each row's own maximum makes every exponent <= 0."
    )
    return [
        (_shifted(z, 0.0), _STABLE_HINT),
        (
            _shifted(z, z.max()),
            "subtract each row's own maximum (axis=-1, keepdims=True), not the "
            "maximum of the whole array: a row far below it underflows to 0 / 0.",
        ),
        (_shifted(z, z.min(axis=-1, keepdims=True)), "you subtracted each row's minimum, " + why),
        (
            _shifted(z, z.mean(axis=-1, keepdims=True)),
            "you subtracted each row's mean (or median), " + why,
        ),
        (_shifted(z, z[..., :1]), "you subtracted each row's first entry, " + why),
        (
            _shifted(z, np.abs(z).max(axis=-1, keepdims=True)),
            "you subtracted the largest |z| of each row: for a row of large negative logits "
            "that is far above the maximum, so every exp underflows to 0 / 0. Subtract the "
            "maximum itself, z.max(axis=-1, keepdims=True).",
        ),
    ]


def _same_with_nan(a, b) -> bool:
    try:
        a = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == np.shape(b) and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12, equal_nan=True))


def check_softmax(fn: Callable) -> Verdict:
    """Exercise 3.2: ``fn(z)`` must be softmax over the last axis, stable for logits of ±1000.

    Tried on a (2, 3, 4) array, on one row of shape (V,), and on rows of logits of ±1000 whose
    spread is about 1000 or more, where only subtracting each row's own maximum stays finite.
    The input must be left unchanged.
    """
    name = "my_softmax"
    z = SOFTMAX_PROBE
    call = call_learner(fn, z, name=name, fallback="rnn_helpers.softmax")
    if not call.returned:
        if call.error is not None and "broadcast" in call.error:
            return verdict(
                "wrong",
                call.verdict.text,
                "use keepdims=True in the max and the sum, so that shapes (..., 1) broadcast "
                "against z (..., V).",
            )
        if call.error is not None:
            return verdict(
                "wrong",
                call.verdict.text,
                "work over the last axis with numpy: np.exp, .max(axis=-1, keepdims=True), "
                ".sum(axis=-1, keepdims=True).",
            )
        return call.verdict
    result = call.value
    missing_norm = (
        "missing normalisation: divide by the sum over the last axis, so that the V "
        "probabilities of each row add up to 1."
    )
    e = np.exp(z - z.max(axis=-1, keepdims=True))
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
    if call.changed:
        return call.modified_verdict("write z = z - z.max(...) (a new array), not z -= z.max(...).")

    call = call_learner(fn, SOFTMAX_VECTOR, name=name)
    if not call.returned:
        return verdict(
            "wrong",
            f"{call.name} fails on a single row of shape (V,): {call.error or call.verdict.text}",
            "use axis=-1 (the last axis), not axis=1, so that one row (V,) works too.",
        )
    v1 = compare_answer(
        call.value,
        softmax(SOFTMAX_VECTOR),
        what=f"{name}(one row of shape (V,))",
        hint="use axis=-1 (the last axis) and keepdims=True, so that one row (V,) works too.",
    )
    if not v1:
        return v1

    big, expected = LARGE_LOGITS, softmax(LARGE_LOGITS)
    call = call_learner(fn, big, name=name, error_hint=_STABLE_HINT)
    if not call.returned:
        return verdict("wrong", f"{call.verdict.text} on logits such as 1000.", _STABLE_HINT)
    p2 = call.value
    if _same_with_nan(p2, expected):
        return verdict(
            "ok",
            f"{name} matches softmax over the last axis of a (2, 3, 4) array and of one row, "
            "and stays finite and exact for logits of ±1000 and rows that span 2000.",
        )
    for value, hint in _large_logit_mistakes(big):
        if _same_with_nan(p2, value):
            bad = [i for i in range(len(big)) if not np.all(np.isfinite(np.asarray(value[i])))]
            rows = ", ".join(str(big[i].tolist()) for i in bad[:2])
            return verdict(
                "wrong",
                f"{name} gives nan or inf for large logits (for example the rows {rows})."
                if bad
                else f"{name} is not exact for large logits.",
                hint,
            )
    v2 = compare_answer(p2, expected, what=f"{name}(large logits)", hint=_STABLE_HINT)
    return _concise(v2, f"{name}(large logits)", p2, expected)
