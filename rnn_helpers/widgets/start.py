"""Notebook 00's widget: one step of a one-unit RNN, h_t = tanh(w_xh x_t + w_hh h_{t-1} + b)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..plots import PALETTE
from ..rnn import rnn_step
from ._core import live_figure, slider


def one_unit_step(x_t: float, h_prev: float, w_xh: float, w_hh: float, b: float) -> dict:
    """a_t = w_xh x_t + w_hh h_prev + b and h_t = tanh(a_t) for a single unit, via `rnn_step`."""
    h_t = rnn_step(
        np.array([x_t]), np.array([h_prev]), np.array([[w_xh]]), np.array([[w_hh]]), np.array([b])
    )
    return {"a_t": w_xh * x_t + w_hh * h_prev + b, "h_t": float(h_t[0])}


_A = np.linspace(-4, 4, 201)  # the tanh curve is the same on every redraw


def draw_one_unit_step(x_t=1.0, h_prev=0.5, w_xh=0.5, w_hh=1.0, b=0.0):
    """Draw tanh with the point (a_t, h_t) of one step; return (fig, data).

    Kept lean (no legend, a few ticks, fixed margins) because it is redrawn on every slider move.
    """
    data = one_unit_step(x_t, h_prev, w_xh, w_hh, b)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.18, top=0.89)  # widgets set their margins
    ax.plot(_A, np.tanh(_A), color=PALETTE["blue"])
    ax.axhline(0, color="grey", lw=0.8)
    ax.plot([data["a_t"]], [data["h_t"]], "o", ms=9, color=PALETTE["vermillion"])
    ax.set(
        xlim=(-4, 4),
        ylim=(-1.1, 1.1),
        xticks=[-4, -2, 0, 2, 4],
        yticks=[-1, 0, 1],
        xlabel="pre-activation a_t = w_xh·x_t + w_hh·h_prev + b",
        ylabel="h_t = tanh(a_t)",
        title=f"This step (red dot): a_t = {data['a_t']:.2f}, h_t = {data['h_t']:.3f}",
    )
    return fig, data


def one_unit_step_explorer():
    """Sliders for x_t, h_prev, w_xh, w_hh and b; returns (ui, state) with state a_t, h_t."""
    controls = {
        "x_t": slider(1.0, -3, 3, 0.1, "input x_t"),
        "h_prev": slider(0.5, -1, 1, 0.05, "previous state h_prev"),
        "w_xh": slider(0.5, -2, 2, 0.05, "w_xh"),
        "w_hh": slider(1.0, -2, 2, 0.05, "w_hh"),
        "b": slider(0.0, -2, 2, 0.05, "bias b"),
    }
    return live_figure(draw_one_unit_step, controls)
