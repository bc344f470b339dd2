"""Jacobian products through time, their norms, the Pascanu et al. bound, and initialisations."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers import dynamics as dyn

TOL = 1e-7


def small_sequence(rng, T=7, H=4, D=2, gain=3.0, activation="tanh"):
    """A random driven sequence: x (1, T, D), parameters, and its states h (1, T, H)."""
    x = rng.normal(size=(1, T, D))
    p = rh.init_rnn_params(D, H, rng=rng)
    p["W_hh"] *= gain
    h0 = 0.3 * rng.normal(size=(1, H))
    h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    return x, h0, p, h


# ------------------------------------------------------------------ hand-computed cases


def test_one_step_product_by_hand():
    h_t = np.array([[0.5, 0.0]])
    W_hh = np.array([[1.0, 2.0], [3.0, 4.0]])
    # diag(1 - h^2) = diag(0.75, 1): row 0 scaled by 0.75
    tanh = dyn.jacobian_products(h_t, W_hh)[1]
    assert tanh == pytest.approx(np.array([[0.75, 1.5], [3.0, 4.0]]))
    # relu: unit 1 is off (h = 0), so its row is 0
    relu = dyn.jacobian_products(h_t, W_hh, "relu")[1]
    assert relu == pytest.approx(np.array([[1.0, 2.0], [0, 0]]))
    # sigmoid: h (1 - h) = 0.25 for h = 0.5, 0 for h = 0
    sigmoid = dyn.jacobian_products(h_t, W_hh, "sigmoid")[1]
    assert sigmoid == pytest.approx(np.array([[0.25, 0.5], [0, 0]]))


def test_two_step_product_by_hand():
    W_hh = np.array([[0.0, 2.0], [1.0, 0.0]])
    h = np.array([[0.5, 0.0], [0.0, 0.5]])  # h_1, h_2
    J1 = np.diag([0.75, 1.0]) @ W_hh
    J2 = np.diag([1.0, 0.75]) @ W_hh
    P = dyn.jacobian_products(h, W_hh)
    assert P.shape == (3, 2, 2)
    np.testing.assert_allclose(P[0], np.eye(2))
    np.testing.assert_allclose(P[1], J2)
    np.testing.assert_allclose(P[2], J2 @ J1)  # ∂h_2/∂h_0 = J_2 J_1, not J_1 J_2


def test_first_product_is_the_last_step_jacobian(rng):
    _, _, p, h = small_sequence(rng)
    P = dyn.jacobian_products(h[0], p["W_hh"])
    J_T = (1 - h[0, -1] ** 2)[:, None] * p["W_hh"]  # diag(1 - h_T^2) W_hh
    np.testing.assert_allclose(P[1], J_T, rtol=1e-14)


# ------------------------------------------------------------------ against finite differences


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("k", [1, 3, 7])
def test_products_match_finite_differences(activation, k):
    """u^T ∂h_T/∂h_{T-k} is the gradient of u·h_T with respect to h_{T-k}: gradient_check it."""
    rng = np.random.default_rng(10 * k + len(activation))
    x, h0, p, h = small_sequence(rng, activation=activation)
    T = x.shape[1]
    u = rng.normal(size=h.shape[2])
    h_start = {"h_start": (h0[0] if k == T else h[0, T - k - 1]).copy()}

    def loss():
        h_run, _ = rh.rnn_forward(
            x[:, T - k :], h_start["h_start"][None], p["W_xh"], p["W_hh"], p["b_h"], activation
        )
        return float(u @ h_run[0, -1])

    P = dyn.jacobian_products(h[0], p["W_hh"], activation)
    report = rh.gradient_check(loss, h_start, {"h_start": u @ P[k]})
    assert report.passed, f"\n{report}"
    assert report["h_start"].rel_error < TOL


def test_finite_difference_jacobian_matches_the_product(rng):
    x, _, p, h = small_sequence(rng)
    T, k = x.shape[1], 4

    def h_T_from(h_start):
        return rh.rnn_forward(x[:, T - k :], h_start[None], p["W_xh"], p["W_hh"], p["b_h"])[0][
            0, -1
        ]

    J_fd = dyn.finite_difference_jacobian(h_T_from, h[0, T - k - 1])
    assert rh.relative_error(dyn.jacobian_products(h[0], p["W_hh"])[k], J_fd) < TOL


def test_finite_difference_jacobian_of_a_linear_map_is_the_matrix(rng):
    A = rng.normal(size=(3, 5))
    np.testing.assert_allclose(
        dyn.finite_difference_jacobian(lambda v: A @ v, rng.normal(size=5)), A, rtol=1e-8
    )


def test_jacobian_norms_are_spectral_norms(rng):
    _, _, p, h = small_sequence(rng)
    P = dyn.jacobian_products(h[0], p["W_hh"])
    expected = [np.linalg.norm(Pk, 2) for Pk in P]
    np.testing.assert_allclose(dyn.jacobian_norms(h[0], p["W_hh"]), expected, rtol=1e-10)


def test_float32_stays_float32(rng):
    _, _, p, h = small_sequence(rng)
    P = dyn.jacobian_products(h[0].astype(np.float32), p["W_hh"].astype(np.float32))
    assert P.dtype == np.float32


# ------------------------------------------------------------------ the bound


def test_bound_holds_for_many_random_contractions():
    """‖W_hh‖₂ < 1: ‖∂h_T/∂h_{T-k}‖ ≤ ‖W_hh‖₂^k at every k, for 40 random W_hh and inputs."""
    for seed in range(40):
        rng = np.random.default_rng(seed)
        H, T = int(rng.integers(2, 20)), 40
        W = rng.normal(size=(H, H))
        sigma = rng.uniform(0.3, 0.999)
        W_hh = W * sigma / np.linalg.norm(W, 2)
        h = dyn.driven_states(W_hh, T, input_std=rng.uniform(0, 2), rng=rng)
        norms = dyn.jacobian_norms(h, W_hh)
        assert np.all(norms <= sigma ** np.arange(T + 1) * (1 + 1e-9)), seed


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    gain=st.floats(0.2, 4.0),
    activation=st.sampled_from(["tanh", "relu"]),
)
def test_bound_with_gamma_holds_for_any_scale(seed, gain, activation):
    """‖∂h_T/∂h_{T-k}‖ ≤ (γ ‖W_hh‖₂)^k for any W_hh (γ = 1 for tanh and relu)."""
    rng = np.random.default_rng(seed)
    W_hh = gain * dyn.orthogonal(6, rng=rng) @ np.diag(rng.uniform(0.2, 1.0, 6))
    h = dyn.driven_states(W_hh, 25, input_std=0.5, rng=rng, activation=activation)
    norms = dyn.jacobian_norms(h, W_hh, activation)
    bound = dyn.vanishing_bound(W_hh, np.arange(26), activation)
    assert np.all(norms <= bound * (1 + 1e-9))


def test_sigmoid_bound_uses_gamma_one_quarter(rng):
    """With σ' ≤ 1/4 the bound is (‖W_hh‖₂ / 4)^k, so W_hh up to ‖W_hh‖₂ = 4 still vanishes."""
    W_hh = 3.9 * dyn.orthogonal(5, rng=rng)
    h = rng.uniform(0.01, 0.99, size=(30, 5))  # any sigmoid outputs
    norms = dyn.jacobian_norms(h, W_hh, "sigmoid")
    bound = dyn.vanishing_bound(W_hh, np.arange(31), "sigmoid")
    assert bound[1] == pytest.approx(3.9 / 4)
    assert np.all(norms <= bound * (1 + 1e-9))
    assert norms[-1] < 1


