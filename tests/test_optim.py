"""Optimizers and gradient clipping: hand-computed steps, convergence to a known minimum,
clipping invariants, and clear errors for malformed input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from rnn_helpers.optim import (
    SGD,
    Adagrad,
    Adam,
    clip_by_global_norm,
    cosine_similarity,
    global_norm,
)

# ---------------------------------------------------------------- a quadratic with a known minimum
# f(p) = 1/2 sum_k sum_i c_ki (p_ki - p*_ki)^2, minimised at p = p*; curvatures c from 0.5 to 10.
_rng = np.random.default_rng(0)
TARGET = {"W": _rng.normal(size=(3, 4)), "b": _rng.normal(size=4)}
CURVATURE = {"W": _rng.uniform(0.5, 10, size=(3, 4)), "b": _rng.uniform(0.5, 10, size=4)}


def quadratic_grads(p):
    return {k: CURVATURE[k] * (p[k] - TARGET[k]) for k in p}


def minimise(optimizer, steps):
    p = {k: np.zeros_like(v) for k, v in TARGET.items()}
    for _ in range(steps):
        optimizer.step(p, quadratic_grads(p))
    return max(np.abs(p[k] - TARGET[k]).max() for k in p)


@pytest.mark.parametrize(
    ("optimizer", "steps"),
    [(SGD(lr=0.15), 300), (Adagrad(lr=1.0), 500), (Adam(lr=0.01), 3000)],
    ids=["SGD", "Adagrad", "Adam"],
)
def test_optimizer_converges_to_the_minimum_of_a_quadratic(optimizer, steps):
    assert minimise(optimizer, steps) < 1e-6


def test_sgd_diverges_when_lr_exceeds_two_over_the_largest_curvature():
    # on c (p - p*)^2 / 2 SGD multiplies the error by (1 - lr c) per step: |1 - 0.25 * 10| > 1
    assert minimise(SGD(lr=0.25), 200) > 1e3


# ---------------------------------------------------------------- hand-computed steps
def test_sgd_step_by_hand():
    p = {"w": np.array([1.0, -2.0])}
    SGD(lr=0.5).step(p, {"w": np.array([4.0, -2.0])})
    np.testing.assert_allclose(p["w"], [1.0 - 2.0, -2.0 + 1.0])


def test_adagrad_steps_by_hand():
    p, opt = {"w": np.array([0.0])}, Adagrad(lr=0.1, eps=1e-12)
    opt.step(p, {"w": np.array([2.0])})  # G = 4: step = 0.1 * 2 / 2 = 0.1
    np.testing.assert_allclose(p["w"], [-0.1])
    opt.step(p, {"w": np.array([1.0])})  # G = 5: step = 0.1 * 1 / sqrt(5)
    np.testing.assert_allclose(p["w"], [-0.1 - 0.1 / np.sqrt(5)])


def test_adam_steps_by_hand():
    p, opt = {"w": np.array([0.0, 0.0])}, Adam(lr=0.1, eps=1e-12)
    opt.step(p, {"w": np.array([3.0, -1e-4])})  # bias-corrected m / sqrt(v) = sign(g)
    np.testing.assert_allclose(p["w"], [-0.1, 0.1])
    opt.step(p, {"w": np.array([1.0, 0.0])})
    m = 0.9 * 0.1 * 3.0 + 0.1 * 1.0
    v = 0.999 * 0.001 * 9.0 + 0.001 * 1.0
    step = 0.1 * (m / (1 - 0.9**2)) / np.sqrt(v / (1 - 0.999**2))
    np.testing.assert_allclose(p["w"][0], -0.1 - step)


def test_step_updates_in_place_and_keeps_float32():
    w = np.ones((2, 3), dtype=np.float32)
    p = {"w": w}
    for opt in (SGD(0.1), Adagrad(0.1), Adam(0.1)):
        assert opt.step(p, {"w": np.full((2, 3), 0.5)}) is None
    assert p["w"] is w and w.dtype == np.float32 and np.all(w < 1)


def test_state_is_kept_per_parameter():
    opt = Adam(lr=0.1)
    p = {"a": np.zeros(1), "b": np.zeros(1)}
    opt.step(p, {"a": np.array([1.0]), "b": np.array([1.0])})
    opt.step({"a": p["a"]}, {"a": np.array([1.0])})  # only "a" takes a second step
    assert opt.counts == {"a": 2, "b": 1}
    np.testing.assert_allclose(p["b"], [-0.1])


def test_repr_names_the_learning_rate():
    assert repr(SGD(0.3)) == "SGD(lr=0.3)"
    assert repr(Adagrad(0.05)) == "Adagrad(lr=0.05)"
    assert repr(Adam(0.01)) == "Adam(lr=0.01, beta1=0.9, beta2=0.999)"


# ---------------------------------------------------------------- norms and clipping
def test_global_norm_by_hand():
    assert global_norm({"a": np.array([3.0]), "b": np.array([[4.0, 0.0]])}) == 5.0


def test_clip_rescales_all_arrays_together_to_max_norm():
    g = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    clipped, norm = clip_by_global_norm(g, 1.0)
    assert norm == 5.0  # the norm *before* clipping
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    np.testing.assert_allclose(clipped["b"], [[0.8]])
    np.testing.assert_allclose(g["a"], [3.0, 0.0])  # the input is untouched


def test_clip_below_threshold_returns_equal_copies():
    g = {"a": np.array([0.3, 0.4])}
    clipped, norm = clip_by_global_norm(g, 1.0)
    assert norm == pytest.approx(0.5)
    assert clipped["a"] is not g["a"] and np.array_equal(clipped["a"], g["a"])


def test_clip_keeps_float32():
    clipped, _ = clip_by_global_norm({"a": np.full(4, 10.0, dtype=np.float32)}, 1.0)
    assert clipped["a"].dtype == np.float32


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_clip_cannot_rescue_non_finite_gradients(bad):
    clipped, norm = clip_by_global_norm({"a": np.array([1.0, bad])}, 1.0)
    assert not np.isfinite(norm)
    assert clipped["a"][0] == 1.0  # returned unscaled, so the caller sees the problem


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    a=arrays(np.float64, (3, 2), elements=finite),
    b=arrays(np.float64, (4,), elements=finite),
    max_norm=st.floats(1e-3, 1e3),
)
def test_clipping_caps_the_norm_and_keeps_the_direction(a, b, max_norm):
    clipped, norm = clip_by_global_norm({"a": a, "b": b}, max_norm)
    assert global_norm(clipped) <= max_norm * (1 + 1e-12) or norm <= max_norm
    if norm > 0:
        scale = global_norm(clipped) / norm
        assert 0 < scale <= 1 + 1e-12
        np.testing.assert_allclose(clipped["a"], a * scale, rtol=1e-12, atol=0)
    if norm <= max_norm:
        assert np.array_equal(clipped["a"], a) and np.array_equal(clipped["b"], b)
    # the exact values: the norm over both arrays, and the scale min(1, max_norm / norm)
    assert norm == pytest.approx(np.sqrt((a**2).sum() + (b**2).sum()), rel=1e-12)
    assert global_norm(clipped) == pytest.approx(min(norm, max_norm), rel=1e-9)
    expected = min(1.0, max_norm / norm) if norm > 0 else 1.0
    np.testing.assert_allclose(clipped["b"], b * expected, rtol=1e-12, atol=0)


def test_cosine_similarity_by_hand():
    a = {"w": np.array([1.0, 0.0]), "b": np.array([0.0])}
    assert cosine_similarity(a, a) == pytest.approx(1.0)
    assert cosine_similarity(a, {k: -v for k, v in a.items()}) == pytest.approx(-1.0)
    assert cosine_similarity(a, {"w": np.array([0.0, 2.0]), "b": np.array([0.0])}) == 0.0
    assert cosine_similarity(a, {"w": np.zeros(2), "b": np.zeros(1)}) == 0.0


# ---------------------------------------------------------------- malformed input
@pytest.mark.parametrize(
    ("make", "error", "fragment"),
    [
        (lambda: SGD(lr=0), ValueError, "lr must be a finite number > 0"),
        (lambda: SGD(lr=-0.1), ValueError, "lr must be a finite number > 0"),
        (lambda: SGD(lr="0.1"), TypeError, "lr must be a positive number"),
        (lambda: Adagrad(lr=0.1, eps=0), ValueError, "eps must be"),
        (lambda: Adam(beta1=1.0), ValueError, "beta1 must be in [0, 1)"),
        (lambda: Adam(beta2=-0.1), ValueError, "beta2 must be in [0, 1)"),
    ],
    ids=["lr=0", "lr<0", "lr str", "eps=0", "beta1=1", "beta2<0"],
)
def test_bad_hyperparameters_are_named(make, error, fragment):
    with pytest.raises(error, match=fragment.replace("[", r"\[").replace(")", r"\)")):
        make()


def test_step_names_a_missing_gradient():
    with pytest.raises(ValueError, match=r"missing \['b'\]"):
        SGD(0.1).step({"a": np.zeros(1), "b": np.zeros(1)}, {"a": np.zeros(1)})


def test_step_names_a_shape_mismatch():
    with pytest.raises(
        ValueError,
        match=r"grads\['W'\] must have the shape of params\['W'\], "
        r"\(2, 3\), got \(3, 2\)",
    ):
        SGD(0.1).step({"W": np.zeros((2, 3))}, {"W": np.zeros((3, 2))})


def test_step_rejects_integer_parameters():
    with pytest.raises(TypeError, match=r"params\['W'\] must be a float array"):
        SGD(0.1).step({"W": np.zeros(2, dtype=int)}, {"W": np.zeros(2)})


def test_step_rejects_a_list_gradient():
    with pytest.raises(TypeError, match=r"grads\['W'\] must be a numpy array, got list"):
        SGD(0.1).step({"W": np.zeros(2)}, {"W": [0.0, 0.0]})


def test_grads_must_be_a_dict():
    with pytest.raises(TypeError, match="grads must be a dict"):
        global_norm([np.zeros(2)])


def test_empty_grads_are_rejected():
    with pytest.raises(ValueError, match="at least one array"):
        clip_by_global_norm({}, 1.0)


@pytest.mark.parametrize("max_norm", [0, -1.0, np.inf, np.nan])
def test_clip_threshold_must_be_positive_and_finite(max_norm):
    with pytest.raises(ValueError, match="max_norm must be a finite number > 0"):
        clip_by_global_norm({"a": np.ones(2)}, max_norm)


def test_cosine_similarity_needs_matching_keys():
    with pytest.raises(ValueError, match="grads_b must have the same keys"):
        cosine_similarity({"a": np.ones(1)}, {"b": np.ones(1)})


def test_adam_step_can_exceed_lr_up_to_the_kingma_ba_bound():
    # after a long run of zero gradients, one large gradient: |step| = lr (1 - b1) / sqrt(1 - b2)
    p, opt = {"w": np.array([0.0])}, Adam(lr=0.01)
    for _ in range(10_000):
        opt.step(p, {"w": np.array([0.0])})
    before = p["w"].copy()
    opt.step(p, {"w": np.array([1.0])})
    step = abs(p["w"][0] - before[0])
    bound = 0.01 * (1 - 0.9) / np.sqrt(1 - 0.999)
    assert 3 * 0.01 < step <= bound * (1 + 1e-6)


def test_adagrad_eps_defaults_to_pytorchs():
    assert Adagrad(0.1).eps == 1e-10 and Adam().eps == 1e-8
