"""Losses: hand-computed values, the ln V baseline, and numerical stability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import rnn_helpers as rh


def test_uniform_logits_cost_exactly_ln_v():
    V = 7
    loss, dlogits = rh.softmax_cross_entropy(np.zeros((4, V)), np.array([0, 3, 6, 2]))
    assert loss == pytest.approx(np.log(V))
    expected = np.full((4, V), 1 / V)
    expected[np.arange(4), [0, 3, 6, 2]] -= 1
    np.testing.assert_allclose(dlogits, expected / 4)


def test_cross_entropy_two_classes_by_hand():
    # p(correct) = e^2 / (e^2 + e^0) = 1 / (1 + e^-2)  ->  loss = log(1 + e^-2)
    loss, _ = rh.softmax_cross_entropy(np.array([[2.0, 0.0]]), np.array([0]))
    assert loss == pytest.approx(np.log1p(np.exp(-2.0)))


def test_sequence_loss_is_the_mean_over_all_positions(rng):
    logits = rng.normal(size=(2, 3, 5))
    targets = rng.integers(0, 5, size=(2, 3))
    loss, _ = rh.softmax_cross_entropy(logits, targets)
    per_step = [rh.softmax_cross_entropy(logits[:, t], targets[:, t])[0] for t in range(3)]
    assert loss == pytest.approx(np.mean(per_step))


def test_softmax_survives_huge_logits():
    z = np.array([[1000.0, 1000.0, -1000.0]])
    np.testing.assert_allclose(rh.softmax(z), [[0.5, 0.5, 0.0]])
    loss, d = rh.softmax_cross_entropy(z, np.array([2]))
    assert loss == pytest.approx(2000 + np.log(2)) and np.all(np.isfinite(d))
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / np.exp(z).sum()
    assert np.isnan(naive).any()  # the problem the max-shift solves is real


@settings(max_examples=50, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 4), st.integers(2, 6)), elements=st.floats(-500, 500)
    )
)
def test_softmax_rows_are_distributions(z):
    p = rh.softmax(z)
    assert np.all(p >= 0) and np.allclose(p.sum(axis=-1), 1)
    np.testing.assert_allclose(np.exp(rh.log_softmax(z)), p, atol=1e-12)
    np.testing.assert_allclose(rh.softmax(z + 123.0), p, atol=1e-12)  # shift invariance


def test_mse_by_hand():
    loss, dpred = rh.mse_loss(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    assert loss == pytest.approx(2.5)
    np.testing.assert_allclose(dpred, [1.0, 2.0])


def test_losses_keep_float32():
    z = np.zeros((2, 3), dtype=np.float32)
    assert rh.softmax_cross_entropy(z, np.array([0, 1]))[1].dtype == np.float32
    assert rh.mse_loss(z, np.ones((2, 3)))[1].dtype == np.float32
    assert isinstance(rh.mse_loss(z, z)[0], float)
