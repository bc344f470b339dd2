"""Notebook 05's checks recognise the typical mistakes and say so."""

import numpy as np
import pytest

from rnn_helpers.checks.gradients import (
    check_clip_by_global_norm,
    check_vanishing_prediction,
    vanishing_exercise_matrices,
)
from rnn_helpers.dynamics import spectral_radius

# ------------------------------------------------------------------ Exercise 5.1


def right_prediction(W):
    s = np.linalg.norm(W, 2)
    return s, "vanish" if s < 1 else "unknown"


def test_exercise_matrices_cover_both_outcomes_above_one():
    """B (‖W_hh‖₂ > 1) vanishes and C explodes, so the check can show what the bound left open."""
    from rnn_helpers.dynamics import measured_slope

    m = vanishing_exercise_matrices()
    assert np.linalg.norm(m["A"], 2) < 1 and np.linalg.norm(m["D"], 2) < 1
    assert np.linalg.norm(m["B"], 2) > 1.3 and spectral_radius(m["B"]) < 1
    slope = {k: measured_slope(m[k], rng=np.random.default_rng(0)) for k in "BC"}
    assert slope["B"] < 0 < slope["C"]
    np.testing.assert_allclose(m["D"], m["D"].T)


def test_right_answer_shows_the_measurements():
    v = check_vanishing_prediction(right_prediction)
    assert v and "W_C" in v.text and "explodes" in v.text and "vanishes" in v.text


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (lambda W: ("vanish" if np.linalg.norm(W, 2) < 1 else "unknown", 1.0), "number first"),
        (lambda W: (np.linalg.svd(W, compute_uv=False), "unknown"), "one number"),
        (lambda W: (np.linalg.norm(W, 2), np.linalg.norm(W, 2) < 1), "not True/False"),
        (lambda W: (np.linalg.norm(W, 2), "vanishes"), "exactly 'vanish' or 'unknown'"),
        (lambda W: None, "`return`"),
        (lambda W: (np.linalg.norm(W), "unknown"), "Frobenius"),
        (
            lambda W: (spectral_radius(W), "vanish" if spectral_radius(W) < 1 else "unknown"),
            "spectral radius",
        ),
        (lambda W: (np.linalg.svd(W, compute_uv=False)[-1], "vanish"), "smallest singular value"),
        (lambda W: (np.linalg.norm(W, 2) ** 2, "vanish"), "‖W_hh‖₂²"),
        (lambda W: ("big", "vanish"), "must be a number"),
        (lambda W: (np.linalg.norm(W, 2), "vanish"), "only when ‖W_hh‖₂ < 1"),
        (lambda W: (np.linalg.norm(W, 2), "unknown"), "sufficient"),
        (
            lambda W: (np.linalg.norm(W, 2), "vanish" if np.linalg.norm(W, 2) < 1 else "explode"),
            "necessary for exploding, not sufficient",
        ),
        (lambda W: (np.linalg.norm(W, 2), "maybe"), "exactly 'vanish' or 'unknown'"),
        (lambda W: np.linalg.norm(W, 2), "return a pair"),
        (lambda W: W @ np.ones(3), "np.linalg.norm(W_hh, 2)"),
    ],
    ids=[
        "swapped pair",
        "all singular values",
        "bool",
        "vanishes",
        "no return",
        "frobenius",
        "eigenvalue",
        "smallest",
        "squared",
        "text",
        "always vanish",
        "never vanish",
        "explode",
        "other word",
        "not a pair",
        "raises",
    ],
)
def test_vanishing_mistakes_get_targeted_hints(fn, hint_fragment):
    v = check_vanishing_prediction(fn)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in v.hint, v.hint


def test_vanishing_stub_is_not_done():
    def stub(W):
        raise NotImplementedError

    assert check_vanishing_prediction(stub).status == "todo"


# ------------------------------------------------------------------ Exercise 5.2


def right_clip(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}, float(norm)


def global_norm(grads):
    return np.sqrt(sum(np.sum(g**2) for g in grads.values()))


def per_tensor(grads, m):
    return ({k: g * min(1.0, m / np.linalg.norm(g)) for k, g in grads.items()}, global_norm(grads))


def always(grads, m):
    return {k: g * m / global_norm(grads) for k, g in grads.items()}, global_norm(grads)


def only_dict(grads, m):
    return right_clip(grads, m)[0]


def none_norm(grads, m):
    return right_clip(grads, m)[0], None


def in_place(grads, m):
    norm = global_norm(grads)
    if norm > m:
        for g in grads.values():
            g *= m / norm
    return grads, norm


def norm_after(grads, m):
    clipped, _ = right_clip(grads, m)
    return clipped, global_norm(clipped)


def inverted(grads, m):
    n = global_norm(grads)
    return {k: g * (n / m if n > m else 1.0) for k, g in grads.items()}, n


def normalised(grads, m):
    n = global_norm(grads)
    return {k: g / n if n > m else g for k, g in grads.items()}, n


