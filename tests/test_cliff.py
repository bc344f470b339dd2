"""The one-unit cliff of Pascanu et al. (2013): the model, its exact gradient, the wall, clipping.

Acceptance numbers come from shared/reference/paper-results.md, R1.2 and R1.3.
"""

import numpy as np
import pytest

import rnn_helpers as rh
from rnn_helpers import cliff
from rnn_helpers.optim import clip_by_global_norm

FINE = np.arange(-6, 2, 1e-4)


# ------------------------------------------------------------------ the model by hand


def test_sigmoid_values():
    assert cliff.sigmoid(0.0) == 0.5
    assert cliff.sigmoid(0.5) == pytest.approx(0.6224593312)


def test_two_steps_by_hand():
    s = cliff.sigmoid
    x = cliff.cliff_states(2.0, -1.0, steps=2)
    x1 = 2 * s(0.5) - 1
    assert x == pytest.approx([0.5, x1, 2 * s(x1) - 1])


def test_zero_weight_gives_the_bias():
    assert cliff.cliff_states(0.0, 0.3, steps=5)[1:] == pytest.approx(0.3)
    assert cliff.cliff_error(0.0, 0.3, steps=5) == pytest.approx((cliff.sigmoid(0.3) - 0.7) ** 2)


def test_error_surface_layout():
    w, b = np.array([1.0, 2.0, 3.0]), np.array([-1.0, 0.0])
    E = cliff.error_surface(w, b)
    assert E.shape == (2, 3)
    assert E[1, 2] == pytest.approx(cliff.cliff_error(3.0, 0.0))


# ------------------------------------------------------------------ the exact gradient


@pytest.mark.parametrize(
    ("w", "b"), [(1.0, 0.0), (3.0, -1.0), (5.0, -2.0), (6.5, -4.5), (-2.0, 1.0)]
)
def test_gradient_matches_finite_differences(w, b):
    params = {"w": np.array(w), "b": np.array(b)}
    _, dE_dw, dE_db = cliff.cliff_gradient(w, b)
    report = rh.gradient_check(
        lambda: float(cliff.cliff_error(params["w"], params["b"])), params, {"w": dE_dw, "b": dE_db}
    )
    assert report.passed, f"\n{report}"


def test_gradient_is_vectorised():
    w, b = np.array([1.0, 5.0, 6.5]), np.array([0.0, -2.0, -4.5])
    E, dw, db = cliff.cliff_gradient(w, b)
    for i in range(3):
        Ei, dwi, dbi = cliff.cliff_gradient(w[i], b[i])
        assert (E[i], dw[i], db[i]) == pytest.approx((Ei, dwi, dbi), rel=1e-12)
    assert cliff.gradient_norm(w, b) == pytest.approx(np.hypot(dw, db))


def test_state_derivatives_are_products_of_one_step_factors():
    w, b = 5.0, -2.5
    d = cliff.state_derivatives(w, b, steps=10)
    x = cliff.cliff_states(w, b, steps=10)
    s = cliff.sigmoid(x)
    assert d[1] == pytest.approx(abs(w * s[9] * (1 - s[9])))  # ∂x_10/∂x_9 uses σ'(x_9)
    # d[T] = |∂u_T/∂u_0|, checked by finite differences on u_0
    eps = 1e-6
    fd = (
        cliff.cliff_states(w, b, 10, u0=0.5 + eps)[-1] - cliff.cliff_states(w, b, 10, 0.5 - eps)[-1]
    )
    assert d[-1] == pytest.approx(abs(fd / (2 * eps)), rel=1e-6)


def test_sigmoid_bound_one_quarter():
    """|∂x_T/∂x_{T-k}| ≤ (|w|/4)^k: γ = 1/4 for the sigmoid."""
    rng = np.random.default_rng(0)
    for w, b in rng.uniform([-8, -6], [8, 2], size=(200, 2)):
        d = cliff.state_derivatives(w, b)
        assert np.all(d <= (abs(w) / 4) ** np.arange(51) * (1 + 1e-9))


# ------------------------------------------------------------------ where the wall is


def test_analytic_constants():
    assert cliff.cliff_line(1.0) == pytest.approx(0.5 - 0.622459, abs=1e-6)
    assert cliff.cliff_threshold() == pytest.approx(4.255252, abs=1e-6)
    b1, b2 = cliff.saddle_node_biases(5.0)
    assert (b1, b2) == pytest.approx((-2.65561, -2.34439), abs=1e-5)


def test_x0_is_a_fixed_point_on_the_line():
    for w in (5.0, 6.0, 7.0):
        fps = cliff.fixed_points(w, cliff.cliff_line(w))
        assert len(fps) == 3 and fps[1] == pytest.approx(0.5, abs=1e-9)


def test_three_fixed_points_only_between_the_bifurcations():
    b1, b2 = cliff.saddle_node_biases(5.0)
    assert len(cliff.fixed_points(5.0, (b1 + b2) / 2)) == 3
    assert len(cliff.fixed_points(5.0, b1 - 0.01)) == 1
    assert len(cliff.fixed_points(5.0, b2 + 0.01)) == 1
    # numerically: where the count changes on a grid
    grid = np.arange(-2.7, -2.3, 5e-4)
    counts = np.array([len(cliff.fixed_points(5.0, b)) for b in grid])
    changes = grid[1:][np.diff(counts) != 0]
    assert changes.min() == pytest.approx(b1, abs=1e-3)
    assert changes.max() == pytest.approx(b2, abs=1e-3)


