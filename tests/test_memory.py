"""Notebook 02's measurements of memory: pulse response, memory horizon, influence of x_1 on h_t."""

import numpy as np
import pytest
from conftest import make_problem
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers.memory import (
    fit_decay_rate,
    influence_of_x1,
    jacobian_crosscheck,
    linear_horizon,
    memory_horizon,
    perturbation_response,
    pulse_response,
    quantile_band,
    spectral_norms,
    state_distance,
)

# ------------------------------------------------------------------ pulse_response


def test_pulse_response_by_hand():
    # h_1 = tanh(1 * 2) , h_2 = tanh(0.5 h_1), h_3 = tanh(0.5 h_2); no pulse: h = 0
    r = pulse_response(0.5, 1.0, 2.0, T=3)
    h1 = np.tanh(2.0)
    h2 = np.tanh(0.5 * h1)
    np.testing.assert_allclose(r.h_pulse, [h1, h2, np.tanh(0.5 * h2)], rtol=1e-15)
    np.testing.assert_array_equal(r.h_base, np.zeros(3))
    np.testing.assert_array_equal(r.delta, r.h_pulse)


def test_linear_pulse_response_is_geometric():
    delta = pulse_response(-0.7, 1.5, 2.0, T=6, b=0.3, activation="linear").delta
    np.testing.assert_allclose(delta, 3.0 * (-0.7) ** np.arange(6), rtol=1e-12)


@pytest.mark.parametrize("b", [0.0, 0.4])
def test_pulse_response_matches_rnn_forward(b):
    w_hh, w_xh, pulse, T = 0.9, 1.3, 2.5, 7
    x = np.zeros((2, T, 1))
    x[0, 0, 0] = pulse  # sequence 0 has the pulse, sequence 1 does not
    h, _ = rh.rnn_forward(
        x, np.zeros((2, 1)), np.array([[w_xh]]), np.array([[w_hh]]), np.array([b])
    )
    r = pulse_response(w_hh, w_xh, pulse, T, b=b)
    np.testing.assert_allclose(r.h_pulse, h[0, :, 0], rtol=1e-14)
    np.testing.assert_allclose(r.h_base, h[1, :, 0], rtol=1e-14)


def test_pulse_response_broadcasts_over_a_grid():
    w = np.array([0.2, 0.5, 0.9])
    pulse = np.array([[0.1], [10.0]])
    r = pulse_response(w, 1.0, pulse, T=5)
    assert r.delta.shape == (2, 3, 5)
    np.testing.assert_allclose(r.delta[1, 2], pulse_response(0.9, 1.0, 10.0, T=5).delta)


def test_big_pulses_saturate_and_are_remembered_no_longer():
    tanh = [memory_horizon(pulse_response(0.8, 1.0, p, 300).delta) for p in (3.0, 30.0, 300.0)]
    linear = [
        memory_horizon(pulse_response(0.8, 1.0, p, 300, activation="linear").delta)
        for p in (3.0, 30.0, 300.0)
    ]
    assert tanh[0] == tanh[1] == tanh[2]  # tanh(3) is already close to 1
    assert linear[0] < linear[1] < linear[2]  # log(10)/log(1/0.8) ~ 10 more steps per decade
    assert np.diff(linear) == pytest.approx([10.3, 10.3], abs=1)


def test_bistable_unit_keeps_the_sign_and_forgets_the_size():
    # w_hh = 1.5 > 1: tanh(1.5 h) has stable fixed points ±h*; every positive pulse ends at +h*
    ends = [pulse_response(1.5, 1.0, p, 60).h_pulse[-1] for p in (0.3, 1.0, 3.0)]
    assert ends == pytest.approx([ends[0]] * 3, abs=1e-12)
    assert np.tanh(1.5 * ends[0]) == pytest.approx(ends[0], abs=1e-12)
    assert pulse_response(1.5, 1.0, -1.0, 60).h_pulse[-1] == pytest.approx(-ends[0])
    assert memory_horizon(pulse_response(1.5, 1.0, 1.0, 60).delta) == np.inf


# ------------------------------------------------------------------ memory_horizon


@pytest.mark.parametrize(
    ("trace", "expected"),
    [
        ([1.0, 0.5, 0.02, 0.005, 0.001], 3),  # visible at k = 0, 1, 2
        ([0.005, 0.001], 0),  # never visible
        ([-1.0, 0.5, -0.02, 0.005], 3),  # absolute values count
        ([1.0, 0.001, 0.5, 0.001], 3),  # it must stay below: the late 0.5 counts
        ([1.0, 0.5, 0.02], np.inf),  # still visible at the end
        ([0.01, 0.0], 1),  # exactly θ is visible
    ],
    ids=["decay", "never", "signs", "comes back", "too short", "at threshold"],
)
def test_memory_horizon_by_hand(trace, expected):
    assert memory_horizon(np.array(trace), 0.01) == expected