def no_sqrt(grads, m):
    n2 = sum(np.sum(g**2) for g in grads.values())
    return {k: g * (m / n2 if n2 > m else 1.0) for k, g in grads.items()}, n2


def squared_norm_only(grads, m):
    clipped, n = right_clip(grads, m)
    return clipped, n**2


def wrong_keys(grads, m):
    return {"all": np.zeros(3)}, global_norm(grads)


def raises(grads, m):
    return grads["W_xh"], 1.0


def value_clip(grads, m):  # min-char-rnn's np.clip, on each value
    return {k: np.clip(g, -m, m) for k, g in grads.items()}, global_norm(grads)


def only_far_above(grads, m):
    n = global_norm(grads)
    scale = m / n if n > 2 * m else 1.0  # clips only when the norm is far above the threshold
    return {k: g * scale for k, g in grads.items()}, n


def only_above_plus_one(grads, m):
    n = global_norm(grads)
    scale = m / n if n > m + 1 else 1.0
    return {k: g * scale for k, g in grads.items()}, n


def never_clips(grads, m):
    return dict(grads), global_norm(grads)


def l1_norm(grads, m):
    n = sum(np.abs(g).sum() for g in grads.values())
    return {k: g * min(1.0, m / n) for k, g in grads.items()}, n


def max_norm_instead(grads, m):
    n = max(np.abs(g).max() for g in grads.values())
    return {k: g * min(1.0, m / n) for k, g in grads.items()}, n


def summed_norms(grads, m):
    n = sum(np.linalg.norm(g) for g in grads.values())
    return {k: g * min(1.0, m / n) for k, g in grads.items()}, n


def swapped_pair(grads, m):
    clipped, n = right_clip(grads, m)
    return n, clipped


def no_return(grads, m):
    right_clip(grads, m)


def in_place_right(grads, m):
    n = global_norm(grads)
    for g in grads.values():
        g *= min(1.0, m / n)  # right values, but written into the caller's arrays
    return grads, n


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (value_clip, "value clipping, as in min-char-rnn"),
        (only_far_above, "(only just)"),
        (only_above_plus_one, "(only just)"),
        (never_clips, "must be rescaled"),
        (l1_norm, "L1 norm"),
        (max_norm_instead, "largest |g|"),
        (summed_norms, "added up the arrays' norms"),
        (swapped_pair, "wrong way round"),
        (no_return, "`return`"),
        (in_place_right, "changed the grads it was given"),
        (per_tensor, "per-tensor"),
        (always, "already below max_norm"),
        (only_dict, "return the pair (clipped, norm)"),
        (none_norm, "second value is None"),
        (in_place, "changed the grads it was given"),
        (norm_after, "norm *after* clipping"),
        (inverted, "upside down"),
        (normalised, "dividing by the norm alone"),
        (no_sqrt, "square root"),
        (squared_norm_only, "square root"),
        (wrong_keys, "same keys"),
        (raises, "raised KeyError"),
    ],
    ids=[
        "value clipping",
        "only far above",
        "only above max_norm + 1",
        "never clips",
        "L1 norm",
        "max norm",
        "sum of norms",
        "swapped pair",
        "no return",
        "in place, right values",
        "per-tensor",
        "always",
        "no norm",
        "None norm",
        "in place",
        "norm after",
        "inverted",
        "normalised",
        "no sqrt",
        "squared norm",
        "keys",
        "raises",
    ],
)
def test_clip_mistakes_get_targeted_hints(fn, hint_fragment):
    v = check_clip_by_global_norm(fn)
    assert not v and v.status == "wrong", str(v)
    assert hint_fragment in (v.hint or "") + v.text, f"{v.text} / {v.hint}"


def test_clip_right_answer():
    v = check_clip_by_global_norm(right_clip)
    assert v and "matches rnn_helpers.optim.clip_by_global_norm" in v.text


def test_clip_stub_is_not_done():
    def stub(grads, max_norm):
        raise NotImplementedError

    v = check_clip_by_global_norm(stub)
    assert v.status == "todo" and "rnn_helpers.optim.clip_by_global_norm" in v.text


def test_clip_value_clipping_differs_from_every_other_variant_on_the_first_probe():
    from rnn_helpers.checks.gradients import CLIP_PROBES, _clip_variants, _probe_grads, _same

    norm, m = CLIP_PROBES[0]
    variants = _clip_variants(_probe_grads(norm), norm, m)
    value_clip = next(v for v, hint in variants if "value clipping" in hint)
    assert sum(_same(value_clip, other) for other, _ in variants) == 1
    assert any(np.abs(g).max() > m for g in _probe_grads(norm).values())


def test_clip_probe_just_above_the_threshold():
    from rnn_helpers.checks.gradients import CLIP_PROBES

    norms = [n / m for n, m in CLIP_PROBES]
    assert any(1 < r < 1.1 for r in norms) and any(r < 1 for r in norms) and max(norms) > 4
