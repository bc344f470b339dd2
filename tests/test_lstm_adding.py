"""Notebook 08's adding-problem sweep: the stored file, its summaries, and a subset re-run."""

import numpy as np
import pytest

from rnn_helpers import longrange


@pytest.fixture(scope="module")
def sweep():
    return longrange.load_sweep()


def test_the_file_holds_the_whole_grid_with_its_configuration(sweep):
    cfg = sweep["config"]
    assert cfg["Ts"] == list(longrange.SWEEP_TS) and cfg["seeds"] == list(longrange.SWEEP_SEEDS)
    assert {k: cfg[k] for k in longrange.SWEEP_CONFIG} == longrange.SWEEP_CONFIG
    assert cfg["models"] == longrange.SWEEP_MODELS
    cells = {(r["model"], r["T"], r["seed"]) for r in sweep["runs"]}
    assert cells == {
        (m, T, s)
        for m in longrange.SWEEP_MODELS
        for T in longrange.SWEEP_TS
        for s in longrange.SWEEP_SEEDS
    }
    steps, block = cfg["steps"], cfg["curve_block"]
    for r in sweep["runs"]:
        assert len(r["curve"]) == steps // block
        assert len(r["grad_by_lag_init"]) == len(r["grad_by_lag_trained"]) == r["T"]


@pytest.mark.parametrize(
    ("model", "T", "seed"), [("IRNN", 10, 0), ("tanh RNN", 20, 2), ("LSTM", 10, 1)]
)
def test_a_rerun_gives_the_stored_numbers(sweep, model, T, seed):
    stored = next(r for r in sweep["runs"] if (r["model"], r["T"], r["seed"]) == (model, T, seed))
    again = longrange.sweep_record(model, T, seed)
    assert again["test_mse"] == pytest.approx(stored["test_mse"], abs=1e-6)
    assert np.allclose(again["curve"], stored["curve"], rtol=1e-3)
    assert np.allclose(again["grad_by_lag_trained"], stored["grad_by_lag_trained"], rtol=1e-3)
    assert np.allclose(again["grad_by_lag_init"], stored["grad_by_lag_init"], rtol=1e-3)


def test_summary_counts_and_ranges_by_hand():
    runs = [{"model": "A", "T": 5, "test_mse": v} for v in (0.01, 0.2, 0.05, None, 0.07)] + [
        {"model": "B", "T": 5, "test_mse": 0.1}
    ]
    rows = {(r["model"], r["T"]): r for r in longrange.sweep_summary(runs)}
    a = rows[("A", 5)]
    assert (a["learned"], a["seeds"], a["lo"], a["hi"]) == (3, 5, 0.01, float("inf"))
    assert a["median"] == pytest.approx(0.07)
    assert rows[("B", 5)]["learned"] == 0


def test_lag_bands_are_median_min_max_over_seeds():
    runs = [{"model": "M", "T": 3, "grad_by_lag_init": [1.0, v, 0.5]} for v in (0.1, 0.3, 0.2)]
    median, lo, hi = longrange.lag_bands(runs, 3, "init")["M"]
    assert (
        list(median) == [1.0, 0.2, 0.5]
        and list(lo) == [1.0, 0.1, 0.5]
        and list(hi) == [1.0, 0.3, 0.5]
    )


def test_input_gradient_by_lag_matches_finite_differences_for_an_lstm():
    from rnn_helpers import init_lstm_params
    from rnn_helpers.tasks import adding_problem
    from rnn_helpers.training import predict

    params = init_lstm_params(2, 3, 1, rng=np.random.default_rng(0))
    T = 6
    x, _ = adding_problem(1, T, rng=np.random.default_rng(99))
    dx = longrange.output_input_gradient(params, x)
    eps, t, d = 1e-6, 1, 0
    xp, xm = x.copy(), x.copy()
    xp[0, t, d] += eps
    xm[0, t, d] -= eps
    fd = (predict(params, xp, mode="many-to-one") - predict(params, xm, mode="many-to-one")) / (
        2 * eps
    )
    assert dx[0, t, d] == pytest.approx(fd[0, 0], rel=1e-6)
    norms = longrange.input_gradient_by_lag(params, T, rng=np.random.default_rng(99), n=1)
    assert norms[T - 1 - t] == pytest.approx(np.linalg.norm(dx[0, t]), rel=1e-12)


def test_the_long_runs_start_exactly_as_stored():
    """The 3000-update runs are too long to repeat here; their first 100 updates are re-run."""
    long = longrange.load_sweep(long=True)
    spec = longrange.LONG_RUNS
    assert {k: long["config"][k] for k in spec} == spec
    assert [r["seed"] for r in long["runs"]] == list(longrange.SWEEP_SEEDS)
    for r in long["runs"]:
        assert (r["model"], r["T"]) == (spec["model"], spec["T"])
        assert len(r["curve"]) == spec["steps"] // long["config"]["curve_block"]
    start = longrange.sweep_record(spec["model"], spec["T"], 0, steps=100)
    assert np.allclose(start["curve"], long["runs"][0]["curve"][:4], rtol=1e-3)
    assert np.allclose(start["grad_by_lag_init"], long["runs"][0]["grad_by_lag_init"], rtol=1e-3)