def test_memory_horizon_works_row_by_row():
    traces = np.array([[1.0, 0.5, 0.001], [0.001, 0.001, 0.001], [1.0, 1.0, 1.0]])
    np.testing.assert_array_equal(memory_horizon(traces), [2.0, 0.0, np.inf])


@settings(max_examples=60, deadline=None)
@given(
    w=st.floats(0.05, 0.95),
    amp=st.floats(0.02, 50.0),
    b=st.floats(-1.0, 1.0),
)
def test_horizons_agree_with_the_linear_prediction(w, amp, b):
    T = 400
    k = linear_horizon(w, amp)
    linear = memory_horizon(pulse_response(w, 1.0, amp, T, activation="linear").delta)
    assert k <= linear <= k + 1 + 1e-9  # exactly floor(k) + 1, up to rounding at integers
    # tanh is 1-Lipschitz, so with the same first difference the tanh trace is never longer
    delta = pulse_response(w, 1.0, amp, T, b=b).delta
    bound = max(np.floor(linear_horizon(w, abs(delta[0])) + 1e-9) + 1, 0)  # 0 if never visible
    assert memory_horizon(delta) <= bound


@pytest.mark.parametrize(
    ("w_hh", "amp", "expected"),
    [
        (0.5, 1.0, np.log(0.01) / np.log(0.5)),
        (-0.5, 1.0, np.log(0.01) / np.log(0.5)),
        (0.5, 0.001, np.log(10.0) / np.log(0.5)),  # negative: never visible
        (0.0, 1.0, 0.0),
        (0.0, 0.001, -np.inf),
        (1.0, 1.0, np.inf),
        (1.0, 0.001, -np.inf),
        (1.5, 0.001, np.inf),  # a linear unit with |w| > 1 grows until it is visible
        (0.5, 0.0, -np.inf),
    ],
)
def test_linear_horizon_values_and_limits(w_hh, amp, expected):
    assert linear_horizon(w_hh, amp) == pytest.approx(expected)


def test_linear_horizon_broadcasts():
    k = linear_horizon(np.array([0.5, 0.9]), np.array([[1.0], [0.1]]))
    assert k.shape == (2, 2)
    assert k[1, 1] == pytest.approx(np.log(0.1) / np.log(0.9))


