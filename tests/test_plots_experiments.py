"""Figures over seeds draw exactly the data they are given."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnn_helpers.experiments import SeedSummary, below
from rnn_helpers.plots.experiments import (
    plot_median_range,
    plot_seed_curves,
    plot_seed_spread,
    plot_summaries,
)
from rnn_helpers.plots.training import plot_divergence_trace
from rnn_helpers.training import DivergenceTrace


def test_seed_curves_draw_every_seed_and_the_median():
    steps = np.array([0, 100, 200])
    curves = np.array([[1.0, 0.5, 0.1], [1.0, 0.6, np.nan], [1.0, 0.7, 0.3]])
    ax = plot_seed_curves(steps, curves, label="tanh", baseline=1 / 6, threshold=0.08, budget=100)
    ys = [ln.get_ydata() for ln in ax.lines if len(ln.get_xdata()) == 3]
    for row in curves:
        assert any(np.array_equal(y, row, equal_nan=True) for y in ys)
    assert any(np.allclose(y, [1.0, 0.6, 0.2]) for y in ys)  # median ignores the nan
    assert ax.get_legend().get_texts()[0].get_text() == "tanh (median of 3)"
    plt.close(ax.figure)


def test_seed_spread_marks_diverged_runs_and_medians():
    values = np.array([[0.1, 0.2, 0.3], [np.nan, 0.05, 0.07]])
    ax = plot_seed_spread(["a", "b"], values, threshold=0.08)
    dots = np.concatenate([ln.get_ydata() for ln in ax.lines if ln.get_marker() == "o"])
    crosses = [ln for ln in ax.lines if ln.get_marker() == "x"]
    assert sorted(dots) == [0.05, 0.07, 0.1, 0.2, 0.3] and len(crosses) == 1
    medians = [
        ln.get_ydata()[0] for ln in ax.lines if len(ln.get_xdata()) == 2 and ln.get_lw() == 2
    ]
    np.testing.assert_allclose(medians, [0.2, 0.06])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    plt.close(ax.figure)


def test_summaries_draw_each_setting_with_its_criterion():
    criterion = below(0.05, "test MSE")
    summaries = {
        1: SeedSummary((0, 1, 2), np.array([0.01, 0.02, 0.4]), criterion),
        32: SeedSummary((0, 1, 2), np.array([np.nan, 0.03, 0.04]), criterion),
    }
    ax = plot_summaries(summaries, log=True)
    dots = np.concatenate([ln.get_ydata() for ln in ax.lines if ln.get_marker() == "o"])
    assert sorted(dots) == [0.01, 0.02, 0.03, 0.04, 0.4]
    assert len([ln for ln in ax.lines if ln.get_marker() == "x"]) == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "32"]
    (dotted,) = [ln for ln in ax.lines if ln.get_linestyle() == ":"]
    assert dotted.get_ydata()[0] == 0.05
    assert ax.get_ylabel() == "test MSE (log; dotted: 0.05)" and ax.get_yscale() == "log"
    plt.close(ax.figure)
    mixed = {"a": summaries[1], "b": SeedSummary((0,), np.array([0.1]), below(0.08, "test MSE"))}
    with pytest.raises(ValueError, match="one shared criterion, got 2"):
        plot_summaries(mixed)


def test_median_range_draws_medians():
    x = np.array([100, 300, 1000])
    v = np.array([[0.1, 0.3], [0.5, 0.7], [0.8, 1.0]])
    ax = plot_median_range(x, {"θ = 1": v}, log_x=True)
    (line,) = [ln for ln in ax.lines if ln.get_marker() == "o"]
    np.testing.assert_allclose(line.get_ydata(), [0.2, 0.6, 0.9])
    (bars,) = ax.collections  # one vertical bar per x, from the min to the max
    np.testing.assert_allclose([seg[:, 1] for seg in bars.get_segments()], v)
    plt.close(ax.figure)


def test_divergence_trace_plot_shows_logs_and_gaps_for_zero():
    trace = DivergenceTrace(
        np.array([1.0, 10.0, 100.0]),
        np.array([1.0, 0.0, 0.0]),
        np.array([1.0, 10.0, 1000.0]),
        np.array([1.0, 1e3, 1e9]),
        np.array([0.0, 1.0, 1.0]),
        4,
    )
    ax1, ax2 = plot_divergence_trace(trace)
    np.testing.assert_allclose(ax1.lines[0].get_ydata(), [0, 1, 2])
    recurrent = ax2.lines[1].get_ydata()
    assert recurrent[0] == 0 and np.isnan(recurrent[1:]).all()
    plt.close(ax1.figure)
