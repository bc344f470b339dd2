"""The training loop: gradients (finite differences), truncated BPTT, clipping, non-finite
values, progress output and input validation."""

import copy

import numpy as np
import pytest
from conftest import make_problem

import rnn_helpers as rh
from rnn_helpers import training
from rnn_helpers.optim import SGD, Adam, global_norm
from rnn_helpers.tasks import noisy_sine
from rnn_helpers.training import (
    NonFiniteError,
    TrainResult,
    backprop_through_time,
    compare_windows,
    copy_params,
    evaluate,
    gradient_shares,
    loss_and_grads,
    predict,
    train,
    windows,
)

TOL = 1e-7


def problem(rng, N=3, T=6, D=2, H=4, O=3, mode="many-to-many", loss="mse"):
    """Random parameters (W_hh strong enough to carry gradient) and matching targets."""
    x, _, p = make_problem(rng, N, T, D, H, O)
    if loss == "mse":
        y = rng.normal(size=(N, T, O) if mode == "many-to-many" else (N, O))
    else:
        y = rng.integers(0, O, size=(N, T) if mode == "many-to-many" else N)
    return p, x, y


def test_copy_params_copies_every_array(rng):
    p, _, _ = problem(rng)
    c = copy_params(p)
    assert list(c) == list(p) and all(np.array_equal(c[k], p[k]) for k in p)
    c["W_hh"][0, 0] += 1
    assert c["W_hh"][0, 0] != p["W_hh"][0, 0]
    with pytest.raises(TypeError, match="params must be a dict"):
        copy_params([p["W_hh"]])


# ---------------------------------------------------------------- loss_and_grads
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("mode", ["many-to-many", "many-to-one"])
def test_loss_and_grads_match_finite_differences(rng, mode, loss, activation):
    p, x, y = problem(rng, mode=mode, loss=loss)
    h0 = 0.3 * rng.normal(size=(3, 4))
    _, grads, _ = loss_and_grads(p, x, y, mode=mode, loss=loss, h0=h0, activation=activation)
    assert list(grads) == list(p) and all(grads[k].shape == p[k].shape for k in p)
    report = rh.gradient_check(
        lambda: evaluate(p, x, y, mode=mode, loss=loss, h0=h0, activation=activation), p, grads
    )
    assert report.passed, f"\n{report}"
    assert max(r.rel_error for r in report.rows) < TOL


def test_loss_value_and_last_state_by_definition(rng):
    p, x, y = problem(rng)
    loss, _, h_last = loss_and_grads(p, x, y)
    h, _ = rh.rnn_forward(x, np.zeros((3, 4)), p["W_xh"], p["W_hh"], p["b_h"])
    assert loss == pytest.approx(np.mean((rh.output_forward(h, p["W_hy"], p["b_y"]) - y) ** 2))
    np.testing.assert_array_equal(h_last, h[:, -1])
    np.testing.assert_allclose(predict(p, x), rh.output_forward(h, p["W_hy"], p["b_y"]))


def test_many_to_one_uses_the_final_state_only(rng):
    p, x, y = problem(rng, mode="many-to-one")
    h, _ = rh.rnn_forward(x, np.zeros((3, 4)), p["W_xh"], p["W_hh"], p["b_h"])
    np.testing.assert_allclose(
        predict(p, x, mode="many-to-one"), rh.output_forward(h[:, -1], p["W_hy"], p["b_y"])
    )


def test_backprop_through_time_is_step_six_of_loss_and_grads(rng):
    p, x, y = problem(rng, mode="many-to-one")
    _, dy = rh.mse_loss(predict(p, x, mode="many-to-one"), y)
    grads = backprop_through_time(p, x, dy, mode="many-to-one")
    for k, g in loss_and_grads(p, x, y, mode="many-to-one")[1].items():
        np.testing.assert_allclose(grads[k], g)


def test_gradient_shares_sum_to_the_gradients(rng):
    p, x, y = problem(rng, mode="many-to-one")
    shares = gradient_shares(p, x, y, mode="many-to-one")
    grads = loss_and_grads(p, x, y, mode="many-to-one")[1]
    for k in ("W_xh", "W_hh", "b_h"):
        np.testing.assert_allclose(shares[f"d{k}"].sum(axis=0), grads[k], atol=1e-12)