# ------------------------------------------------------------------ influence of x_1


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_influence_of_x1_matches_finite_differences(activation):
    rng = np.random.default_rng(7)
    x, h0, p = make_problem(rng, N=2, T=6, D=3, H=4)
    C = rng.normal(size=(2, 6, 4))  # loss = sum(C * h): its gradient wrt x_1 is sum_t J_t^T C_t
    x1 = x[:, 0]  # a view: numerical_gradient moves x_1 inside x

    def loss():
        h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
        return np.sum(C * h)

    J = influence_of_x1(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    assert J.shape == (2, 6, 4, 3)
    analytic = np.einsum("nthd,nth->nd", J, C)
    report = rh.gradient_check(loss, {"x_1": x1}, {"x_1": analytic})
    assert report.passed, str(report)


def test_influence_of_x1_agrees_with_backprop_at_each_step(rng):
    x, h0, p = make_problem(rng, N=3, T=5, D=2, H=4)
    J = influence_of_x1(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    for t in range(5):
        dh = np.zeros((3, 5, 4))
        dh[:, t, 1] = 1.0  # the gradient of unit 1 of h_{t+1}
        dx = rh.rnn_backward(dh, cache)[0]
        np.testing.assert_allclose(dx[:, 0], J[:, t, 1], rtol=1e-10, atol=1e-14)


def test_influence_first_step_by_hand():
    W_xh = np.array([[2.0], [-1.0]])
    x = np.array([[[0.5]]])
    J = influence_of_x1(x, np.zeros((1, 2)), W_xh, np.eye(2), np.zeros(2))
    h1 = np.tanh(W_xh[:, 0] * 0.5)
    np.testing.assert_allclose(J[0, 0, :, 0], (1 - h1**2) * W_xh[:, 0])


def test_influence_keeps_float32(rng):
    x, h0, p = make_problem(rng, N=2, T=3, D=2, H=3, dtype=np.float32)
    assert influence_of_x1(x, h0, p["W_xh"], p["W_hh"], p["b_h"]).dtype == np.float32


def test_perturbation_response_is_linear_for_small_changes(rng):
    x, h0, p = make_problem(rng, N=2, T=8, D=3, H=5)
    dx1 = 1e-6 * rng.normal(size=(2, 3))
    dh = perturbation_response(x, h0, p["W_xh"], p["W_hh"], p["b_h"], dx1)
    J = influence_of_x1(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    np.testing.assert_allclose(dh, np.einsum("nthd,nd->nth", J, dx1), rtol=1e-4, atol=1e-15)
    zero = perturbation_response(x, h0, p["W_xh"], p["W_hh"], p["b_h"], np.zeros((2, 3)))
    np.testing.assert_array_equal(zero, 0.0)


def test_jacobian_crosscheck_agrees_early(rng):
    x, h0, p = make_problem(rng, N=3, T=6, D=2, H=4)
    u = rng.normal(size=(3, 2))
    cc = jacobian_crosscheck(x, h0, p["W_xh"], p["W_hh"], p["b_h"], u, delta=1e-6)
    assert cc.predicted.shape == cc.measured.shape == (3, 6, 4)
    assert cc.rel_error.shape == (6,)
    assert np.all(cc.rel_error < 1e-4)
    J = influence_of_x1(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    np.testing.assert_allclose(cc.predicted, np.einsum("nthd,nd->nth", J, u), rtol=1e-12)
    dh = perturbation_response(x, h0, p["W_xh"], p["W_hh"], p["b_h"], 1e-6 * u)
    np.testing.assert_allclose(cc.measured, dh / 1e-6, rtol=1e-12)


def test_jacobian_crosscheck_error_grows_once_rounding_dominates():
    # default init forgets fast: after ~25 steps the change of h_t is near float64 rounding
    rng = np.random.default_rng(0)
    p = rh.init_rnn_params(4, 32, rng=rng)
    x = rng.normal(size=(8, 30, 4))
    u = rng.normal(size=(8, 4))
    cc = jacobian_crosscheck(x, np.zeros((8, 32)), p["W_xh"], p["W_hh"], p["b_h"], u)
    assert cc.rel_error[:10].max() < 1e-5
    assert cc.rel_error[-1] > 100 * cc.rel_error[:10].max()


def test_jacobian_crosscheck_validates(rng):
    x, h0, p = make_problem(rng, N=2, T=3, D=2, H=3)
    with pytest.raises(ValueError, match="u"):
        jacobian_crosscheck(x, h0, p["W_xh"], p["W_hh"], p["b_h"], np.ones((2, 3)))
    with pytest.raises(ValueError, match="delta"):
        jacobian_crosscheck(x, h0, p["W_xh"], p["W_hh"], p["b_h"], np.ones((2, 2)), delta=0.0)


def test_spectral_norms_by_hand():
    J = np.array([[[3.0, 0.0], [0.0, -4.0]], [[1.0, 1.0], [0.0, 0.0]]])
    np.testing.assert_allclose(spectral_norms(J), [4.0, np.sqrt(2.0)])


def test_default_init_forgets_x1_geometrically():
    # PyTorch-style init: spectral radius about 1/sqrt(3), so the influence shrinks fast
    rng = np.random.default_rng(0)
    p = rh.init_rnn_params(4, 32, rng=rng)
    x = rng.normal(size=(16, 25, 4))
    J = influence_of_x1(x, np.zeros((16, 32)), p["W_xh"], p["W_hh"], p["b_h"])
    rate = fit_decay_rate(np.median(spectral_norms(J), axis=0)[1:], np.arange(2, 26))
    radius = np.abs(np.linalg.eigvals(p["W_hh"])).max()
    assert 0.3 < rate < radius < 0.8


# ------------------------------------------------------------------ fits, bands, distances


@settings(max_examples=40, deadline=None)
@given(c=st.floats(1e-3, 1e3), r=st.floats(0.05, 1.5), T=st.integers(2, 30))
def test_fit_decay_rate_recovers_a_geometric_series(c, r, T):
    t = np.arange(3, 3 + T)
    assert fit_decay_rate(c * r**t, t) == pytest.approx(r, rel=1e-9)


def test_fit_decay_rate_default_steps():
    assert fit_decay_rate(np.array([1.0, 0.5, 0.25])) == pytest.approx(0.5)


def test_quantile_band_by_hand():
    values = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    np.testing.assert_allclose(quantile_band(values, 0.0, 1.0), [[1, 10], [2, 20], [3, 30]])


def test_state_distance_is_the_largest_unit_difference():
    h_a = np.zeros((1, 2, 3))
    h_b = np.array([[[0.1, -0.3, 0.2], [0.0, 0.0, 1e-9]]])
    np.testing.assert_allclose(state_distance(h_a, h_b), [[0.3, 1e-9]])


# ------------------------------------------------------------------ malformed input

x_ok, h0_ok, p_ok = make_problem(np.random.default_rng(0), N=2, T=3, D=2, H=3)
args_ok = (x_ok, h0_ok, p_ok["W_xh"], p_ok["W_hh"], p_ok["b_h"])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: pulse_response(0.5, 1.0, 1.0, T=0), ValueError, "T must be a positive integer"),
        (lambda: pulse_response(0.5, 1.0, 1.0, T=2.5), TypeError, "T must be a positive integer"),
        (
            lambda: pulse_response(0.5, 1.0, 1.0, T=3, activation="relu"),
            ValueError,
            "activation must be one of ('tanh', 'linear'), got 'relu'",
        ),
        (lambda: pulse_response([0.5], 1.0, 1.0, T=3), TypeError, "w_hh must be a numpy array"),
        (lambda: pulse_response(0.5, "1", 1.0, T=3), TypeError, "w_xh must hold real numbers"),
        (lambda: memory_horizon(np.array(1.0)), ValueError, "delta must have a time axis"),
        (lambda: memory_horizon(np.zeros(0)), ValueError, "delta must have at least one"),
        (lambda: memory_horizon([1.0, 0.1]), TypeError, "delta must be a numpy array"),
        (
            lambda: memory_horizon(np.ones(3), threshold=0),
            ValueError,
            "threshold must be a finite number > 0",
        ),
        (
            lambda: linear_horizon(0.5, 1.0, threshold=-1),
            ValueError,
            "threshold must be a finite number > 0",
        ),
        (
            lambda: linear_horizon(0.5, 1.0, threshold="0.01"),
            TypeError,
            "threshold must be a positive",
        ),
        (
            lambda: influence_of_x1(x_ok[0], *args_ok[1:]),
            ValueError,
            "x must be a 3-D array of shape (N, T, D)",
        ),
        (
            lambda: influence_of_x1(x_ok, h0_ok, p_ok["W_xh"].T, *args_ok[3:]),
            ValueError,
            "W_xh must have shape (H, D) = (3, 2)",
        ),
        (
            lambda: influence_of_x1(*args_ok, activation="sigmoid"),
            ValueError,
            "activation must be one of",
        ),
        (
            lambda: perturbation_response(*args_ok, np.zeros((2, 3))),
            ValueError,
            "dx1 must have shape (N, D) = (2, 2) to match x, got (2, 3)",
        ),
        (lambda: spectral_norms(np.ones(3)), ValueError, "J must be a stack of matrices"),
        (lambda: fit_decay_rate(np.array([1.0])), ValueError, "values must hold at least 2"),
        (lambda: fit_decay_rate(np.array([1.0, 0.0])), ValueError, "values must be positive"),
        (lambda: fit_decay_rate(np.ones((2, 2))), ValueError, "values must be a 1-D array"),
        (
            lambda: fit_decay_rate(np.ones(3), np.arange(4)),
            ValueError,
            "t must have shape (T,) = (3,) to match values, got (4,)",
        ),
        (lambda: quantile_band(np.ones(3)), ValueError, "values must be a 2-D array"),
        (lambda: quantile_band(np.ones((2, 2)), 0.9, 0.1), ValueError, "lo and hi must satisfy"),
        (
            lambda: state_distance(np.zeros((1, 2, 3)), np.zeros((1, 3, 3))),
            ValueError,
            "h_b must have shape (N, T, H) = (1, 2, 3) to match h_a, got (1, 3, 3)",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_malformed_input_is_named(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_decay_study_measures_one_network():
    from rnn_helpers.memory import decay_study

    s = decay_study(np.random.default_rng(0), N=16, T=20, T_long=60)
    again = decay_study(np.random.default_rng(0), N=16, T=20, T_long=60)
    assert s == again
    assert 0 < s.rate < 1 and s.rate < s.radius <= s.sigma_max
    rng = np.random.default_rng(0)
    from rnn_helpers import init_rnn_params

    W_hh = init_rnn_params(4, 32, rng=rng)["W_hh"]
    assert s.sigma_max == pytest.approx(np.linalg.norm(W_hh, 2))
    assert 5 < s.horizon < 60
