"""Every backward pass against central finite differences, in float64, relative error < 1e-7."""

import numpy as np
import pytest
from conftest import make_problem
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rnn_helpers as rh

TOL = 1e-7
SHAPES = [  # (N, T, D, H)
    (1, 1, 1, 1),
    (2, 3, 4, 5),
    (1, 20, 3, 2),
    (3, 24, 2, 4),
    (4, 2, 1, 3),
]
SHAPE_IDS = [f"N{n}-T{t}-D{d}-H{h}" for n, t, d, h in SHAPES]


def rnn_arrays(x, h0, p):
    return {"x": x, "h0": h0, "W_xh": p["W_xh"], "W_hh": p["W_hh"], "b_h": p["b_h"]}


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES, ids=SHAPE_IDS)
def test_rnn_backward_matches_finite_differences(N, T, D, H, activation):
    rng = np.random.default_rng(N * 1000 + T * 10 + H)
    x, h0, p = make_problem(rng, N, T, D, H)
    arrays = rnn_arrays(x, h0, p)
    dh = rng.normal(size=(N, T, H))  # a random upstream gradient: loss = sum(h * dh)

    def loss():
        h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
        return np.sum(h * dh)

    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    grads = dict(zip(arrays, rh.rnn_backward(dh, cache)))
    report = rh.gradient_check(loss, arrays, grads)
    assert report.passed, f"\n{report}"
    assert max(r.rel_error for r in report.rows) < TOL


def test_many_to_one_gradient_flows_from_the_last_step_only(rng):
    """The seeds' recipe: output from the final state only. dh is zero except at t = T."""
    N, T, D, H, O = 3, 12, 2, 4, 3
    x, h0, p = make_problem(rng, N, T, D, H, O)
    targets = rng.integers(0, O, size=N)

    def loss():
        h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
        return rh.softmax_cross_entropy(rh.output_forward(h[:, -1], p["W_hy"], p["b_y"]), targets)[
            0
        ]

    h, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    _, dy = rh.softmax_cross_entropy(rh.output_forward(h[:, -1], p["W_hy"], p["b_y"]), targets)
    dh_last, dW_hy, db_y = rh.output_backward(dy, h[:, -1], p["W_hy"])
    dh = np.zeros_like(h)
    dh[:, -1] = dh_last
    dx, dh0, dW_xh, dW_hh, db_h = rh.rnn_backward(dh, cache)
    grads = {
        "x": dx,
        "h0": dh0,
        "W_xh": dW_xh,
        "W_hh": dW_hh,
        "b_h": db_h,
        "W_hy": dW_hy,
        "b_y": db_y,
    }
    report = rh.gradient_check(
        loss, {**rnn_arrays(x, h0, p), "W_hy": p["W_hy"], "b_y": p["b_y"]}, grads
    )
    assert report.passed, f"\n{report}"
    assert np.abs(dx[:, 0]).max() > 0  # the first input does receive gradient through time


@pytest.mark.parametrize("h_shape", [(4,), (3, 4), (2, 5, 4)], ids=["(H,)", "(N,H)", "(N,T,H)"])
def test_output_backward_matches_finite_differences(rng, h_shape):
    O = 3
    h = rng.normal(size=h_shape)
    W_hy, b_y = rng.normal(size=(O, 4)), rng.normal(size=O)
    dy = rng.normal(size=(*h_shape[:-1], O))

    def loss():
        return np.sum(rh.output_forward(h, W_hy, b_y) * dy)

    dh, dW_hy, db_y = rh.output_backward(dy, h, W_hy)
    report = rh.gradient_check(
        loss, {"h": h, "W_hy": W_hy, "b_y": b_y}, {"h": dh, "W_hy": dW_hy, "b_y": db_y}
    )
    assert report.passed, f"\n{report}"


@pytest.mark.parametrize("shape", [(5, 4), (2, 6, 3)], ids=["(N,V)", "(N,T,V)"])
def test_softmax_cross_entropy_gradient(rng, shape):
    logits = 3 * rng.normal(size=shape)
    targets = rng.integers(0, shape[-1], size=shape[:-1])
    _, dlogits = rh.softmax_cross_entropy(logits, targets)
    g = rh.numerical_gradient(lambda: rh.softmax_cross_entropy(logits, targets)[0], logits)
    assert rh.relative_error(dlogits, g) < TOL


def test_mse_gradient(rng):
    pred, target = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4, 2))
    _, dpred = rh.mse_loss(pred, target)
    g = rh.numerical_gradient(lambda: rh.mse_loss(pred, target)[0], pred)
    assert rh.relative_error(dpred, g) < TOL


@settings(max_examples=15, deadline=None)
@given(
    N=st.integers(1, 3),
    T=st.integers(1, 6),
    D=st.integers(1, 3),
    H=st.integers(1, 4),
    activation=st.sampled_from(["tanh", "relu"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_rnn_backward_property(N, T, D, H, activation, seed):
    rng = np.random.default_rng(seed)
    x, h0, p = make_problem(rng, N, T, D, H)
    dh = rng.normal(size=(N, T, H))
    h, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    a = x @ p["W_xh"].T + h_prev @ p["W_hh"].T + p["b_h"]
    # relu has a kink at 0: a pre-activation within reach of the step makes differences meaningless
    assume(activation == "tanh" or np.min(np.abs(a)) > 1e-3)
    grads = rh.rnn_backward(dh, cache)
    assert [g.shape for g in grads] == [x.shape, h0.shape, (H, D), (H, H), (H,)]
    f = lambda: np.sum(rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)[0] * dh)  # noqa: E731
    report = rh.gradient_check(f, rnn_arrays(x, h0, p), dict(zip(rnn_arrays(x, h0, p), grads)))
    assert report.passed, f"\n{report}"


def test_gradient_check_catches_a_wrong_gradient(rng):
    """The checker itself must fail a wrong answer (here: a transposed dW_hh)."""
    x, h0, p = make_problem(rng, 2, 5, 3, 4)
    dh = rng.normal(size=(2, 5, 4))
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    dx, dh0, dW_xh, dW_hh, db_h = rh.rnn_backward(dh, cache)
    report = rh.gradient_check(
        lambda: np.sum(rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])[0] * dh),
        {"W_hh": p["W_hh"], "b_h": p["b_h"]},
        {"W_hh": dW_hh.T, "b_h": db_h},
    )
    assert not report.passed
    assert not report["W_hh"].ok and report["b_h"].ok
    assert "WRONG" in str(report) and "MISMATCH" in report.summary()


def test_numerical_gradient_restores_x_and_is_exact_for_quadratics():
    x = np.array([1.0, -2.0, 3.0])
    g = rh.numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(g, 2 * np.array([1.0, -2.0, 3.0]), rtol=1e-9)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])


def test_relative_error_values():
    assert rh.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rh.relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(1.0)
    assert rh.relative_error(np.array([3.0, 4.0]), np.array([3.0, 4.0]) * (1 + 1e-9)) < 1e-9