# ---------------------------------------------------------------- truncated gradients
def test_windows_cut_sequences():
    assert windows(10, None) == [(0, 10, True)]
    assert windows(10, 10) == windows(10, 25) == [(0, 10, True)]
    assert windows(10, 4) == [(0, 4, True), (4, 8, True), (8, 10, True)]
    assert windows(10, 4, "many-to-one") == [(0, 6, False), (6, 10, True)]


def test_window_T_is_full_bptt_exactly(rng):
    p, x, y = problem(rng, T=7)
    full = loss_and_grads(p, x, y)
    same = loss_and_grads(p, x, y, window=7)
    assert same[0] == full[0]
    for k in p:
        np.testing.assert_array_equal(same[1][k], full[1][k])


@pytest.mark.parametrize("mode", ["many-to-many", "many-to-one"])
def test_shorter_window_same_loss_different_gradient(rng, mode):
    p, x, y = problem(rng, T=8, mode=mode)
    loss, grads, h_last = loss_and_grads(p, x, y, mode=mode)
    loss_k, grads_k, h_last_k = loss_and_grads(p, x, y, mode=mode, window=3)
    assert loss_k == pytest.approx(loss)  # the loss is the same function...
    np.testing.assert_allclose(h_last_k, h_last)
    assert rh.relative_error(grads_k["W_hh"], grads["W_hh"]) > 1e-3  # ...its gradient is cut
    np.testing.assert_allclose(grads_k["W_hy"], grads["W_hy"])  # the output layer is not affected


def test_truncated_gradient_is_the_weighted_sum_of_window_gradients(rng):
    p, x, y = problem(rng, T=7)
    _, grads_k, _ = loss_and_grads(p, x, y, window=3)  # windows [0, 3), [3, 6), [6, 7)
    h, expected = np.zeros((3, 4)), {k: np.zeros_like(v) for k, v in p.items()}
    for begin, end in [(0, 3), (3, 6), (6, 7)]:
        _, g, h = loss_and_grads(p, x[:, begin:end], y[:, begin:end], h0=h)
        for k in p:
            expected[k] += (end - begin) / 7 * g[k]
    for k in p:
        np.testing.assert_allclose(grads_k[k], expected[k])


def test_many_to_one_window_backpropagates_through_the_last_steps_only(rng):
    p, x, y = problem(rng, T=8, mode="many-to-one")
    _, grads_k, _ = loss_and_grads(p, x, y, mode="many-to-one", window=3)
    h5, _ = rh.rnn_forward(x[:, :5], np.zeros((3, 4)), p["W_xh"], p["W_hh"], p["b_h"])
    _, expected, _ = loss_and_grads(p, x[:, 5:], y, mode="many-to-one", h0=h5[:, -1])
    for k in p:
        np.testing.assert_allclose(grads_k[k], expected[k])


# ---------------------------------------------------------------- train
def test_loss_decreases_on_a_learnable_task():
    rng = np.random.default_rng(0)
    x, y = noisy_sine(32, 20, rng=rng)
    p = rh.init_rnn_params(1, 8, 1, rng=rng)
    result = train(p, x, y, steps=150, optimizer=Adam(lr=0.02), progress=False)
    assert result.losses[-1] < 0.2 * result.losses[0]
    assert result.params is p
    assert len(result.losses) == len(result.grad_norms) == len(result.clipped) == 150


def test_train_is_the_recipe_with_sgd(rng):
    p, x, y = problem(rng)
    manual = copy_params(p)
    losses = []
    for _ in range(5):
        loss, grads, _ = loss_and_grads(manual, x, y)
        losses.append(loss)
        for k in manual:
            manual[k] -= 0.1 * grads[k]
    result = train(p, x, y, steps=5, optimizer=SGD(lr=0.1), progress=False)
    np.testing.assert_allclose(result.losses, losses)
    for k in p:
        np.testing.assert_allclose(p[k], manual[k])


def test_train_with_window_T_equals_full_bptt_exactly(rng):
    p, x, y = problem(rng, T=6)
    a, b = copy_params(p), copy_params(p)
    ra = train(a, x, y, steps=4, optimizer=Adam(0.05), window=None, progress=False)
    rb = train(b, x, y, steps=4, optimizer=Adam(0.05), window=6, progress=False)
    np.testing.assert_array_equal(ra.losses, rb.losses)
    for k in p:
        np.testing.assert_array_equal(a[k], b[k])


