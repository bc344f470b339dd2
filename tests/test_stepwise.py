"""rnn_step_backward: finite differences, a hand-worked case, and looping it reproduces
rnn_backward (which must not use it)."""

import numpy as np
import pytest
from conftest import make_problem
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers import stepwise
from rnn_helpers.stepwise import gradient_by_step, rnn_step_backward

TOL = 1e-7
NAMES = ("x_t", "h_prev", "W_xh", "W_hh", "b_h")


def step_arrays(rng, N, D, H):
    return {
        "x_t": rng.normal(size=(N, D)),
        "h_prev": np.tanh(rng.normal(size=(N, H))),
        "W_xh": rng.normal(size=(H, D)),
        "W_hh": rng.normal(size=(H, H)),
        "b_h": 0.3 * rng.normal(size=H),
    }


def loop_backward(dh, cache):
    """rnn_backward written as a loop over rnn_step_backward (what Exercise 4.2 asks for)."""
    x, h0, h, W_xh, W_hh, activation = cache
    T = h.shape[1]
    dx = np.zeros_like(x)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros(W_hh.shape[0])
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = h[:, t - 1] if t > 0 else h0
        dx[:, t], dh_next, a, b, c = rnn_step_backward(
            dh[:, t] + dh_next, x[:, t], h_prev, h[:, t], W_xh, W_hh, activation
        )
        dW_xh, dW_hh, db_h = dW_xh + a, dW_hh + b, db_h + c
    return dx, dh_next, dW_xh, dW_hh, db_h


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize(
    ("N", "D", "H"), [(1, 1, 1), (3, 2, 4), (2, 5, 3)], ids=["N1-D1-H1", "N3-D2-H4", "N2-D5-H3"]
)
def test_step_backward_matches_finite_differences(N, D, H, activation):
    rng = np.random.default_rng(N * 100 + D * 10 + H)
    a = step_arrays(rng, N, D, H)
    dh_t = rng.normal(size=(N, H))

    def loss():
        return np.sum(dh_t * rh.rnn_step(*a.values(), activation=activation))

    h_t = rh.rnn_step(*a.values(), activation=activation)
    grads = rnn_step_backward(dh_t, a["x_t"], a["h_prev"], h_t, a["W_xh"], a["W_hh"], activation)
    report = rh.gradient_check(loss, a, dict(zip(NAMES, grads, strict=True)))
    assert report.passed, f"\n{report}"


def test_step_backward_by_hand():
    # x = 1, h_prev = 0.5, W_xh = W_hh = 0.5, b = -0.25: a = 0.5, h = tanh(0.5), da = 1 - h^2
    h_t = np.tanh(np.array([0.5]))
    da = 1 - np.tanh(0.5) ** 2
    out = rnn_step_backward(
        np.array([1.0]), np.array([1.0]), np.array([0.5]), h_t, np.array([[0.5]]), np.array([[0.5]])
    )
    expected = [[0.5 * da], [0.5 * da], [[da]], [[0.5 * da]], [da]]
    for got, want in zip(out, expected, strict=True):
        np.testing.assert_allclose(got, want)
    assert [g.shape for g in out] == [(1,), (1,), (1, 1), (1, 1), (1,)]


def test_unbatched_equals_batch_of_one(rng):
    a = step_arrays(rng, 1, 3, 4)
    h_t = rh.rnn_step(*a.values())
    dh_t = rng.normal(size=(1, 4))
    batched = rnn_step_backward(dh_t, a["x_t"], a["h_prev"], h_t, a["W_xh"], a["W_hh"])
    single = rnn_step_backward(dh_t[0], a["x_t"][0], a["h_prev"][0], h_t[0], a["W_xh"], a["W_hh"])
    np.testing.assert_allclose(single[0], batched[0][0])  # dx_t (D,)
    np.testing.assert_allclose(single[1], batched[1][0])  # dh_prev (H,)
    for b, s in zip(batched[2:], single[2:], strict=True):  # weight gradients: same shapes
        np.testing.assert_allclose(s, b)


@settings(max_examples=25, deadline=None)
@given(
    N=st.integers(1, 3),
    T=st.integers(1, 8),
    D=st.integers(1, 3),
    H=st.integers(1, 4),
    activation=st.sampled_from(["tanh", "relu"]),
    seed=st.integers(0, 2**16),
)
def test_looping_step_backward_reproduces_rnn_backward(N, T, D, H, activation, seed):
    rng = np.random.default_rng(seed)
    x, h0, p = make_problem(rng, N, T, D, H)
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    dh = rng.normal(size=(N, T, H))
    for loop, fast in zip(loop_backward(dh, cache), rh.rnn_backward(dh, cache), strict=True):
        np.testing.assert_allclose(loop, fast, rtol=1e-12, atol=1e-12)