def test_exploding_needs_sigma_above_one():
    """The necessary condition: whenever the norm grew from lag 1 to lag T, ‖W_hh‖₂ γ > 1."""
    grew = 0
    for seed in range(30):
        rng = np.random.default_rng(seed)
        W_hh = dyn.scaled_gaussian(10, rng.uniform(0.3, 3.0), rng=rng)
        h = dyn.driven_states(W_hh, 40, input_std=0.5, rng=rng)
        norms = dyn.jacobian_norms(h, W_hh)
        if norms[-1] > norms[1]:
            grew += 1
            assert dyn.largest_singular_value(W_hh) > 1
    assert grew >= 3  # the test is not vacuous


def test_linear_regime_slope_is_log_rho():
    """With h stuck at 0 (no input, h_0 = 0) the network is linear: ‖(ρQ)^k‖ = ρ^k exactly."""
    for rho in (0.5, 0.9, 1.3):
        W_hh = dyn.scaled_orthogonal(8, rho, rng=np.random.default_rng(1))
        h = dyn.driven_states(W_hh, 30, input_std=0.0, h0_std=0.0, rng=np.random.default_rng(2))
        norms = dyn.jacobian_norms(h, W_hh)
        np.testing.assert_allclose(np.log(norms[1:]), np.arange(1, 31) * np.log(rho), rtol=1e-8)
        assert dyn.log_norm_slope(norms) == pytest.approx(np.log(rho), rel=1e-8)


# ------------------------------------------------------------------ matrices


def test_orthogonal_is_orthogonal_and_seeded():
    Q = dyn.orthogonal(7, rng=np.random.default_rng(3))
    np.testing.assert_allclose(Q.T @ Q, np.eye(7), atol=1e-12)
    np.testing.assert_array_equal(Q, dyn.orthogonal(7, rng=np.random.default_rng(3)))


def test_scaled_matrices_have_the_asked_scale(rng):
    W = dyn.scaled_orthogonal(9, 1.7, rng=rng)
    assert dyn.largest_singular_value(W) == pytest.approx(1.7)
    assert dyn.spectral_radius(W) == pytest.approx(1.7)
    G = dyn.scaled_gaussian(30, 0.9, rng=rng)
    assert dyn.spectral_radius(G) == pytest.approx(0.9)
    assert dyn.largest_singular_value(G) > 1.3  # non-normal: ‖W_hh‖₂ well above ρ


