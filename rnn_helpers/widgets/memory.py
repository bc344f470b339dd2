"""Notebook 02's widget: how long one unit remembers a single input pulse.

h_t = tanh(w_hh h_{t-1} + w_xh x_t), h_0 = 0, x_1 = pulse, x_t = 0 afterwards, compared with the
linear unit h_t = w_hh h_{t-1} + w_xh x_t. Sliders for w_hh, w_xh and the pulse size redraw the
state, the trace |Δh_t| on a log axis and the measured memory horizons.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..memory import THRESHOLD, linear_horizon, memory_horizon, pulse_response
from ..plots.memory import plot_traces
from ._core import live_figure, log_slider, slider

T_WIDGET = 150  # steps shown; a horizon longer than this is reported as "> 150"
W_HH_SLIDER_WIDTH = "40em"  # about 0.01 of w_hh per 2 pixels
LEGEND_SIZE = 11  # the font size of the axis labels: the horizons are the numbers to read


def pulse_memory(w_hh: float, w_xh: float, pulse: float, T: int = T_WIDGET) -> dict:
    """Everything the widget shows, for one setting of the sliders.

    Returns
    -------
    dict with
        ``h_pulse``, ``h_base`` : (T,) the tanh unit's states with and without the pulse;
        ``delta_tanh``, ``delta_linear`` : (T,) the pulse's trace in the tanh and the linear unit;
        ``horizon_tanh``, ``horizon_linear`` : memory horizons (steps, or inf) for θ = 0.01;
        ``k_star`` : log(θ / |Δ_1|) / log|w_hh| with the tanh unit's |Δ_1| (its upper bound is
        ⌊k*⌋ + 1).
    """
    tanh_run = pulse_response(w_hh, w_xh, pulse, T)
    delta_linear = pulse_response(w_hh, w_xh, pulse, T, activation="linear").delta
    delta_tanh = tanh_run.delta
    return {
        "h_pulse": tanh_run.h_pulse,
        "h_base": tanh_run.h_base,
        "delta_tanh": delta_tanh,
        "delta_linear": delta_linear,
        "horizon_tanh": memory_horizon(delta_tanh, THRESHOLD),
        "horizon_linear": memory_horizon(delta_linear, THRESHOLD),
        "k_star": linear_horizon(w_hh, abs(delta_tanh[0]), THRESHOLD),
    }


def _steps(k: float, T: int) -> str:
    return f"> {T} steps" if np.isinf(k) else f"{k:.0f} steps"


def _k_star(k: float) -> str:
    return "∞" if k == np.inf else ("never visible" if k == -np.inf else f"{k:.1f}")


def draw_pulse_memory(w_hh=0.8, w_xh=1.0, pulse=1.0):
    """Draw the pulse's trace |Δh_t| for the tanh and the linear unit; return (fig, data)."""
    data = pulse_memory(w_hh, w_xh, pulse)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    k_tanh, k_lin = (_steps(data[k], T_WIDGET) for k in ("horizon_tanh", "horizon_linear"))
    series = {
        f"tanh unit: horizon {k_tanh}": data["delta_tanh"],
        f"linear unit: horizon {k_lin}": data["delta_linear"],
    }
    plot_traces(
        series,
        ax=ax,
        threshold=THRESHOLD,
        styles={f"linear unit: horizon {k_lin}": {"ls": "--"}},
        ylim=(1e-4, 1e2),
        title=f"Pulse {pulse:.2f} at t = 1;  linear prediction k* = {_k_star(data['k_star'])}",
    )
    ax.set(xticks=[0, 50, 100, 150], yticks=[1e-4, 1e-2, 1, 1e2])  # few ticks: quick to redraw
    ax.legend(loc="upper right", fontsize=LEGEND_SIZE)
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.14, top=0.9)
    return fig, data


def pulse_memory_explorer():
    """Sliders for w_hh, w_xh and the pulse size; returns (ui, state) with `pulse_memory`'s data."""
    controls = {
        "w_hh": slider(0.8, -1.5, 1.5, 0.01, "recurrent weight w_hh"),
        "w_xh": slider(1.0, 0.0, 3.0, 0.05, "input weight w_xh"),
        "pulse": log_slider(1.0, -2, 2, 0.1, "pulse size"),
    }
    # w_hh has 300 steps and its interesting range (0.9 to 0.99) is narrow: a long slider, and
    # one slider per row
    controls["w_hh"].layout.width = W_HH_SLIDER_WIDTH
    return live_figure(draw_pulse_memory, controls, columns=1)