def test_rnn_backward_does_not_use_the_step_function(monkeypatch, rng):
    def forbidden(*args, **kwargs):
        raise AssertionError("the fast path called rnn_step_backward")

    # Replace the function's code, so that every name bound to it (rh.rnn_step_backward too) raises.
    step = stepwise.rnn_step_backward
    monkeypatch.setattr(step, "__code__", forbidden.__code__)
    monkeypatch.setattr(step, "__defaults__", None)
    monkeypatch.setattr(step, "__kwdefaults__", None)
    x, h0, p = make_problem(rng, 2, 5, 3, 4, 2)
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    with pytest.raises(AssertionError, match="fast path"):  # the replacement is in effect
        stepwise.gradient_by_step(np.ones((2, 5, 4)), cache)
    rh.rnn_backward(np.ones((2, 5, 4)), cache)
    from rnn_helpers.training import loss_and_grads

    loss_and_grads(p, x, rng.normal(size=(2, 5, 2)), h0=h0)


def test_gradient_by_step_sums_to_rnn_backward(rng):
    x, h0, p = make_problem(rng, 3, 6, 2, 4)
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    dh = rng.normal(size=(3, 6, 4))
    shares = gradient_by_step(dh, cache)
    _, _, dW_xh, dW_hh, db_h = rh.rnn_backward(dh, cache)
    assert shares["dW_hh"].shape == (6, 4, 4) and shares["dW_xh"].shape == (6, 4, 2)
    np.testing.assert_allclose(shares["dW_xh"].sum(axis=0), dW_xh, atol=1e-12)
    np.testing.assert_allclose(shares["dW_hh"].sum(axis=0), dW_hh, atol=1e-12)
    np.testing.assert_allclose(shares["db_h"].sum(axis=0), db_h, atol=1e-12)


def test_gradient_by_step_of_a_zero_initial_state_is_zero_at_step_one(rng):
    x, _, p = make_problem(rng, 2, 4, 2, 3)
    _, cache = rh.rnn_forward(x, np.zeros((2, 3)), p["W_xh"], p["W_hh"], p["b_h"])
    shares = gradient_by_step(rng.normal(size=(2, 4, 3)), cache)
    assert np.all(shares["dW_hh"][0] == 0) and np.all(shares["dW_hh"][1:] != 0)


def test_float32_is_kept(rng):
    a = {k: v.astype(np.float32) for k, v in step_arrays(rng, 2, 3, 4).items()}
    h_t = rh.rnn_step(*a.values())
    out = rnn_step_backward(
        np.ones((2, 4), np.float32), a["x_t"], a["h_prev"], h_t, a["W_xh"], a["W_hh"]
    )
    assert all(g.dtype == np.float32 for g in out)


# ---------------------------------------------------------------- malformed input
def good(rng):
    a = step_arrays(rng, 2, 3, 4)
    h_t = rh.rnn_step(*a.values())
    return {
        "dh_t": np.ones((2, 4)),
        "x_t": a["x_t"],
        "h_prev": a["h_prev"],
        "h_t": h_t,
        "W_xh": a["W_xh"],
        "W_hh": a["W_hh"],
    }


@pytest.mark.parametrize(
    ("name", "value", "error", "fragment"),
    [
        ("dh_t", np.ones((2, 5)), ValueError, r"dh_t must have shape \(N, H\) = \(2, 4\)"),
        ("h_prev", np.ones((3, 4)), ValueError, r"h_prev must have shape \(N, H\) = \(2, 4\)"),
        ("x_t", np.ones((2, 3, 1)), ValueError, "x_t must be a 1-D or 2-D array"),
        ("x_t", np.ones((3, 3)), ValueError, r"x_t must have shape \(N, D\) = \(2, 3\)"),
        ("h_t", np.ones(4), ValueError, "h_t must be a 2-D array"),
        ("W_xh", np.ones((3, 4)), ValueError, r"W_xh must have shape \(H, D\) = \(4, 3\)"),
        ("W_hh", np.ones((4, 3)), ValueError, r"W_hh must have shape \(H, H\) = \(4, 4\)"),
        ("W_hh", [[1.0]], TypeError, "W_hh must be a numpy array, got list"),
    ],
    ids=[
        "dh_t shape",
        "h_prev shape",
        "x_t ndim",
        "x_t batch",
        "h_t ndim",
        "W_xh",
        "W_hh",
        "W_hh list",
    ],
)
def test_malformed_input_is_named(rng, name, value, error, fragment):
    args = good(rng) | {name: value}
    with pytest.raises(error, match=fragment):
        rnn_step_backward(**args)


def test_unknown_activation_is_named(rng):
    with pytest.raises(ValueError, match="activation must be one of"):
        rnn_step_backward(**good(rng), activation="sigmoid")
