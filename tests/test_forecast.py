"""Forecasting: splits, scaling, windows, baselines, recursion, errors and the RNN forecasters."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_helpers import forecast as fc


def ar_series(phi, c, T, rng, noise=0.1):
    """Simulate y_t = c + sum_k phi_k y_{t-k} + noise (phi[0] multiplies y_{t-1})."""
    p = len(phi)
    y = np.zeros(T + 100)
    for t in range(p, len(y)):
        y[t] = c + np.dot(phi, y[t - p : t][::-1]) + noise * rng.normal()
    return y[100:]


# ------------------------------------------------------------------ splits and scaling
def test_split_by_time_keeps_the_order_and_copies():
    y = np.arange(20.0)
    train, val, test = fc.split_by_time(y, 5, 4)
    np.testing.assert_array_equal(np.concatenate([train, val, test]), y)
    assert (len(train), len(val), len(test)) == (11, 5, 4)
    assert train.max() < val.min() and val.max() < test.min()  # time order, no shuffling
    train[0] = -1
    assert y[0] == 0


def test_scaler_is_fitted_on_train_only_and_inverts():
    train, rest = np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0])
    s = fc.fit_scaler(train)
    assert s.mean == 2.0 and s.std == pytest.approx(np.sqrt(2 / 3))
    np.testing.assert_allclose(s.unscale(s.scale(rest)), rest)
    assert s.scale(rest).min() > 3  # values above the training range stay above it


def test_difference_by_hand():
    np.testing.assert_array_equal(fc.difference(np.array([1.0, 4.0, 9.0])), [3.0, 5.0])


# ------------------------------------------------------------------ windows
def test_make_windows_by_hand():
    X, y = fc.make_windows(np.arange(6.0), 3)
    np.testing.assert_array_equal(X, [[0, 1, 2], [1, 2, 3], [2, 3, 4]])
    np.testing.assert_array_equal(y, [3, 4, 5])
    X, y = fc.make_windows(np.arange(6.0), 2, horizon=3)
    np.testing.assert_array_equal(X, [[0, 1], [1, 2]])
    np.testing.assert_array_equal(y, [4, 5])


@settings(max_examples=40, deadline=None)
@given(T=st.integers(3, 40), L=st.integers(1, 10), h=st.integers(1, 5))
def test_every_target_lies_h_steps_after_its_window(T, L, h):
    if L + h > T:
        return
    positions = np.arange(float(T))
    X, y = fc.make_windows(positions, L, h)
    assert X.shape == (T - L - h + 1, L) and y.shape == (T - L - h + 1,)
    np.testing.assert_array_equal(y - X[:, -1], h)  # never inside the window
    assert y[-1] == T - 1  # the last value is used


# ------------------------------------------------------------------ baselines
def test_persistence_and_seasonal_naive():
    w = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    np.testing.assert_array_equal(fc.persistence_step(w), [4.0, 8.0])
    np.testing.assert_array_equal(fc.seasonal_naive_step(3)(w), [2.0, 6.0])
    with pytest.raises(ValueError, match=r"windows must have at least L = 5 columns"):
        fc.seasonal_naive_step(5)(w)


def test_fit_ar_is_exact_on_a_noiseless_ar_series():
    y = np.zeros(60)
    y[:2] = 1.0, 2.0
    for t in range(2, 60):
        y[t] = 0.3 + 1.2 * y[t - 1] - 0.5 * y[t - 2]
    model = fc.fit_ar(y, 2)
    assert model.c == pytest.approx(0.3) and model.p == 2
    np.testing.assert_allclose(model.phi, [1.2, -0.5], atol=1e-9)  # newest first
    np.testing.assert_allclose(fc.ar_step(model)(y[None, -2:]), 0.3 + 1.2 * y[-1] - 0.5 * y[-2])


def test_fit_ar_recovers_noisy_coefficients(rng):
    y = ar_series([0.6, -0.3], 0.5, 5000, rng)
    model = fc.fit_ar(y, 2)
    np.testing.assert_allclose(model.phi, [0.6, -0.3], atol=0.03)
    assert model.c == pytest.approx(0.5, abs=0.05)


def test_ar_extrapolates_a_trend_beyond_the_training_range():
    """AR(2) with c = 0, phi = (2, -1) continues a straight line: y_{t+1} = 2 y_t - y_{t-1}."""
    line = 0.1 * np.arange(50.0)
    model = fc.fit_ar(line, 2)
    f = fc.recursive_forecast(fc.ar_step(model), line[None, -2:], 10)
    np.testing.assert_allclose(f[0], 0.1 * np.arange(50, 60), atol=1e-8)
    assert f.max() > line.max() + 0.9


def test_on_differences_adds_the_forecast_difference_to_the_last_level():
    w = np.array([[1.0, 3.0, 6.0]])  # differences 2, 3
    step = fc.on_differences(lambda d: d[:, -1] + 1.0)  # next difference = last one + 1
    np.testing.assert_allclose(step(w), [6.0 + 4.0])


def test_choose_ar_order_minimises_validation_rmse(rng):
    y = ar_series([0.5, 0.0, 0.4], 0.0, 400, rng, noise=0.5)
    p, scores = fc.choose_ar_order(y, 300, 60, range(1, 7))
    assert p == min(scores, key=scores.get) and set(scores) == set(range(1, 7))
    model = fc.fit_ar(y[:300], 2)  # one score recomputed by hand
    f = [model.c + model.phi @ y[t - 2 : t][::-1] for t in range(300, 360)]
    assert scores[2] == pytest.approx(np.sqrt(np.mean((np.array(f) - y[300:360]) ** 2)))
    assert scores[3] < scores[2]  # the true order (3) beats a shorter model


# ------------------------------------------------------------------ recursion and scores
def test_recursive_forecast_feeds_forecasts_back():
    half = fc.ar_step(fc.ARModel(0.0, np.array([0.5])))
    f = fc.recursive_forecast(half, np.array([[3.0, 8.0], [1.0, 2.0]]), 3)
    np.testing.assert_allclose(f, [[4.0, 2.0, 1.0], [1.0, 0.5, 0.25]])


def test_forecast_origins_uses_only_the_past():
    y = np.arange(30.0) ** 1.5
    origins = np.array([10, 15, 20])
    step = fc.ar_step(fc.ARModel(0.1, np.array([0.9, 0.2])))
    f, truth = fc.forecast_origins(step, y, origins, 2, 4)
    assert f.shape == truth.shape == (3, 4)
    np.testing.assert_array_equal(truth[1], y[15:19])
    future_changed = y.copy()
    future_changed[10:] = 0.0  # everything from the first forecast target on
    f2, _ = fc.forecast_origins(step, future_changed, origins[:1], 2, 4)
    np.testing.assert_array_equal(f2, f[:1])  # no leakage: the forecast did not move


def test_origins_in_test_keep_every_target_in_the_test_part():
    o = fc.origins_in_test(100, 20, 12)
    assert o[0] == 80 and o[-1] + 12 == 100 and len(o) == 9


def test_mae_and_rmse_by_hand():
    f, t = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[0.0, 2.0], [3.0, 1.0]])
    np.testing.assert_allclose(fc.mae(f, t), [0.5, 2.0])
    np.testing.assert_allclose(fc.rmse(f, t), [np.sqrt(0.5), np.sqrt(8.0)])


def test_autocorrelation_of_white_noise_and_of_a_slow_series(rng):
    noise = rng.normal(size=2000)
    assert abs(fc.autocorrelation(noise)) < 2 / np.sqrt(2000) * 1.5
    assert fc.autocorrelation(np.cumsum(noise)) > 0.9
    assert fc.autocorrelation(np.array([1.0, -1.0, 1.0, -1.0])) == pytest.approx(-0.75)


# ------------------------------------------------------------------ networks
def test_rnn_training_data_many_to_many_targets_are_the_next_values():
    x, y = fc.rnn_training_data(np.arange(6.0), 3, "many-to-many")
    assert x.shape == y.shape == (3, 3, 1)
    np.testing.assert_array_equal(y[..., 0], x[..., 0] + 1)
    x1, y1 = fc.rnn_training_data(np.arange(6.0), 3, "many-to-one")
    assert x1.shape == (3, 3, 1) and y1.shape == (3, 1)
    np.testing.assert_array_equal(y1[:, 0], [3, 4, 5])


def test_training_lowers_the_error_and_no_recurrence_keeps_W_hh_at_zero():
    z = np.sin(np.arange(120) * 2 * np.pi / 12)
    untrained = fc.train_rnn_forecaster(z, 6, H=4, steps=1, rng=np.random.default_rng(0)).params
    trained = fc.train_rnn_forecaster(z, 6, H=4, steps=150, rng=np.random.default_rng(0)).params
    flat = fc.train_rnn_forecaster(
        z, 6, H=4, steps=150, rng=np.random.default_rng(0), recurrent=False
    ).params
    assert not flat["W_hh"].any()
    one = fc.Scaler(0.0, 1.0)
    X, y = fc.make_windows(z, 6)

    def err(p, **kw):
        return np.sqrt(np.mean((fc.rnn_step_fn(p, one, **kw)(X) - y) ** 2))

    assert err(trained) < 0.2 < 0.5 < err(untrained)
    ff = fc.feedforward_window_model(z, 6, H=4, steps=150, rng=np.random.default_rng(0)).params
    assert ff["W_xh"].shape == (4, 6) and err(ff, feedforward=True) < 0.2


def test_a_tanh_rnn_cannot_forecast_beyond_a_bound_set_by_its_output_layer(rng):
    """|y_hat| <= |b_y| + sum |W_hy| whatever the input, because every |h| < 1: the trap."""
    p = fc.train_rnn_forecaster(np.linspace(-1, 1, 60), 4, H=4, steps=50, rng=rng).params
    bound = abs(p["b_y"][0]) + np.abs(p["W_hy"]).sum()
    huge = np.linspace(10, 1000, 40).reshape(10, 4)
    f = fc.rnn_step_fn(p, fc.Scaler(0.0, 1.0))(huge)
    assert np.all(np.abs(f) <= bound) and huge.min() > bound


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: fc.make_windows([1.0, 2.0], 1), TypeError, "series must be a numpy array"),
        (lambda: fc.make_windows(np.ones((3, 2)), 1), ValueError, "series must be a 1-D array"),
        (lambda: fc.make_windows(np.ones(3), 3), ValueError, "at least 4 values, got 3"),
        (lambda: fc.make_windows(np.ones(5), 2, 0), ValueError, "horizon must be a positive"),
        (lambda: fc.make_windows(np.array([1.0, np.nan, 2.0]), 1), ValueError, "finite"),
        (lambda: fc.fit_scaler(np.ones(5)), ValueError, "train must not be constant"),
        (lambda: fc.fit_ar(np.ones(5), 3), ValueError, "more than 2p + 1 = 7 values"),
        (lambda: fc.persistence_step(np.ones(3)), ValueError, "windows must be a 2-D array"),
        (lambda: fc.origins_in_test(50, 5, 6), ValueError, "horizon must be at most n_test = 5"),
        (
            lambda: fc.forecast_origins(fc.persistence_step, np.ones(10), np.array([1]), 2, 1),
            ValueError,
            "origins must lie in [window, T - horizon] = [2, 9]",
        ),
        (lambda: fc.mae(np.ones(3), np.ones(4)), ValueError, "forecast must have the shape"),
        (lambda: fc.split_by_time(np.ones(5), 2, 2), ValueError, "at least 6 values"),
    ],
    ids=[
        "list",
        "2-D",
        "short",
        "horizon 0",
        "nan",
        "constant",
        "AR short",
        "1-D windows",
        "long horizon",
        "early origin",
        "shape mismatch",
        "short split",
    ],
)
def test_malformed_inputs_are_named(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()