def test_train_window_makes_one_update_per_window_and_carries_the_state(rng, monkeypatch):
    p, x, y = problem(rng, T=10)
    calls = []
    real = training._loss_and_grads

    def spy(params, xw, yw, mode, loss, h0, activation, window=None, backward=None):
        out = real(params, xw, yw, mode, loss, h0, activation, window, backward)
        calls.append({"T": xw.shape[1], "h0": h0.copy(), "h_last": out[2].copy()})
        return out

    monkeypatch.setattr(training, "_loss_and_grads", spy)
    train(p, x, y, steps=4, optimizer=SGD(0.1), window=4, progress=False)
    assert [c["T"] for c in calls] == [4, 4, 2, 4]  # windows of pass 1, then pass 2 begins
    assert np.all(calls[0]["h0"] == 0) and np.all(calls[3]["h0"] == 0)
    np.testing.assert_array_equal(calls[1]["h0"], calls[0]["h_last"])  # carried, not reset
    np.testing.assert_array_equal(calls[2]["h0"], calls[1]["h_last"])
    assert np.abs(calls[1]["h0"]).max() > 0


def test_train_many_to_one_window_runs_the_prefix_forward_only(rng, monkeypatch):
    p, x, y = problem(rng, T=8, mode="many-to-one")
    seen = []
    real = training._loss_and_grads
    monkeypatch.setattr(
        training,
        "_loss_and_grads",
        lambda params, xw, *a, **k: (
            seen.append((xw.shape[1], a[3].copy())) or real(params, xw, *a, **k)
        ),
    )
    start = copy_params(p)
    train(p, x, y, steps=1, optimizer=SGD(0.1), mode="many-to-one", window=3, progress=False)
    h5, _ = rh.rnn_forward(x[:, :5], np.zeros((3, 4)), start["W_xh"], start["W_hh"], start["b_h"])
    assert len(seen) == 1 and seen[0][0] == 3
    np.testing.assert_allclose(seen[0][1], h5[:, -1])


def test_truncated_training_differs_from_full(rng):
    p, x, y = problem(rng, T=8)
    a, b = copy_params(p), copy_params(p)
    train(a, x, y, steps=3, optimizer=SGD(0.1), progress=False)
    train(b, x, y, steps=3, optimizer=SGD(0.1), window=8, progress=False)
    c = copy_params(p)
    train(c, x, y, steps=3, optimizer=SGD(0.1), window=2, progress=False)
    assert np.array_equal(a["W_hh"], b["W_hh"]) and not np.allclose(a["W_hh"], c["W_hh"])


class RecordingSGD(SGD):
    """SGD that remembers the global norm of every gradient it was given."""

    def __init__(self, lr):
        super().__init__(lr)
        self.norms = []

    def step(self, params, grads):
        self.norms.append(global_norm(grads))
        super().step(params, grads)


def test_clipping_caps_the_norm_that_reaches_the_optimizer(rng):
    p, x, y = problem(rng)
    start = copy_params(p)
    opt = RecordingSGD(0.01)
    result = train(p, x, y, steps=6, optimizer=opt, clip=0.05, progress=False)
    assert result.grad_norms[0] == pytest.approx(global_norm(loss_and_grads(start, x, y)[1]))
    assert np.all(np.array(opt.norms) <= 0.05 * (1 + 1e-12))
    np.testing.assert_array_equal(result.clipped, result.grad_norms > 0.05)
    assert result.n_clipped == result.clipped.sum() > 0


def test_no_clipping_passes_gradients_unchanged(rng):
    p, x, y = problem(rng)
    opt = RecordingSGD(0.01)
    result = train(p, x, y, steps=3, optimizer=opt, progress=False)
    np.testing.assert_allclose(opt.norms, result.grad_norms)
    assert result.n_clipped == 0 and not result.clipped.any()


