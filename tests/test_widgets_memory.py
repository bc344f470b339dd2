"""Notebook 02's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import controls

from rnn_helpers.memory import linear_horizon, memory_horizon, pulse_response
from rnn_helpers.widgets.memory import (
    LEGEND_SIZE,
    T_WIDGET,
    W_HH_SLIDER_WIDTH,
    draw_pulse_memory,
    pulse_memory,
    pulse_memory_explorer,
)


def test_defaults_show_a_pulse_of_one_with_w_hh_08():
    ui, state = pulse_memory_explorer()
    expected = pulse_response(0.8, 1.0, 1.0, T_WIDGET).delta
    np.testing.assert_allclose(state["delta_tanh"], expected)
    assert state["horizon_tanh"] == memory_horizon(expected) == 19
    # by hand: h_1 = tanh(w_xh · pulse), h_2 = tanh(w_hh h_1), and the unpulsed unit stays at 0
    assert state["delta_tanh"][0] == pytest.approx(np.tanh(1.0))
    assert state["delta_tanh"][1] == pytest.approx(np.tanh(0.8 * np.tanh(1.0)))
    assert state["horizon_linear"] == 21  # 0.8^k >= 0.01 for k <= 20.6


def test_the_w_hh_slider_is_long_and_every_slider_has_its_own_row():
    ui, _ = pulse_memory_explorer()
    s = controls(ui)
    assert s["recurrent weight w_hh"].layout.width == W_HH_SLIDER_WIDTH == "40em"
    rows = ui.children[:-1]  # the last child is the figure
    assert [len(r.children) for r in rows] == [1, 1, 1]


def test_the_legend_with_the_horizons_is_as_large_as_the_axis_labels():
    fig, data = draw_pulse_memory()
    legend = fig.axes[0].get_legend()
    sizes = {t.get_fontsize() for t in legend.get_texts()}
    assert sizes == {LEGEND_SIZE} and LEGEND_SIZE >= fig.axes[0].xaxis.label.get_fontsize()
    assert any(
        f"horizon {data['horizon_tanh']:.0f} steps" in t.get_text() for t in legend.get_texts()
    )
    plt.close(fig)


def test_moving_sliders_recomputes_the_horizons():
    ui, state = pulse_memory_explorer()
    s = controls(ui)
    s["recurrent weight w_hh"].value = 0.5
    s["input weight w_xh"].value = 2.0
    s["pulse size"].value = 0.1
    delta = pulse_response(0.5, 2.0, 0.1, T_WIDGET).delta
    np.testing.assert_allclose(state["delta_tanh"], delta)
    np.testing.assert_allclose(state["delta_linear"], 0.2 * 0.5 ** np.arange(T_WIDGET))
    assert state["k_star"] == pytest.approx(linear_horizon(0.5, abs(delta[0])))
    assert state["horizon_tanh"] <= np.floor(state["k_star"]) + 1
    # by hand, independent of pulse_response/linear_horizon: h_1 = tanh(0.2), h_t = tanh(0.5 h_{t-1})
    h, by_hand = np.tanh(2.0 * 0.1), []
    for _ in range(T_WIDGET):
        by_hand.append(h)
        h = np.tanh(0.5 * h)
    np.testing.assert_allclose(state["delta_tanh"], by_hand, rtol=1e-12)
    assert state["k_star"] == pytest.approx(np.log(0.01 / np.tanh(0.2)) / np.log(0.5))  # 4.30
    # |Δ| = 0.197, 0.098, 0.049, 0.0245, 0.0123, 0.0061: visible for k = 0..4
    assert state["horizon_tanh"] == 5
    assert state["horizon_linear"] == 5  # 0.2 · 0.5^k ≥ 0.01 for k ≤ 4.32


def test_a_bigger_pulse_saturates_in_the_widget():
    small, big = pulse_memory(0.9, 1.0, 3.0), pulse_memory(0.9, 1.0, 100.0)
    assert small["horizon_tanh"] == big["horizon_tanh"]
    assert small["horizon_linear"] < big["horizon_linear"]
    assert np.abs(big["delta_tanh"]).max() <= 1.0 < np.abs(big["delta_linear"]).max()


@pytest.mark.parametrize(
    ("w_hh", "w_xh", "pulse", "horizon_tanh", "horizon_linear", "k_star"),
    [
        # |Δ_1| = tanh(300) = 1 and |w_hh| > 1: the state settles at a non-zero fixed point
        (1.5, 3.0, 100.0, np.inf, np.inf, np.inf),
        (-1.5, 3.0, 100.0, np.inf, np.inf, np.inf),  # the same, alternating in sign
        (0.0, 0.0, 0.01, 0.0, 0.0, -np.inf),  # Δ ≡ 0: never visible
        # Δ_1 = tanh(0.03) ≥ 0.01 and w_hh = 1: decays far too slowly to fall below θ in 150 steps
        (1.0, 3.0, 0.01, np.inf, np.inf, np.inf),
        # Δ_1 = tanh(0.0005) < 0.01: never visible; k* = log(0.01 / tanh(0.0005)) / log 0.99 < 0
        (-0.99, 0.05, 0.01, 0.0, 0.0, np.log(0.01 / np.tanh(0.0005)) / np.log(0.99)),
    ],
    ids=["w_hh max", "w_hh min", "all zero", "w_hh = 1", "tiny"],
)
def test_slider_extremes_draw_without_error(
    w_hh, w_xh, pulse, horizon_tanh, horizon_linear, k_star
):
    fig, data = draw_pulse_memory(w_hh, w_xh, pulse)
    plt.close(fig)
    assert np.all(np.isfinite(data["delta_tanh"])) and np.all(np.abs(data["h_pulse"]) <= 1)
    assert data["horizon_tanh"] >= 0
    assert data["horizon_tanh"] == horizon_tanh
    assert data["horizon_linear"] == horizon_linear
    assert data["k_star"] == pytest.approx(k_star)
    assert data["delta_tanh"][0] == pytest.approx(np.tanh(w_xh * pulse))
    assert data["delta_linear"][0] == pytest.approx(w_xh * pulse)


def test_a_unit_with_w_hh_above_one_never_forgets_the_sign():
    data = pulse_memory(1.5, 1.0, 1.0)
    assert data["horizon_tanh"] == np.inf and data["k_star"] == np.inf