@pytest.mark.parametrize("w", [5.0, 6.0, 7.0])
def test_cliff_location_and_height(w):
    b_jump, jump = cliff.largest_jump(w, FINE)
    assert abs(b_jump - cliff.cliff_line(w)) < 2e-4
    assert jump >= 0.25


@pytest.mark.parametrize("w", [2.0, 3.0, 4.0])
def test_no_cliff_below_the_threshold(w):
    assert cliff.largest_jump(w, FINE)[1] < 0.01


def test_gradient_spikes_at_the_wall():
    b_c = cliff.cliff_line(5.0)
    w_r, b_r = np.random.default_rng(4).uniform([0, -6], [10, 2], size=(2000, 2)).T
    typical = np.median(cliff.gradient_norm(w_r, b_r))
    for b in (b_c - 1e-4, b_c + 1e-4):
        assert cliff.gradient_norm(5.0, b) >= 100 * typical


# ------------------------------------------------------------------ clipping


def test_clip_rows_by_hand():
    g = np.array([[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(cliff.clip_rows(g, 1.0), [[0.6, 0.8], [0.3, 0.4]])


def test_clip_rows_agrees_with_clip_by_global_norm():
    rng = np.random.default_rng(1)
    for g in rng.normal(scale=3, size=(20, 2)):
        ref, _ = clip_by_global_norm({"w": g[:1], "b": g[1:]}, 1.5)
        np.testing.assert_allclose(
            cliff.clip_rows(g[None], 1.5)[0], np.concatenate([ref["w"], ref["b"]]), rtol=1e-12
        )


def test_descent_lowers_the_error_with_small_steps():
    run = cliff.gradient_descent(np.array([2.0, 3.0]), np.array([0.0, -1.0]), lr=0.1, steps=20)
    assert run.path.shape == (21, 2, 2) and run.errors.shape == (21, 2)
    assert run.step_norms.shape == (20, 2)
    assert np.all(np.diff(run.errors, axis=0) <= 1e-12)


def test_clipping_protocol_acceptance():
    """R1.2 check 4: lr 0.5, 300 steps, 100 starts below the wall, θ = 1 (seed 0)."""
    w0, b0 = cliff.starts_below_cliff(100, rng=np.random.default_rng(0))
    assert np.all(b0 < cliff.cliff_line(w0)) and np.all(cliff.cliff_error(w0, b0) > 0.25)
    plain = cliff.gradient_descent(w0, b0, lr=0.5, steps=300)
    clipped = cliff.gradient_descent(w0, b0, lr=0.5, steps=300, clip=1.0)
    assert cliff.success_rate(clipped.errors[-1]) - cliff.success_rate(plain.errors[-1]) >= 0.3
    assert clipped.step_norms.max() <= 0.5 * 1.0 * (1 + 1e-12)
    assert np.mean((plain.step_norms > 2 * 0.5).any(axis=0)) >= 0.5


def test_success_rate():
    assert cliff.success_rate(np.array([1e-4, 2e-3, 5e-4, 0.3])) == 0.5


# ------------------------------------------------------------------ malformed input

CASES = {
    "steps zero": (
        lambda: cliff.cliff_states(1.0, 0.0, steps=0),
        ValueError,
        "steps must be a positive integer, got 0",
    ),
    "w too small for bistability": (
        lambda: cliff.saddle_node_biases(3.0),
        ValueError,
        "w must be > 4",
    ),
    "lr not positive": (
        lambda: cliff.gradient_descent([1.0], [0.0], lr=0, steps=3),
        ValueError,
        "lr must be a finite number > 0, got 0",
    ),
    "starts differ in shape": (
        lambda: cliff.gradient_descent([1.0, 2.0], [0.0], lr=0.1, steps=3),
        ValueError,
        "b0 must have the same 1-D shape as w0, (2,), got (1,)",
    ),
    "max_norm not positive": (
        lambda: cliff.clip_rows(np.ones((1, 2)), 0.0),
        ValueError,
        "max_norm must be a finite number > 0",
    ),
    "steps not an integer": (
        lambda: cliff.cliff_states(1.0, 0.0, steps=2.0),
        TypeError,
        "steps must be a positive integer, got float 2.0",
    ),
    "n not positive": (
        lambda: cliff.starts_below_cliff(0, rng=np.random.default_rng(0)),
        ValueError,
        "n must be a positive integer, got 0",
    ),
    "rng missing": (
        lambda: cliff.starts_below_cliff(3, rng=None),
        TypeError,
        "rng must be a numpy.random.Generator",
    ),
    "grid not an array": (
        lambda: cliff.error_surface([1.0, 2.0], np.ones(2)),
        TypeError,
        "w_values must be a numpy array, got list",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_input_is_named(case):
    call, error, message = CASES[case]
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