def test_huge_learning_rate_raises_non_finite_error_naming_the_step(rng):
    p, x, y = problem(rng, T=5)
    start = copy_params(p)
    with pytest.raises(NonFiniteError) as info:
        train(p, x, y, steps=200, optimizer=SGD(lr=1e3), progress=False)
    err = info.value
    assert isinstance(err, FloatingPointError)
    assert 1 < err.step < 200 and len(err.losses) == err.step - 1
    msg = str(err)
    assert f"at update step {err.step}" in msg
    assert "lower learning rate" in msg and "clip=1.0" in msg
    # the failing step made no update: the parameters equal a run that stopped one step earlier
    again = copy_params(start)
    with np.errstate(over="ignore", invalid="ignore"):
        train(again, x, y, steps=err.step - 1, optimizer=SGD(lr=1e3), progress=False)
    for k in p:
        np.testing.assert_array_equal(p[k], again[k])


def test_non_finite_gradient_is_named(rng, monkeypatch):
    p, x, y = problem(rng)
    real = training._loss_and_grads

    def poisoned(*args, **kwargs):
        loss, grads, h = real(*args, **kwargs)
        if len(calls) == 2:
            grads["W_hh"][0, 0] = np.nan
        calls.append(1)
        return loss, grads, h

    calls = []
    monkeypatch.setattr(training, "_loss_and_grads", poisoned)
    with pytest.raises(
        NonFiniteError, match=r"the gradient dW_hh became nan at update step 3"
    ) as info:
        train(p, x, y, steps=10, optimizer=SGD(0.1), clip=2.0, progress=False)
    assert info.value.what == "dW_hh" and "smaller clipping threshold than clip=2" in str(
        info.value
    )


def test_batches_are_drawn_with_rng(rng):
    p, x, y = problem(rng, N=6)
    a, b, c = copy_params(p), copy_params(p), copy_params(p)
    ra = train(
        a,
        x,
        y,
        steps=3,
        optimizer=SGD(0.1),
        batch_size=2,
        rng=np.random.default_rng(1),
        progress=False,
    )
    rb = train(
        b,
        x,
        y,
        steps=3,
        optimizer=SGD(0.1),
        batch_size=2,
        rng=np.random.default_rng(1),
        progress=False,
    )
    rc = train(
        c,
        x,
        y,
        steps=3,
        optimizer=SGD(0.1),
        batch_size=2,
        rng=np.random.default_rng(2),
        progress=False,
    )
    np.testing.assert_array_equal(ra.losses, rb.losses)
    assert not np.allclose(ra.losses, rc.losses)


def test_log_every_keeps_every_kth_update_and_the_last(rng):
    p, x, y = problem(rng)
    result = train(p, x, y, steps=10, optimizer=SGD(0.01), log_every=3, progress=False)
    np.testing.assert_array_equal(result.logged_steps, [1, 4, 7, 10])
    assert len(result.losses) == 4


def test_float32_training_keeps_float32(rng):
    p, x, y = problem(rng)
    p32 = {k: v.astype(np.float32) for k, v in p.items()}
    train(
        p32,
        x.astype(np.float32),
        y.astype(np.float32),
        steps=3,
        optimizer=Adam(0.01),
        progress=False,
    )
    assert all(v.dtype == np.float32 for v in p32.values())


def test_train_result_repr(rng):
    p, x, y = problem(rng)
    result = train(p, x, y, steps=2, optimizer=SGD(0.01), progress=False)
    assert isinstance(result, TrainResult)
    assert repr(result).startswith("TrainResult(2 updates, loss ") and " s)" in repr(result)


# ---------------------------------------------------------------- progress output
class FakeClock:
    def __init__(self, tick):
        self.now, self.tick = 0.0, tick

    def __call__(self):
        self.now += self.tick
        return self.now


@pytest.fixture
def small(rng):
    return problem(rng, N=2, T=3, D=1, H=2, O=1)


def test_auto_progress_prints_only_for_long_runs(small, monkeypatch, capsys):
    p, x, y = small
    monkeypatch.setattr(training, "_clock", FakeClock(tick=1e-4))  # a fast run: 5 ms in total
    train(p, x, y, steps=20, optimizer=SGD(0.01))
    assert capsys.readouterr().out == ""
    monkeypatch.setattr(training, "_clock", FakeClock(tick=0.5))  # a slow run: 0.5 s per step
    train(p, x, y, steps=20, optimizer=SGD(0.01))
    lines = capsys.readouterr().out.splitlines()
    assert 5 <= len(lines) <= 21
    assert lines[0].startswith("step ") and "/20  loss " in lines[0] and " steps/s)" in lines[0]
    assert lines[-1].startswith("done: 20 steps in ")


