"""Checks for notebook 05 (vanishing and exploding gradients).

Exercise 5.1: from the largest singular value of W_hh, predict whether gradients must vanish.
Exercise 5.2: implement clipping by global norm (compared with `rnn_helpers.optim`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..dynamics import (
    largest_singular_value,
    measured_slope,
    scaled_gaussian,
    scaled_orthogonal,
    spectral_radius,
)
from ..optim import clip_by_global_norm, global_norm
from ._core import Verdict, call_learner, verdict

PREDICTIONS = ("vanish", "unknown")


# ------------------------------------------------------------------ Exercise 5.1


def vanishing_exercise_matrices(H: int = 32) -> dict[str, np.ndarray]:
    """The recurrent matrices of Exercise 5.1, each (H, H).

    A = 0.8 Q (orthogonal: ‖W_hh‖₂ = 0.8); B = Gaussian with spectral radius 0.9 (non-normal, so
    ‖W_hh‖₂ ≈ 1.7); C = 2.5 Q; D = a symmetric matrix with eigenvalues in [-0.95, 0.95].
    """
    rng = np.random.default_rng(5)
    S = rng.normal(size=(H, H))
    S = S + S.T
    return {
        "A": scaled_orthogonal(H, 0.8, rng=rng),
        "B": scaled_gaussian(H, 0.9, rng=rng),
        "C": scaled_orthogonal(H, 2.5, rng=rng),
        "D": S * (0.95 / spectral_radius(S)),
    }


def _describe(slope: float) -> str:
    return "vanishes" if slope < 0 else "explodes"


def check_vanishing_prediction(fn: Callable) -> Verdict:
    """Exercise 5.1: ``fn(W_hh)`` returns ``(s_max, prediction)`` for a tanh RNN.

    `prediction` is "vanish" when the bound guarantees vanishing gradients (‖W_hh‖₂ < 1/γ = 1) and
    "unknown" when the bound says nothing. The verdict shows the measured slope for each matrix.
    """
    name = "my_predict_vanishing"
    matrices = vanishing_exercise_matrices()
    answers = {}
    for key, W in matrices.items():
        call = call_learner(
            fn,
            W,
            name=name,
            error_hint="compute s_max with np.linalg.norm(W_hh, 2), then compare it with 1.",
        )
        if not call.returned:
            if call.error is not None:
                text = f"{call.name}(W_{key}) raised {call.error}"
                return verdict("wrong", text, call.verdict.hint)
            return call.verdict
        result = call.value
        if (
            isinstance(result, tuple)
            and len(result) == 2
            and isinstance(result[0], str)
            and not isinstance(result[1], str)
        ):
            return verdict(
                "wrong",
                f"{name}(W_{key}) returned {result!r}: the pair is the wrong way round.",
                "return (s_max, prediction): the number first, then the word.",
            )
        if not (isinstance(result, tuple) and len(result) == 2):
            return verdict(
                "wrong",
                f"{name}(W_{key}) returned {type(result).__name__} {result!r}.",
                "return a pair: (s_max, 'vanish' or 'unknown').",
            )
        answers[key] = result
    for key, W in matrices.items():
        hint = _sigma_hint(answers[key][0], W)
        if hint is not None:
            return verdict("wrong", f"s_max for W_{key} is not right ({answers[key][0]!r}).", hint)
    slopes = {key: measured_slope(W, rng=np.random.default_rng(0)) for key, W in matrices.items()}
    table = "\n".join(
        f"   W_{k}: s_max = {largest_singular_value(M):.2f}, you said {answers[k][1]!r}; "
        f"measured: x{np.exp(slopes[k]):.2f} per step back, so it {_describe(slopes[k])}"
        for k, M in matrices.items()
    )
    for key, W in matrices.items():
        prediction, sigma = answers[key][1], largest_singular_value(W)
        if not isinstance(prediction, str) or prediction not in PREDICTIONS:
            if isinstance(prediction, str) and "explod" in prediction.lower():
                hint = (
                    "‖W_hh‖₂ > 1 is necessary for exploding, not sufficient: the bound alone "
                    "cannot promise an explosion, so the answer there is 'unknown'."
                )
            elif isinstance(prediction, (bool, np.bool_)):
                hint = "give the word, not True/False: exactly 'vanish' or 'unknown'."
            else:
                hint = "use exactly 'vanish' or 'unknown'."
            return verdict("wrong", f"the prediction for W_{key} is {prediction!r}.", hint)
        right = "vanish" if sigma < 1 else "unknown"
        if prediction != right:
            hint = (
                "‖W_hh‖₂ < 1/γ = 1 is sufficient: every step back multiplies the norm by at most "
                "‖W_hh‖₂, so the gradient must vanish."
                if right == "vanish"
                else "the bound guarantees vanishing only when ‖W_hh‖₂ < 1. Above 1 it says "
                "nothing: see the measurements below, one such matrix vanishes and one explodes."
            )
            return verdict(
                "wrong",
                f"the prediction for W_{key} ({prediction!r}) does not follow "
                f"from s_max = {sigma:.2f}.\n{table}",
                hint,
            )
    return verdict(
        "ok",
        "Every s_max and prediction follows the bound. The measurements:\n"
        + table
        + "\n   ‖W_hh‖₂ ≥ 1 left B and C open; only a measurement decided them.",
    )


def _sigma_hint(sigma, W: np.ndarray) -> str | None:
    """None if `sigma` is ‖W‖₂ (the largest singular value), else a hint naming the mistake."""
    if isinstance(sigma, str):
        return "s_max must be a number: np.linalg.norm(W_hh, 2) or np.linalg.svd(W_hh)[1][0]."
    if isinstance(sigma, (bool, np.bool_)) or np.ndim(sigma) != 0:
        return (
            "s_max must be one number: np.linalg.norm(W_hh, 2), or the first entry of "
            "np.linalg.svd(W_hh, compute_uv=False) (the whole array holds every singular value)."
        )
    try:
        s = float(sigma)
    except (TypeError, ValueError):
        return "s_max must be a number: np.linalg.norm(W_hh, 2) or np.linalg.svd(W_hh)[1][0]."
    singular = np.linalg.svd(W, compute_uv=False)
    if np.isclose(s, singular[0], rtol=1e-6):
        return None
    mistakes = [
        (
            np.linalg.norm(W),
            "that is the Frobenius norm (np.linalg.norm(W) without ord): it adds "
            "up every singular value. Use np.linalg.norm(W, 2).",
        ),
        (
            spectral_radius(W),
            "that is the spectral radius, the largest |eigenvalue|. For a "
            "non-symmetric matrix it can be much smaller than the largest "
            "singular value, which is what the bound needs.",
        ),
        (
            singular[-1],
            "that is the smallest singular value: np.linalg.svd sorts them from "
            "largest to smallest, so take [1][0].",
        ),
        (
            singular[0] ** 2,
            "that is ‖W_hh‖₂²: the eigenvalues of W^T W are the squared singular "
            "values; take the square root.",
        ),
    ]
    for value, hint in mistakes:
        if np.isclose(s, value, rtol=1e-6):
            return hint
    return "s_max is the largest singular value: np.linalg.norm(W_hh, 2)."


# ------------------------------------------------------------------ Exercise 5.2


def _probe_grads(norm: float, seed: int = 7) -> dict[str, np.ndarray]:
    """Three gradient arrays (15 numbers) rescaled to the given global norm."""
    rng = np.random.default_rng(seed)
    grads = {
        "W_hh": rng.normal(size=(3, 3)),
        "b_h": rng.normal(size=3),
        "W_hy": rng.normal(size=(1, 3)),
    }
    return {k: g * (norm / global_norm(grads)) for k, g in grads.items()}


# (norm of the gradient, max_norm): far above (entries above max_norm too, so that clipping
# each value differs from clipping the norm), just above (5 % over), and below the threshold.
CLIP_PROBES = ((16.0, 2.0), (2.1, 2.0), (0.5, 2.0))


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        np.shape(a[k]) == np.shape(b[k]) and np.allclose(a[k], b[k], rtol=1e-7, atol=1e-12)
        for k in a
    )


_CLIP_HINT = (
    "compute one norm over all arrays, sqrt(sum of every g**2), and if it is above "
    "max_norm multiply every array by max_norm / norm."
)
_VALUE_CLIP_HINT = (
    "np.clip(g, -max_norm, max_norm) clips each *value* on its own (value clipping, as in "
    "min-char-rnn): it changes the direction of the update. This exercise clips the *norm*: one "
    "norm over all arrays, then every array times the same factor max_norm / norm."
)
_MODIFIED_HINT = (
    "your function changed the grads it was given (e.g. with g *= scale). Build new "
    "arrays instead (g * scale): the caller may still need the raw gradients."
)


def check_clip_by_global_norm(fn: Callable) -> Verdict:
    """Exercise 5.2: ``fn(grads, max_norm)`` must return ``(clipped, norm_before)``.

    Compared with `rnn_helpers.optim.clip_by_global_norm` on gradients whose norm is far above
    max_norm, just above it (5 %) and below it; the input dict must be left unchanged.
    """
    name = "my_clip_by_global_norm"
    for norm, max_norm in CLIP_PROBES:
        grads = _probe_grads(norm)
        call = call_learner(
            fn,
            grads,
            max_norm,
            name=name,
            fallback="rnn_helpers.optim.clip_by_global_norm",
            error_hint=_CLIP_HINT,
        )
        if not call.returned:
            return call.verdict
        expected, _ = clip_by_global_norm(grads, max_norm)
        hint = _clip_hint(call.value, grads, expected, norm, max_norm)
        if hint is None and call.changed:
            return call.modified_verdict(_MODIFIED_HINT)
        if hint is not None:
            where = f"a gradient of norm {norm:.2f} with max_norm = {max_norm}"
            return verdict("wrong", f"{name} is not right on {where}.", hint)
    return verdict(
        "ok",
        f"{name} matches rnn_helpers.optim.clip_by_global_norm: it rescales "
        "all arrays together, whenever the norm is above max_norm (even by 5 %), returns the "
        "norm before clipping and leaves its input unchanged.",
    )


def _clip_variants(grads: dict, norm: float, max_norm: float) -> list[tuple[dict, str]]:
    """What each typical mistake returns as the clipped dict, with its hint."""

    def scaled(factor):
        return {k: g * factor for k, g in grads.items()}

    l1 = sum(np.abs(g).sum() for g in grads.values())
    linf = max(np.abs(g).max() for g in grads.values())
    summed = sum(np.linalg.norm(g) for g in grads.values())
    return [
        (  # first: near the threshold, several mistakes below also leave the gradient unchanged
            scaled(1.0),
            f"the norm, {norm:.2f}, is above max_norm = {max_norm}"
            + (" (only just)" if norm < 1.5 * max_norm else "")
            + ", so the gradients must be rescaled: clip whenever norm > max_norm, "
            "not only when it is far above.",
        ),
        (
            {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()},
            "each array was clipped on its own (per-tensor norm). Clip by the *global* norm of "
            "all arrays together, so the update keeps its direction.",
        ),
        (
            scaled(max_norm / norm),
            "you rescaled a gradient whose norm is already below max_norm. Only rescale "
            "when norm > max_norm; otherwise return the gradients unchanged.",
        ),
        ({k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}, _VALUE_CLIP_HINT),
        (scaled(norm / max_norm), "the scale factor is upside down: multiply by max_norm / norm."),
        (scaled(1 / norm), "dividing by the norm alone gives norm 1; multiply by max_norm / norm."),
        (
            scaled(min(1.0, max_norm / norm**2)),
            "the norm is the square root of the sum of squares.",
        ),
        (
            scaled(min(1.0, max_norm / l1)),
            "that is the sum of |g| (the L1 norm); the norm here is sqrt(sum of every g**2).",
        ),
        (
            scaled(min(1.0, max_norm / linf)),
            "that is the largest |g| (the max norm); the norm here is sqrt(sum of every g**2).",
        ),
        (
            scaled(min(1.0, max_norm / summed)),
            "you added up the arrays' norms; the global norm is sqrt of the *total* sum of "
            "squares, sqrt(sum over arrays of sum(g**2)).",
        ),
    ]


def _clip_hint(result, grads, expected, norm, max_norm) -> str | None:
    """None if `result` is right, else a hint aimed at the mistake it shows."""
    if isinstance(result, dict):
        return (
            "you returned only the clipped gradients: return the pair (clipped, norm), "
            "where norm is the global norm *before* clipping (training logs it)."
        )
    if not (isinstance(result, tuple) and len(result) == 2):
        return "return a pair (clipped, norm): a dict of arrays and a float."
    clipped, got_norm = result
    if isinstance(got_norm, dict) and not isinstance(clipped, dict):
        return "the pair is the wrong way round: return (clipped, norm), the dict first."
    if got_norm is None:
        return "the second value is None: return the global norm measured before clipping."
    if not isinstance(clipped, dict) or clipped.keys() != expected.keys():
        return "the first value must be a dict with the same keys as grads."
    if np.ndim(got_norm) != 0 or isinstance(got_norm, str):
        return "the norm must be one number."
    try:
        got_norm = float(got_norm)
    except (TypeError, ValueError):
        return "the norm must be a number."
    if not _same(clipped, expected):
        for wrong, hint in _clip_variants(grads, norm, max_norm):
            if _same(clipped, wrong):
                return hint
        return _CLIP_HINT
    if np.isclose(got_norm, global_norm(expected)) and not np.isclose(got_norm, norm):
        return "you returned the norm *after* clipping; return the norm measured before it."
    if np.isclose(got_norm, norm**2):
        return "the norm is the square root of the sum of squares."
    if not np.isclose(got_norm, norm, rtol=1e-7):
        return f"the norm you returned, {got_norm:.4g}, should be the global norm {norm:.4g}."
    return None
