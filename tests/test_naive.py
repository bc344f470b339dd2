"""The vectorised rnn_forward/rnn_backward agree with the naive min-char-rnn loops (float64)."""

import numpy as np
import pytest
from conftest import make_problem
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_helpers as rh
from rnn_helpers.naive import rnn_backward_naive, rnn_forward_naive

RTOL = 1e-10
SHAPES = [  # (N, T, D, H)
    (1, 1, 1, 1),
    (2, 3, 4, 5),
    (3, 20, 2, 4),
    (4, 7, 5, 3),
]
SHAPE_IDS = [f"N{n}-T{t}-D{d}-H{h}" for n, t, d, h in SHAPES]
GRAD_NAMES = ["dx", "dh0", "dW_xh", "dW_hh", "db_h"]


def assert_naive_matches_vectorised(N, T, D, H, activation, seed, dtype=np.float64, rtol=RTOL):
    rng = np.random.default_rng(seed)
    x, h0, p = make_problem(rng, N, T, D, H, dtype=dtype)
    dh = rng.normal(size=(N, T, H)).astype(dtype)
    args = (x, h0, p["W_xh"], p["W_hh"], p["b_h"], activation)
    h_fast, cache_fast = rh.rnn_forward(*args)
    h_slow, cache_slow = rnn_forward_naive(*args)
    assert h_slow.dtype == h_fast.dtype == dtype
    np.testing.assert_allclose(h_slow, h_fast, rtol=rtol, atol=0, err_msg="h")
    fast = rh.rnn_backward(dh, cache_fast)
    slow = rnn_backward_naive(dh, cache_slow)
    for name, g_slow, g_fast in zip(GRAD_NAMES, slow, fast, strict=True):
        assert g_slow.shape == g_fast.shape, name
        assert g_slow.dtype == g_fast.dtype == dtype, name
        # atol covers relu zeros and sums that cancel; scaled to the gradient's size
        atol = rtol * max(1.0, float(np.max(np.abs(g_fast))))
        np.testing.assert_allclose(g_slow, g_fast, rtol=rtol, atol=atol, err_msg=name)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES, ids=SHAPE_IDS)
def test_naive_matches_vectorised(N, T, D, H, activation):
    assert_naive_matches_vectorised(N, T, D, H, activation, seed=N * 1000 + T * 10 + H)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_naive_keeps_float32(activation):
    assert_naive_matches_vectorised(2, 5, 3, 4, activation, seed=7, dtype=np.float32, rtol=1e-4)


def test_naive_backward_accepts_the_vectorised_cache(rng):
    """Either backward works on either forward's cache: they hold the same RNNCache."""
    x, h0, p = make_problem(rng, 2, 4, 3, 5)
    dh = rng.normal(size=(2, 4, 5))
    _, cache = rh.rnn_forward(x, h0, p["W_xh"], p["W_hh"], p["b_h"])
    slow, fast = rnn_backward_naive(dh, cache), rh.rnn_backward(dh, cache)
    for g_slow, g_fast in zip(slow, fast, strict=True):
        np.testing.assert_allclose(g_slow, g_fast, rtol=RTOL, atol=RTOL)


@settings(max_examples=20, deadline=None)
@given(
    N=st.integers(1, 4),
    T=st.integers(1, 12),
    D=st.integers(1, 5),
    H=st.integers(1, 6),
    activation=st.sampled_from(["tanh", "relu"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_naive_matches_vectorised_property(N, T, D, H, activation, seed):
    assert_naive_matches_vectorised(N, T, D, H, activation, seed)
