"""Notebook 02's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import time

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from rnn_helpers.memory import linear_horizon, memory_horizon, pulse_response
from rnn_helpers.widgets.memory import (
    T_WIDGET,
    draw_pulse_memory,
    pulse_memory,
    pulse_memory_explorer,
)


def sliders(ui):
    return {s.description: s for row in ui.children[:-1] for s in row.children}


def test_defaults_show_a_pulse_of_one_with_w_hh_08():
    ui, state = pulse_memory_explorer()
    expected = pulse_response(0.8, 1.0, 1.0, T_WIDGET).delta
    np.testing.assert_allclose(state["delta_tanh"], expected)
    assert state["horizon_tanh"] == memory_horizon(expected) == 19
    assert state["horizon_linear"] == 21  # 0.8^k >= 0.01 for k <= 20.6


def test_moving_sliders_recomputes_the_horizons():
    ui, state = pulse_memory_explorer()
    s = sliders(ui)
    s["recurrent weight w_hh"].value = 0.5
    s["input weight w_xh"].value = 2.0
    s["pulse size"].value = 0.1
    delta = pulse_response(0.5, 2.0, 0.1, T_WIDGET).delta
    np.testing.assert_allclose(state["delta_tanh"], delta)
    np.testing.assert_allclose(state["delta_linear"], 0.2 * 0.5 ** np.arange(T_WIDGET))
    assert state["k_star"] == pytest.approx(linear_horizon(0.5, abs(delta[0])))
    assert state["horizon_tanh"] <= np.floor(state["k_star"]) + 1


def test_a_bigger_pulse_saturates_in_the_widget():
    small, big = pulse_memory(0.9, 1.0, 3.0), pulse_memory(0.9, 1.0, 100.0)
    assert small["horizon_tanh"] == big["horizon_tanh"]
    assert small["horizon_linear"] < big["horizon_linear"]
    assert np.abs(big["delta_tanh"]).max() <= 1.0 < np.abs(big["delta_linear"]).max()


@pytest.mark.parametrize(
    ("w_hh", "w_xh", "pulse"),
    [
        (1.5, 3.0, 100.0),
        (-1.5, 3.0, 100.0),
        (0.0, 0.0, 0.01),
        (1.0, 3.0, 0.01),
        (-0.99, 0.05, 0.01),
    ],
    ids=["w_hh max", "w_hh min", "all zero", "w_hh = 1", "tiny"],
)
def test_slider_extremes_draw_without_error(w_hh, w_xh, pulse):
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    fig, data = draw_pulse_memory(w_hh, w_xh, pulse)
    elapsed = time.perf_counter() - start  # measured, not asserted (shared machines vary)
    plt.close(fig)
    assert np.all(np.isfinite(data["delta_tanh"])) and np.all(np.abs(data["h_pulse"]) <= 1)
    assert data["horizon_tanh"] >= 0 and elapsed >= 0


def test_a_unit_with_w_hh_above_one_never_forgets_the_sign():
    data = pulse_memory(1.5, 1.0, 1.0)
    assert data["horizon_tanh"] == np.inf and data["k_star"] == np.inf