def test_progress_false_is_silent_even_when_slow(small, monkeypatch, capsys):
    p, x, y = small
    monkeypatch.setattr(training, "_clock", FakeClock(tick=10.0))
    train(p, x, y, steps=5, optimizer=SGD(0.01), progress=False)
    assert capsys.readouterr().out == ""


def test_progress_true_prints_every_tenth_regardless_of_time(small, monkeypatch, capsys):
    p, x, y = small
    monkeypatch.setattr(training, "_clock", FakeClock(tick=1e-6))
    train(p, x, y, steps=50, optimizer=SGD(0.01), progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == [f"{s}/50" for s in range(5, 50, 5)]
    assert lines[-1].startswith("done: 50 steps")


# ---------------------------------------------------------------- compare_windows
def test_compare_windows_same_start_equal_passes(rng):
    p, x, y = problem(rng, T=8)
    start = copy.deepcopy(p)
    runs = compare_windows(p, x, y, [2, None], passes=3, make_optimizer=lambda: SGD(0.05))
    assert [r.window for r in runs] == [2, 8] and [r.updates for r in runs] == [12, 3]
    assert all(len(r.eval_losses) == 4 for r in runs)
    assert runs[0].eval_losses[0] == runs[1].eval_losses[0] == pytest.approx(evaluate(p, x, y))
    for k in p:
        np.testing.assert_array_equal(p[k], start[k])  # the input is not trained
    full = copy_params(p)
    train(full, x, y, steps=3, optimizer=SGD(0.05), progress=False)
    assert runs[1].final_loss == pytest.approx(evaluate(full, x, y))
    assert runs[1].settled_loss == pytest.approx(runs[1].eval_losses[-1])  # 3 passes: last one


# ---------------------------------------------------------------- malformed input
def bad_call(rng, **change):
    p, x, y = problem(rng)
    kwargs = {"params": p, "x": x, "y": y, "steps": 2, "optimizer": SGD(0.1), "progress": False}
    kwargs.update(change)
    return lambda: train(**kwargs)


@pytest.mark.parametrize(
    ("change", "error", "fragment"),
    [
        ({"params": [1, 2]}, TypeError, "params must be a dict"),
        ({"params": {"W_xh": np.ones((4, 2))}}, ValueError, "missing"),
        ({"x": np.ones((3, 6))}, ValueError, "x must be a 3-D array"),
        ({"x": np.ones((3, 6, 5))}, ValueError, r"x must have shape \(N, T, D\) = \(3, 6, 2\)"),
        ({"y": np.ones((3, 6))}, ValueError, r"y must have shape \(N, T, O\) = \(3, 6, 3\)"),
        (
            {"y": np.ones((3, 6, 3)), "mode": "many-to-one"},
            ValueError,
            r"y must have shape \(N, O\) = \(3, 3\)",
        ),
        ({"y": np.ones((3, 6)), "loss": "cross_entropy"}, ValueError, "integer class indices"),
        ({"y": np.full((3, 6), 3), "loss": "cross_entropy"}, ValueError, r"\[0, O\) = \[0, 3\)"),
        ({"mode": "one-to-many"}, ValueError, "mode must be one of"),
        ({"loss": "l1"}, ValueError, "loss must be one of"),
        ({"steps": 0}, ValueError, "steps must be a positive integer"),
        ({"steps": 2.0}, TypeError, "steps must be a positive integer"),
        ({"optimizer": "adam"}, TypeError, "optimizer must be an optimizer"),
        ({"clip": -1.0}, ValueError, "clip must be a finite number > 0"),
        ({"clip": "1"}, TypeError, "clip must be a positive number"),
        ({"window": 0}, ValueError, "window must be a positive integer"),
        ({"batch_size": 10}, ValueError, r"batch_size must be an integer from 1 to N = 3"),
        ({"batch_size": 2}, TypeError, "rng must be a numpy.random.Generator"),
        ({"progress": "yes"}, ValueError, "progress must be True, False or None"),
        ({"log_every": 0}, ValueError, "log_every must be a positive integer"),
        ({"activation": "sigmoid"}, ValueError, "activation must be one of"),
    ],
    ids=[
        "params list",
        "params keys",
        "x ndim",
        "x D",
        "y shape",
        "y many-to-one",
        "y float classes",
        "y class range",
        "mode",
        "loss",
        "steps",
        "steps float",
        "optimizer",
        "clip",
        "clip string",
        "window",
        "batch_size",
        "rng",
        "progress",
        "log_every",
        "activation",
    ],
)
def test_malformed_training_input_is_named(rng, change, error, fragment):
    with pytest.raises(error, match=fragment):
        bad_call(rng, **change)()


def test_wrong_h0_is_named(rng):
    p, x, y = problem(rng)
    with pytest.raises(ValueError, match=r"h0 must have shape \(N, H\) = \(3, 4\)"):
        loss_and_grads(p, x, y, h0=np.zeros((3, 5)))


def test_wrong_dy_is_named(rng):
    p, x, _ = problem(rng)
    with pytest.raises(ValueError, match=r"dy must have shape \(N, O\) = \(3, 3\)"):
        backprop_through_time(p, x, np.zeros((3, 6, 3)), mode="many-to-one")


def test_overflowing_gradient_norm_stops_training(rng, monkeypatch):
    """Every entry finite but the global norm overflows to inf: stop, do not continue silently."""
    p, x, y = problem(rng)
    real = training._loss_and_grads

    def huge(*args, **kwargs):
        loss, grads, h = real(*args, **kwargs)
        grads["W_hh"][:] = 1e200  # finite entries whose squares overflow
        return loss, grads, h

    monkeypatch.setattr(training, "_loss_and_grads", huge)
    with (
        np.errstate(over="ignore"),
        pytest.raises(
            NonFiniteError, match=r"the gradient norm became inf at update step 1"
        ) as info,
    ):
        train(p, x, y, steps=5, optimizer=SGD(0.1), progress=False)
    assert info.value.what == "the gradient norm"


def _stepwise_backward(dh, cache):
    """Exercise 4.2's answer: one rnn_step_backward per step, weight gradients added up."""
    from rnn_helpers.stepwise import rnn_step_backward

    x, h0, h, W_xh, W_hh, _ = cache
    dx, dh_next = np.zeros_like(x), np.zeros_like(h0)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros(W_hh.shape[0])
    for t in reversed(range(h.shape[1])):
        h_prev = h[:, t - 1] if t > 0 else h0
        dx[:, t], dh_next, gx, gh, gb = rnn_step_backward(
            dh[:, t] + dh_next, x[:, t], h_prev, h[:, t], W_xh, W_hh
        )
        dW_xh, dW_hh, db_h = dW_xh + gx, dW_hh + gh, db_h + gb
    return dx, dh_next, dW_xh, dW_hh, db_h


def test_backward_argument_is_used_and_a_right_one_retraces_the_reference(rng):
    p, x, y = problem(rng)
    calls = []

    def counting(dh, cache):
        calls.append(dh.shape)
        return _stepwise_backward(dh, cache)

    ref = train(copy_params(p), x, y, steps=20, optimizer=SGD(lr=0.1), progress=False)
    mine = train(
        copy_params(p), x, y, steps=20, optimizer=SGD(lr=0.1), progress=False, backward=counting
    )
    assert len(calls) == 20 and np.allclose(mine.losses, ref.losses, rtol=1e-10)
    _, g_ref, _ = loss_and_grads(p, x, y)
    _, g_mine, _ = loss_and_grads(p, x, y, backward=_stepwise_backward)
    assert all(np.allclose(g_mine[k], g_ref[k]) for k in g_ref)


def test_backward_argument_changes_the_gradient_and_is_checked(rng):
    p, x, y = problem(rng)

    def doubled_dW_hh(dh, cache):  # a wrong backward pass
        dx, dh0, dW_xh, dW_hh, db_h = _stepwise_backward(dh, cache)
        return dx, dh0, dW_xh, 2 * dW_hh, db_h

    _, g_ref, _ = loss_and_grads(p, x, y)
    _, g_wrong, _ = loss_and_grads(p, x, y, backward=doubled_dW_hh)
    assert np.allclose(g_wrong["W_hh"], 2 * g_ref["W_hh"]) and not np.allclose(g_ref["W_hh"], 0)
    assert all(np.allclose(g_wrong[k], g_ref[k]) for k in g_ref if k != "W_hh")
    with pytest.raises(ValueError, match="backward must be a function"):
        train(copy_params(p), x, y, steps=1, optimizer=SGD(lr=0.1), backward="rnn_backward")
