"""Notebook 06's widget, driven headlessly, and the figures the notebook draws."""

import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers import forecast as fc
from rnn_helpers.data import load_co2
from rnn_helpers.plots import forecast as fplots
from rnn_helpers.widgets.forecast import draw_forecast, forecast_explorer


@pytest.fixture(scope="module")
def co2_setup():
    return fc.quick_rnn_setup(20, rng=np.random.default_rng(0))


def test_explorer_follows_both_sliders(co2_setup):
    months, y, n_train, n_test, rnn_step = co2_setup
    ui, state = forecast_explorer(y, months, n_train, n_test, rnn_step, horizon=3, window=13)
    assert state["horizon"] == 3 and state["window"] == 13
    c = controls(ui)
    t0 = time.perf_counter()
    c["horizon h (months)"].value = 12
    ms = 1e3 * (time.perf_counter() - t0)
    print(
        f"callback: {ms:.0f} ms"
    )  # measured; the budget (well under 100 ms) is for a quiet machine
    assert ms < 1000
    c["window L (differences)"].value = 6
    assert state["horizon"] == 12 and state["window"] == 6
    ar_name = "AR(6) on differences"
    assert list(state["mae"]) == [ar_name, "RNN many-to-many, last 6 differences"]
    # the shown numbers are what the tested function gives for that choice
    expected = fc.forecasts_at_horizon(
        y,
        n_test,
        12,
        {ar_name: (fc.ar_fitted_step(y[:n_train], 6, differenced=True), 7)},
    )
    np.testing.assert_allclose(state["forecasts"][ar_name], expected["forecasts"][ar_name])
    assert state["mae"][ar_name] == pytest.approx(expected["mae"][ar_name])
    np.testing.assert_array_equal(state["truth"], y[-n_test:])


def test_a_longer_horizon_gives_a_larger_ar_error(co2_setup):
    months, y, n_train, n_test, rnn_step = co2_setup
    _, near = draw_forecast(y, months, n_train, n_test, rnn_step, 1, 24)
    _, far = draw_forecast(y, months, n_train, n_test, rnn_step, 12, 24)
    name = "AR(24) on differences"
    assert 0.1 < near["mae"][name] < far["mae"][name] < 1.5


def test_draw_forecast_labels_its_axes(co2_setup):
    months, y, n_train, n_test, rnn_step = co2_setup
    fig, data = draw_forecast(y, months, n_train, n_test, rnn_step, 6, 13)
    (ax,) = fig.axes
    assert ax.get_title().startswith("h = 6, L = 13: test MAE") and ax.get_xlabel()
    assert len(data["targets"]) == co2_setup[3]
    same, data1 = draw_forecast(y, months, n_train, n_test, rnn_step, 1, 1, fig)  # in place
    assert same is fig and ax.get_title().startswith("h = 1, L = 1: test MAE")
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == list(data1["forecasts"])
    np.testing.assert_array_equal(
        ax.get_lines()[1].get_ydata(), data1["forecasts"]["AR(1) on differences"]
    )
    assert "last 1 difference" in ax.get_legend().get_texts()[2].get_text()
    plt.close(fig)


def test_notebook_figures_draw_with_labels():
    months, y = load_co2()
    fig, axes = plt.subplots(1, 4)
    t = np.arange(1, 13)
    drawn = [
        fplots.plot_split(months, y, 370, 72, axes[0]),
        fplots.plot_forecasts(months[-84:], y[-84:], {"a": y[-84:] + 1}, axes[1], train_max=354.2),
        fplots.plot_error_vs_horizon(
            t, {"AR": 0.1 * t}, {"RNN": np.stack([0.1 * t, 0.2 * t])}, axes[2], logy=True
        ),
        fplots.plot_residuals(months[-84:], {"a": np.ones(84)}, axes[3], horizon=12),
    ]
    for ax in drawn:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "(ppm)" in drawn[2].get_ylabel() and drawn[2].get_yscale() == "log"
    assert "12 months ahead" in drawn[3].get_title()
    band = drawn[2].collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(0.1) and band.max() == pytest.approx(2.4)  # min..max band
    plt.close(fig)
