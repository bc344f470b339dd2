"""Notebook 04's widget, driven headlessly, and the figures it and the notebook draw."""

import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.plots.training import (
    plot_gradient_by_step,
    plot_loss_curve,
    plot_prediction_scatter,
    plot_series_prediction,
    plot_settled_loss,
    plot_window_cosines,
    plot_window_runs,
)
from rnn_helpers.training import WindowRun
from rnn_helpers.widgets.training import (
    draw_truncation,
    truncation_explorer,
    window_summary,
)

# Made-up runs with known numbers: 8 passes each; full BPTT is k = 16.
RUNS = [
    WindowRun(2, 64, np.array([0.9, 0.5, 0.8, 0.9, 0.7, 0.8, 0.9, 0.6, 0.7]), 0.4),
    WindowRun(8, 16, np.array([0.9, 0.2, 0.05, 0.03, 0.02, 0.02, 0.01, 0.01, 0.01]), 0.15),
    WindowRun(16, 8, np.array([0.9, 0.6, 0.3, 0.1, 0.05, 0.04, 0.03, 0.02, 0.02]), 0.1),
]


def test_settled_loss_is_the_mean_of_the_last_quarter():
    assert RUNS[0].settled_loss == pytest.approx((0.6 + 0.7) / 2)
    assert RUNS[0].final_loss == 0.7


def test_summary_of_a_window():
    data = window_summary(RUNS, 8)
    assert data["updates"] == 16 and data["settled_loss"] == pytest.approx(0.01)
    assert data["full_settled_loss"] == pytest.approx(0.02)
    assert data["time_ratio"] == pytest.approx(1.5)


def test_summary_rejects_an_unknown_window():
    with pytest.raises(ValueError, match=r"window must be one of \[2, 8, 16\], got 5"):
        window_summary(RUNS, 5)


def test_explorer_starts_at_the_requested_window_and_follows_the_slider():
    ui, state = truncation_explorer(RUNS, delay=4, baseline=0.88, window=2)
    assert state["window"] == 2 and state["settled_loss"] == pytest.approx(0.65)
    s = controls(ui)["window k"]
    assert list(s.options) == [2, 8, 16]
    t0 = time.perf_counter()
    s.value = 16
    print(f"callback: {1e3 * (time.perf_counter() - t0):.0f} ms")  # measured, not asserted
    assert state["window"] == 16 and state["updates"] == 8
    assert state["settled_loss"] == state["full_settled_loss"]


def test_explorer_default_is_the_shortest_window():
    _, state = truncation_explorer(RUNS)
    assert state["window"] == 2


def test_draw_truncation_labels_its_axes():
    fig, data = draw_truncation(RUNS, 8, delay=4, baseline=0.88)
    (ax,) = fig.axes
    assert "k = 8: 16 updates, settled test loss 0.010 (delay d = 4)" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    assert data["window"] == 8
    plt.close(fig)


def test_notebook_figures_draw_with_labels():
    fig, axes = plt.subplots(2, 4)
    t = np.arange(1, 11)
    drawn = [
        plot_loss_curve(1 / t, axes[0, 0], baselines={"mean": 0.5}, label="loss"),
        plot_series_prediction(np.sin(t), np.sin(t + 1), np.sin(t + 1) * 0.9, axes[0, 1]),
        plot_prediction_scatter(np.sin(t), {"RNN": np.sin(t) * 0.9}, axes[0, 2]),
        plot_gradient_by_step(t * 0.1, axes[0, 3]),
        plot_window_cosines([1, 2, 4], {"a": [0.5, 0.8, 1.0]}, axes[1, 0], delay=2),
        plot_window_runs(RUNS, axes[1, 1], highlight=2, baseline=0.88),
        plot_settled_loss(RUNS, axes[1, 2], delay=4, highlight=8, baseline=0.88),
    ]
    for ax in drawn:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert drawn[0].get_yscale() == "log"
    plt.close(fig)
