"""Forward pass: hand-computed cases, invariants and properties of rnn_step / rnn_forward."""

import numpy as np
import pytest
from conftest import make_problem
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh


def test_rnn_step_one_unit_by_hand():
    # h = tanh(w_xh x + w_hh h_prev + b) = tanh(0.5*1 + 1*0.5 + 0) = tanh(1)
    h = rh.rnn_step(
        np.array([1.0]), np.array([0.5]), np.array([[0.5]]), np.array([[1.0]]), np.array([0.0])
    )
    assert h == pytest.approx([0.7615941559557649])


def test_rnn_step_two_units_by_hand():
    x_t = np.array([1.0, 2.0])
    h_prev = np.array([0.5, -1.0])
    W_xh = np.array([[1.0, 0.0], [0.5, -0.5]])  # W_xh x = [1, -0.5]
    W_hh = np.array([[0.0, 1.0], [2.0, 0.0]])  # W_hh h_prev = [-1, 1]
    b_h = np.array([0.25, 0.0])  # sum = [0.25, 0.5]
    assert rh.rnn_step(x_t, h_prev, W_xh, W_hh, b_h) == pytest.approx(np.tanh([0.25, 0.5]))
    # relu of [0.25, 0.5] is itself; flip the bias to see the clamp at 0
    assert rh.rnn_step(x_t, h_prev, W_xh, W_hh, b_h - 1, "relu") == pytest.approx([0.0, 0.0])
    assert rh.rnn_step(x_t, h_prev, W_xh, W_hh, b_h, "relu") == pytest.approx([0.25, 0.5])


def test_rnn_step_batched_rows_equal_unbatched(rng):
    x, h0, p = make_problem(rng, N=4, T=1, D=3, H=5)
    batched = rh.rnn_step(x[:, 0], h0, p["W_xh"], p["W_hh"], p["b_h"])
    for n in range(4):
        row = rh.rnn_step(x[n, 0], h0[n], p["W_xh"], p["W_hh"], p["b_h"])
        np.testing.assert_allclose(batched[n], row, rtol=1e-12)


def test_rnn_forward_two_steps_by_hand():
    # one unit, w_xh = 1, w_hh = 0.5, b = 0, h0 = 0, inputs 1 then 0
    x = np.array([[[1.0], [0.0]]])
    h, _ = rh.rnn_forward(x, np.zeros((1, 1)), np.array([[1.0]]), np.array([[0.5]]), np.zeros(1))
    h1 = np.tanh(1.0)
    assert h[0, :, 0] == pytest.approx([h1, np.tanh(0.5 * h1)])


def test_zero_recurrent_weights_forget_the_past(rng):
    x, h0, p = make_problem(rng, N=2, T=6, D=3, H=4)
    h, _ = rh.rnn_forward(x, h0, p["W_xh"], np.zeros((4, 4)), p["b_h"])
    expected = np.tanh(x @ p["W_xh"].T + p["b_h"])
    np.testing.assert_allclose(h, expected, rtol=1e-12)


def test_relu_identity_recurrence_keeps_a_positive_state():
    h0 = np.array([[0.3, 1.7]])
    x = np.zeros((1, 10, 2))
    h, _ = rh.rnn_forward(x, h0, np.zeros((2, 2)), np.eye(2), np.zeros(2), "relu")
    np.testing.assert_allclose(h[0], np.tile(h0, (10, 1)))


def test_cache_holds_what_backward_needs(rng):
    x, h0, p = make_problem(rng, N=2, T=3, D=2, H=3)
    h, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], "relu")
    assert cache.h is h and cache.activation == "relu"
    np.testing.assert_array_equal(cache.x, x)


def test_output_forward_by_hand():
    h = np.array([[1.0, 2.0]])
    W_hy = np.array([[1.0, 1.0], [0.0, -1.0], [2.0, 0.5]])
    b_y = np.array([0.0, 1.0, -1.0])
    np.testing.assert_allclose(rh.output_forward(h, W_hy, b_y), [[3.0, -1.0, 2.0]])


def test_output_forward_many_to_many_matches_per_step(rng):
    x, h0, p = make_problem(rng, N=2, T=4, D=3, H=5, O=6)
    h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    y = rh.output_forward(h, p["W_hy"], p["b_y"])
    assert y.shape == (2, 4, 6)
    for t in range(4):
        np.testing.assert_allclose(y[:, t], rh.output_forward(h[:, t], p["W_hy"], p["b_y"]))


def test_init_rnn_params_shapes_range_and_seed():
    p = rh.init_rnn_params(3, 4, 5, rng=np.random.default_rng(0))
    assert {k: v.shape for k, v in p.items()} == {
        "W_xh": (4, 3),
        "W_hh": (4, 4),
        "b_h": (4,),
        "W_hy": (5, 4),
        "b_y": (5,),
    }
    assert all(np.abs(v).max() <= 0.5 for v in p.values())  # 1/sqrt(H) = 0.5
    q = rh.init_rnn_params(3, 4, 5, rng=np.random.default_rng(0))
    assert all(np.array_equal(p[k], q[k]) for k in p)
    assert set(rh.init_rnn_params(3, 4, rng=np.random.default_rng(0))) == {"W_xh", "W_hh", "b_h"}


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_float32_in_float32_out(rng, activation):
    x, h0, p = make_problem(rng, N=2, T=5, D=3, H=4, O=2, dtype=np.float32)
    h, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    assert h.dtype == np.float32
    assert rh.rnn_step(x[:, 0], h0, p["W_xh"], p["W_hh"], p["b_h"], activation).dtype == np.float32
    assert rh.output_forward(h, p["W_hy"], p["b_y"]).dtype == np.float32
    assert all(g.dtype == np.float32 for g in rh.rnn_backward(np.ones_like(h), cache))
    h64, _ = rh.rnn_forward(
        *(a.astype(np.float64) for a in (x, h0, p["W_xh"], p["W_hh"], p["b_h"])), activation
    )
    np.testing.assert_allclose(h, h64, atol=1e-5)


def test_integer_inputs_are_computed_in_float64():
    h = rh.rnn_step(np.array([1]), np.array([0]), np.array([[1]]), np.array([[1]]), np.array([0]))
    assert h.dtype == np.float64 and h == pytest.approx([np.tanh(1.0)])


sizes = st.integers(min_value=1, max_value=5)


@settings(max_examples=40, deadline=None)
@given(
    N=sizes,
    T=st.integers(1, 8),
    D=sizes,
    H=sizes,
    activation=st.sampled_from(["tanh", "relu"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_forward_is_the_loop_of_rnn_step(N, T, D, H, activation, seed):
    x, h0, p = make_problem(np.random.default_rng(seed), N, T, D, H)
    h, _ = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    assert h.shape == (N, T, H)
    h_t = h0
    for t in range(T):
        h_t = rh.rnn_step(x[:, t], h_t, p["W_xh"], p["W_hh"], p["b_h"], activation)
        np.testing.assert_allclose(h[:, t], h_t, rtol=1e-10, atol=1e-12)
    if activation == "tanh":
        assert np.all(np.abs(h) < 1)
    else:
        assert np.all(h >= 0)
