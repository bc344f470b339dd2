"""Notebook 08's widget, driven headlessly: set slider values, assert on the data behind the figure."""

import time

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

import matplotlib.pyplot as plt
from conftest import controls

from rnn_helpers import lstm_step
from rnn_helpers.plots import use_course_style
from rnn_helpers.widgets._core import figure_png
from rnn_helpers.widgets.lstm import NEVER, T_WIDGET, draw_unit_by_hand, unit_by_hand_explorer


def test_defaults_keep_the_pulse_in_the_cell_and_the_rnn_forgets_it():
    ui, state = unit_by_hand_explorer()
    # i = 1, g = 1 at t = 1, f = 0.95 after: c_t = 0.95^(t-1)
    np.testing.assert_allclose(state["c"], 0.95 ** np.arange(T_WIDGET), rtol=1e-12)
    np.testing.assert_allclose(state["h_lstm"], np.tanh(state["c"]), rtol=1e-12)
    assert state["kept_after_20"] == pytest.approx(0.95**20)  # 0.36
    # the RNN unit of notebook 02 with w_hh = 0.9: h_1 = tanh(1), h_t = tanh(0.9 h_{t-1})
    h, by_hand = np.tanh(1.0), []
    for _ in range(T_WIDGET):
        by_hand.append(h)
        h = np.tanh(0.9 * h)
    np.testing.assert_allclose(state["h_rnn"], by_hand, rtol=1e-12)
    assert state["h_rnn"][20] < 0.2 * state["c"][20]


def test_sliders_set_the_gates_and_the_erase_step():
    ui, state = unit_by_hand_explorer()
    s = controls(ui)
    s["forget gate f"].value = 1.0
    s["input gate i"].value = 0.5
    s["output gate o"].value = 0.4
    np.testing.assert_allclose(state["c"], 0.5)  # f = 1: kept exactly
    np.testing.assert_allclose(state["h_lstm"], 0.4 * np.tanh(0.5))
    s[f"close f at step ({NEVER} = never)"].value = 10
    assert np.all(state["c"][:9] == 0.5) and np.all(state["c"][9:] == 0)
    assert state["kept_after_20"] == 0


def test_the_unit_agrees_with_lstm_step_for_gates_set_by_biases():
    """Gates set by hand equal lstm_step's gates σ(b) with zero weights."""
    ui, state = unit_by_hand_explorer()
    s = controls(ui)
    s["forget gate f"].value = 0.73
    s["input gate i"].value = 0.6
    s["output gate o"].value = 0.8
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    h, c = np.zeros(1), np.zeros(1)
    for t in range(T_WIDGET):
        g = 10.0 if t == 0 else 0.0  # tanh(10) = 1 to 8 digits
        b = np.array([logit(0.6), logit(0.73), g, logit(0.8)])
        h, c = lstm_step(np.zeros(1), h, c, np.zeros((4, 1)), np.zeros((4, 1)), b)
        assert c[0] == pytest.approx(state["c"][t], rel=1e-7)
        assert h[0] == pytest.approx(state["h_lstm"][t], rel=1e-7)


def test_callback_is_fast():
    """Draw and render the PNG, as a slider release does. The best of 5 in CPU time, so that a
    busy machine's waiting for a core is not counted (about 55 ms measured)."""
    use_course_style()  # the notebook's dpi
    draw_unit_by_hand()  # warm up
    times = []
    for f in (0.5, 0.7, 0.9, 0.95, 1.0):
        start = time.process_time()
        fig, _ = draw_unit_by_hand(f=f)
        figure_png(fig)
        plt.close(fig)
        times.append(time.process_time() - start)
    assert min(times) < 0.1
