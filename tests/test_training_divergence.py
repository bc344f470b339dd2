"""Why training diverged: saturated units and the output layer, or the recurrent layer; the advice
of NonFiniteError follows the cause. Also the echo-state readout and the truncation trial."""

import numpy as np
import pytest

from rnn_helpers.optim import SGD
from rnn_helpers.rnn import init_rnn_params
from rnn_helpers.tasks import delayed_echo
from rnn_helpers.training import (
    NonFiniteError,
    copy_params,
    divergence_cause,
    echo_window_trial,
    readout_mse,
    trace_divergence,
    train,
)


def saturated_problem():
    """Inputs ±1 into W_xh = 100: |a_t| >= 50, so every tanh unit sits at exactly ±1 (slope 0)."""
    rng = np.random.default_rng(0)
    p = init_rnn_params(1, 8, 1, rng=rng)
    p["W_xh"] = np.full((8, 1), 100.0)
    p["W_hh"] = np.zeros((8, 8))
    x = rng.choice([-1.0, 1.0], size=(16, 10, 1))
    y = rng.normal(size=(16, 10, 1))
    return p, x, y


def grads_like(recurrent, output):
    return {
        "W_xh": np.full((3, 1), recurrent),
        "W_hh": np.full((3, 3), recurrent),
        "b_h": np.full(3, recurrent),
        "W_hy": np.full((1, 3), output),
        "b_y": np.full(1, output),
    }


def test_divergence_cause_from_the_last_gradient():
    assert divergence_cause(None) == "unknown"
    assert divergence_cause(grads_like(0.0, 5.0)) == "output layer"
    assert divergence_cause(grads_like(1e-9, 5.0)) == "output layer"
    assert divergence_cause(grads_like(1e-3, 5.0)) == "recurrent layer"
    assert divergence_cause(grads_like(10.0, 0.0)) == "recurrent layer"


def test_saturated_units_diverge_through_the_output_layer_and_the_advice_says_so():
    p, x, y = saturated_problem()
    with pytest.raises(NonFiniteError) as info:
        train(p, x, y, steps=500, optimizer=SGD(lr=10.0), progress=False)
    err = info.value
    assert err.cause == "output layer"
    msg = str(err)
    assert "output layer W_hy, b_y" in msg and "lower learning rate" in msg
    assert "smaller initial W_hh" not in msg and "would not help" in msg


def test_recurrent_divergence_keeps_the_recurrent_advice():
    # ReLU units do not saturate: with W_hh = 1.5 I the states grow by 1.5 per step, and the
    # gradient through time with them
    rng = np.random.default_rng(1)
    p = init_rnn_params(1, 8, 1, rng=rng)
    p["W_hh"] = 1.5 * np.eye(8)
    x, y = np.abs(rng.normal(size=(8, 30, 1))), rng.normal(size=(8, 30, 1))
    with pytest.raises(NonFiniteError) as info:
        train(p, x, y, steps=200, optimizer=SGD(lr=1.0), activation="relu", progress=False)
    assert info.value.step == 2 and info.value.cause == "recurrent layer"
    assert "smaller initial W_hh" in str(info.value) and "output layer" not in str(info.value)


def test_trace_divergence_sees_zero_recurrent_gradient_and_full_saturation():
    p, x, y = saturated_problem()
    start = copy_params(p)
    trace = trace_divergence(p, x, y, optimizer=SGD(lr=10.0), steps=500)
    assert trace.failed_at is not None and len(trace.losses) == trace.failed_at - 1
    assert np.all(trace.recurrent_grad_norms == 0) and np.all(trace.saturated == 1)
    assert trace.output_grad_norms[-1] > 1e6 * trace.output_grad_norms[0]
    for k in p:  # the caller's parameters are untouched
        np.testing.assert_array_equal(p[k], start[k])


def test_trace_divergence_matches_train_on_a_finite_run():
    rng = np.random.default_rng(2)
    p = init_rnn_params(1, 6, 1, rng=rng)
    x, y = rng.normal(size=(4, 7, 1)), rng.normal(size=(4, 7, 1))
    trace = trace_divergence(p, x, y, optimizer=SGD(lr=0.1), steps=20)
    result = train(copy_params(p), x, y, steps=20, optimizer=SGD(lr=0.1), progress=False)
    assert trace.failed_at is None
    np.testing.assert_allclose(trace.losses, result.losses, rtol=1e-12)
    norms = np.hypot(trace.recurrent_grad_norms, trace.output_grad_norms)
    np.testing.assert_allclose(norms, result.grad_norms, rtol=1e-12)
    assert trace.W_hh_norms[0] == pytest.approx(np.linalg.norm(p["W_hh"], 2))


def test_readout_mse_is_zero_for_a_linear_function_of_the_states_and_the_variance_for_noise():
    rng = np.random.default_rng(3)
    p = init_rnn_params(2, 5, 1, rng=rng)
    x, x_test = rng.normal(size=(20, 9, 2)), rng.normal(size=(20, 9, 2))

    def states(x_in):
        h = np.zeros((x_in.shape[0], 5))
        out = []
        for t in range(x_in.shape[1]):
            h = np.tanh(x_in[:, t] @ p["W_xh"].T + h @ p["W_hh"].T + p["b_h"])
            out.append(h)
        return np.stack(out, axis=1)

    w = rng.normal(size=(5, 1))
    y, y_test = states(x) @ w + 0.3, states(x_test) @ w + 0.3
    assert readout_mse(p, x, y, x_test, y_test) < 1e-20
    noise, noise_test = rng.normal(size=(20, 9, 1)), rng.normal(size=(20, 9, 1))
    assert readout_mse(p, x, noise, x_test, noise_test) == pytest.approx(1.0, abs=0.2)


def test_readout_recovers_a_recent_input_and_loses_a_distant_one():
    rng = np.random.default_rng(4)
    p = init_rnn_params(1, 16, 1, rng=rng)
    scores = {}
    for d in (1, 12):
        x, y = delayed_echo(32, 32, d, rng=np.random.default_rng(5))
        xt, yt = delayed_echo(256, 32, d, rng=np.random.default_rng(6))
        scores[d] = readout_mse(p, x, y, xt, yt, skip=d)
    assert scores[1] < 0.05 < 0.5 < scores[12]


def test_echo_window_trial_is_reproducible_and_counts_updates():
    a = echo_window_trial(np.random.default_rng(7), delay=2, window_lengths=[1, None], passes=2)
    b = echo_window_trial(np.random.default_rng(7), delay=2, window_lengths=[1, None], passes=2)
    assert [r.window for r in a] == [1, 32] and [r.updates for r in a] == [64, 2]
    assert a[0].eval_losses[0] == a[1].eval_losses[0]  # the same start for every window
    for r, s in zip(a, b):
        np.testing.assert_array_equal(r.eval_losses, s.eval_losses)
