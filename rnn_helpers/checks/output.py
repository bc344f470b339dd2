"""Checks for notebook 03 (output layer and loss): the output layer, a stable softmax, and
the gradient of cross-entropy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..losses import log_softmax, softmax, softmax_cross_entropy
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
        (np.tanh(expected), "the output layer is linear: ŷ_t = W_hy h_t + b_y, with no tanh."),
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
    """Exercise 3.1: ``fn(h, W_hy, b_y)`` must return ŷ_t = W_hy h_t + b_y for every n and t.

    It is run on h of shape (2, 3, 4) with a square W_hy (4, 4), where a transposed weight gives
    a wrong value rather than an error, and then on h (3, 2, 3) with W_hy (5, 3), where every
    size differs, so that no hard-coded size passes.
    """
    name = "my_output_forward"
    general = "y_hat[n, t] must equal W_hy @ h[n, t] + b_y for every n and t."
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
                "check your reshape and transposes (the axes): y_hat[n, t] must come from "
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
        "with O = 5: ŷ_t = W_hy h_t + b_y at every step.",
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


# ------------------------------------------------------------------ Exercise 3.3

CE_CASES = (
    {"N": 2, "T": 3, "V": 5, "seed": 6},  # M = 6: N, T, V and M all differ
    {"N": 4, "T": 3, "V": 7, "seed": 7},  # other sizes, so that nothing hard-coded passes
)
_CE_SHAPES_HINT = (
    "targets holds one class index per prediction, shape (N, T), while p has V numbers per "
    "prediction, shape (N, T, V): turn the targets into one-hot rows of length V first."
)


def cross_entropy_probe(N: int, T: int, V: int, seed: int = 6):
    """A fixed test case for the gradient: logits (N, T, V) and int targets (N, T) in [0, V)."""
    rng = np.random.default_rng(seed)
    return rng.normal(scale=1.5, size=(N, T, V)), rng.integers(0, V, size=(N, T))


def _ce_mistakes(logits: np.ndarray, targets: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """What each typical wrong gradient gives on this case, with its hint."""
    N, T, V = logits.shape
    M = targets.size
    p = softmax(logits)
    Y = np.eye(V)[targets]
    t = targets[..., None].astype(float)

    def p_over(axis):
        e = np.exp(logits - logits.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    wrong_axis = (
        "the probabilities p are not right: softmax must normalise over the last axis, the V "
        "scores of one prediction (axis=-1), not over the batch or the steps."
    )
    mean = (
        "the loss is the mean over all M = N·T predictions (every step of every sequence), "
        "so the gradient is divided by M = targets.size"
    )
    return [
        (p - Y, "that is the gradient of the summed loss: " + mean + "."),
        ((p - Y) / N, "you divided by N, the number of sequences; " + mean + "."),
        ((p - Y) / T, "you divided by T, the number of steps; " + mean + "."),
        ((p - Y) / V, "you divided by V, the number of classes; " + mean + "."),
        ((p - Y) / (M * V), "you divided by logits.size (M·V); " + mean + ", not by M·V."),
        (
            (p - t) / M,
            "targets holds class indices, not probabilities: subtracting the index itself "
            "changes every entry. Subtract 1 only at the target class (one-hot targets).",
        ),
        (p - t, "subtract one-hot targets, not the class indices, and divide by M."),
        (
            p / M,
            "nothing was subtracted: the target class of each prediction gets p - 1, every "
            "other class p itself (then divide by M).",
        ),
        (
            (Y - p) / M,
            "the sign is flipped: raising the score of the right class must lower the loss, so "
            "the target's entry of the gradient is p - 1 < 0.",
        ),
        (-(p - Y), "the sign is flipped, and the mean over M predictions is missing."),
        *[((p_over(ax) - Y) / M, wrong_axis) for ax in (0, 1, None)],
        (
            (logits - Y) / M,
            "use the probabilities p = softmax(z), not the logits z themselves.",
        ),
        (
            (log_softmax(logits) - Y) / M,
            "use the probabilities p = softmax(z), not log softmax.",
        ),
    ]


def check_cross_entropy_grad(fn: Callable) -> Verdict:
    """Exercise 3.3: ``fn(logits, targets)`` must return dL/dz = (p - onehot(targets)) / M.

    Run on logits (2, 3, 5) with M = 6 predictions, where the batch size, the number of steps,
    V and M all differ (so dividing by the wrong one shows), and on logits (4, 3, 7). The logits
    must be left unchanged.
    """
    name = "my_cross_entropy_grad"
    general = (
        "for one prediction, dℓ/dz_i = p_i - 1 when i is the target class and p_i otherwise; "
        "then divide by the number of predictions M."
    )
    for k, case in enumerate(CE_CASES):
        logits, targets = cross_entropy_probe(**case)
        expected = softmax_cross_entropy(logits, targets)[1]
        call = call_learner(
            fn,
            logits,
            targets,
            name=name,
            fallback="rnn_helpers.softmax_cross_entropy",
            error_hint="read the error: it names the line and the operation that failed.",
        )
        where = f" on logits of shape {logits.shape}" if k > 0 else ""
        if not call.returned:
            if call.error is not None and "broadcast" in call.error:
                return verdict("wrong", call.verdict.text + where, _CE_SHAPES_HINT)
            return call.verdict
        result = call.value
        if isinstance(result, tuple) and len(result) == 2:
            return verdict(
                "wrong",
                f"{name} returned a pair; it should return only the gradient dlogits.",
                "return only the gradient: one array of the shape of logits, (N, T, V).",
            )
        hint = (
            general
            if k == 0
            else (
                "it is right on the first case but not for other sizes: read N, T and V from the "
                "shapes of logits and targets instead of writing numbers in."
            )
        )
        v = compare_answer(
            result, expected, _ce_mistakes(logits, targets), what=f"{name}(...)", hint=hint
        )
        if not v:
            if k > 0:
                v = verdict("wrong", v.text.rstrip(".") + where + ".", v.hint)
            return _concise(v, f"{name}(...)", result, expected)
        if call.changed:
            return call.modified_verdict(
                "compute new arrays (z = logits - ..., p = ...) instead of writing into logits: "
                "the caller still needs its logits."
            )
    return verdict(
        "ok",
        f"{name} matches the gradient of softmax_cross_entropy on logits (2, 3, 5) and (4, 3, 7): "
        "dL/dz = (p - onehot) / M, with M = N·T predictions.",
    )