def test_identity_init():
    np.testing.assert_array_equal(dyn.identity_init(3, 0.5), 0.5 * np.eye(3))


def test_singular_value_and_spectral_radius_by_hand():
    W = np.array([[0.0, 2.0], [0.0, 0.0]])  # nilpotent: eigenvalues 0, stretches e_2 by 2
    assert dyn.largest_singular_value(W) == pytest.approx(2.0)
    assert dyn.spectral_radius(W) == pytest.approx(0.0)


# ------------------------------------------------------------------ experiment helpers


def test_log_norm_slope_of_a_geometric_sequence():
    assert dyn.log_norm_slope(0.8 ** np.arange(20)) == pytest.approx(np.log(0.8))
    assert dyn.log_norm_slope(3.0 ** np.arange(20)) == pytest.approx(np.log(3.0))


def test_zero_crossing_by_hand():
    assert dyn.zero_crossing(np.array([0.0, 1.0, 2.0]), np.array([-2.0, -1.0, 1.0])) == 1.5
    assert np.isnan(dyn.zero_crossing(np.array([0.0, 1.0]), np.array([-1.0, -0.5])))


def test_slopes_vs_scale_signs_and_shape():
    s = dyn.slopes_vs_scale([0.5, 3.0], H=24, T=30, input_std=0.5, seeds=3)
    assert s.shape == (2, 3)
    assert np.all(s[0] < 0) and np.all(s[1] > 0)


def test_input_moves_the_edge_up():
    """The notebook's claim at a smaller size: the driven edge is well above the free one."""
    rhos = np.array([0.8, 0.9, 1.0, 1.1, 1.2, 1.4, 1.6, 1.8, 2.0])
    edges = [
        dyn.zero_crossing(
            rhos, np.median(dyn.slopes_vs_scale(rhos, H=24, T=40, input_std=s, seeds=3), axis=1)
        )
        for s in (0.0, 0.5)
    ]
    assert 0.9 < edges[0] < 1.2
    assert edges[1] > edges[0] + 0.2


# ------------------------------------------------------------------ malformed input

W3 = np.eye(3)
H3 = np.zeros((5, 3))
CASES = {
    "W not square": (
        lambda: dyn.largest_singular_value(np.ones((3, 2))),
        ValueError,
        "W must have shape (H, H) = (3, 3) to match itself (it must be square), got (3, 2)",
    ),
    "W not an array": (lambda: dyn.spectral_radius([[1.0]]), TypeError, "W must be a numpy array"),
    "h rank 3": (
        lambda: dyn.jacobian_products(H3[None], W3),
        ValueError,
        "h must be a 2-D array of shape (T, H)",
    ),
    "W_hh does not match h": (
        lambda: dyn.jacobian_products(H3, np.eye(4)),
        ValueError,
        "W_hh must have shape (H, H) = (3, 3) to match h, got (4, 4)",
    ),
    "unknown activation": (
        lambda: dyn.jacobian_products(H3, W3, "softplus"),
        ValueError,
        "activation must be one of ('tanh', 'relu', 'sigmoid'), got 'softplus'",
    ),
    "bound activation": (
        lambda: dyn.vanishing_bound(W3, [1, 2], "gelu"),
        ValueError,
        "activation must be one of",
    ),
    "slope of zeros": (
        lambda: dyn.log_norm_slope(np.array([1.0, 0.0, 0.0])),
        ValueError,
        "norms must hold at least 3 positive values",
    ),
    "slope too short": (
        lambda: dyn.log_norm_slope(np.array([1.0, 0.5])),
        ValueError,
        "norms must hold at least 3 positive values",
    ),
    "rng missing": (
        lambda: dyn.orthogonal(3, rng=0),
        TypeError,
        "rng must be a numpy.random.Generator",
    ),
    "H zero": (
        lambda: dyn.orthogonal(0, rng=np.random.default_rng()),
        ValueError,
        "H must be a positive integer, got 0",
    ),
    "T zero": (
        lambda: dyn.driven_states(W3, 0, input_std=1.0, rng=np.random.default_rng()),
        ValueError,
        "T must be a positive integer, got 0",
    ),
    "unknown init": (
        lambda: dyn.slopes_vs_scale([1.0], H=3, T=5, input_std=0, seeds=1, init="xavier"),
        ValueError,
        "init must be one of ('orthogonal', 'gaussian'), got 'xavier'",
    ),
    "crossing shapes": (
        lambda: dyn.zero_crossing(np.ones(3), np.ones(2)),
        ValueError,
        "y must have the same 1-D shape as x",
    ),
    "fd float32": (
        lambda: dyn.finite_difference_jacobian(lambda v: v, np.ones(2, np.float32)),
        ValueError,
        "h_s must be float64",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_input_is_named(case):
    call, error, message = CASES[case]
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
