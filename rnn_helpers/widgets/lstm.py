"""Notebook 08's widget: drive one LSTM unit by hand and watch its cell keep or forget a pulse.

The gates i, f, o are sliders (constants over time), a candidate g = 1 is written at t = 1, and
the forget gate can be closed (f = 0) at one chosen step. Next to it runs notebook 02's tanh unit
h_t = tanh(w_hh h_{t-1} + x_t) with the same pulse x_1 = 1.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from ..lstm import unit_by_hand
from ..plots.lstm import plot_unit_by_hand
from ._core import int_slider, live_figure, slider

T_WIDGET = 30
NEVER = T_WIDGET + 1  # the "forget at step" slider's value for "never"


def draw_unit_by_hand(i=1.0, f=0.95, o=1.0, w_hh=0.9, forget_at=NEVER):
    """Draw the LSTM unit's c_t, h_t and the RNN unit's h_t; return (fig, data)."""
    data = unit_by_hand(i, f, o, w_hh, None if forget_at >= NEVER else forget_at, T=T_WIDGET)
    data["kept_after_20"] = float(data["c"][20] / data["c"][0]) if data["c"][0] else 0.0
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    erase = "never erased" if forget_at >= NEVER else f"erased at t = {forget_at}"
    plot_unit_by_hand(data, ax=ax, title=f"i = {i:.2f}, f = {f:.2f}, o = {o:.2f}; cell {erase}")
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.15, top=0.9)
    return fig, data


def unit_by_hand_explorer():
    """Sliders for the three gates, the step that closes the forget gate and the RNN's w_hh."""
    controls = {
        "i": slider(1.0, 0.0, 1.0, 0.05, "input gate i"),
        "f": slider(0.95, 0.0, 1.0, 0.01, "forget gate f"),
        "o": slider(1.0, 0.0, 1.0, 0.05, "output gate o"),
        "forget_at": int_slider(NEVER, 2, NEVER, f"close f at step ({NEVER} = never)"),
        "w_hh": slider(0.9, 0.0, 1.5, 0.05, "RNN weight w_hh"),
    }
    return live_figure(draw_unit_by_hand, controls)
