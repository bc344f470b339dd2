"""Synthetic tasks: shapes, the defining relation between inputs and targets, seeding, and the
baselines (checked against their formulas)."""

import numpy as np
import pytest

from rnn_helpers.tasks import (
    adding_problem,
    constant_mse,
    copy_baseline,
    copy_task,
    delayed_echo,
    last_value_mse,
    noisy_sine,
)


def test_noisy_sine_targets_are_the_next_inputs(rng):
    x, y = noisy_sine(4, 30, rng=rng)
    assert x.shape == y.shape == (4, 30, 1)
    np.testing.assert_array_equal(y[:, :-1], x[:, 1:])


def test_noisy_sine_many_to_one_is_the_value_after_the_window():
    x1, y1 = noisy_sine(3, 10, rng=np.random.default_rng(5), mode="many-to-one")
    x2, y2 = noisy_sine(3, 10, rng=np.random.default_rng(5))
    assert y1.shape == (3, 1)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2[:, -1])


def test_noisy_sine_without_noise_is_a_sine_of_the_given_period(rng):
    x, _ = noisy_sine(50, 200, rng=rng, noise=0.0, period=(10.0, 10.0))
    assert np.abs(x).max() <= 1
    np.testing.assert_allclose(x[:, 10:], x[:, :-10], atol=1e-12)  # periodic with period 10


def test_noisy_sine_noise_has_the_requested_size(rng):
    x, _ = noisy_sine(2000, 50, rng=rng, noise=0.1, period=(1e9, 1e9))  # an almost flat signal
    np.testing.assert_allclose(np.diff(x[..., 0], axis=1).std(), 0.1 * np.sqrt(2), rtol=0.02)


def test_same_seed_same_data():
    a = noisy_sine(3, 5, rng=np.random.default_rng(1))
    b = noisy_sine(3, 5, rng=np.random.default_rng(1))
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))


def test_delayed_echo_definition(rng):
    x, y = delayed_echo(5, 12, 3, rng=rng)
    assert x.shape == y.shape == (5, 12, 1)
    np.testing.assert_array_equal(y[:, 3:], x[:, :-3])
    assert np.all(y[:, :3] == 0)


def test_delayed_echo_zero_prediction_baseline(rng):
    _, y = delayed_echo(4000, 20, 4, rng=rng)
    assert constant_mse(y, 0.0) == pytest.approx(16 / 20, rel=0.02)


def test_adding_problem_definition_and_baseline(rng):
    x, y = adding_problem(20000, 10, rng=rng)
    assert x.shape == (20000, 10, 2) and y.shape == (20000, 1)
    assert np.all(x[:, :5, 1].sum(axis=1) == 1) and np.all(x[:, 5:, 1].sum(axis=1) == 1)
    np.testing.assert_allclose(y[:, 0], (x[..., 0] * x[..., 1]).sum(axis=1))
    assert constant_mse(y, 1.0) == pytest.approx(1 / 6, abs=0.005)  # Var(a + b), a, b ~ U(0, 1)


def test_copy_task_definition(rng):
    x, y = copy_task(3, 15, rng=rng)
    assert x.shape == (3, 35, 10) and y.shape == (3, 35)
    tokens = x.argmax(axis=-1)
    assert np.all(x.sum(axis=-1) == 1)
    assert np.all(tokens[:, 10 + 15 - 1] == 9)  # the delimiter
    np.testing.assert_array_equal(y[:, -10:], tokens[:, :10])  # the symbols come back
    assert np.all(y[:, :-10] == 8) and np.all(tokens[:, :10] < 8)


def test_copy_baseline_formula():
    assert copy_baseline(100) == pytest.approx(0.1733, abs=1e-4)
    assert copy_baseline(500) == pytest.approx(0.0400, abs=1e-4)


def test_last_value_mse_by_hand():
    x = np.array([[[0.0], [1.0]], [[2.0], [2.0]]])  # (N, T, 1) = (2, 2, 1)
    y = np.array([[[1.0], [3.0]], [[2.0], [4.0]]])
    assert last_value_mse(x, y) == pytest.approx((1 + 4 + 0 + 4) / 4)
    assert last_value_mse(x, y[:, -1]) == pytest.approx((4 + 4) / 2)


def test_constant_mse_by_hand():
    y = np.array([1.0, 3.0])
    assert constant_mse(y) == 1.0 and constant_mse(y, 0.0) == 5.0


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda r: noisy_sine(0, 5, rng=r), ValueError, "N must be a positive integer"),
        (lambda r: noisy_sine(2, 5, rng=1), TypeError, "rng must be a numpy.random.Generator"),
        (lambda r: noisy_sine(2, 5, rng=r, noise=-1), ValueError, "noise must be >= 0"),
        (lambda r: noisy_sine(2, 5, rng=r, period=(5, 2)), ValueError, "period must be a range"),
        (lambda r: noisy_sine(2, 5, rng=r, mode="one"), ValueError, "mode must be one of"),
        (lambda r: delayed_echo(2, 5, 5, rng=r), ValueError, "delay must be smaller than T = 5"),
        (lambda r: delayed_echo(2, 5, -1, rng=r), ValueError, "delay must be an integer >= 0"),
        (lambda r: delayed_echo(2, 5, 1.0, rng=r), TypeError, "delay must be an integer >= 0"),
        (lambda r: noisy_sine(2.0, 5, rng=r), TypeError, "N must be a positive integer"),
        (lambda r: adding_problem(2, 1, rng=r), ValueError, "T must be an integer >= 2"),
        (
            lambda r: last_value_mse(np.ones((2, 3, 2)), np.ones((2, 1))),
            ValueError,
            r"x must have shape \(N, T, 1\)",
        ),
        (
            lambda r: last_value_mse(np.ones((2, 3, 1)), np.ones((2, 4, 1))),
            ValueError,
            r"y must have shape \(N, T, 1\) = \(2, 3, 1\)",
        ),
    ],
    ids=[
        "N",
        "rng",
        "noise",
        "period",
        "mode",
        "delay too long",
        "delay negative",
        "delay float",
        "N float",
        "adding T",
        "x channels",
        "y shape",
    ],
)
def test_malformed_input_is_named(rng, call, error, fragment):
    with pytest.raises(error, match=fragment):
        call(rng)
